"""Ingestion: decode a file, repair PDF/web damage, segment it, keep provenance.

Public API (stable): ``load_document(path, lang, presegmented=False, layout=None) -> Document``.
Every segment (body, heading, furniture or skipped) points back to the raw
text with ``start``/``end`` (and exact ``spans``), so nothing is lost and a
report can always show where a sentence came from. See docs/ingest.md.
"""

from __future__ import annotations

from pathlib import Path

from evalkit.errors import InputError
from evalkit.ingest.decode import check_text_limits, read_bytes, read_text
from evalkit.ingest.language import check_declared_language, check_language_code, detect_language
from evalkit.ingest.layout import LAYOUTS, detect_layout
from evalkit.ingest.pdftext import Splitter, segment_pdf_text
from evalkit.ingest.sentences import split_sentences
from evalkit.ingest.webtext import segment_presegmented, segment_web_text
from evalkit.records import Document, Segment

__all__ = ["LAYOUTS", "load_document", "segment_text", "detect_layout"]


def segment_text(
    raw: str, lang: str, layout: str, *, splitter: Splitter | None = None, repair: bool = True
) -> list[Segment]:
    """Segments of already-decoded text laid out as ``layout`` ("pdf" text counts as "pdf-text")."""
    split = splitter or split_sentences
    if layout in ("pdf-text", "pdf"):
        return segment_pdf_text(raw, lang, split, repair=repair)
    if layout == "web":
        return segment_web_text(raw, lang, split, web=True)
    if layout == "plain":
        return segment_web_text(raw, lang, split, web=False)
    if layout == "presegmented":
        return segment_presegmented(raw)
    raise InputError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")


def load_document(
    path: str | Path, lang: str | None, presegmented: bool = False, layout: str | None = None, *,
    check_language: bool = True, lang_option: str = "--lang",
) -> Document:
    """Read ``path`` (text in any common encoding, or PDF) and segment it.

    ``lang`` None: detected from the text, or a one-line error naming ``lang_option`` when the
    text does not say clearly (:func:`evalkit.ingest.language.detect_language`).

    ``layout``: None/"auto" detects it; "plain", "pdf-text", "web",
    "presegmented" (one segment per line, used as is) or "pdf".
    ``check_language``: refuse (``LanguageMismatchError``) a text that is
    clearly in another language than ``lang`` (see evalkit/ingest/language.py).
    """
    p = Path(path)
    if lang is not None:
        check_language_code(lang)
    if layout in (None, "auto"):
        layout = None
    elif layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}; choose one of auto, {', '.join(LAYOUTS)}")
    if presegmented:
        layout = "presegmented"
    data = read_bytes(p)
    if layout == "pdf" or (layout is None and (data[:5] == b"%PDF-" or p.suffix.lower() == ".pdf")):
        if data[:5] != b"%PDF-" and data.lstrip()[:5] != b"%PDF-":
            raise InputError(f"{p}: not a PDF file (no %PDF header)")
        from evalkit.ingest.pdf import extract_pdf_text

        raw, encoding, layout = extract_pdf_text(p), "pdf", "pdf"
        check_text_limits(raw, f"{p} (text of the PDF)")  # a small PDF can hold a lot of text
    else:
        raw, encoding = read_text(p)
        layout = layout or detect_layout(raw)
    if lang is None:
        lang = detect_language(raw, str(p), lang_option)
    elif check_language:
        check_declared_language(raw, lang, str(p))
    segments = segment_text(raw, lang, layout)
    if not segments:
        raise InputError(f"{p}: no text to segment")
    return Document(path=str(p), lang=lang, raw=raw, segments=segments, encoding=encoding)
