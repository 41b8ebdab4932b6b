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


@needs_wordnet
def test_the_stored_opposite_stems_are_the_stemmed_table(tmp_path):
    """The stemmed WordNet opposites are kept in the derived store (stemming them cost ~0.2 s a
    run): what a later process reads back is what stemming WordNet's table gives."""
    from evalkit.flag import antonyms, wordnet
    from evalkit.text import stem

    cache = str(tmp_path)
    built = antonyms.wordnet_opposites.__wrapped__(cache)
    stored = list((tmp_path / "derived").glob("wordnet-opposite-stems-*.json"))
    assert len(stored) == 1
    assert built == antonyms._stem_opposites(wordnet.antonyms(cache_dir=cache))
    assert stem("shallow", "en") in built[stem("deep", "en")]
    stamp = stored[0].stat().st_mtime_ns
    read = antonyms.wordnet_opposites.__wrapped__(cache)
    assert read == built and stored[0].stat().st_mtime_ns == stamp  # read back, not rebuilt
    assert all(isinstance(v, frozenset) for v in read.values())
