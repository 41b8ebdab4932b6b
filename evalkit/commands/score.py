"""`evalkit score`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def score() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit score' is not implemented yet")
