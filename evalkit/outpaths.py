"""Check output paths before any work starts, so a typo fails in a second with one line.

Without this, ``--out-dir report.txt`` (an existing file) or ``--json some_dir``
would only fail after the models ran, with a traceback. Nothing is created here:
the writers (:func:`evalkit.report.atomic.write_atomic`) create folders as they write.
"""

from __future__ import annotations

import os
from pathlib import Path

from evalkit.errors import InputError


def _nearest_existing(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _check_parent(path: Path, shown: Path, what: str) -> None:
    anchor = _nearest_existing(path)
    if not anchor.is_dir():
        raise InputError(f"{shown}: cannot create it: {anchor} is a file, not a folder ({what})")
    if not os.access(anchor, os.W_OK | os.X_OK):
        raise InputError(f"{shown}: cannot write in {anchor}: permission denied ({what})")


def check_out_dir(folder: str | Path, what: str = "output folder") -> None:
    """``folder`` is an existing writable folder, or can be created."""
    p = Path(folder)
    if p.exists() and not p.is_dir():
        raise InputError(f"{p}: exists and is not a folder ({what})")
    _check_parent(p, p, what)


def check_out_file(path: str | Path, what: str = "output file") -> None:
    """``path`` can be written: not a folder, and its folder exists writable or can be created."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a file ({what})")
    _check_parent(p.parent, p, what)
