"""`evalkit check`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def check() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit check' is not implemented yet")
