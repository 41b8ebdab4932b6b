"""Tense: a translation that puts in the past what the source states in the present (issue 10,
session 10; written before the check).

"France was the seventh country" for "La France est le septième pays": the English past
auxiliaries and copulas (was, were, had, did) against a source with no past form or past time
word in sight (passé composé, imparfait, passé simple, "hier", a year...). My own sentences.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def tense_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "tense" and f.severity in MAJOR]


# Session 10 built a check from word shapes and dropped it (it raised the TransRead tune books with a major
# flag from 201 to 242 of 2,275: French narrates in the present, and its passé simple cannot be told from a
# present by its shape); these tests were a strict xfail then. Session 15's check, from Apertium's tagger
# on both sides (tests/test_flag_tense_frame.py), passes them; the items are unchanged.
@pytest.mark.parametrize("src,tgt,span", [
    ("La France est le septième pays européen touché par le virus.",
     "France was the seventh European country affected by the virus.", "was"),
    ("Les deux entreprises ont des bureaux à Lyon et à Marseille.",
     "The two companies had offices in Lyon and Marseille.", "had"),
    ("Les syndicats refusent de signer le nouvel accord salarial.",
     "The unions did not agree to sign the new wage agreement.", "did"),
])
def test_a_past_for_a_present_is_flagged(src, tgt, span):
    assert [f.span for f in tense_flags(src, tgt)] == [span]


@pytest.mark.parametrize("src,tgt", [
    ("La France était le septième pays européen touché par le virus.",
     "France was the seventh European country affected by the virus."),
    ("Les deux entreprises ont ouvert des bureaux à Lyon en 2019.", "The two companies had opened offices in Lyon in 2019."),
    ("Hier, les syndicats refusent encore de signer l'accord.", "Yesterday the unions still did not want to sign the deal."),
    ("Il entra dans la salle et les invités se levèrent.", "He came into the room and the guests were on their feet."),
    ("La France est le septième pays européen touché par le virus.",
     "France is the seventh European country affected by the virus."),
])
def test_a_past_with_a_past_in_the_source_is_not_flagged(src, tgt):
    assert tense_flags(src, tgt) == []
