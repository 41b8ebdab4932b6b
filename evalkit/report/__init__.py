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

EXTENSIONS = {"html": ".html", "json": ".json", "xliff": ".xlf", "tmx": ".tmx"}


def render(report: dict, fmt: str) -> str:
    """The text of one output format for a report dict."""
    if fmt == "html":
        from evalkit.report.html import render_html

        return render_html(report)
    if fmt == "json":
        from evalkit.report.json_export import to_json

        return to_json(report)
    if fmt in ("xliff", "tmx") and report["mode"] == "translation-only":
        raise ValueError(f"{fmt} export needs a source document (this report is translation-only)")
    if fmt == "xliff":
        from evalkit.report.xliff import to_xliff

        return to_xliff(report)
    if fmt == "tmx":
        from evalkit.report.tmx import to_tmx

        return to_tmx(report)
    raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(EXTENSIONS)})")


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
    texts = {fmt: render(report, fmt) for fmt in formats}
    out = Path(out_dir)
    return {fmt: write_atomic(out / f"{name}{EXTENSIONS[fmt]}", text) for fmt, text in texts.items()}
