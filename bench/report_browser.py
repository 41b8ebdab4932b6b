"""The HTML report in headless Chromium: load and filter times as documents grow.

For synthetic reports of 100, 1000 and 5000 beads: page load with the report's
script, the same page with JavaScript disabled (the baseline: parsing and
layout only, same run), and the time to apply a severity filter and the risk
sort. Needs /usr/bin/chromium and the playwright package.

Run: /work/main/.venv/bin/python bench/report_browser.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_render import synthetic  # noqa: E402

ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--no-first-run"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from evalkit.report import write_reports

    out = Path(tempfile.mkdtemp(prefix="evalkit-bench-"))
    print("beads  load_s  load_nojs_s  ratio  severity_filter_s  risk_sort_s")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        warm = browser.new_page()  # first navigation pays start-up costs: not part of any figure
        warm.goto(write_reports(synthetic(10), out, "warm")["html"].as_uri())
        warm.close()
        for n in (100, 1000, 5000):
            uri = write_reports(synthetic(n), out, f"b{n}")["html"].as_uri()
            ctx = browser.new_context(java_script_enabled=False)
            t0 = time.perf_counter()
            ctx.new_page().goto(uri)
            base = time.perf_counter() - t0
            ctx.close()
            ctx = browser.new_context()
            pg = ctx.new_page()
            t0 = time.perf_counter()
            pg.goto(uri)
            load = time.perf_counter() - t0
            t0 = time.perf_counter()
            pg.uncheck("input[name=severity][value=minor]")
            filt = time.perf_counter() - t0
            t0 = time.perf_counter()
            pg.select_option("#sort", "risk")
            sort = time.perf_counter() - t0
            ctx.close()
            print(f"{n:5d}  {load:6.2f}  {base:11.2f}  {load / base:5.2f}  {filt:17.2f}  {sort:11.2f}")
        browser.close()


if __name__ == "__main__":
    main()
