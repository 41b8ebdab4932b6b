"""`evalkit segment`: show how a document is read, one segment per line."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import FormatOpt, Lang, NoLangCheck, Presegmented, Quiet
from evalkit.errors import InputError, LanguageMismatchError


class Layout(str, Enum):
    auto = "auto"
    plain = "plain"
    pdf_text = "pdf-text"
    web = "web"
    presegmented = "presegmented"
    pdf = "pdf"


def segment(
    file: Path = typer.Argument(..., help="Text file (any common encoding) or PDF."),
    lang: Optional[str] = Lang,
    fmt: str = FormatOpt("segments", "jsonl", "jsonl: one JSON object per segment; txt: one segment text per line."),
    show_skipped: bool = typer.Option(
        False, "--show-skipped", help="Also print segments set aside (pull quotes, captions...)."
    ),
    presegmented: bool = Presegmented,
    layout: Layout = typer.Option(Layout.auto, "--layout", help="How the text was produced; auto detects it."),
    no_lang_check: bool = NoLangCheck,
    quiet: bool = Quiet,
) -> None:
    """Read FILE, repair it and print its segments (sentences, headings, furniture) with provenance."""
    from evalkit.ingest import load_document

    from evalkit.text.profiles import languages

    def supported(code: str) -> None:
        if code not in languages():
            raise InputError(f"unsupported language {code!r}: use one of {', '.join(languages())}")

    if lang is not None:
        supported(lang)
    try:
        doc = load_document(file, lang, presegmented=presegmented, layout=None if layout is Layout.auto else layout.value,
                            check_language=not no_lang_check)
    except LanguageMismatchError as exc:
        raise InputError(exc.explain(f"--lang {lang}", f"use --lang {exc.guessed} (or --no-lang-check)")) from None
    supported(doc.lang)
    from evalkit.writers import render

    records = [_record(s, doc.path) for s in doc.segments if s.kind != "skipped" or show_skipped]
    sys.stdout.write(render(records, fmt, "segments"))


def _record(s, path: str) -> dict:
    """A segment as the ``segments`` writers take it (the jsonl line, field for field)."""
    return {"id": s.id, "text": s.text, "kind": s.kind, "start": s.start, "end": s.end, "paragraph": s.paragraph,
            "reason": s.reason, "spans": [list(x) for x in (s.spans or ((s.start, s.end),))], "document": path}
