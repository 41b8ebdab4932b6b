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

from collections import defaultdict
from dataclasses import replace

from evalkit.records import Segment
from evalkit.text import ALNUM_RE

MIN_WORDS = 5
THRESHOLD = 0.7


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = [t.lower() for t in ALNUM_RE.findall(text)]
    return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}


def mark_repeats(segments: list[Segment]) -> list[Segment]:
    """Return ``segments`` with repeated ones turned into ``skipped`` (reason names the twin)."""
    cand = [s for s in segments if s.kind in ("body", "skipped") and len(ALNUM_RE.findall(s.text)) >= MIN_WORDS]
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


MIN_LETTERS = 40


def _key(text: str) -> str:
    """Letters only, lower-cased: line-end splits and hyphens no longer matter."""
    return "".join(c for c in text.lower() if c.isalnum())


def repeated_line_blocks(texts: list[str], usable: list[bool], typical: float) -> dict[int, int]:
    """Lines forming a pull quote that was set in the middle of the text flow.

    ``texts`` are the lines of the document; ``usable`` marks the lines that are
    text (not furniture). A run of 2+ whole lines whose letters (40+) occur
    elsewhere in the document is a repeat; of the two copies the one with the
    shorter lines (pull quotes are set in larger type) is the copy, or the later
    one on a tie; a copy with a line as long as the text's (85% of the ``typical``
    length) is no pull quote but a passage the text itself repeats, and stays.
    Returns {line index: index of a line of its twin}.
    """
    keys = [_key(t) if ok else "" for t, ok in zip(texts, usable)]
    owner: list[int] = []
    for i, k in enumerate(keys):
        owner.extend([i] * len(k))
    stream = "".join(keys)
    starts, pos = [], 0
    for k in keys:
        starts.append(pos)
        pos += len(k)
    out: dict[int, int] = {}
    i = 0
    while i < len(keys):
        if not keys[i]:
            i += 1
            continue
        best: tuple[int, int] | None = None  # (last line, twin position)
        j = i
        while j < len(keys):
            if not keys[j]:
                j += 1
                continue
            lo, hi = starts[i], starts[j] + len(keys[j])
            s = stream[lo:hi]
            at = _find_outside(stream, s, lo, hi)
            if at < 0:
                break
            best = (j, at)
            j += 1
        if best and best[0] > i and starts[best[0]] + len(keys[best[0]]) - starts[i] >= MIN_LETTERS:
            j, at = best
            block = [k for k in range(i, j + 1) if keys[k]]
            size = starts[j] + len(keys[j]) - starts[i]
            twin = sorted(set(owner[at : at + size]))
            mine_len = sum(len(texts[k]) for k in block) / len(block)
            twin_len = sum(len(texts[k]) for k in twin) / len(twin)
            narrow = max(len(texts[k]) for k in block) < 0.85 * typical
            if narrow and (mine_len < twin_len or (mine_len == twin_len and i > twin[0])):
                for k in block:
                    out[k] = twin[0]
            i = j + 1
        else:
            i += 1
    return out


WINDOW = 30_000  # letters: a pull quote repeats text of its own page, not of a distant chapter


def _find_outside(stream: str, s: str, lo: int, hi: int) -> int:
    """Position of ``s`` near ``[lo, hi)`` in ``stream`` but not overlapping it, or -1."""
    before = stream.rfind(s, max(0, lo - WINDOW), lo)
    if before >= 0:
        return before
    return stream.find(s, hi, hi + WINDOW)
