"""Reports: self-contained HTML, versioned JSON, XLIFF/TMX exports.

Public API (stable):
    write_reports(evaluation, out_dir, name) -> dict[str, Path]   (writes <name>.html and <name>.json atomically)
NOTE: interim stub until the report lands.
"""

from __future__ import annotations

from pathlib import Path


def write_reports(evaluation, out_dir, name) -> dict[str, Path]:
    raise NotImplementedError
