"""What every detector shares: the bead pair it looks at and how it builds a Flag.

Categories (see docs/flags.md): number, locale, name, acronym, consistency,
false-friend, wrong-sense, idiom, omission, addition, untranslated, punctuation,
spelling, repetition, terminology, polarity, mood, tense, antonym.
"""

from __future__ import annotations

from dataclasses import dataclass

from evalkit.records import Flag, Severity


@dataclass(frozen=True)
class Pair:
    """One bead as the detectors see it: texts, languages, neighbouring text for context."""

    index: int
    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    context: str = ""  # source + target text of nearby beads (for sense cues)


def make_flag(
    bead: int,
    segment: str,
    start: int,
    end: int,
    category: str,
    severity: Severity,
    message: str,
    detector: str,
    confidence: float = 0.8,
    *,
    src: str | None = None,
    src_start: int | None = None,
    src_end: int | None = None,
    suggestion: str | None = None,
) -> Flag:
    """A Flag whose ``span`` is always ``segment[start:end]`` (kept consistent in one place)."""
    start = max(0, min(start, len(segment)))
    end = max(start, min(end, len(segment)))
    src_span = src[src_start:src_end] if src is not None and src_start is not None and src_end is not None else None
    return Flag(
        bead=bead,
        segment=segment,
        span=segment[start:end],
        start=start,
        end=end,
        category=category,
        severity=severity,
        message=message,
        detector=detector,
        confidence=round(float(confidence), 3),
        src_span=src_span,
        src_start=src_start if src_span is not None else None,
        src_end=src_end if src_span is not None else None,
        suggestion=suggestion,
    )
