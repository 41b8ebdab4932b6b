"""Set aside pull quotes and captions that repeat the body text out of order.

A pull quote is a sentence of the article printed again in large type
somewhere else on the page; extracted text puts it wherever its box was.
Aligned as is, it would match its twin and push everything else off. We
compare word trigrams: a segment whose trigrams are mostly found in *other*
segments is a repeat. Of two twins, the one that is the more completely
contained in the other is the copy (the quote is an excerpt of the sentence).
Repeats become ``skipped`` with the id of the segment they repeat, never deleted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from evalkit.records import Segment

_WORD = re.compile(r"[^\W_]+")
MIN_WORDS = 5
THRESHOLD = 0.7


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = [t.lower() for t in _WORD.findall(text)]
    return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}


def mark_repeats(segments: list[Segment]) -> list[Segment]:
    """Return ``segments`` with repeated ones turned into ``skipped`` (reason names the twin)."""
    cand = [s for s in segments if s.kind in ("body", "skipped") and len(_WORD.findall(s.text)) >= MIN_WORDS]
    grams = {s.id: _trigrams(s.text) for s in cand}
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for s in cand:
        for g in grams[s.id]:
            owners[g].add(s.id)
    out = {s.id: s for s in segments}
    for s in cand:
        mine = grams[s.id]
        if not mine:
            continue
        shared: dict[int, int] = defaultdict(int)
        covered = 0
        for g in mine:
            others = owners[g] - {s.id}
            if others:
                covered += 1
                for o in others:
                    shared[o] += 1
        if covered < THRESHOLD * len(mine):
            continue
        twin = max(shared, key=lambda o: shared[o])
        twin_cover = shared[twin] / max(1, len(grams[twin]))
        mine_cover = shared[twin] / len(mine)
        # the copy is the one more contained in its twin; on a tie, the later one
        if mine_cover > twin_cover or (mine_cover == twin_cover and s.id > twin):
            out[s.id] = replace(s, kind="skipped", reason=f"repeats segment {twin} (pull quote or caption)")
    return [out[s.id] for s in segments]
