"""Markdown for a pull-request comment, and the short text a CI log shows.

Text from the inputs (segments in the "read first" list) is escaped so a
hypothesis cannot inject markup, links or mentions into the comment.
"""

from __future__ import annotations

import re

ICON = {"pass": "✅", "fail": "❌", "skip": "⚪"}


def _md(s: str, limit: int = 160) -> str:
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = re.sub(r"([\\`*_\[\]|<>~])", r"\\\1", s)
    return s.replace("@", "@\u200b")  # no @mentions


COUNTS = ("critical_flags", "major_flags", "minor_flags", "empty_lines")
# The metrics a reader looks at first (the CI log line, the JUnit properties, the Markdown table).
KEY_METRICS = ("bleu", "chrf", "ter", "similarity_mean", "mqm", "critical_flags", "major_flags", "minor_flags",
               "empty_lines", "coverage")
ORDER = {"fail": 0, "skip": 1, "pass": 2}


def _num(v, count: bool = False) -> str:
    if v is None:
        return "–"
    if count or float(v).is_integer() and abs(v) < 1e6:
        return str(int(round(v)))
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.3f}".rstrip("0").rstrip(".")


def _metric_row(name: str, m: dict) -> str:
    count = name in COUNTS
    ci = f"{_num(m['ci_low'])} – {_num(m['ci_high'])}" if m["ci_low"] is not None else ""
    note = f" ({_md(m['note'])})" if m.get("note") and m["value"] is None else ""
    return f"| {name} | {_num(m['value'], count)}{note} | {ci} |"


def by_status(checks: list[dict]) -> list[dict]:
    """Failures first, then skipped checks, then passes; policy order within each."""
    return sorted(checks, key=lambda c: ORDER[c["status"]])


def _flags(flags: list[dict]) -> str:
    return "; ".join(f"{f['severity']} {f['category']}: {_md(f['message'], 100)}" for f in flags)


def to_markdown(result: dict) -> str:
    status = result["status"]
    checks = result["checks"]
    nfail = sum(c["status"] == "fail" for c in checks)
    head = (f"## {ICON[status]} evalkit gate: **{status.upper()}**"
            + (f" ({nfail} of {len(checks)} checks failed)" if nfail else f" ({len(checks)} checks)"))
    inp = result["inputs"]
    out = [head, "",
           f"{inp['src_lang']}→{inp['tgt_lang']}, {inp['segments']} segments ({inp['mode']} mode), "
           f"policy: {_md(result['policy'])}", ""]
    out += [f"> ⚠️ {_md(w, 400)}" for w in result.get("warnings") or []] + ([""] if result.get("warnings") else [])
    if checks:
        out += ["| | check | value | detail |", "|---|---|---|---|"]
        for c in by_status(checks):
            count = c["metric"] in COUNTS and c["op"] != "baseline"
            out.append(f"| {ICON[c['status']]} | {_md(c['name'])} | {_num(c['value'], count)} | {_md(c['message'], 220)} |")
        out.append("")
    regressed = result.get("regressed_lines") or []
    if regressed:
        out += [f"### Lines that got worse than the baseline ({len(regressed)} shown)", ""]
        for r in regressed:
            sims = ""
            if r.get("similarity") is not None and r.get("baseline_similarity") is not None:
                sims = f", similarity {r['baseline_similarity']:.3f} → {r['similarity']:.3f}"
            new = _flags(r["new_flags"])
            out.append(f"- **line {r['line']}** (penalty {r['baseline_penalty']:.1f} → {r['penalty']:.1f}{sims})"
                       + (f": {new}" if new else ""))
            out.append(f"  - src: {_md(r['src'])}")
            out.append(f"  - baseline: {_md(r['baseline_hyp'])}")
            out.append(f"  - now: {_md(r['hyp'])}")
        out.append("")
    worst = result.get("worst_segments") or []
    if worst and not regressed:
        out += ["<details><summary>Segments to read first</summary>", ""]
        for w in worst:
            where = f"line {w['line']}" if w.get("line") else f"segment {w['index'] + 1}"
            flags = _flags(w["flags"])
            sim = w["scores"].get("similarity")
            out.append(f"- **{where}**" + (f" (similarity {sim:.3f})" if sim is not None else "")
                       + (f": {flags}" if flags else ""))
            out.append(f"  - src: {_md(w['src'])}")
            out.append(f"  - hyp: {_md(w['hyp'])}")
        out += ["", "</details>", ""]
    metrics = result["metrics"]
    key = [n for n in KEY_METRICS if n in metrics]
    rest = [n for n in metrics if n not in key]
    out += [f"<details><summary>Metrics ({len(metrics)})</summary>", "", "| metric | value | 95% CI |", "|---|---|---|"]
    out += [_metric_row(n, metrics[n]) for n in key + rest]
    sigs = [(n, m["signature"]) for n, m in metrics.items() if m.get("signature")]
    if sigs:
        out += ["", "sacreBLEU signatures:", ""] + [f"- {n}: `{s}`" for n, s in sigs]
    out += ["", "</details>", ""]
    return "\n".join(out)


def to_text(result: dict) -> str:
    """A few lines for the CI log: verdict, each check, signatures."""
    checks = result["checks"]
    nfail = sum(c["status"] == "fail" for c in checks)
    mark = {"pass": "ok  ", "fail": "FAIL", "skip": "skip"}
    lines = [f"evalkit gate: {result['status'].upper()} ({nfail} of {len(checks)} checks failed; "
             f"{result['inputs']['segments']} segments; policy {result['policy']})"]
    lines += [f"  warning: {w}" for w in result.get("warnings") or []]
    lines += [f"  {mark[c['status']]} {c['message']}" for c in by_status(checks)]
    shown = [n for n in ("bleu", "chrf", "ter", "similarity_mean", "mqm") if result["metrics"].get(n, {}).get("value") is not None]
    if shown:
        parts = []
        for n in shown:
            m = result["metrics"][n]
            ci = f" [{_num(m['ci_low'])}–{_num(m['ci_high'])}]" if m["ci_low"] is not None else ""
            parts.append(f"{n} {_num(m['value'])}{ci}")
        lines.append("  metrics: " + ", ".join(parts))
    for n, m in result["metrics"].items():
        if m.get("signature"):
            lines.append(f"  {n} signature: {m['signature']}")
    return "\n".join(lines)
