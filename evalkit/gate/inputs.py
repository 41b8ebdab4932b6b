"""Reading gate inputs: line-aligned text files, checked with one-line errors."""

from __future__ import annotations

from dataclasses import dataclass

from evalkit.errors import InputError
from evalkit.ingest.language import check_lines_language as check_language
from evalkit.ingest.lines import read_lines

__all__ = ["GateInputs", "check_language", "check_parallel", "read_lines"]


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


def check_parallel(inputs: GateInputs) -> None:
    """Line mode needs the same number of lines in every file."""
    n = len(inputs.src)
    for what, lines in (("hypothesis", inputs.hyp), ("reference", inputs.ref), ("baseline", inputs.baseline)):
        if lines is not None and len(lines) != n:
            raise InputError(f"{what} has {len(lines)} lines but the source has {n}: files must be line-aligned "
                             "(or use --align for whole documents)")
