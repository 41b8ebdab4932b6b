"""Turn pieces of (repaired) text into :class:`Segment` records with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from evalkit.ingest.mapped import MappedText
from evalkit.records import Segment, SegmentKind

_WS = re.compile(r"\s+")


@dataclass
class SegmentSink:
    """Collects segments in any order; :meth:`finish` sorts them by position and numbers them."""

    raw: str
    segments: list[Segment] = field(default_factory=list)

    def from_mapped(
        self, mt: MappedText, i: int, j: int, kind: SegmentKind, paragraph: str | None, reason: str | None = None
    ) -> Segment | None:
        spans = mt.spans(i, j, self.raw)
        text = _WS.sub(" ", "".join(mt.chars[i:j])).strip()
        if not spans or not text:
            return None
        seg = Segment(0, text, kind, spans[0][0], spans[-1][1], paragraph, reason, tuple(spans))
        self.segments.append(seg)
        return seg

    def from_raw(
        self, start: int, end: int, kind: SegmentKind, paragraph: str | None, reason: str | None = None
    ) -> Segment | None:
        piece = self.raw[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        start, end = start + lead, end - trail
        if end <= start:
            return None
        text = _WS.sub(" ", self.raw[start:end])
        seg = Segment(0, text, kind, start, end, paragraph, reason, ((start, end),))
        self.segments.append(seg)
        return seg

    def finish(self) -> list[Segment]:
        ordered = sorted(self.segments, key=lambda s: (s.start, s.end))
        return [replace(s, id=i) for i, s in enumerate(ordered)]
