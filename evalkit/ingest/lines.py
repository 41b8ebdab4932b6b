"""Split raw text into lines that keep their offsets, and read line-aligned files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError


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


def _pdf_text(p: Path) -> str:
    """The text layer of a PDF, with a one-line error for a broken one (pdfminer raises many types)."""
    from evalkit.ingest.pdf import extract_pdf_text

    try:
        return extract_pdf_text(p)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt PDF fails anywhere inside pdfminer
        raise InputError(f"{p}: not a readable PDF ({type(exc).__name__})") from None


def read_lines(path: str | Path, what: str) -> list[str]:
    """Lines of a text file in any common encoding (BOM and line ends removed), or of a PDF's
    text layer; every error is one line naming ``what`` (source, hypothesis...).

    Lines are split on line ends only (\\n, \\r\\n, \\r), never on the other
    characters ``str.splitlines`` treats as breaks (U+2028, form feed...), so
    line counts match what ``wc -l`` and MT toolkits see. The one reader of
    line-aligned files (``gate``, ``score --aligned``); the limits are those of
    :mod:`evalkit.ingest.decode`.
    """
    from evalkit.ingest.decode import check_text_limits, decode_text, read_bytes

    p = Path(path)
    try:
        data = read_bytes(p, allow_empty=True)
        if data.lstrip()[:5] == b"%PDF-":
            text = _pdf_text(p)
        elif p.suffix.lower() == ".pdf" and data.strip():
            raise InputError(f"{p}: not a PDF file (no %PDF header)")
        else:
            text = decode_text(data, str(p))[0] if data.strip() else ""
        check_text_limits(text, str(p))
    except InputError as exc:
        raise InputError(f"{exc} ({what})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line end does not start another line
    if not any(line.strip() for line in lines):
        raise InputError(f"{p}: empty file ({what})")
    return lines
