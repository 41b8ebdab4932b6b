"""`evalkit segment`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def segment() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit segment' is not implemented yet")
