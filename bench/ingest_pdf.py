"""Which PDF text extractor keeps multi-column pages in reading order?

    /work/main/.venv/bin/python bench/ingest_pdf.py

On tests/data/ingest/two-column.pdf and three-column.pdf (justified columns drawn
row by row across the page, a spanning title, hyphenated line ends, running
header or footer and page numbers) each extractor's words
are compared with the true reading order (difflib ratio over word sequences,
line-end hyphens joined first so no extractor is penalised for them), and we
check that line ends survive (the repair needs them).
"""

from __future__ import annotations

import difflib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests/data/ingest"
FURNITURE = {"Gazette", "Val", "MARDI", "MARS", "page", "Page", "Daily", "Example", "Tuesday", "March"}


def words(text: str) -> list[str]:
    text = re.sub(r"-\n\s*", "", text)
    return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


def score(text: str, truth_text: str) -> float:
    truth = words(truth_text)
    got = [w for w in words(text) if w not in FURNITURE]
    return difflib.SequenceMatcher(None, got, truth, autojunk=False).ratio()


def main() -> None:
    from evalkit.ingest.pdf import extract_pdf_text

    def pdfplumber_plain(pdf_path: Path) -> str:
        import pdfplumber

        with pdfplumber.open(str(pdf_path)) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)

    def pypdf_text(pdf_path: Path) -> str:
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf_path)).pages)

    def pdfminer_text(pdf_path: Path) -> str:
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf_path))

    for stem in ("two-column", "three-column"):
        pdf_path = DATA / f"{stem}.pdf"
        truth = (DATA / f"{stem}.truth.txt").read_text(encoding="utf-8")
        print(f"{stem}.pdf")
        for name, fn in (
            ("pdfplumber extract_text (baseline)", pdfplumber_plain),
            ("pypdf", pypdf_text),
            ("pdfminer.six (LAParams default)", pdfminer_text),
            ("evalkit reader (pdfplumber words + gutters)", extract_pdf_text),
        ):
            t = time.perf_counter()
            try:
                text = fn(pdf_path)
            except Exception as exc:  # an extractor missing is reported, not fatal
                print(f"  {name:45s} failed: {type(exc).__name__}: {exc}")
                continue
            ms = (time.perf_counter() - t) * 1000
            lines = [ln for ln in text.splitlines() if ln.strip()]
            hyph = sum(1 for ln in lines if ln.rstrip().endswith("-"))
            print(
                f"  {name:45s} order similarity {score(text, truth):.3f}   {len(lines)} lines, {hyph} line-end hyphens kept   {ms:.0f} ms"
            )


if __name__ == "__main__":
    main()
