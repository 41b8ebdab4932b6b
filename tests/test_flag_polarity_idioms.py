"""Words that look negative and negate nothing (session 9, written before the fix; seen in
TransRead *tune* books): French "ne" is a word, not the start of "neige"; English "no sooner ...
than", "of no small", "not withstanding", "no doubt", "no matter" state no negation. My own
sentences."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.polarity import detect

QUIET = [
    ("Ses bottes laissaient sur la neige une trace plus large que celle d'un ours.",
     "His boots left in the snow a track wider than a bear's."),
    ("Dès que le ministre arriva, la manifestation commença.", "No sooner had the minister arrived than the protest began."),
    ("C'est une femme d'un grand courage.", "She is a woman of no small courage."),
    ("Malgré la pluie, le match a continué.", "Not withstanding the rain, the match went on."),
    ("Il viendra certainement demain.", "No doubt he will come tomorrow."),
    ("Quel que soit le prix, nous achèterons la maison.", "No matter the price, we will buy the house."),
]


@pytest.mark.parametrize("src,tgt", QUIET)
def test_an_idiom_that_negates_nothing_is_not_a_reversal(src, tgt):
    assert not [f for f in detect(Pair(0, src, tgt, "fr", "en")) if f.category == "polarity"]


@pytest.mark.parametrize("src,tgt", [
    ("Il ne viendra pas demain.", "He will come tomorrow."),
    ("Le ministre est arrivé à midi.", "The minister did not arrive at noon."),
    ("La neige ne tombera plus cette semaine.", "Snow will fall this week."),
])
def test_a_real_reversal_is_still_flagged(src, tgt):
    assert [f for f in detect(Pair(0, src, tgt, "fr", "en")) if f.category == "polarity"]
