"""Reports: self-contained HTML, versioned JSON, XLIFF/TMX exports.

Public API (stable):
    write_reports(evaluation, out_dir, name, *, formats=("html", "json"), corpus=None) -> dict[str, Path]
        writes <name>.html and <name>.json (and <name>.xlf / <name>.tmx when asked) atomically.
    build_report(evaluation, name) -> dict    the JSON-ready report (schema in evalkit/schemas/).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from evalkit.records import Evaluation



def render(report: dict, fmt: str) -> str:
    """The text of one output format for a report dict (the writer registry's ``fmt`` writer)."""
    from evalkit.writers import render as render_kind

    return render_kind(report, fmt, "report")


def report_files(report: dict, out_dir, name: str, formats: Iterable[str]) -> dict[str, tuple[Path, str]]:
    """format -> (``out_dir/<name><suffix>``, text), every text rendered before any file is written."""
    from evalkit.writers import get_writer

    out = Path(out_dir)
    paths = {fmt: out / f"{name}{get_writer(fmt).suffix}" for fmt in formats}
    texts = {fmt: render(report, fmt) for fmt in paths}
    return {fmt: (paths[fmt], texts[fmt]) for fmt in paths}


def build_report(evaluation: Evaluation, name: str, *, corpus: dict | None = None, title: str = "",
                 relation: str | None = None) -> dict:
    from evalkit.report.model import build_report as _build

    return _build(evaluation, name, corpus=corpus, title=title, relation=relation)


def write_reports(evaluation: Evaluation, out_dir, name: str, *,
                  formats: Iterable[str] = ("html", "json"), corpus: dict | None = None, title: str = "",
                  relation: str | None = None) -> dict[str, Path]:
    """Write the report files for ``evaluation`` as ``out_dir/<name>.<ext>``.

    Every format is rendered in memory first and only then written, each file
    through a temp file and a rename: an error leaves no half-written report.
    ``corpus``: corpus scores against a reference with their intervals
    (:func:`evalkit.metrics.corpus_scores`). Returns format → path.
    """
    from evalkit.report.atomic import write_atomic

    report = build_report(evaluation, name, corpus=corpus, title=title, relation=relation)
    files = report_files(report, out_dir, name, formats)
    return {fmt: write_atomic(path, text) for fmt, (path, text) in files.items()}
