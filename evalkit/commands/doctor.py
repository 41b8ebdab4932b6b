"""`evalkit doctor`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def doctor() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit doctor' is not implemented yet")
