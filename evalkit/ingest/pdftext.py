"""Segment text extracted from a printed page (newspaper columns, reports).

Such text has one short line per printed line, hyphenation lost at line ends,
drop caps on a line of their own, running headers and page numbers, all-caps
section headings, a byline after the last paragraph and then the boxes of the
page (pull quotes, captions) in whatever order the extractor met them. This
module classifies lines, joins the text lines back into running text with
:mod:`evalkit.ingest.joining`, splits sentences and records provenance.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence

from dataclasses import replace

from evalkit.ingest.dedup import mark_repeats, repeated_line_blocks
from evalkit.ingest.emit import SegmentSink
from evalkit.ingest.furniture import print_furniture
from evalkit.ingest.joining import inner_words, join_lines, restore_inline_hyphens
from evalkit.ingest.lexicon import zipf
from evalkit.ingest.lines import Line, split_lines
from evalkit.records import Segment, SegmentKind

Splitter = Callable[[str, str], list[tuple[int, int]]]

_TERMINAL = re.compile(r"([.!?…]|\.\.\.)[\s»”\"')\]]*$")
_DROP_CAP = re.compile(r"^[A-ZÀ-ÝŒ]$")
_OUT_OF_FLOW = "out of the text flow after the byline (caption, pull quote or sidebar)"


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalpha())


def is_caps_heading(text: str) -> bool:
    """An all-capitals short line: a section heading (or a rubric)."""
    letters = _letters(text)
    return len(letters) >= 3 and letters.isupper() and len(text.split()) <= 10 and not _TERMINAL.search(text)


def _is_byline(text: str) -> bool:
    """Small-caps bylines come out lower-cased: bare names, maybe "(city, correspondent)"."""
    core = re.sub(r"\s*\([^()]{1,60}\)\s*$", "", text)
    words = core.replace(",", " ").split()
    return (
        text == text.lower()
        and 2 <= len(words) <= 8
        and all(re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", w) for w in words)
    )


def is_sentence_case_heading(text: str, next_text: str, typical: float, lang: str) -> bool:
    """A short unpunctuated line between two paragraphs: an intertitle set in sentence case.

    Only after a sentence end and before a capital, and only when its last word is a
    lower-case content word: a line ending in a name or a function word ("Selon Jean" /
    "Dupont", "les experts de" / "Bercy") is a sentence running on.
    """
    words = text.split()
    if not (2 <= len(words) <= 8) or len(text) >= 0.8 * typical or _TERMINAL.search(text):
        return False
    if not text[:1].isupper() or text.rstrip()[-1:] in ",;:-–" or not next_text[:1].isupper() and next_text[:1] not in "«\"“":
        return False
    if "," in text:
        return False
    last = words[-1]
    first_next = re.match(r"[«\"“\s]*([^\W\d_]+)", next_text)
    # the paragraph after an intertitle starts a sentence, most often with a common word
    # ("Le", "Selon", "The"); a name there may as well continue the line before
    if not first_next or zipf(first_next.group(1), lang) < 5.0:
        return False
    return last.isalpha() and last.islower() and len(last) >= 3 and zipf(last, lang) < 5.5


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _repeated(lines: Sequence[Line]) -> set[int]:
    """Lines repeated 3+ times once digits are ignored: running headers/footers of several pages."""
    norm = [re.sub(r"\d+", "#", ln.text.lower()) for ln in lines]
    counts = Counter(norm)
    return {ln.index for ln, n in zip(lines, norm) if counts[n] >= 3 and len(n) >= 10}


def _front_matter(lines: Sequence[Line], furniture: dict[int, str]) -> list[list[int]]:
    """Title and standfirst: blocks before the body starts (a drop cap, or the first sentence)."""
    drop = next((ln.index for ln in lines[:25] if _DROP_CAP.match(ln.text) and ln.index + 1 < len(lines)
                 and lines[ln.index + 1].text[:1].islower()), None)
    blocks: list[list[int]] = []
    for ln in lines[: drop if drop is not None else 25]:
        if ln.index in furniture:
            continue
        if blocks and (ln.text[:1].islower() or lines[blocks[-1][-1]].text.rstrip().endswith((",", "-", "–"))):
            blocks[-1].append(ln.index)
        else:
            blocks.append([ln.index])
    if drop is not None:
        return blocks
    out = []
    for b in blocks:  # without a drop cap: unpunctuated blocks before the first sentence end
        text = " ".join(lines[i].text for i in b)
        if re.search(r"[.!?…](\s|$)", text) or len(b) > 3 or len(text.split()) > 40:
            break
        out.append(b)
    return out[:-1] if out and len(out) == len(blocks) else out


def segment_pdf_text(raw: str, lang: str, splitter: Splitter, *, repair: bool = True) -> list[Segment]:
    """Segments of extracted print text, in reading order, every character accounted for."""
    lines = split_lines(raw)
    sink = SegmentSink(raw)
    if not lines:
        return []
    doc_words = inner_words(lines)
    furniture: dict[int, str] = {}
    rep = _repeated(lines)
    for ln in lines:
        reason = print_furniture(ln.text)
        if reason is None and ln.index in rep:
            reason = "repeated line (running header or footer)"
        if reason:
            furniture[ln.index] = reason
    lengths = [len(ln.text) for ln in lines if ln.index not in furniture]
    typical = statistics.quantiles(lengths, n=4)[2] if len(lengths) >= 4 else max(lengths or [1])
    pulled = repeated_line_blocks([ln.text for ln in lines], [ln.index not in furniture for ln in lines], typical)
    front = _front_matter(lines, furniture)
    front_of = {i: k for k, b in enumerate(front) for i in b}

    para = 0
    out_of_flow = False
    run: list[Line] = []
    run_paras: list[int] = []
    glued: set[int] = set()
    seen_body = False

    def heading(idx: Sequence[int], kind: SegmentKind, reason: str | None) -> None:
        mt = join_lines([lines[i] for i in idx], raw, lang, repair=repair, doc_words=doc_words)
        if repair:
            restore_inline_hyphens(mt, lang)
        sink.from_mapped(mt, 0, len(mt), kind, f"p{para}", reason)

    def flush() -> None:
        nonlocal run, run_paras, glued
        if not run:
            return
        mt = join_lines(run, raw, lang, repair=repair, doc_words=doc_words, glued=frozenset(glued))
        if repair:
            restore_inline_hyphens(mt, lang)
        line_starts = [ln.start for ln in run]
        for s, e in splitter(mt.text, lang):
            first = mt.starts[s]
            k = max(i for i, st in enumerate(line_starts) if st <= first) if first >= line_starts[0] else 0
            text = mt.text[s:e]
            kind: SegmentKind = "body"
            reason = None
            if out_of_flow:
                kind, reason = "skipped", _OUT_OF_FLOW
                if len(text.split()) <= 3 and _letters(text).isupper():
                    kind, reason = "furniture", "photo credit"
            sink.from_mapped(mt, s, e, kind, f"p{run_paras[k]}", reason)
        run, run_paras, glued = [], [], set()

    pulled_blocks: list[tuple[list[Line], int]] = []
    consumed: set[int] = set()
    for ln in lines:
        i = ln.index
        if i in consumed:
            continue
        if i in furniture:
            sink.from_raw(ln.start, ln.end, "furniture", None, furniture[i])
            if furniture[i] == "byline" and seen_body and (not run or _ends_sentence(run[-1].text)):
                flush()
                out_of_flow = True  # what follows a closing byline is the page's boxes
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
                flush()
                para += 1
                heading(block, "heading", None)
            continue
        prev_text = run[-1].text if run else ""
        if is_caps_heading(ln.text) and (
            not run or out_of_flow or _ends_sentence(prev_text) or prev_text.endswith(("»", "”", '"'))
            or (len(ln.text.split()) >= 2 and len(_letters(ln.text)) >= 10)
        ):
            flush()
            para += 1
            block = [i]  # a heading set on several lines
            while block[-1] + 1 < len(lines) and block[-1] + 1 not in furniture and is_caps_heading(lines[block[-1] + 1].text):
                block.append(block[-1] + 1)
            consumed.update(block)
            heading(block, "skipped" if out_of_flow else "heading", _OUT_OF_FLOW if out_of_flow else None)
            continue
        if (
            seen_body
            and not out_of_flow
            and (not run or _ends_sentence(prev_text))
            and i + 1 < len(lines)
            and is_sentence_case_heading(ln.text, lines[i + 1].text, typical, lang)
        ):
            flush()
            para += 1
            heading([i], "heading", None)
            continue
        if seen_body and not out_of_flow and _is_byline(ln.text) and (not run or _ends_sentence(prev_text)):
            flush()
            sink.from_raw(ln.start, ln.end, "furniture", None, "byline")
            out_of_flow = True
            continue
        if _DROP_CAP.match(ln.text) and i + 1 < len(lines) and lines[i + 1].text[:1].islower():
            flush()
            para += 1
            glued.add(len(run))
            run.append(ln)
            run_paras.append(para)
            seen_body = True
            continue
        if not run or (_ends_sentence(prev_text) and (len(prev_text) < 0.85 * typical or ln.blank_before)):
            if not (run and len(run) - 1 in glued):
                para += 1
        run.append(ln)
        run_paras.append(para)
        seen_body = True
    flush()
    pq_reason = "pull quote: repeats line {} of the text"
    for block, twin in pulled_blocks:
        mt = join_lines(block, raw, lang, repair=repair, doc_words=doc_words)
        sink.from_mapped(mt, 0, len(mt), "skipped", None, pq_reason.format(twin + 1))
    segments = sink.finish()
    twin_segment = {}
    for block, twin in pulled_blocks:
        at = lines[twin].start
        owner = next((s.id for s in segments if any(a <= at < b for a, b in s.spans) and s.kind != "skipped"), None)
        if owner is not None:
            twin_segment[pq_reason.format(twin + 1)] = f"repeats segment {owner} (pull quote set inside the text)"
    segments = [replace(s, reason=twin_segment.get(s.reason or "", s.reason)) for s in segments]
    return mark_repeats(segments)
