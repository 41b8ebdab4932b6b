"""One source/translation pair through the registry's detectors, for the span-detection tests.

The real detectors with their packaged data, without the embedder (the fast checks); the tests
filter the flags by category, detector or severity and assert on them.
"""

from __future__ import annotations

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def pair_flags(src_lang: str, src: str, tgt: str, *, category: str | None = None, detector: str | None = None,
               major: bool = False, tgt_lang: str = "en") -> list:
    """The flags of one bead, those of ``category``/``detector`` only when given, major and critical
    only with ``major``."""
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], src_lang, tgt_lang, embedder=None)
            if (category is None or f.category == category) and (detector is None or f.detector == detector)
            and (not major or f.severity in MAJOR)]
