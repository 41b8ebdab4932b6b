"""Read a user's TOML file (pair.toml, a gate policy, a registry) with one kind of error."""

from __future__ import annotations

import tomllib
from pathlib import Path

from evalkit.errors import InputError


def read_toml(path: Path) -> dict:
    """The parsed file; a file that is not UTF-8 TOML is a one-line :class:`InputError`.

    Read with :func:`evalkit.ingest.decode.read_bytes` like every input: a named pipe or
    ``/dev/zero`` given as a policy or in place of pair.toml is refused, not read for ever.
    """
    from evalkit.ingest.decode import read_bytes

    data = read_bytes(path, allow_empty=True)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
