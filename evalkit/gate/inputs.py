"""Reading gate inputs: line-aligned UTF-8 files, checked with one-line errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError


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
    """Lines of a UTF-8 text file (BOM and line ends removed); one-line errors."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file ({what})")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text ({what})") from None
    if "\x00" in text:
        raise InputError(f"{p}: binary file ({what})")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(f"{p}: empty file ({what})")
    return lines


def check_parallel(inputs: GateInputs) -> None:
    """Line mode needs the same number of lines in every file."""
    n = len(inputs.src)
    for what, lines in (("hypothesis", inputs.hyp), ("reference", inputs.ref), ("baseline", inputs.baseline)):
        if lines is not None and len(lines) != n:
            raise InputError(f"{what} has {len(lines)} lines but the source has {n}: files must be line-aligned "
                             "(or use --align for whole documents)")
