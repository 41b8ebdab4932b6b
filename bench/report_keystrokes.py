"""Keys and clicks a reviewer needs to decide every major (and critical) flag of a report.

Both pages are driven in real headless Chromium, and the decisions they store are checked at
the end, so a count is only printed when every major flag really got decided:

- **new** (this tree's page): click the summary's "N major" count (1 action), then press
  ``c`` once per flag: each key acts on the highlighted flag and moves on to the next undecided
  one.
- **old** (the page as of ``--old-rev``, default the merge base with main, rendered from the
  same report with that revision's html.py and templates): the shortest route the old keys
  allow, generously counted: tick "only flagged" and pick the risk sort (2 actions), ``j`` row
  by row, ``c`` when the flag is the row's first, else ``Enter`` and one click on its Confirm
  button (the old keys could reach only a row's first flag; by Tab it takes 6-8 presses).

Reads ``reports/lemonde-amazon.json`` (``make review``; reviewed here when missing) or any report JSON:
    /work/main/.venv/bin/python bench/report_keystrokes.py [reports/lemonde-amazon.json] [--old-rev REV]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run"]
STORED = """() => { const k = Object.keys(localStorage).find(k => k.startsWith('evalkit-review:'));
  const s = k ? JSON.parse(localStorage.getItem(k)) : {flags: {}};
  return Object.fromEntries(Object.entries(s.flags).map(([f, v]) => [f, v.decision])); }"""


def _old_renderer(rev: str, tmp: Path):
    """``render_html`` of revision ``rev``: its html.py run against its own templates."""
    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout

    for name in ("report.html.j2", "report.js", "report.css"):
        (tmp / name).write_text(show(f"evalkit/templates/{name}"), encoding="utf-8")
    src = show("evalkit/report/html.py")
    src = src.replace('PackageLoader("evalkit", "templates")', f"FileSystemLoader({str(tmp)!r})")
    src = src.replace('resources.files("evalkit").joinpath("templates", name).read_text(encoding="utf-8")',
                      f"(Path({str(tmp)!r}) / name).read_text(encoding='utf-8')")
    src = src.replace("from __future__ import annotations\n", "")
    src = "from pathlib import Path\nfrom jinja2 import FileSystemLoader\n" + src
    mod = types.ModuleType("old_html")
    exec(compile(src, f"{rev}:evalkit/report/html.py", "exec"), mod.__dict__)
    return mod.render_html


def _majors(report: dict) -> list[dict]:
    return [f for b in report["beads"] for f in b["flags"] if f["severity"] in ("major", "critical")]


def count_new(page, report: dict) -> int:
    majors = _majors(report)
    actions = 1
    page.click("button.countfilter[data-sev=major]:not([data-cat])")
    for _ in range(len(majors) * 2):  # a safety bound: each key should decide one flag
        if all(f["id"] in page.evaluate(STORED) for f in majors):
            break
        page.keyboard.press("c")
        actions += 1
    return actions


def count_old(page, report: dict) -> int:
    majors = {f["id"] for f in _majors(report)}
    page.check("#only-flagged")
    page.select_option("#sort", "risk")
    actions = 2
    page.locator("h1").click()  # leave the form (not counted: the old page needs it for the keys to work)
    order = page.eval_on_selector_all("#segments li.row:not([hidden])", "els => els.map(e => e.id)")
    pos = -1
    for i, rid in enumerate(order):
        ids = page.eval_on_selector_all(f"#{rid} .flag-item", "els => els.map(e => e.dataset.flag)")
        todo = [f for f in ids if f in majors]
        if not todo:
            continue
        for _ in range(i - pos):
            page.keyboard.press("j")
            actions += 1
        pos = i
        for fid in todo:
            if fid == ids[0]:
                page.keyboard.press("c")
                actions += 1
            else:
                if not page.locator(f"#ev-{rid}").is_visible():
                    page.keyboard.press("Enter")
                    actions += 1
                page.click(f"#flag-{fid} button[data-decision=confirmed]")
                actions += 1
    return actions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", nargs="?", default=str(ROOT / "reports" / "lemonde-amazon.json"))
    ap.add_argument("--old-rev", default=None, help="revision of the old page (default: merge base with main)")
    a = ap.parse_args()
    path = Path(a.report)
    if path.exists():
        report = json.loads(path.read_text(encoding="utf-8"))
    elif path == ROOT / "reports" / "lemonde-amazon.json":  # make bench before make review: build it here
        from evalkit.pairfile import read_pair
        from evalkit.pipeline import review_pair
        from evalkit.report import build_report

        print(f"{path} is not there: reviewing pairs/lemonde-amazon first (the report is not written)", flush=True)
        spec = read_pair(ROOT / "pairs" / "lemonde-amazon")
        result = review_pair(spec)
        report = build_report(result.evaluation, spec.name, corpus=result.corpus, title=spec.title,
                              relation=spec.relation)
    else:
        sys.exit(f"{path}: no such report")
    from playwright.sync_api import sync_playwright

    from evalkit.report.html import render_html

    rev = a.old_rev or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                      text=True).stdout.strip()
    majors = _majors(report)
    print(f"{path.name}: {len(majors)} major/critical flags of {sum(len(b['flags']) for b in report['beads'])}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        pages = {"new": render_html(report)}
        try:
            if rev:
                pages["old"] = _old_renderer(rev, tmp)(report)
        except (subprocess.CalledProcessError, KeyError, AttributeError, SyntaxError) as exc:
            print(f"old page: cannot render revision {rev!r} ({exc}); old count not measured")
        results = {}
        for name, html in pages.items():
            f = tmp / f"{name}.html"
            f.write_text(html, encoding="utf-8")
            ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = ctx.new_page()
            page.goto(f.as_uri())
            n = (count_new if name == "new" else count_old)(page, report)
            stored = page.evaluate(STORED)
            missing = [m["id"] for m in majors if m["id"] not in stored]
            results[name] = n if not missing else None
            print(f"{name:4s} page: {n} actions" + (f"  (NOT all decided: {missing})" if missing else
                                                    f"; all {len(majors)} decided"))
            ctx.close()
        browser.close()
    if results.get("old") and results.get("new"):
        print(f"old {results['old']} -> new {results['new']} actions ({rev[:10]} vs this tree)")


if __name__ == "__main__":
    main()
