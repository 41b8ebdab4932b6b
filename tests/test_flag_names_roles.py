"""A capitalised common noun used as a name ("le Forgeron", "the Blacksmith") is rendered when the
target's word holds one of its translations (issue 10, session 10; written before the fix).

Stories name characters by their trade or title; the translation capitalises the English word,
which may be a compound of the dictionary's translation ("smith" in "Blacksmith"). Apertium's
glosses count as translations too ("Padoue" -> "Padua"). A word that holds no translation in its
place stays a changed name. My own sentences; the real detectors run.
"""

from __future__ import annotations

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def name_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "name"]


def test_a_trade_name_rendered_by_a_compound_is_not_flagged():
    assert name_flags("Ce soir-là, le Forgeron du village ferma sa porte à clé.",
                      "That evening the village Blacksmith locked his door.") == []


def test_another_trade_in_its_place_is_still_major():
    flags = name_flags("Ce soir-là, le Forgeron du village ferma sa porte à clé.",
                       "That evening the village Baker locked his door.")
    assert [f.severity for f in flags] in (["major"], ["critical"])
