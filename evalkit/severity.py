"""Severities and the MQM-style penalty model: the one definition every stage uses.

The flag stage ranks and merges flags by :data:`RANK`; the scoring stage, the report's
risk order and the gate's MQM score and worst segments all weigh flags with
:data:`WEIGHTS` (a gate policy may pass its own weights to the same functions).

Weights follow the MQM convention (Lommel et al.; MQM 2.0 scoring model):
minor 1, major 5, critical 25. A flag's *risk* is weight x detector
confidence — the expected penalty — and is what the flags are ranked by. A
segment's penalty is the sum of its flags' risks; the document's penalty is
normalised per 100 target words and turned into an MQM score
``100 - penalty per 100 words`` (floored at 0), so 100 is a clean translation
and documents of different length compare.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from evalkit.records import Flag, ScoredBead, Severity

SEVERITIES: tuple[Severity, ...] = ("critical", "major", "minor")  # most severe first
RANK: dict[str, int] = {s: len(SEVERITIES) - 1 - i for i, s in enumerate(SEVERITIES)}  # minor 0 ... critical 2
WEIGHTS: dict[str, float] = {"minor": 1.0, "major": 5.0, "critical": 25.0}


def risk(flag: Flag, weights: dict[str, float] | None = None) -> float:
    """Expected penalty of a flag: severity weight x detector confidence."""
    return (weights or WEIGHTS).get(flag.severity, 1.0) * float(flag.confidence)


def rank_flags(flags: Iterable[Flag]) -> list[Flag]:
    """Most risky first; ties keep reading order."""
    return sorted(flags, key=lambda f: (-risk(f), f.bead, f.start))


def segment_penalty(flags: Iterable[Flag], weights: dict[str, float] | None = None) -> float:
    return float(sum(risk(f, weights) for f in flags))


def word_count(text: str) -> int:
    return len(text.split())


def document_mqm(beads: Sequence[ScoredBead], weights: dict[str, float] | None = None) -> dict[str, float]:
    """Total penalty, penalty per 100 target words and the 0-100 MQM score (penalties from the flags)."""
    total = float(sum(segment_penalty(b.flags, weights) for b in beads))
    words = sum(word_count(b.tgt_text) for b in beads) or sum(word_count(b.src_text) for b in beads)
    per100 = 100.0 * total / max(1, words)
    counts = {s: float(sum(1 for b in beads for f in b.flags if f.severity == s)) for s in reversed(SEVERITIES)}
    return {"mqm_penalty": total, "mqm_per_100_words": per100, "mqm_score": max(0.0, 100.0 - per100),
            "words": float(words), **{f"flags_{s}": n for s, n in counts.items()}}
