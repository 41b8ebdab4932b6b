"""`evalkit gate`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def gate() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit gate' is not implemented yet")
