"""Typed records passed between the pipeline stages.

Data flows one way: ingest → segment (:class:`Document` of :class:`Segment`) →
align (:class:`Alignment` of :class:`Bead`) → score/flag (:class:`Evaluation`
of :class:`ScoredBead` with :class:`Flag`) → report. Each stage only reads the
records of the stages before it, so every stage can be tested on its own.
Offsets always refer to the original decoded text of a document, so a report
can point back to the exact place in the file the user gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal["body", "heading", "furniture", "skipped"]
Severity = Literal["minor", "major", "critical"]
Verdict = Literal["parallel", "partial", "not-parallel"]


@dataclass(frozen=True)
class Segment:
    """One sentence (or heading, or furniture line) of a document.

    ``text`` is the repaired text; ``start``/``end`` are character offsets of
    the piece it came from in :attr:`Document.raw` (``raw[start:end]``).
    ``reason`` says why a ``skipped`` segment was set aside (e.g. "pull quote
    repeating segment 12"), or why furniture was classified as such.
    """

    id: int
    text: str
    kind: SegmentKind
    start: int
    end: int
    paragraph: str | None = None
    reason: str | None = None
    # Exact raw ranges the text came from, disjoint across all segments of a
    # document; more than one when furniture interrupted the segment (e.g. a
    # running header in the middle of a sentence). Empty: just ``(start, end)``.
    spans: tuple[tuple[int, int], ...] = ()


@dataclass
class Document:
    """A decoded input file and its segments (all kinds, in reading order)."""

    path: str
    lang: str
    raw: str
    segments: list[Segment] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        from pathlib import Path

        return Path(self.path).stem

    @classmethod
    def from_lines(cls, lines: list[str], lang: str, path: str = "<lines>") -> "Document":
        """A pre-segmented document: one body segment per line, offsets into the joined text."""
        raw = "\n".join(lines) + ("\n" if lines else "")
        segs, pos = [], 0
        for line in lines:
            if line.strip():
                segs.append(Segment(len(segs), line.strip(), "body", pos, pos + len(line), str(len(segs))))
            pos += len(line) + 1
        return cls(path=path, lang=lang, raw=raw, segments=segs)

    def alignable(self) -> list[Segment]:
        """Segments the aligner should consider (everything but ``skipped``)."""
        return [s for s in self.segments if s.kind != "skipped"]


@dataclass(frozen=True)
class Bead:
    """An alignment link: source segment ids ↔ target segment ids.

    Either side may be empty (a sentence with no counterpart). ``confidence``
    is calibrated on benchmark data: the probability the bead is exactly right.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    confidence: float


@dataclass
class Alignment:
    """The aligned pair of documents and the aligner's verdict about them."""

    src: Document
    tgt: Document
    beads: list[Bead]
    verdict: Verdict
    src_coverage: float  # share of alignable source characters in non-null beads
    tgt_coverage: float
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flag:
    """A suspected error at span level, with the evidence a reviewer needs.

    ``start``/``end`` are offsets into the *target segment text* (``segment``);
    ``src_span``/``src_start``/``src_end`` point into the source text of the
    bead when the source words involved are known.
    """

    bead: int
    segment: str
    span: str
    start: int
    end: int
    category: str
    severity: Severity
    message: str
    detector: str
    confidence: float = 1.0
    src_span: str | None = None
    src_start: int | None = None
    src_end: int | None = None
    suggestion: str | None = None


@dataclass
class ScoredBead:
    """A bead with its texts, scores (name → value) and flags."""

    index: int
    bead: Bead
    src_text: str
    tgt_text: str
    scores: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    mqm: float = 0.0


@dataclass
class Evaluation:
    """Everything a report needs: the alignment, per-bead results, doc scores.

    ``signals`` names the signals actually used (e.g. "similarity:e5-small",
    "chrF:reference", "apertium:pseudo-reference") and ``checks_not_run`` the
    detectors that could not run for this language pair and why, so reports are
    honest about what was and was not measured.
    """

    alignment: Alignment
    beads: list[ScoredBead]
    doc_scores: dict[str, float] = field(default_factory=dict)
    signals: list[str] = field(default_factory=list)
    signatures: dict[str, str] = field(default_factory=dict)
    src_lang: str = "fr"
    tgt_lang: str = "en"
    checks_not_run: list[str] = field(default_factory=list)  # "tense: tense cues exist for fr->en only"
