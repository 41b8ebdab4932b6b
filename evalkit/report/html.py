"""The self-contained HTML report (Jinja2, autoescaped; inline CSS and JS).

Document text reaches the page in two ways only: through Jinja2 autoescaping,
and inside a ``<script type="application/json">`` block where ``<``, ``>``,
``&`` and U+2028/U+2029 are written as JSON escapes so no sequence in the text
can end the block. The page's Content-Security-Policy allows only the one
inline script (by hash), as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from evalkit.report.view import better, histogram, rows, score_names
from evalkit.score.names import headline, is_reference_based, ordered
from evalkit.severity import SEVERITIES

VERDICT_HELP = {
    "parallel": "The documents translate each other.",
    "partial": "Only part of the documents correspond; the rest has no counterpart.",
    "not-parallel": "The documents are related at best: they do not translate each other.",
}

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(obj) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def _asset(name: str) -> str:
    return resources.files("evalkit").joinpath("templates", name).read_text(encoding="utf-8")


def _fmt(v, digits: int = 3) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.{digits}f}"
    return str(v)


def _pct(v) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", s.lower())


def _bidi(text) -> Markup:
    """Document text, escaped, with each bidi control shown as a badge (``⟨RLO⟩``) instead of
    reordering what follows it ("evil" after an RLO would display as "live")."""
    from markupsafe import escape

    from evalkit.ingest.bidi import BIDI_CONTROLS, BIDI_NAMES, BIDI_RE, badge

    def mark(m: re.Match) -> str:
        name = BIDI_CONTROLS[m.group()]
        return (f'<span class="bidi" data-cp="{ord(m.group()):04X}" title="U+{ord(m.group()):04X} {BIDI_NAMES[name]}: a hidden control that '
                f'reorders the text on screen">{badge(name)}</span>')

    text = "" if text is None else str(text)
    return Markup(BIDI_RE.sub(mark, str(escape(text))))


_LONG_ASIDE = re.compile(r"\s*\((usually:[^()]*|[^()]{40,})\)")


def split_message(message: str) -> tuple[str, str]:
    """A flag message as one plain sentence for a translator, and the long asides (lists of
    usual renderings, the omission check's evidence) moved to the technical details."""
    asides = [m.group(1) for m in _LONG_ASIDE.finditer(message)]
    main = _LONG_ASIDE.sub("", message).strip()
    return main, "; ".join(asides)


def _worst(flags: list[dict]) -> str:
    sev = {f["severity"] for f in flags}
    return next((s for s in SEVERITIES if s in sev), "minor")


def _warnings(report: dict) -> list[str]:
    """Contradictions a reviewer must see before reading on."""
    rel, verdict = report["pair"]["relation"], report["alignment"]["verdict"]
    out = []
    if rel == "translation" and verdict == "not-parallel":
        out.append("This pair is declared a translation, but the aligner finds the documents not parallel: "
                   "check that the right files were paired before trusting any score below.")
    if rel == "comparable" and verdict == "parallel":
        out.append("This pair is declared comparable (related texts), yet the aligner finds it parallel.")
    return out


def _not_measured(report: dict) -> list[str]:
    seen = ({k.lower() for b in report["beads"] for k in b["scores"]} | {k.lower() for k in report["scores"]["doc"]}
            | set(report["scores"]["corpus"]))
    out = []
    if not (any(is_reference_based(s) for s in seen)
            or any(s.lower().endswith(":reference") for s in report["signals"])):
        out.append("reference-based scores (BLEU, chrF, TER): no reference translation was given")
    if report["mode"] == "translation-only":
        out.append("adequacy against a source: no source document")
    elif "similarity" not in seen:
        out.append("cross-lingual similarity")
    return out


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept in ``<cache>/templates`` (Jinja checks each against its source's
    checksum): compiling the report's template cost ~0.15 s of every review. A folder that
    cannot be read or written only costs the compiling, as before."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> FileSystemBytecodeCache | None:
    from evalkit.models.paths import cache_root

    folder = cache_root() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


def _env() -> Environment:
    env = Environment(loader=PackageLoader("evalkit", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=_template_cache())
    env.globals.update(fmt=_fmt, pct=_pct, slug=_slug, worst=_worst, better=better, split_message=split_message)
    from evalkit.ingest.bidi import show_bidi

    env.filters.update(bidi=_bidi, bidi_text=show_bidi)
    return env


_FLAG_FIELDS = ("id", "bead", "category", "severity", "span", "src_span", "message", "suggestion", "replacement",
                "key", "review", "new")


def _cuts(report: dict, bead: dict) -> list[int]:
    """Where each target segment after the first starts in the bead's joined target text
    (so a corrected bead can be cut back into the document's segmentation)."""
    segs = {s["id"]: s["text"] for s in report["documents"]["target"]["segments"]}
    text, pos, out = bead["tgt_text"], 0, []
    for n, i in enumerate(bead["tgt"]):
        at = text.find(segs.get(i, "\x00"), pos)
        if at < 0:
            return []
        if n:
            out.append(at)
        pos = at + len(segs[i])
    return out


def _groups(report: dict) -> list[dict]:
    """Flags that say the same thing (same category and message) at least twice: one line each
    in the grouped issue list, so a reviewer can decide them together."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for b in report["beads"]:
        for f in b["flags"]:
            groups.setdefault((f["category"], f["message"]), []).append(f)
    out = [{"category": c, "message": m, "severity": _worst(fl), "ids": [f["id"] for f in fl],
            "spans": sorted({f["span"] for f in fl if f["span"].strip()})[:3]}
           for (c, m), fl in groups.items() if len(fl) > 1]
    return sorted(out, key=lambda g: (-len(g["ids"]), g["category"], g["message"]))


def _page_data(report: dict, table) -> dict:
    """What the page script needs: flags, the texts a correction starts from, the target
    document's segmentation (for the corrected-text export), and keys for re-runs."""
    beads = {b["index"]: b for b in report["beads"]}
    row_of = {}
    for r in table:
        if r.bead is not None:
            for i in r.bead["tgt"]:
                row_of[i] = (r.key, r.bead["tgt"].index(i))
    tgt_doc = [[row_of[s["id"]][0], row_of[s["id"]][1]] if s["id"] in row_of else [None, s["text"]]
               for s in report["documents"]["target"]["segments"]]
    bead_rows = [r for r in table if r.bead is not None]
    return {
        "report_id": report["report_id"],
        "name": report["name"],
        "src_lang": report["src_lang"],
        "tgt_lang": report["tgt_lang"],
        "source_path": report["documents"]["source"]["path"] or report["name"],
        "mode": report["mode"],
        "flags": [{**{k: f.get(k) for k in _FLAG_FIELDS}, "row": f"b{f['bead']}", "num": f["bead"] + 1,
                   "tgt": f["view"]["tgt"]}
                  for b in report["beads"] for f in b["flags"]],
        "rows": {r.key: r.bead["index"] for r in bead_rows},
        "keys": {r.key: r.bead.get("key", "") for r in bead_rows},
        "cuts": {r.key: c for r in bead_rows if len(r.bead["tgt"]) > 1 and (c := _cuts(report, r.bead))},
        "comments": {f"b{i}": b["comment"] for i, b in beads.items() if b.get("comment")},
        "tgt_doc": tgt_doc,
    }


def render_html(report: dict) -> str:
    """The report page for a report dict from :func:`evalkit.report.model.build_report`."""
    js = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    table = rows(report)
    names = score_names(report)
    data = _page_data(report, table)
    heads = headline(names, 4)
    doc_names = ordered(report["scores"]["doc"])
    doc_heads = [n for n in doc_names if n in heads or n in ("mqm", "mqm_score")]
    return _env().get_template("report.html.j2").render(
        r=report,
        # in the order the page opens in (highest risk first), so the script need not move 5000 rows
        rows=sorted(table, key=lambda row: (-(row.bead["risk"] if row.bead else 0.0), row.order)),
        names=names,
        heads=heads,
        doc_heads=doc_heads,
        doc_names=doc_names,
        histograms=[h for n in heads if (h := histogram(report, n))],
        categories=sorted({f["category"] for b in report["beads"] for f in b["flags"]}),
        severities=SEVERITIES,
        verdict_help=VERDICT_HELP,
        not_measured=_not_measured(report),
        warnings=_warnings(report),
        css=Markup(_asset("report.css")),
        js=Markup(js),
        script_hash=f"sha256-{digest}",
        data_json=json_for_script(data),
        sidx={n: i for i, n in enumerate(names)},
        groups=_groups(report),
    )
