"""Omission confirmation as a fitted model: dropped content is major, faithful paraphrase is not.

Written before the model was fitted (session 8), in domains the fit never saw (courts, health,
the economy, sport); the sentences are my own. The detector is statistical, so the error and
control sets are judged as sets (at least 7 of 10, at most 1 of 10), each sentence a real
translation with one content word left out, or a faithful one that words things differently.
"""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.omissions import detect_pairs, word_class
from evalkit.text import Token

pytestmark = pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict fra-eng/eng-fra not installed")

# (source, translation with one content word missing, the missing word's source form)
DROPPED = [
    ("fr", "Le tribunal a condamné l'entreprise à une lourde amende pour pollution de la rivière.",
     "The court fined the company for polluting the river.", "lourde"),
    ("fr", "Les juges ont rejeté l'appel déposé par les avocats de l'ancien ministre.",
     "The judges rejected the appeal filed by the former minister.", "avocats"),
    ("fr", "L'hôpital a recruté quarante infirmières pour faire face à l'épidémie de grippe.",
     "The hospital recruited nurses to cope with the flu epidemic.", "quarante"),
    ("fr", "Le gouvernement prévoit une hausse des impôts sur les carburants l'année prochaine.",
     "The government plans a rise in taxes next year.", "carburants"),
    ("fr", "La banque centrale a relevé ses taux d'intérêt pour freiner l'inflation.",
     "The central bank raised its interest rates.", "freiner"),
    ("fr", "Le gardien espagnol a arrêté deux penalties pendant la finale de dimanche.",
     "The goalkeeper saved two penalties during Sunday's final.", "espagnol"),
    ("fr", "Les patients diabétiques doivent surveiller leur glycémie chaque matin.",
     "Patients must monitor their blood sugar every morning.", "diabétiques"),
    ("es", "El juez ordenó la liberación inmediata de los tres periodistas detenidos.",
     "The judge ordered the release of the three detained journalists.", "inmediata"),
    ("es", "La empresa despidió a doscientos trabajadores de su fábrica de Valencia.",
     "The company laid off two hundred workers from its factory.", "Valencia"),
    ("de", "Das Gericht verurteilte den Angeklagten zu einer Haftstrafe von drei Jahren wegen Betrugs.",
     "The court sentenced the defendant to three years in prison.", "Betrugs"),
]

# faithful translations that word things differently (no content lost)
FAITHFUL = [
    ("fr", "Le tribunal a condamné l'entreprise à une lourde amende pour pollution de la rivière.",
     "The court imposed a heavy fine on the company for polluting the river."),
    ("fr", "Les juges ont rejeté l'appel déposé par les avocats de l'ancien ministre.",
     "The judges dismissed the appeal lodged by the former minister's lawyers."),
    ("fr", "L'hôpital a recruté quarante infirmières pour faire face à l'épidémie de grippe.",
     "The hospital has hired forty nurses to deal with the flu outbreak."),
    ("fr", "Le gouvernement prévoit une hausse des impôts sur les carburants l'année prochaine.",
     "The government is planning to raise fuel taxes next year."),
    ("fr", "La banque centrale a relevé ses taux d'intérêt pour freiner l'inflation.",
     "The central bank has raised interest rates to curb inflation."),
    ("fr", "Le gardien espagnol a arrêté deux penalties pendant la finale de dimanche.",
     "The Spanish goalkeeper saved two penalties in Sunday's final."),
    ("fr", "Les patients diabétiques doivent surveiller leur glycémie chaque matin.",
     "Diabetic patients have to check their blood sugar levels every morning."),
    ("es", "El juez ordenó la liberación inmediata de los tres periodistas detenidos.",
     "The judge ordered the immediate release of the three journalists who had been detained."),
    ("es", "La empresa despidió a doscientos trabajadores de su fábrica de Valencia.",
     "The firm dismissed two hundred employees at its Valencia plant."),
    ("de", "Das Gericht verurteilte den Angeklagten zu einer Haftstrafe von drei Jahren wegen Betrugs.",
     "The court sentenced the accused to three years in prison for fraud."),
]


@pytest.fixture(scope="module")
def embedder():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def major_omissions(items, embedder):
    """Per item: the source spans of its major omission flags."""
    pairs = [Pair(k, src, tgt, lang, "en") for k, (lang, src, tgt, *_) in enumerate(items)]
    got: list[list[str]] = [[] for _ in items]
    for f in detect_pairs(pairs, embedder):
        if f.category == "omission" and f.severity in ("major", "critical"):
            got[f.bead].append(f.src_span)
    return got


@pytest.mark.xfail(strict=True, reason="session 8: the fitted omission model finds 4 of these 10 (the rule before it: 4 too); "
                   "most fall in reworded stretches (several unlinked source words around them), which the model reads "
                   "as paraphrase. Left failing as written, not edited after the result")
def test_dropped_content_words_are_major_omissions(embedder):
    got = major_omissions(DROPPED, embedder)
    hits = [word in spans for (*_, word), spans in zip(DROPPED, got)]
    assert sum(hits) >= 7, list(zip([w for *_, w in DROPPED], got))


def test_faithful_rewordings_have_no_major_omission(embedder):
    got = major_omissions(FAITHFUL, embedder)
    assert sum(bool(g) for g in got) <= 1, [(src, g) for (_, src, _), g in zip(FAITHFUL, got) if g]


def test_a_capitalised_german_common_noun_is_not_a_name():
    dic = load_dictionary("de", "en")
    if dic is None:
        pytest.skip("FreeDict deu-eng not installed")
    for noun in ("Sendung", "Höhe", "Fertigstellung", "Seite"):
        assert word_class(Token(noun, 10, 10 + len(noun)), "de", dic, first=False) != "name", noun
    assert word_class(Token("Merkel", 10, 16), "de", dic, first=False) == "name"
    # French keeps the capital as evidence of a name
    assert word_class(Token("Valence", 10, 17), "fr", load_dictionary("fr", "en"), first=False) == "name"
