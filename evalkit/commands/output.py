"""Where a command's text result goes: stdout, or a file written atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from evalkit.report.atomic import write_atomic


def write_output(text: str, output: Path | None) -> None:
    """Print ``text`` (ending the last line) or write it to ``output`` so no half-written file is left
    (a write error, e.g. a full disk, is one line: :func:`evalkit.report.atomic.write_together`)."""
    if output is None:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    write_atomic(output, text)
