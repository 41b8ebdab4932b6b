"""Read a user's TOML file (pair.toml, a gate policy, a registry) with one kind of error."""

from __future__ import annotations

import tomllib
from pathlib import Path

from evalkit.errors import InputError


def read_toml(path: Path) -> dict:
    """The parsed file; a file that is not UTF-8 TOML is a one-line :class:`InputError`."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
