"""`evalkit align`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def align() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit align' is not implemented yet")
