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


def _num(v) -> str:
    if v is None:
        return "–"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.3f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


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
    if checks:
        out += ["| | check | value | detail |", "|---|---|---|---|"]
        for c in checks:
            out.append(f"| {ICON[c['status']]} | {_md(c['name'])} | {_num(c['value'])} | {_md(c['message'], 220)} |")
        out.append("")
    out += ["<details><summary>All metrics</summary>", "", "| metric | value | 95% CI |", "|---|---|---|"]
    for name, m in result["metrics"].items():
        ci = f"{_num(m['ci_low'])} – {_num(m['ci_high'])}" if m["ci_low"] is not None else ""
        note = f" ({_md(m['note'])})" if m.get("note") and m["value"] is None else ""
        out.append(f"| {name} | {_num(m['value'])}{note} | {ci} |")
    sigs = [(n, m["signature"]) for n, m in result["metrics"].items() if m.get("signature")]
    if sigs:
        out += ["", "sacreBLEU signatures:", ""] + [f"- {n}: `{s}`" for n, s in sigs]
    out += ["", "</details>", ""]
    worst = result.get("worst_segments") or []
    if worst:
        out += ["<details><summary>Segments to read first</summary>", ""]
        for w in worst:
            where = f"line {w['line']}" if w.get("line") else f"segment {w['index'] + 1}"
            flags = "; ".join(f"{f['severity']} {f['category']}: {_md(f['message'], 100)}" for f in w["flags"])
            sim = w["scores"].get("similarity")
            out.append(f"- **{where}**" + (f" (similarity {sim:.3f})" if sim is not None else "")
                       + (f": {flags}" if flags else ""))
            out.append(f"  - src: {_md(w['src'])}")
            out.append(f"  - hyp: {_md(w['hyp'])}")
        out += ["", "</details>", ""]
    return "\n".join(out)


def to_text(result: dict) -> str:
    """A few lines for the CI log: verdict, each check, signatures."""
    checks = result["checks"]
    nfail = sum(c["status"] == "fail" for c in checks)
    mark = {"pass": "ok  ", "fail": "FAIL", "skip": "skip"}
    lines = [f"evalkit gate: {result['status'].upper()} ({nfail} of {len(checks)} checks failed; "
             f"{result['inputs']['segments']} segments; policy {result['policy']})"]
    lines += [f"  {mark[c['status']]} {c['message']}" for c in checks]
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
