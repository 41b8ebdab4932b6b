"""`evalkit review`."""

from __future__ import annotations

from evalkit.errors import EvalkitError


def review() -> None:
    """(not implemented yet)"""
    raise EvalkitError("'evalkit review' is not implemented yet")
