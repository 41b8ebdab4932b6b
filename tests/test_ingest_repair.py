"""Each PDF-text repair rule, on words that are not in the seed article."""

from __future__ import annotations

import pytest

from evalkit.ingest import segment_text
from evalkit.ingest.lexicon import compounds
from evalkit.ingest.repair import line_break, lost_hyphens, visible_hyphen_break


def fix(word: str, lang: str = "fr") -> str:
    out = word
    for i in sorted(lost_hyphens(word, lang), reverse=True):
        out = out[:i] + "-" + out[i:]
    return out


@pytest.mark.parametrize(
    "left,right,lang",
    [
        ("l'éduca", "tion", "fr"),
        ("mala", "die", "fr"),
        ("hôpi", "tal", "fr"),
        ("ordina", "teur", "fr"),
        ("Marseil", "le", "fr"),
        ("approxi", "mately", "en"),
        ("govern", "ment", "en"),
        ("to", "gether", "en"),
    ],
)
def test_line_end_split_word_is_joined(left: str, right: str, lang: str) -> None:
    assert line_break(left, right, lang) == "join"


@pytest.mark.parametrize(
    "left,right",
    [
        ("pour", "les"),
        ("avec", "elle"),
        ("sous", "la"),
        ("Paul", "Martin"),
        ("jusqu'au", "bout"),
        ("vient", "d'arriver"),
        ("Marie", "C. Dupuis"),
    ],
)
def test_line_end_between_words_keeps_the_space(left: str, right: str) -> None:
    assert line_break(left, right, "fr") == "space"


def test_line_end_between_english_words_keeps_the_space() -> None:
    assert line_break("the", "house", "en") == "space"
    assert line_break("and", "then", "en") == "space"


@pytest.mark.skipif(not compounds("fr"), reason="no system French word list (Debian wfrench)")
def test_line_end_compound_gets_its_hyphen_back() -> None:
    assert line_break("porte", "parole", "fr") == "hyphen"
    assert line_break("sous", "marin", "fr") == "hyphen"


def test_line_end_uses_the_documents_own_spelling() -> None:
    from collections import Counter

    assert line_break("Nouvelle", "Zélande", "fr") == "space"
    assert line_break("Nouvelle", "Zélande", "fr", Counter({"nouvellezélande": 1})) == "join"


def test_visible_hyphen_is_dropped_or_kept() -> None:
    assert visible_hyphen_break("républi", "que", "fr") == "join"
    assert visible_hyphen_break("Grande", "Bretagne", "fr") == "hyphen"
    assert visible_hyphen_break("well", "known", "en") == "hyphen"


@pytest.mark.parametrize(
    "word,expected",
    [
        ("NouvelleZélande", "Nouvelle-Zélande"),
        ("ArabieSaoudite", "Arabie-Saoudite"),
        ("ditil", "dit-il"),
        ("vatil", "va-t-il"),
        ("semblaitelle", "semblait-elle"),
        ("celleci", "celle-ci"),
        ("euxmêmes", "eux-mêmes"),
        ("estce", "est-ce"),
        ("exmari", "ex-mari"),
        ("exministre", "ex-ministre"),
        ("francoallemand", "franco-allemand"),
    ],
)
def test_lost_inline_hyphen_is_restored(word: str, expected: str) -> None:
    assert fix(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "maison",
        "pourtant",
        "YouTube",
        "Wilson",
        "McDonald",
        "ceci",
        "selon",
        "exemple",
        "nonobstant",
        "email",
        "Newton",
        "PayPal",
        "Carton",
        "surtout",
    ],
)
def test_real_words_are_left_alone(word: str) -> None:
    assert fix(word) == word


def test_english_camel_case_brands_are_left_alone() -> None:
    for w in ("YouTube", "JavaScript", "PowerPoint", "LinkedIn"):
        assert fix(w, "en") == w


def kept(raw: str, lang: str = "fr") -> list[str]:
    return [s.text for s in segment_text(raw, lang, "pdf-text") if s.kind in ("body", "heading")]


def test_drop_cap_joins_its_word() -> None:
    raw = "D\nepuis trois ans, la com\nmune attend un nouveau\ncollège. Les parents s'impa\ntientent.\n"
    assert kept(raw) == ["Depuis trois ans, la commune attend un nouveau collège.", "Les parents s'impatientent."]


def test_caps_heading_and_running_header() -> None:
    raw = (
        "4 | société LUNDI 2 MARS 2020\n"
        "La préfecture a annoncé la fer\nmeture du pont pendant six\nmois.\n"
        "TRAVAUX RETARDÉS\n"
        "Les riverains craignent des em\nbouteillages importants.\n"
    )
    segs = segment_text(raw, "fr", "pdf-text")
    kinds = [(s.kind, s.text) for s in segs]
    assert kinds[0][0] == "furniture"
    assert ("heading", "TRAVAUX RETARDÉS") in kinds
    assert ("body", "La préfecture a annoncé la fermeture du pont pendant six mois.") in kinds
    assert ("body", "Les riverains craignent des embouteillages importants.") in kinds


def test_pull_quote_is_set_aside_with_reason() -> None:
    raw = (
        "Le directeur de l'usine a pré\nvenu les salariés lundi. « Nous\nne fermerons pas le site avant\n"
        "la fin de l'année prochaine », a-\nt-il promis devant les délégués.\n"
        "Les syndicats restent prudents.\n"
        "« Nous ne\nfermerons pas\nle site avant\nla fin de l'année\nprochaine »\n"
    )
    segs = segment_text(raw, "fr", "pdf-text")
    skipped = [s for s in segs if s.kind == "skipped"]
    assert len(skipped) == 1 and "repeats segment" in (skipped[0].reason or "")
    assert skipped[0].text.startswith("« Nous ne fermerons pas")
    body = [s.text for s in segs if s.kind == "body"]
    assert any(t.startswith("« Nous ne fermerons pas le site") for t in body)


def test_byline_and_caption_after_the_text() -> None:
    raw = (
        "Le festival a attiré plus de vi\nsiteurs que l'an dernier. Les or\nganisateurs sont ravis.\n"
        "claire dubois\n"
        "Des spectateurs devant la scène\nprincipale, samedi soir. AFP\n"
    )
    segs = segment_text(raw, "fr", "pdf-text")
    byline = [s for s in segs if s.reason == "byline"]
    assert byline and byline[0].text == "claire dubois"
    caption = [s for s in segs if s.text.startswith("Des spectateurs")]
    assert caption and caption[0].kind == "skipped"
    assert [s.kind for s in segs if s.text == "AFP"] == ["furniture"]


def test_english_pdf_text() -> None:
    raw = "The committee will publish its re\nport next week. Officials said the\ngovern\nment would respond.\n" * 1
    assert kept(raw, "en") == [
        "The committee will publish its report next week.",
        "Officials said the government would respond.",
    ]


@pytest.mark.parametrize(
    "left,right,lang",
    [
        ("a", "mené", "fr"),
        ("pas", "se", "fr"),
        ("Microsoft", "nous", "fr"),
        ("pas", "coopérer", "fr"),
        ("hot", "spot", "en"),
        ("cyber", "attacks", "en"),
        ("also", "enacted", "en"),
        ("into", "existence", "en"),
    ],
)
def test_false_joins_seen_on_clean_text_wrapped_into_columns(left: str, right: str, lang: str) -> None:
    assert line_break(left, right, lang) == "space"


def test_visible_hyphen_of_the_typesetter_is_dropped() -> None:
    assert visible_hyphen_break("sur", "chargées", "fr") == "join"
    assert visible_hyphen_break("long", "term", "en") == "hyphen"


def test_sentence_case_intertitle_and_correspondent_byline() -> None:
    raw = (
        "La Commission a présenté mer\ncredi son projet de budget.\n"
        "Une rallonge contestée\n"
        "Les Etats membres doivent en\ncore l'approuver.\n"
        "jean dupont (bruxelles, correspondant)\n"
    )
    segs = segment_text(raw, "fr", "pdf-text")
    assert [(s.kind, s.text) for s in segs] == [
        ("body", "La Commission a présenté mercredi son projet de budget."),
        ("heading", "Une rallonge contestée"),
        ("body", "Les Etats membres doivent encore l'approuver."),
        ("furniture", "jean dupont (bruxelles, correspondant)"),
    ]


def test_a_name_across_lines_is_not_an_intertitle() -> None:
    raw = "Le texte a été voté.\nSelon Jean\nDupont, il sera appliqué en\njanvier.\n"
    assert kept(raw) == ["Le texte a été voté.", "Selon Jean Dupont, il sera appliqué en janvier."]


def test_heading_on_two_caps_lines_is_one_heading() -> None:
    raw = "Le marché a reculé hier.\nUNE SEMAINE\nDIFFICILE POUR LES BOURSES\nLes investisseurs restent pru\ndents.\n"
    assert kept(raw) == [
        "Le marché a reculé hier.",
        "UNE SEMAINE DIFFICILE POUR LES BOURSES",
        "Les investisseurs restent prudents.",
    ]


def test_possessive_after_a_split_is_not_an_elision() -> None:
    assert line_break("the presi", "dent's office", "en") == "join"
    assert line_break("the de", "l'ordre", "fr") == "space"
    assert line_break("the home", "land of", "en") == "join"


def test_soft_and_unicode_hyphens_at_line_ends() -> None:
    raw = "Le gouvernement a annoncé une réfor\u00ad\nme des retraites. La mesure sera pré\u2010\nsentée demain.\n"
    assert kept(raw) == ["Le gouvernement a annoncé une réforme des retraites.", "La mesure sera présentée demain."]
