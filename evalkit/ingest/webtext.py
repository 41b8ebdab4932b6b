"""Segment plain text and text copied from web pages (one paragraph per line).

Web copies carry site chrome (paste-site headers, cookie banners, "Read also"
links) and sometimes numbered paragraphs. The chrome becomes ``furniture``
(kept, so nothing is lost, but the aligner may leave it unmatched); paragraph
numbers become the segment's ``paragraph`` id and are left out of its text.
Plain text gets the same treatment without the chrome rules. Lines are never
repaired: text that was never typeset has no lost hyphens to restore.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from evalkit.ingest.emit import SegmentSink
from evalkit.ingest.furniture import web_furniture
from evalkit.ingest.joining import join_lines
from evalkit.ingest.lines import Line, split_lines
from evalkit.records import Segment

Splitter = Callable[[str, str], list[tuple[int, int]]]

PARA_NUMBER = re.compile(r"^(\d{1,4})[.)]\s+")
_NO_END = re.compile(r"[.!?…:;,]\s*[»”\"')\]]*\s*$")


def is_title_line(text: str) -> bool:
    """A short line that does not end like a sentence: a title or crosshead."""
    words = text.split()
    return (
        0 < len(words) <= 12
        and not _NO_END.search(text)
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in '«"“')
    )


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Blank-line separated blocks of short lines are hard-wrapped paragraphs; otherwise one per line."""
    blocks: list[list[Line]] = []
    for ln in lines:
        if blocks and not ln.blank_before:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    wrapped = sum(1 for b in blocks if len(b) > 1) >= max(1, len(blocks) // 3)
    long_lines = sum(1 for ln in lines if len(ln.text) > 100)
    if wrapped and long_lines < 0.2 * len(lines) and any(ln.blank_before for ln in lines):
        return blocks
    return [[ln] for ln in lines]


def segment_web_text(raw: str, lang: str, splitter: Splitter, *, web: bool = True) -> list[Segment]:
    """Segments of a web copy (``web``) or of plain text, in order, with provenance."""
    lines = split_lines(raw)
    numbered = sum(1 for ln in lines if PARA_NUMBER.match(ln.text)) >= 3
    sink = SegmentSink(raw)
    for n, block in enumerate(_paragraphs(lines), start=1):
        first = block[0]
        para: str | None = str(n)
        start = first.start
        if numbered:
            m = PARA_NUMBER.match(first.text)
            para = m.group(1) if m else None
            if m:
                start = first.start + m.end()
                block = [Line(first.index, start, first.end, raw[start : first.end])] + block[1:]
        text = " ".join(ln.text for ln in block)
        reason = web_furniture(text) if web else None
        if reason:
            sink.from_raw(start, block[-1].end, "furniture", para, reason)
            continue
        if len(block) == 1 and is_title_line(text):
            sink.from_raw(start, block[-1].end, "heading", para)
            continue
        mt = join_lines(block, raw, lang, repair=False, dehyphenate=True)
        for s, e in splitter(mt.text, lang):
            sink.from_mapped(mt, s, e, "body", para)
    return sink.finish()


def segment_presegmented(raw: str) -> list[Segment]:
    """One body segment per non-blank line, text as is (only the line's edges trimmed)."""
    sink = SegmentSink(raw)
    for ln in split_lines(raw):
        sink.from_raw(ln.start, ln.end, "body", str(ln.index + 1))
    return sink.finish()
