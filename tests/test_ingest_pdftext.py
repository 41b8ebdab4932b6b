"""PDF-text pages written for the tests (not the seed article): every rule at work together."""

from __future__ import annotations

from pathlib import Path

from evalkit.ingest import load_document
from evalkit.ingest.lexicon import compounds

DATA = Path(__file__).resolve().parent / "data/ingest"


def test_article_with_rubric_title_byline_drop_cap_header_and_pull_quote() -> None:
    doc = load_document(DATA / "trains-de-nuit.pdftext.fr.txt", "fr")
    by_kind: dict[str, list[str]] = {}
    for s in doc.segments:
        by_kind.setdefault(s.kind, []).append(s.text)
    assert by_kind["heading"] == [
        "ÉCONOMIE",
        "La SNCF relance ses trains de nuit",
        "Après des années de déclin, l’opérateur ferroviaire mise sur les voyages nocturnes pour séduire une "
        "clientèle soucieuse de l’environnement",
        "UNE DEMANDE EN HAUSSE",
    ]
    assert by_kind["furniture"] == ["Par Claire Martin", "12 | LE JOURNAL MERCREDI 7 OCTOBRE 2020"]
    assert by_kind["skipped"] == ["« Nous voulons offrir une alternative crédible à l’avion »"]
    body = by_kind["body"]
    assert (
        body[0]
        == "La compagnie ferroviaire a annoncé, mardi 6 octobre, la réouverture de trois lignes de nuit vers le sud du pays."
    )
    assert (
        "Le projet, estimé à 120 millions d’euros, doit permettre de renouveler une partie du matériel roulant, vieux de plus de quarante ans."
        in body
    )
    assert body[3].endswith("a expliqué le président de l’entreprise, M. Jean-Pierre Farandou.")
    # the running header cut "mon / tant" in two: the sentence is whole, with two spans
    cut = next(
        s for s in doc.segments if s.text == "Le gouvernement a promis une aide de l’Etat, sans en préciser le montant."
    )
    assert len(cut.spans) == 2
    if compounds("fr"):  # "porte" / "parole" needs the compound list (Debian wfrench)
        assert "Rien n’est moins sûr, estime un porte-parole de la Fédération nationale des usagers." in body
    assert "Reste à savoir si les voyageurs seront au rendez-vous." in body


def test_pull_quote_inside_a_sentence_is_lifted_out() -> None:
    doc = load_document(DATA / "secheresse.pdftext.fr.txt", "fr")
    body = [s.text for s in doc.segments if s.kind == "body"]
    assert body == [
        "Le conseil régional a voté jeudi un plan de soutien aux agriculteurs touchés par la sécheresse.",
        "« Nous ne laisserons personne sur le bord de la route », a assuré la présidente de la région, qui promet des aides rapides.",
        "Les éleveurs, eux, attendent des mesures concrètes avant l’hiver.",
        "Le montant total atteint 45 millions d’euros.",
    ]
    skipped = [s for s in doc.segments if s.kind == "skipped"]
    assert [s.text for s in skipped] == ["« Nous ne laisserons personne sur le bord de la route »"]
    assert "repeats segment 1" in (skipped[0].reason or "")
