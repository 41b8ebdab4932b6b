"""Regression pins for the scorer's judgement of dropped and added words (flag/restore.py).

Written AFTER the first run of the check, and labelled so: tests/test_flag_restore.py and
tests/test_flag_added_word.py (written before the code) ask for shares the check does not reach
and are strict xfails, so they would not notice if it stopped working. These pin what it did
find there, through the omission detector itself: two restored verbs/nouns and one added word.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def omission_detector_flags(embedder, scorer, src: str, tgt: str) -> list:
    from evalkit.flag import find_flags
    from evalkit.records import Bead, ScoredBead

    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return find_flags([bead], "fr", "en", embedder=embedder, scorer=scorer, detectors=["omissions"])


@pytest.mark.parametrize("src, tgt, suggestion", [
    ("Le maire a inauguré la nouvelle bibliothèque samedi.", "The mayor the new library on Saturday.",
     "mayor inaugurated"),
    ("Le médecin a prescrit des antibiotiques à l'enfant.", "The doctor prescribed the child.",
     "prescribed antibiotics"),
])
def test_a_dropped_word_is_restored(embedder, scorer, src, tgt, suggestion):
    flags = omission_detector_flags(embedder, scorer, src, tgt)
    assert any(f.category == "omission" and f.severity == "major" and f.suggestion == suggestion
               and "nats" in f.message for f in flags), [(f.span, f.suggestion, f.severity) for f in flags]


def test_an_added_word_is_taken_out(embedder, scorer):
    tgt = "The mayor presented the city's huge budget."
    flags = omission_detector_flags(embedder, scorer, "Le maire a présenté le budget de la ville.", tgt)
    assert any(f.category == "addition" and f.severity == "major" and f.span == "huge" and "nats" in f.message
               for f in flags), [(f.span, f.severity, f.message) for f in flags]
