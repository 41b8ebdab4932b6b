"""The HTML report in a real headless Chromium: nothing injected runs, filters work, no errors.

Uses Debian's /usr/bin/chromium driven by the playwright package (its own
browser download is not used). Screenshots land in tests/artifacts/ (git-ignored).
"""

import json
import shutil
from pathlib import Path

import pytest

from evalkit.pairfile import read_pair
from evalkit.report import write_reports
from report_samples import rich_evaluation, translation_only_evaluation

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

WATCH = """
window.__events = [];
document.addEventListener('securitypolicyviolation', e => window.__events.push('csp:' + e.violatedDirective));
"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                               args=ARGS)
        yield b
        b.close()


class Page:
    """A page plus everything suspicious it did: console errors, page errors, dialogs."""

    def __init__(self, browser, path: Path, **ctx):
        self.context = browser.new_context(accept_downloads=True, **ctx)
        self.page = self.context.new_page()
        self.problems = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.add_init_script(WATCH)
        self.page.goto(path.resolve().as_uri())

    def check_clean(self):
        assert self.page.evaluate("window.__pwned") is None, "an injected script ran"
        assert self.page.evaluate("window.__events") == []
        assert self.problems == []

    def type_in(self, selector, value):
        """Fill a text/number field and wait out the page's typing debounce (120 ms)."""
        self.page.fill(selector, value)
        self.page.wait_for_timeout(300)

    def visible_rows(self):
        return self.page.eval_on_selector_all("#segments li.row:not([hidden])", "els => els.map(e => e.id)")

    def shot(self, name, **kw):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **kw)


@pytest.fixture(scope="module")
def rich_html(tmp_path_factory):
    return write_reports(rich_evaluation(), tmp_path_factory.mktemp("rich"), "rich")["html"]


def test_no_injected_script_runs(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 1000})
    pg = p.page
    assert pg.locator("img").count() == 0
    assert pg.locator("a[href^='javascript:']").count() == 0
    assert pg.locator("script").count() == 2
    # The payload text is visible as text in the translation.
    assert "<script>window.__pwned" in pg.locator("#b2 .tgt").inner_text()
    # Open every evidence panel and click every flag: still nothing runs.
    for t in pg.locator("button.toggle").all():
        t.click()
    for m in pg.locator("mark.flag").all():
        m.click()
    p.shot("rich-report", full_page=True)
    p.check_clean()
    p.context.close()


def test_filters_sort_search_and_keys(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 1000})
    pg = p.page
    every = p.visible_rows()
    assert len(every) == 11
    pg.uncheck("input[name=severity][value=major]")
    pg.uncheck("input[name=severity][value=minor]")
    assert p.visible_rows() == ["b2"]
    assert pg.locator("#count").inner_text() == "Showing 1 of 11 rows"
    assert pg.locator("#b2 mark.flag.filtered-out").count() == 1  # the major flag is dimmed
    assert pg.locator("#b2 mark.flag:not(.filtered-out)").inner_text() == "12,000"
    p.shot("filter-critical")
    pg.click("#reset")
    pg.uncheck("input[name=category][value=number]")
    pg.uncheck("input[name=category][value=addition]")
    pg.uncheck("input[name=category][value=terminology]")
    assert p.visible_rows() == ["b1", "b5"]  # mistranslation and markup
    pg.click("#reset")
    pg.check("#only-flagged")
    assert p.visible_rows() == ["b1", "b2", "b5"]
    pg.click("#reset")
    pg.uncheck("#show-aside")
    assert "src-seg2" not in p.visible_rows() and "b4" not in p.visible_rows()
    pg.click("#reset")
    pg.select_option("#score-name", "similarity")
    p.type_in("#score-min", "0.9")
    assert p.visible_rows() == ["b0", "b3", "b8"]
    p.type_in("#score-max", "0.94")
    assert p.visible_rows() == ["b3"]
    pg.click("#reset")
    p.type_in("#search", "rekognition")
    assert p.visible_rows() == ["b8"]
    pg.click("#reset")
    pg.select_option("#sort", "risk")
    assert p.visible_rows()[0] == "b2"
    pg.select_option("#sort", "doc")
    assert p.visible_rows() == every
    # keyboard: j j moves to the second row, Enter opens its evidence, k goes back
    pg.locator("h1").click()
    pg.keyboard.press("j")
    pg.keyboard.press("j")
    assert pg.eval_on_selector("li.row.current", "e => e.id") == "b1"
    pg.keyboard.press("Enter")
    assert pg.locator("#ev-b1").is_visible()
    assert pg.locator("#b1 mark.src-mark.linked").count() >= 1  # source words of the flag are linked
    pg.keyboard.press("k")
    assert pg.eval_on_selector("li.row.current", "e => e.id") == "b0"
    p.shot("keyboard-evidence")
    p.check_clean()
    p.context.close()


def test_flag_click_shows_evidence_and_links_source(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    assert not pg.locator("#ev-b2").is_visible()
    pg.locator("#b2 mark.flag", has_text="12,000").click()
    assert pg.locator("#ev-b2").is_visible()
    assert "1 200" in pg.locator("#b2 mark.src-mark.linked").inner_text()
    assert pg.locator("#flag-f4.focus").count() == 1
    assert "source has 1 200" in pg.locator("#flag-f4 .msg").inner_text()
    # and from the source side: clicking the source words of a flag opens that flag's evidence
    pg.locator("#b1 mark.src-mark", has_text="officines").first.click()
    assert pg.locator("#ev-b1").is_visible() and pg.locator("#flag-f2.focus").count() == 1
    assert "chars" in pg.locator("#ev-b1").inner_text()  # where to find the text in the files
    p.check_clean()
    p.context.close()


def test_reviewer_decisions_persist_and_export(browser, rich_html, tmp_path):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#b2 button.toggle")
    pg.click("#flag-f4 button[data-decision=confirmed]")
    pg.click("#flag-f5 button[data-decision=dismissed]")
    pg.fill("textarea[data-comment=b2]", '=HYPERLINK("x") "quoted", <b>not bold</b>')
    pg.reload()
    assert pg.get_attribute("#flag-f4 button[data-decision=confirmed]", "aria-pressed") == "true"
    assert pg.get_attribute("#flag-f5 button[data-decision=dismissed]", "aria-pressed") == "true"
    assert pg.input_value("textarea[data-comment=b2]").startswith("=HYPERLINK")
    with pg.expect_download() as dl:
        pg.click("#export-json")
    out = json.loads(Path(dl.value.path()).read_text())
    items = {(i["type"], i["flag"] or i["bead"]): i for i in out["items"]}
    assert items[("flag", "f4")]["decision"] == "confirmed"
    assert items[("flag", "f5")]["decision"] == "dismissed"
    assert items[("comment", 2)]["comment"].endswith("<b>not bold</b>")
    with pg.expect_download() as dl:
        pg.click("#export-csv")
    import csv

    rows = list(csv.DictReader(Path(dl.value.path()).open(newline="")))
    assert {r["flag"]: r["decision"] for r in rows if r["type"] == "flag"} == {"f4": "confirmed", "f5": "dismissed"}
    comment = next(r for r in rows if r["type"] == "comment")["comment"]
    assert comment.startswith("'=HYPERLINK")  # no formula injection in spreadsheets
    p.check_clean()
    p.context.close()


def test_print_layout_hides_controls(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1100, "height": 900})
    pg = p.page
    pg.emulate_media(media="print")
    assert not pg.locator("#controls").is_visible()
    assert pg.locator("#ev-b2").is_visible()  # flagged evidence is printed
    p.shot("rich-print", full_page=True)
    p.check_clean()
    p.context.close()


def test_translation_only_report(browser, tmp_path):
    html = write_reports(translation_only_evaluation(), tmp_path, "only")["html"]
    p = Page(browser, html, viewport={"width": 1200, "height": 700})
    assert not p.page.locator("#b0 .src").is_visible()
    assert "CIE" in p.page.locator("#b0 .tgt").inner_text()
    assert p.page.locator("#b0 .tgt").bounding_box()["width"] > 600  # the translation gets the room
    p.shot("translation-only")
    p.check_clean()
    p.context.close()


def test_seed_pair_report_renders(browser, tmp_path, monkeypatch):
    """The real pipeline on the seed pair, opened as a translator would."""
    from evalkit.pipeline import evaluate_pair

    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # shared cores: one thread is faster

    spec = read_pair(ROOT / "pairs" / "lemonde-amazon")
    html = write_reports(evaluate_pair(spec), tmp_path, spec.name)["html"]
    p = Page(browser, html, viewport={"width": 1400, "height": 1000})
    pg = p.page
    n = pg.locator("#segments li.row").count()
    assert n > 10
    assert pg.locator("#count").inner_text() == f"Showing {n} of {n} rows"
    assert "Sean Roche" in pg.locator("#segments").inner_text()
    p.shot("seed-lemonde-amazon")
    p.shot("seed-lemonde-amazon-full", full_page=True)
    pg.select_option("#sort", "risk")
    pg.locator("#review-h").scroll_into_view_if_needed()
    pg.evaluate("document.getElementById('review-h').scrollIntoView()")
    p.shot("seed-lemonde-amazon-risk")
    p.check_clean()
    p.context.close()


A11Y = """() => {
  const problems = [];
  const name = el => (el.getAttribute('aria-label') || (el.labels && [...el.labels].map(l => l.textContent).join(' '))
                      || el.textContent || '').trim();
  document.querySelectorAll('input, select, textarea, button, [role=button]').forEach(el => {
    if (!name(el)) problems.push('no accessible name: ' + el.outerHTML.slice(0, 80));
  });
  document.querySelectorAll('[aria-controls]').forEach(el => {
    if (!document.getElementById(el.getAttribute('aria-controls'))) problems.push('dangling aria-controls');
  });
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
  if (!document.documentElement.lang) problems.push('no lang');
  document.querySelectorAll('svg[role=img]').forEach(s => { if (!s.querySelector('title')) problems.push('svg without title'); });
  return problems;
}"""


def test_accessibility_basics(browser, rich_html):
    """Every control has a name, ids are unique, aria references resolve, charts have titles."""
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    assert p.page.evaluate(A11Y) == []
    # keyboard only: Tab reaches a flag mark, Enter opens its evidence
    p.page.focus("#b2 mark.flag >> nth=0")
    p.page.keyboard.press("Enter")
    assert p.page.locator("#ev-b2").is_visible()
    assert p.page.get_attribute("#b2 button.toggle", "aria-expanded") == "true"
    p.check_clean()
    p.context.close()
