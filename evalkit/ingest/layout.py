"""Guess how a text file was produced, so the right repairs (and only those) run."""

from __future__ import annotations

import statistics

from evalkit.ingest.furniture import web_furniture
from evalkit.ingest.lines import split_lines
from evalkit.ingest.webtext import PARA_NUMBER

LAYOUTS = ("plain", "pdf-text", "web", "presegmented", "pdf")


def detect_layout(raw: str) -> str:
    """'web' (site chrome or numbered paragraphs), 'pdf-text' (short column lines) or 'plain'.

    PDF-text repair is only safe on typeset text: it is chosen when most lines
    are short and most do not end a sentence, which is what column text looks
    like and what prose with one paragraph per line never does.
    """
    lines = split_lines(raw)
    if not lines:
        return "plain"
    numbered = sum(1 for ln in lines if PARA_NUMBER.match(ln.text))
    chrome = sum(1 for ln in lines if web_furniture(ln.text))
    if numbered >= 3 or chrome >= 2:
        return "web"
    lengths = [len(ln.text) for ln in lines]
    open_ended = sum(1 for ln in lines if ln.text[-1:] not in '.!?»"”:;') / len(lines)
    if len(lines) >= 12 and statistics.median(lengths) <= 60 and open_ended >= 0.6:
        return "pdf-text"
    return "web" if chrome else "plain"
