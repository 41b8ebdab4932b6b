"""`evalkit check`: flag errors in a translation alone (no source at hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import FormatOpt, Glossary, Lang, NoLangCheck, Presegmented, Quiet, check_before_work
from evalkit.errors import InputError, LanguageMismatchError


def check(
    file: Path = typer.Argument(..., help="The translation to check (text file)."),
    lang: Optional[str] = Lang,
    fmt: str = FormatOpt("flags", "txt", "txt: one flag a line; json; jsonl: one flag a line as JSON."),
    glossary: Optional[Path] = Glossary,
    presegmented: bool = Presegmented,
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
) -> None:
    """Flag form and consistency errors in a translation without its source.

    Checks: acronyms that are garbled copies of others (CIE beside ICE), a surname with two
    first names, number formats of another locale, doubled currencies, punctuation habits of
    another language, doubled words, run-together sentences, untranslated foreign phrases.
    """
    import sys

    from evalkit.flag import check_translation
    from evalkit.ingest import load_document

    check_before_work(langs={"--lang": lang}, inputs={"glossary": glossary})
    try:
        doc = load_document(file, lang, presegmented=presegmented, check_language=not no_lang_check)
    except LanguageMismatchError as exc:
        raise InputError(exc.explain(f"--lang {lang}", f"use --lang {exc.guessed} (or --no-lang-check)")) from None
    run = check_translation(doc, glossary=glossary)
    flags = run.flags
    from evalkit.writers import render

    typer.echo(render(flags, fmt, "flags"), nl=False)
    if not quiet:
        counts: dict[str, int] = {}
        for f in flags:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no flags"
        print(f"{file}: {summary}", file=sys.stderr)
        for note in run.not_run:
            print(f"not checked: {note}", file=sys.stderr)
