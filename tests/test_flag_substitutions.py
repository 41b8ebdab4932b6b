"""Substitutions: a target word that renders nothing in the source, where restoring a rendering
of the source word brings the translation closer to the source (the embedder as judge).

Written before the detector (session 9), in domains the project's checks were not tuned on
(weather, transport, farming, arts, schools, science, cooking, emergencies); the sentences
are my own. The check is statistical, so the sets are judged as sets: each error is a
faithful translation with one content word replaced by a wrong one (another place, object,
person, or the opposite), each control a faithful translation of the same source that words
things freely.
"""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary

pytestmark = pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict fra-eng/eng-fra not installed")

# (language, source, translation with one wrong word, the wrong word, acceptable suggestions)
WRONG = [
    ("fr", "Les températures resteront basses dans le nord du pays jusqu'à jeudi.",
     "Temperatures will remain low in the south of the country until Thursday.", "south", {"north"}),
    ("fr", "Le train de nuit entre Paris et Nice a été supprimé cet hiver.",
     "The night bus between Paris and Nice was cancelled this winter.", "bus", {"train"}),
    ("fr", "Les agriculteurs ont récolté moins de blé que l'an dernier.",
     "Farmers harvested less rice than last year.", "rice", {"wheat", "corn"}),
    ("fr", "Le musée expose une centaine de tableaux prêtés par des collectionneurs privés.",
     "The museum is showing about a hundred statues lent by private collectors.", "statues",
     {"paintings", "pictures", "painting", "picture"}),
    ("fr", "Les enseignants réclament des classes moins chargées.",
     "Students are calling for smaller classes.", "Students", {"teachers", "teacher", "instructors"}),
    ("fr", "La chimiste a reçu un prix pour ses travaux sur les batteries.",
     "The chemist received a prize for her work on engines.", "engines", {"batteries", "battery"}),
    ("fr", "Faites fondre le beurre dans une poêle.",
     "Melt the oil in a frying pan.", "oil", {"butter"}),
    ("fr", "La tempête a arraché le toit de l'école primaire.",
     "The storm tore the door off the primary school.", "door", {"roof"}),
    ("fr", "Le ministre de l'Agriculture a visité une ferme laitière en Bretagne.",
     "The Minister of Agriculture visited a dairy farm in Normandy.", "Normandy", {"brittany"}),
    ("fr", "Les chercheurs ont observé une baisse du nombre d'abeilles.",
     "Researchers observed an increase in the number of bees.", "increase",
     {"decrease", "fall", "drop", "decline", "reduction", "lowering"}),
    ("es", "La biblioteca municipal abrirá sus puertas el lunes.",
     "The municipal museum will open its doors on Monday.", "museum", {"library"}),
    ("es", "Los bomberos apagaron el incendio en menos de una hora.",
     "The police put out the fire in less than an hour.", "police", {"firefighters", "firemen", "fireman", "firefighter"}),
]

# faithful translations of the same sources, worded freely
FAITHFUL = [
    ("fr", WRONG[0][1], "Temperatures will stay low in the north of the country until Thursday."),
    ("fr", WRONG[1][1], "The overnight train between Paris and Nice has been axed this winter."),
    ("fr", WRONG[2][1], "Farmers brought in less wheat than last year."),
    ("fr", WRONG[3][1], "The museum is exhibiting some hundred paintings on loan from private collectors."),
    ("fr", WRONG[4][1], "Teachers are demanding smaller classes."),
    ("fr", WRONG[5][1], "The chemist was awarded a prize for her research on batteries."),
    ("fr", WRONG[6][1], "Melt the butter in a frying pan."),
    ("fr", WRONG[7][1], "The storm ripped the roof off the primary school."),
    ("fr", WRONG[8][1], "The Agriculture Minister visited a dairy farm in Brittany."),
    ("fr", WRONG[9][1], "Researchers have observed a decline in the number of bees."),
    ("es", WRONG[10][1], "The city library will open its doors on Monday."),
    ("es", WRONG[11][1], "Firefighters put out the blaze in under an hour."),
]


@pytest.fixture(scope="module")
def embedder():
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def flags_of(items, embedder):
    from evalkit.flag.substitutions import detect_pairs

    pairs = [Pair(k, src, tgt, lang, "en") for k, (lang, src, tgt, *_) in enumerate(items)]
    got: list[list] = [[] for _ in items]
    for f in detect_pairs(pairs, embedder):
        assert f.detector == "substitutions"
        got[f.bead].append(f)
    return got


def test_wrong_words_are_major_flags_on_the_word(embedder):
    got = flags_of(WRONG, embedder)
    hits = [any(f.span == word and f.severity in ("major", "critical") for f in fs)
            for (_, _, _, word, _), fs in zip(WRONG, got)]
    assert sum(hits) >= 8, [(w, [(f.span, f.severity, f.suggestion) for f in fs]) for (_, _, _, w, _), fs in zip(WRONG, got)]


def test_the_suggestion_renders_the_source_word(embedder):
    got = flags_of(WRONG, embedder)
    found = [(ok, f.suggestion) for (_, _, _, word, ok), fs in zip(WRONG, got) for f in fs if f.span == word]
    assert found, "no flag on any wrong word"
    right = [s for ok, s in found if s and s.lower() in ok]
    assert len(right) >= 0.75 * len(found), found


def test_free_faithful_translations_are_not_flagged(embedder):
    got = flags_of(FAITHFUL, embedder)
    assert sum(bool(fs) for fs in got) <= 1, [(tgt, [(f.span, f.suggestion) for f in fs]) for (_, _, tgt), fs in zip(FAITHFUL, got) if fs]
