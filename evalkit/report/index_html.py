"""The batch index page: one self-contained HTML file listing every pair of a batch.

Same rules as the report page (:mod:`evalkit.report.html`): Jinja2 autoescaping for every text
that comes from the pairs (names, titles, error messages quote file paths), no network, and a
Content-Security-Policy that allows only the page's own inline script, by hash. It reuses the
report's stylesheet so the index and the reports it links to look like one tool.

Sorting is done in the browser on ``data-sort`` values written here (numbers as numbers, a
missing value sorts last either way), so the order never depends on how a figure is displayed.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote

from markupsafe import Markup

from evalkit.report.html import _asset, _env, _fmt, _pct

SEVERITIES = ("critical", "major", "minor")
VERDICT_ORDER = {"parallel": 0, "partial": 1, "not-parallel": 2}


def _row(p: dict) -> dict:
    """One table row: displayed texts plus sort keys (None sorts last)."""
    sev = p.get("flags_by_severity") or {}
    ok = p["status"] == "ok"
    verdict = p["verdict"] or ("translation only" if p.get("mode") == "translation-only" else None)
    return {
        "p": p,
        "href": quote(p["reports"]["html"]) if ok and "html" in p["reports"] else None,
        "json_href": quote(p["reports"]["json"]) if ok and "json" in p["reports"] else None,
        "verdict": verdict,
        "coverage": None if p["src_coverage"] is None else f"{_pct(p['src_coverage'])} / {_pct(p['tgt_coverage'])}",
        "mqm": _fmt(p["mqm"], 1) if ok else "–",
        "sev": {s: sev.get(s) for s in SEVERITIES},
        "keys": {
            "name": p["name"].lower(),
            "status": 0 if ok else 1,
            "verdict": VERDICT_ORDER.get(p["verdict"], 3) if verdict else None,
            "coverage": None if p["src_coverage"] is None else min(p["src_coverage"], p["tgt_coverage"] or 0),
            "mqm": p["mqm"],
            "flags": p["flags"],
            **{s: sev.get(s) for s in SEVERITIES},
        },
    }


def _key(v) -> str:
    return "" if v is None else str(v)


def render_index(index: dict) -> str:
    """The index page for an index dict from :func:`evalkit.batch.build_index`."""
    js = _asset("index.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    env = _env()
    env.globals.update(sortkey=_key)
    return env.get_template("index.html.j2").render(
        x=index,
        rows=[_row(p) for p in index["pairs"]],
        severities=SEVERITIES,
        css=Markup(_asset("report.css")),
        js=Markup(js),
        script_hash=f"sha256-{digest}",
    )
