"""Opposites beyond the hand-written list (issue 10: lists become evidence, not the detector).

Written before WordNet's antonym relations were read: deep/shallow, rural/urban and
generous/stingy are not in data/antonyms.tsv. Sentences of my own; the real detector,
FreeDict and (when installed) Debian's wordnet-base run."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

needs_wordnet = pytest.mark.skipif(not Path("/usr/share/wordnet/data.adj").exists(),
                                   reason="Debian wordnet-base is not installed")


def antonym_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "antonym"]


@needs_wordnet
@pytest.mark.parametrize("src,tgt,span", [
    ("Le lac est très profond à cet endroit, selon les plongeurs.",
     "The lake is very shallow at this point, according to the divers.", "shallow"),
    ("La population rurale a fortement augmenté depuis dix ans.",
     "The urban population has risen sharply over ten years.", "urban"),
    ("Le donateur s'est montré généreux envers l'hôpital.",
     "The donor was stingy towards the hospital.", "stingy"),
])
def test_opposites_from_wordnet_are_flagged(src, tgt, span):
    assert [f.span for f in antonym_flags(src, tgt)] == [span]


@pytest.mark.parametrize("src,tgt", [
    ("Le lac est très profond à cet endroit, selon les plongeurs.",
     "The lake is very deep at this point, according to the divers."),
    ("La population rurale a fortement augmenté depuis dix ans.",
     "The rural population has risen sharply over ten years."),
    ("Le donateur s'est montré généreux envers l'hôpital.",
     "The donor was generous towards the hospital."),
    ("Le chemin n'est pas large, il est même étroit.",
     "The path is not wide; it is even narrow."),
])
def test_faithful_renderings_are_not_flagged(src, tgt):
    assert antonym_flags(src, tgt) == []
