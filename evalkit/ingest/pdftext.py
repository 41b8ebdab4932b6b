"""Segment text extracted from a printed page (newspaper columns, reports).

Such text has one short line per printed line, hyphenation lost at line ends,
drop caps on a line of their own, running headers and page numbers, all-caps
section headings, a byline after the last paragraph and then the boxes of the
page (pull quotes, captions) in whatever order the extractor met them. Lines
are classified (:mod:`evalkit.ingest.lineclass`, :mod:`evalkit.ingest.furniture`),
text lines are joined back into running text (:mod:`evalkit.ingest.joining`),
sentences are split and every segment keeps its raw spans.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from evalkit.ingest.dedup import mark_repeats, repeated_line_blocks
from evalkit.ingest.emit import SegmentSink
from evalkit.ingest.furniture import print_furniture
from evalkit.ingest.joining import inner_words, join_lines, restore_inline_hyphens
from evalkit.ingest.lineclass import (
    DROP_CAP,
    ends_sentence,
    front_matter,
    is_byline,
    is_caps_heading,
    is_sentence_case_heading,
    letters,
    repeated_lines,
)
from evalkit.ingest.lines import Line, split_lines
from evalkit.records import Segment, SegmentKind

Splitter = Callable[[str, str], list[tuple[int, int]]]

OUT_OF_FLOW = "out of the text flow after the byline (caption, pull quote or sidebar)"


@dataclass
class _Flow:
    """The running text being rebuilt: lines waiting to be joined, paragraph count, state."""

    raw: str
    lang: str
    splitter: Splitter
    repair: bool
    lines: Sequence[Line]
    doc_words: Counter[str]
    sink: SegmentSink
    para: int = 0
    out_of_flow: bool = False  # after a closing byline: the page's boxes
    seen_body: bool = False
    run: list[Line] = field(default_factory=list)
    run_paras: list[int] = field(default_factory=list)
    glued: set[int] = field(default_factory=set)

    @property
    def last_text(self) -> str:
        return self.run[-1].text if self.run else ""

    def mapped(self, block: Sequence[Line], glued: frozenset[int] = frozenset()):
        mt = join_lines(block, self.raw, self.lang, repair=self.repair, doc_words=self.doc_words, glued=glued)
        if self.repair:
            restore_inline_hyphens(mt, self.lang)
        return mt

    def heading(self, idx: Sequence[int]) -> None:
        """A heading block (or, after the byline, a box label set aside)."""
        self.flush()
        self.para += 1
        mt = self.mapped([self.lines[i] for i in idx])
        kind: SegmentKind = "skipped" if self.out_of_flow else "heading"
        self.sink.from_mapped(mt, 0, len(mt), kind, f"p{self.para}", OUT_OF_FLOW if self.out_of_flow else None)

    def add(self, ln: Line, *, new_paragraph: bool, glue: bool = False) -> None:
        """A text line; ``glue`` joins it to the next without a space (drop cap)."""
        if new_paragraph:
            self.para += 1
        if glue:
            self.glued.add(len(self.run))
        self.run.append(ln)
        self.run_paras.append(self.para)
        self.seen_body = True

    def flush(self) -> None:
        """Join the waiting lines, split sentences, emit them."""
        if not self.run:
            return
        mt = self.mapped(self.run, frozenset(self.glued))
        line_starts = [ln.start for ln in self.run]
        for s, e in self.splitter(mt.text, self.lang):
            first = mt.starts[s]
            k = max((i for i, st in enumerate(line_starts) if st <= first), default=0)
            kind: SegmentKind = "body"
            reason = None
            if self.out_of_flow:
                kind, reason = "skipped", OUT_OF_FLOW
                text = mt.text[s:e]
                if len(text.split()) <= 3 and letters(text).isupper():
                    kind, reason = "furniture", "photo credit"
            self.sink.from_mapped(mt, s, e, kind, f"p{self.run_paras[k]}", reason)
        self.run, self.run_paras, self.glued = [], [], set()


def _furniture(lines: Sequence[Line]) -> dict[int, str]:
    """{line index: reason} for page furniture, by pattern or by repetition across pages."""
    rep = repeated_lines(lines)
    out: dict[int, str] = {}
    for ln in lines:
        reason = print_furniture(ln.text)
        if reason is None and ln.index in rep:
            reason = "repeated line (running header or footer)"
        if reason:
            out[ln.index] = reason
    return out


def segment_pdf_text(raw: str, lang: str, splitter: Splitter, *, repair: bool = True) -> list[Segment]:
    """Segments of extracted print text, in reading order, every character accounted for."""
    lines = split_lines(raw)
    if not lines:
        return []
    sink = SegmentSink(raw)
    furniture = _furniture(lines)
    lengths = [len(ln.text) for ln in lines if ln.index not in furniture]
    typical = statistics.quantiles(lengths, n=4)[2] if len(lengths) >= 4 else max(lengths or [1])
    pulled = repeated_line_blocks([ln.text for ln in lines], [ln.index not in furniture for ln in lines], typical)
    front = front_matter(lines, furniture)
    front_of = {i: k for k, b in enumerate(front) for i in b}
    flow = _Flow(raw, lang, splitter, repair, lines, inner_words(lines), sink)
    pulled_blocks: list[tuple[list[Line], int]] = []
    consumed: set[int] = set()

    for ln in lines:
        i = ln.index
        if i in consumed:
            continue
        if i in furniture:
            sink.from_raw(ln.start, ln.end, "furniture", None, furniture[i])
            if furniture[i] == "byline" and flow.seen_body and (not flow.run or ends_sentence(flow.last_text)):
                flow.flush()
                flow.out_of_flow = True
            continue
        if i in pulled and i not in front_of:
            # a pull quote set inside the flow: kept aside whole, the text runs on around it
            if pulled_blocks and pulled_blocks[-1][0][-1].index == i - 1 and pulled_blocks[-1][1] == pulled[i]:
                pulled_blocks[-1][0].append(ln)
            else:
                pulled_blocks.append(([ln], pulled[i]))
            continue
        if i in front_of:
            block = front[front_of[i]]
            if i == block[0]:
                flow.heading(block)
            continue
        prev = flow.last_text
        sentence_ended = not flow.run or ends_sentence(prev)
        if is_caps_heading(ln.text) and (
            sentence_ended
            or flow.out_of_flow
            or prev.endswith(("»", "”", '"'))
            or (len(ln.text.split()) >= 2 and len(letters(ln.text)) >= 10)
        ):
            block = [i]  # a heading may be set on several lines
            while (
                block[-1] + 1 < len(lines)
                and block[-1] + 1 not in furniture
                and is_caps_heading(lines[block[-1] + 1].text)
            ):
                block.append(block[-1] + 1)
            consumed.update(block)
            flow.heading(block)
            continue
        if flow.seen_body and not flow.out_of_flow and sentence_ended:
            if i + 1 < len(lines) and is_sentence_case_heading(ln.text, lines[i + 1].text, typical, lang):
                flow.heading([i])
                continue
            if is_byline(ln.text):
                flow.flush()
                sink.from_raw(ln.start, ln.end, "furniture", None, "byline")
                flow.out_of_flow = True
                continue
        if DROP_CAP.match(ln.text) and i + 1 < len(lines) and lines[i + 1].text[:1].islower():
            flow.flush()
            flow.add(ln, new_paragraph=True, glue=True)
            continue
        # a paragraph ends on a short line that ends a sentence (or before a blank line)
        new_para = not flow.run or (
            ends_sentence(prev)
            and (len(prev) < 0.85 * typical or ln.blank_before)
            and len(flow.run) - 1 not in flow.glued
        )
        flow.add(ln, new_paragraph=new_para)
    flow.flush()
    return mark_repeats(_emit_pulled(pulled_blocks, flow, lines))


def _emit_pulled(pulled_blocks: list[tuple[list[Line], int]], flow: _Flow, lines: Sequence[Line]) -> list[Segment]:
    """Emit the lifted pull quotes as ``skipped``, naming the segment each repeats."""
    starts = {}
    for block, twin in pulled_blocks:
        mt = flow.mapped(block)
        seg = flow.sink.from_mapped(mt, 0, len(mt), "skipped", None, "pull quote")
        if seg is not None:
            starts[seg.start] = lines[twin].start
    segments = flow.sink.finish()
    out = []
    for s in segments:
        if s.kind == "skipped" and s.start in starts and s.reason == "pull quote":
            at = starts[s.start]
            owner = next((o.id for o in segments if o.kind != "skipped" and any(a <= at < b for a, b in o.spans)), None)
            if owner is not None:
                s = replace(s, reason=f"repeats segment {owner} (pull quote set inside the text)")
        out.append(s)
    return out
