"""Split raw text into lines that keep their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """A non-blank line: ``text`` is ``raw[start:end]`` without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool = False


def split_lines(raw: str) -> list[Line]:
    """Non-blank lines of ``raw`` with stripped offsets; ``blank_before`` marks paragraph gaps."""
    out: list[Line] = []
    blank = False
    for m in re.finditer(r"[^\n]*", raw):
        if m.start() == m.end() and m.start() > 0 and raw[m.start() - 1] != "\n":
            continue
        s = m.group(0)
        if not s.strip():
            blank = True
            continue
        lead = len(s) - len(s.lstrip())
        start, end = m.start() + lead, m.start() + len(s.rstrip())
        out.append(Line(len(out), start, end, raw[start:end], blank and bool(out)))
        blank = False
    return out
