"""Bidi controls in the translation: the screen shows other words than the file holds.

An override (RLO, LRO) reverses the letters after it ("evil" displays as "live"), so a
reviewer reading the report would approve text that is not in the file; an embedding or an
isolate reorders whole phrases. Prose in a left-to-right language has no use for them, so
each is flagged where it sits (the report shows it as a badge, never obeys it). The
finding itself is ingest's (:func:`evalkit.ingest.bidi.bidi_controls`).
"""

from __future__ import annotations

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.ingest.bidi import BIDI_NAMES, badge, bidi_controls
from evalkit.records import Flag

# overrides rewrite what a word reads as; embeddings and isolates move phrases; terminators only end them
SEVERITY = {"RLO": "critical", "LRO": "critical", "RLE": "major", "LRE": "major", "RLI": "major", "LRI": "major",
            "FSI": "major", "PDF": "minor", "PDI": "minor"}


def bidi_flags(index: int, text: str) -> list[Flag]:
    return [make_flag(index, text, k, k + 1, "bidi-control", SEVERITY[name],
                      f"hidden {BIDI_NAMES[name]} control {badge(name)}: the text displays differently from what "
                      "the file holds", "bidi", 0.95, suggestion="")
            for k, name in bidi_controls(text)]


class BidiDetector(BeadDetector):
    """Explicit bidi controls (RLO, LRI...) in the translation; works without a source."""

    name = "bidi"
    modes = frozenset({"pair", "check"})
    needs_source = False

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return bidi_flags(pair.index, pair.tgt)
