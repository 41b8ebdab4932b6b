"""Reading gate inputs: line-aligned text files, checked with one-line errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError, LanguageMismatchError
from evalkit.ingest.decode import decode_text, read_bytes
from evalkit.ingest.language import check_declared_language


@dataclass
class GateInputs:
    """Texts to gate, already read; ``ref``/``baseline`` are parallel to ``hyp`` in line mode."""

    src: list[str]
    hyp: list[str]
    src_lang: str
    tgt_lang: str
    ref: list[str] | None = None
    baseline: list[str] | None = None
    paths: dict[str, str | None] | None = None


def read_lines(path: str | Path, what: str) -> list[str]:
    """Lines of a text file in any common encoding (BOM and line ends removed); one-line errors.

    Lines are split on line ends only (\\n, \\r\\n, \\r), never on the other
    characters ``str.splitlines`` treats as breaks (U+2028, form feed...), so
    line counts match what ``wc -l`` and MT toolkits see.
    """
    p = Path(path)
    try:
        data = read_bytes(p, allow_empty=True)
        text = decode_text(data, str(p))[0] if data.strip() else ""
    except InputError as exc:
        raise InputError(f"{exc} ({what})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line end does not start another line
    if not any(line.strip() for line in lines):
        raise InputError(f"{p}: empty file ({what})")
    return lines


def check_language(path: str | Path, lines: list[str], lang: str, option: str, other_lang: str) -> None:
    """Refuse a file clearly in another language than ``lang`` (declared by ``option``)."""
    try:
        check_declared_language("\n".join(lines), lang, str(path))
    except LanguageMismatchError as exc:
        hint = ("are --src-lang and --tgt-lang swapped?" if exc.guessed == other_lang
                else f"use {option} {exc.guessed} (or --no-lang-check)")
        raise InputError(exc.explain(f"{option} {lang}", hint)) from None


def check_parallel(inputs: GateInputs) -> None:
    """Line mode needs the same number of lines in every file."""
    n = len(inputs.src)
    for what, lines in (("hypothesis", inputs.hyp), ("reference", inputs.ref), ("baseline", inputs.baseline)):
        if lines is not None and len(lines) != n:
            raise InputError(f"{what} has {len(lines)} lines but the source has {n}: files must be line-aligned "
                             "(or use --align for whole documents)")
