"""Hypernyms: a more general word where the source names something specific ("the vehicle" for
"l'avion"). Written before the detector (session 8), my own sentences; the real FreeDict and
WordNet data (skipped without them)."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.wordnet import wordnet_dir

pytestmark = [
    pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict fra-eng/eng-fra not installed"),
    pytest.mark.skipif(not (wordnet_dir() / "data.noun").exists(), reason="Debian wordnet-base not installed"),
]

# (source, translation with a more general word, that word, the specific rendering it hides)
GENERAL = [
    ("Le chirurgien a retiré la tumeur en deux heures.", "The doctor removed the tumour in two hours.", "doctor", "surgeon"),
    ("Les abeilles disparaissent des campagnes françaises.", "Insects are disappearing from the French countryside.",
     "Insects", "bee"),
    ("Le pilote a posé l'avion sur la rivière.", "The pilot landed the vehicle on the river.", "vehicle", "plane"),
    ("Le juge a interrogé le témoin pendant une heure.", "The judge questioned the person for an hour.", "person", "witness"),
    ("Les saumons remontent la rivière chaque automne.", "The fish swim up the river every autumn.", "fish", "salmon"),
    ("Le violon de mon grand-père est très ancien.", "My grandfather's instrument is very old.", "instrument", "violin"),
    ("Un chêne est tombé sur la route pendant la tempête.", "A tree fell on the road during the storm.", "tree", "oak"),
]

FAITHFUL = [
    ("Le chirurgien a retiré la tumeur en deux heures.", "The surgeon removed the tumour in two hours."),
    ("Les insectes disparaissent des campagnes françaises.", "Insects are disappearing from the French countryside."),
    ("Un arbre est tombé sur la route pendant la tempête.", "A tree fell on the road during the storm."),
    ("Le pilote a posé l'avion sur la rivière.", "The pilot landed the plane on the river."),
    ("Le juge a interrogé le témoin pendant une heure.", "The judge questioned the witness for an hour."),
    ("Les animaux de la ferme ont été vendus.", "The farm animals were sold."),
    ("Les saumons remontent la rivière chaque automne.", "Salmon swim up the river every autumn."),
    ("Le violon de mon grand-père est très ancien.", "My grandfather's violin is very old."),
]


def flags(src, tgt):
    from evalkit.flag.hypernyms import detect

    return detect(Pair(0, src, tgt, "fr", "en"), load_dictionary("fr", "en"))


def test_a_more_general_word_is_flagged_with_the_specific_one_as_suggestion():
    hits = 0
    for src, tgt, general, specific in GENERAL:
        got = flags(src, tgt)
        if any(f.span == general and specific in (f.suggestion or "").lower() for f in got):
            hits += 1
    assert hits >= 5, [(g, [(f.span, f.suggestion) for f in flags(s, t)]) for s, t, g, _ in GENERAL]


@pytest.mark.xfail(strict=True, reason="session 8: the check ships minor; on the TransRead tune books it fired on "
                   "6.3% of faithful literary segments (2.6% with the later every-translation rule), so its flags are suggestions (hypernyms.SEVERITY). "
                   "Left as written, not edited after the result")
def test_the_flag_is_a_major_mistranslation_naming_its_evidence():
    src, tgt, general, specific = GENERAL[2]
    (f,) = [f for f in flags(src, tgt) if f.span == general]
    assert f.category == "mistranslation" and f.severity == "major"
    assert "avion" in f.message and "WordNet" in f.message and f.src_span == "avion"


def test_faithful_translations_are_not_flagged():
    assert [(t, [f.span for f in flags(s, t)]) for s, t in FAITHFUL if flags(s, t)] == []


def test_apertium_glosses_count_as_translations_for_antonyms_and_hypernyms():
    """Written after the change (session 8): a source word FreeDict cannot translate still
    counts through its Apertium gloss (stems), for the antonym and the hypernym checks alike."""
    from evalkit.flag import antonyms, hypernyms

    dic = load_dictionary("fr", "en")
    pair = Pair(0, "Le wagon-lit était très frisquet.", "The sleeper was very warm.", "fr", "en")
    assert antonyms.detect(pair, dic) == []  # FreeDict has no "frisquet"
    got = antonyms.detect(pair, dic, {"frisquet": {"cold"}})
    assert [(f.span, f.src_span) for f in got] == [("warm", "frisquet")]
    pair = Pair(0, "Le pilote a posé le zeppelin sur la rivière.", "The pilot landed the vehicle on the river.", "fr", "en")
    assert [f.suggestion for f in hypernyms.detect(pair, dic, {"zeppelin": {"airship"}})] == ["airship"]


@pytest.fixture(scope="module")
def scorer():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_scorer

    return load_scorer()


@pytest.mark.xfail(strict=True, reason="session 8: at the 4-nat margin fitted on DEMETR/TransRead tune data, Gemma-3-270M "
                   "confirms 2 of these 7 (witness 7.4, violin 4.5 nats; surgeon 1.3, bees 2.8, aeroplane 1.9, "
                   "salmon 1.9; 'tree' for 'chêne' has no flag). Left as written, not edited after the result")
def test_with_the_scorer_a_confirmed_suggestion_makes_the_flag_major(scorer):
    """Written before the confirmation step (session 8): with --checks full, the language-model
    scorer rescores the sentence with the suggestion in place; where it prefers the specific word
    by the fitted margin, the hypernym flag is major and says by how much."""
    from evalkit.flag.base import FlagContext
    from evalkit.flag.hypernyms import HypernymDetector

    ctx = FlagContext("fr", "en", dictionary=load_dictionary("fr", "en"), load_scorer=lambda: scorer)
    pairs = [Pair(k, src, tgt, "fr", "en") for k, (src, tgt, *_) in enumerate(GENERAL)]
    found = HypernymDetector().detect(pairs, ctx)
    major = [f for f in found if f.severity == "major"]
    assert len(major) >= 3, [(f.span, f.severity, f.message[-80:]) for f in found]
    assert all("nats" in f.message for f in major)
    faithful = [Pair(k, src, tgt, "fr", "en") for k, (src, tgt) in enumerate(FAITHFUL)]
    assert HypernymDetector().detect(faithful, ctx) == []
