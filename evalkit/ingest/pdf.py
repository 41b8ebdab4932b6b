"""Extract the text of a PDF in reading order, columns included.

pdfplumber gives every word with its box; we rebuild lines, cut them at
column gutters and read each band of the page column by column (a title or
picture spanning the columns starts a new band). Measured against pypdf and
pdfminer.six on our multi-column test PDFs (bench/ingest_pdf.py): this keeps
columns in order where pypdf interleaves them, and keeps line ends (which the
repair needs) where pdfminer's paragraphs merge boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@dataclass
class _Frag:
    """Words of one printed line inside one column."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def _fragments(words: list[dict], gap: float) -> list[_Frag]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 2.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    frags: list[_Frag] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        cur = [row[0]]
        for w in row[1:]:
            if w["x0"] - cur[-1]["x1"] > gap:
                frags.append(_make(cur))
                cur = [w]
            else:
                cur.append(w)
        frags.append(_make(cur))
    return frags


def _make(ws: list[dict]) -> _Frag:
    return _Frag(
        ws[0]["x0"],
        ws[-1]["x1"],
        min(w["top"] for w in ws),
        max(w["bottom"] for w in ws),
        " ".join(w["text"] for w in ws),
    )


def _gutters(frags: list[_Frag], width: float, size: float) -> list[float]:
    """x positions no column-width fragment crosses: the gaps between columns."""
    # column lines: body-size text no wider than the usual line (titles, footers and
    # captions crossing a gutter are left out, and read as spanning the columns)
    body = [f for f in frags if f.bottom - f.top <= 1.3 * size and f.x1 - f.x0 < 0.55 * width]
    widths = sorted(f.x1 - f.x0 for f in body)
    usual = widths[len(widths) // 2] if widths else 0.0
    narrow = [f for f in body if f.x1 - f.x0 <= 1.4 * usual]
    if len(narrow) < 4:
        return []
    lo = min(f.x0 for f in narrow)
    hi = max(f.x1 for f in narrow)
    step = 1.0
    cover = [0] * (int((hi - lo) / step) + 2)
    for f in narrow:
        for k in range(int((f.x0 - lo) / step), int((f.x1 - lo) / step) + 1):
            cover[k] += 1
    # tolerate a stray crossing or two on long pages, but only between two real columns
    busy = sorted(c for c in cover if c)
    tolerance = int(0.1 * busy[len(busy) // 2]) if busy else 0
    column = max(2, 2 * tolerance + 1)
    gutters, k = [], 0
    while k < len(cover):
        if cover[k] <= tolerance:
            j = k
            while j < len(cover) and cover[j] <= tolerance:
                j += 1
            if (j - k) * step >= 6 and max(cover[:k] or [0]) >= column and max(cover[j:] or [0]) >= column:
                gutters.append(lo + (k + j) / 2 * step)
            k = j
        else:
            k += 1
    return gutters


def _page_lines(page) -> list[str]:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    if not words:
        return []
    sizes = sorted(w["bottom"] - w["top"] for w in words)
    size = sizes[len(sizes) // 2]
    frags = _fragments(words, gap=1.2 * size)
    gutters = _gutters(frags, float(page.width), size)

    def column(f: _Frag) -> int | None:
        crossing = [g for g in gutters if f.x0 < g < f.x1]
        if crossing:
            return None
        return sum(1 for g in gutters if g < f.x0)

    frags.sort(key=lambda f: (f.top, f.x0))
    out: list[str] = []
    band: list[_Frag] = []

    def flush_band() -> None:
        for c in sorted({column(f) for f in band}):
            col = [f for f in band if column(f) == c]
            prev = None
            for f in col:
                if prev is not None and f.top - prev.bottom > 0.9 * size:
                    out.append("")
                out.append(f.text)
                prev = f
            out.append("")
        band.clear()

    for f in frags:
        if column(f) is None:
            flush_band()
            out.append(f.text)
            out.append("")
        else:
            band.append(f)
    flush_band()
    return out


def extract_pdf_text(path: str | Path) -> str:
    """The text of every page, in reading order; raises InputError when there is none."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
    lines: list[str] = []
    with pdf:
        for page in pdf.pages:
            lines.extend(_page_lines(page))
            lines.append("")
    # typographic ligatures are one glyph in the PDF but two or three letters in the word
    text = "\n".join(lines).translate(_LIGATURES)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    text = text.strip() + "\n"
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned pages?); run OCR first")
    return text
