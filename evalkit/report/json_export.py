"""The JSON report: the report dict, and its check against the versioned schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _schema_text(name: str) -> str:
    return resources.files("evalkit").joinpath("schemas", name).read_text(encoding="utf-8")


def load_schema(name: str = "report.schema.json") -> dict:
    """A JSON Schema shipped with evalkit (``report.schema.json``, ``gate.schema.json``)."""
    return json.loads(_schema_text(name))


def to_json(report: dict) -> str:
    """Pretty, UTF-8 JSON text of a report dict (NaN is impossible: the model nulls it)."""
    return json.dumps(report, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def validate(instance: dict, schema: str = "report.schema.json") -> None:
    """Raise ``jsonschema.ValidationError`` if ``instance`` breaks the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(load_schema(schema), format_checker=jsonschema.FormatChecker()).validate(instance)
