"""Ingestion: decode a file, repair PDF/web damage, segment it, keep provenance.

Public API (stable): load_document(path, lang, presegmented=False, layout=None) -> Document
NOTE: interim implementation (one segment per non-empty line) until ingestion lands.
"""

from __future__ import annotations

from pathlib import Path

from evalkit.errors import InputError
from evalkit.records import Document


def load_document(path: str | Path, lang: str, presegmented: bool = False, layout: str | None = None) -> Document:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    text = p.read_text(encoding="utf-8")
    doc = Document.from_lines(text.splitlines(), lang, str(p))
    doc.raw = text
    return doc
