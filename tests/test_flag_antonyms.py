"""Antonyms: the opposite of what the source's words mean (FreeDict + a hand list of opposites)."""

import pytest

from evalkit.flag import antonyms
from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary

DIC = load_dictionary("fr", "en")
pytestmark = pytest.mark.skipif(DIC is None, reason="FreeDict fra-eng/eng-fra not installed")


def flags(src, tgt):
    return antonyms.detect(Pair(0, src, tgt, "fr", "en"), DIC)


def test_opposite_of_a_source_word_is_flagged_with_both_spans():
    src = "De nombreux rythmes dépendent de la présence d'horloges biologiques."
    (f,) = flags(src, "Few rhythms depend on the presence of biological clocks.")
    assert f.category == "antonym" and f.span == "Few" and f.src_span == "nombreux"
    assert f.severity == "critical"  # a meaning reversal


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("De nombreux rythmes dépendent de la présence d'horloges biologiques.", "Many rhythms depend on the presence of biological clocks."),
        ("La phase de lune de miel est moins longue.", "The honeymoon phase is shorter."),  # inverted comparison
        ("Ce n'est pas un grand pays.", "It is a small country."),  # negated: left to the polarity check
        ("C'est tout de travers d'un bout à l'autre.", "It is wrong from beginning to end."),  # both sides present
        ("Des bateaux plus petits ou même un kayak.", "Smaller boats or even a kayak."),  # inflected source word
    ],
)
def test_faithful_renderings_are_not_flagged(src, tgt):
    assert flags(src, tgt) == []


def test_other_directions_are_left_alone():
    assert antonyms.detect(Pair(0, "Many rhythms.", "Peu de rythmes.", "en", "fr"), DIC) == []
