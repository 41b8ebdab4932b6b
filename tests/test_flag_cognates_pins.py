"""Regression pins for the look-alike check (written after its first run, session 13, so they are
no evidence of how well it works: tests/test_flag_cognates.py, written before, is that).

That file's hit-rate test is a strict xfail (3 of 12 where it asks 6), and its other tests pass
even with a check that flags nothing. These pin what the check did confirm, through the detector
itself (the sense lexicon lists the same pairs and would win the merge in find_flags), so that a
check broken into silence fails here.
"""

from __future__ import annotations

import pytest

from evalkit.flag.base import FlagContext, Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.cognates import CognateDetector
from test_flag_cognates import ITEMS

pytestmark = pytest.mark.slow

CONFIRMED = {"achieved": "finished", "attending": "expecting", "raisin": "grapes"}


@pytest.mark.parametrize("word", sorted(CONFIRMED))
def test_the_confirmed_false_friends_stay_confirmed(scorer, word):
    src, bad, _word, good = next(item for item in ITEMS if item[2] == word)
    ctx = FlagContext("fr", "en", "pair", dictionary=load_dictionary("fr", "en"), load_scorer=lambda: scorer)
    flags = CognateDetector().detect([Pair(0, src, bad, "fr", "en"), Pair(1, src, good, "fr", "en")], ctx)
    start = bad.index(word)
    assert [(f.bead, f.start, f.severity, f.suggestion) for f in flags] == [(0, start, "major", CONFIRMED[word])]
