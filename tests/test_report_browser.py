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


def current_flag(pg):
    """The flag the keys act on (the highlighted one), or None."""
    return pg.evaluate("() => { const i = document.querySelector('.flag-item.current'); return i && i.dataset.flag; }")


def read_csv(path):
    import csv

    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


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
    assert pg.input_value("#sort") == "risk"  # the page opens on the work
    assert p.visible_rows()[0] == "b2"
    pg.select_option("#sort", "doc")
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
    pg.select_option("#sort", "doc")
    pg.uncheck("input[name=category][value=number]")
    pg.uncheck("input[name=category][value=addition]")
    pg.uncheck("input[name=category][value=terminology]")
    assert p.visible_rows() == ["b1", "b5"]  # mistranslation and markup
    pg.click("#reset")
    pg.select_option("#sort", "doc")
    pg.check("#only-flagged")
    assert p.visible_rows() == ["b1", "b2", "b5"]
    pg.click("#reset")
    pg.uncheck("#show-aside")
    assert "src-seg2" not in p.visible_rows() and "b4" not in p.visible_rows()
    pg.click("#reset")
    pg.select_option("#sort", "doc")
    pg.check("#tech")  # the score range is a technical detail
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
    # keyboard, in document order: j goes flag by flag (b1 has three), k goes back
    pg.locator("h1").click()
    pg.keyboard.press("j")
    assert current_flag(pg) == "f1" and pg.eval_on_selector("li.row.current", "e => e.id") == "b1"
    assert pg.locator("#ev-b1").is_visible()
    assert pg.locator("#b1 mark.src-mark.linked").count() >= 1  # source words of the flag are linked
    pg.keyboard.press("j")
    pg.keyboard.press("j")
    pg.keyboard.press("j")
    assert current_flag(pg) == "f4" and pg.eval_on_selector("li.row.current", "e => e.id") == "b2"
    pg.keyboard.press("k")
    assert current_flag(pg) == "f2"
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
    rows = read_csv(dl.value.path())
    assert {r["flag"]: r["decision"] for r in rows if r["decision"]} == {"f4": "confirmed", "f5": "dismissed"}
    comment = next(r for r in rows if r["flag"] == "f4")["comment"]
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


# ---- the review workflow: keys on the highlighted flag, opening state, Escape, progress, state kept ----


def decisions(pg):
    return pg.evaluate("""() => { const s = JSON.parse(localStorage.getItem(Object.keys(localStorage)
        .find(k => k.startsWith('evalkit-review:')))); return Object.fromEntries(Object.entries(s.flags)
        .map(([k, v]) => [k, v.decision])); }""")


def test_keys_act_on_the_highlighted_flag(browser, rich_html):
    """j/k move flag by flag; d dismisses the highlighted flag (the row's second), not the row's first."""
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.keyboard.press("j")
    assert current_flag(pg) == "f4"  # b2 is the riskiest row; 12,000 is its first flag
    pg.keyboard.press("j")
    assert current_flag(pg) == "f5"
    assert pg.locator("#b2 mark.current-flag").inner_text().startswith("<script>")
    pg.keyboard.press("d")
    assert decisions(pg) == {"f5": "dismissed"}
    assert pg.get_attribute("#flag-f5 button[data-decision=dismissed]", "aria-pressed") == "true"
    assert pg.get_attribute("#flag-f4 button[data-decision=dismissed]", "aria-pressed") == "false"
    assert current_flag(pg) == "f1"  # on to the next undecided flag, in the next row
    pg.keyboard.press("k")
    pg.keyboard.press("k")
    assert current_flag(pg) == "f4"
    pg.keyboard.press("c")
    assert decisions(pg) == {"f5": "dismissed", "f4": "confirmed"}
    p.context.close()
    # walking every flag (n, or j) visits only rows that have flags, each flag once, in risk then reading order
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    seen = []
    for _ in range(8):
        pg.keyboard.press("n")
        seen.append((current_flag(pg), pg.eval_on_selector("li.row.current", "e => e.id")))
    assert [f for f, _ in seen] == ["f4", "f5", "f1", "f3", "f2", "f6", "f6", "f6"]
    assert {r for _, r in seen} == {"b1", "b2", "b5"}
    p.check_clean()
    p.context.close()


def test_page_opens_on_the_work(browser, rich_html):
    """Risk order, and the very first key acts on the top flag, not on a heading row."""
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    assert pg.input_value("#sort") == "risk"
    assert p.visible_rows()[:2] == ["b2", "b1"]
    assert current_flag(pg) is None
    pg.keyboard.press("d")  # first key: the top flag
    assert decisions(pg) == {"f4": "dismissed"}
    assert pg.inner_text("#progress").startswith("1 of 6 flags decided")
    p.context.close()
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    p.page.keyboard.press("j")
    assert current_flag(p.page) == "f4" and p.page.eval_on_selector("li.row.current", "e => e.id") == "b2"
    p.check_clean()
    p.context.close()


def test_escape_returns_to_navigation_and_boxes_keep_their_keys(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.keyboard.press("j")
    pg.keyboard.press("/")
    assert pg.evaluate("document.activeElement.id") == "search"
    pg.keyboard.type("dj")
    assert pg.input_value("#search") == "dj" and decisions(pg) == {} and current_flag(pg) == "f4"
    pg.keyboard.press("Escape")
    assert pg.evaluate("document.activeElement.id") != "search"
    pg.fill("#search", "")
    pg.keyboard.press("Escape")
    pg.keyboard.press("j")
    assert current_flag(pg) == "f5"  # navigation works again
    pg.keyboard.press("m")  # the comment box of the highlighted flag's row
    assert pg.evaluate("document.activeElement.getAttribute('data-comment')") == "b2"
    pg.keyboard.type("j and d and c")
    assert decisions(pg) == {} and current_flag(pg) == "f5"
    pg.keyboard.press("Escape")
    assert pg.evaluate("document.activeElement.tagName") != "TEXTAREA"
    pg.keyboard.press("d")
    assert decisions(pg) == {"f5": "dismissed"}
    pg.reload()
    assert pg.input_value("textarea[data-comment=b2]") == "j and d and c"
    # Escape from editing the translation too
    pg.keyboard.press("j")
    pg.keyboard.press("e")
    assert pg.evaluate("document.activeElement.classList.contains('tt')")
    pg.keyboard.press("Escape")
    assert not pg.evaluate("document.activeElement.isContentEditable")
    pg.keyboard.press("j")
    assert current_flag(pg) is not None
    p.check_clean()
    p.context.close()


def test_summary_counts_filter_and_progress(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    assert pg.inner_text("#progress") == "0 of 6 flags decided (0 of 3 critical or major)"
    pg.click("button.countfilter[data-sev=major]:not([data-cat])")
    assert pg.eval_on_selector_all("input[name=severity]:checked", "els => els.map(e => e.value)") == ["major"]
    assert p.visible_rows() == ["b2", "b1"]  # the rows with a major flag, riskiest first
    pg.keyboard.press("c")
    pg.keyboard.press("c")
    assert decisions(pg) == {"f5": "confirmed", "f2": "confirmed"}  # only the major flags, in order
    assert pg.inner_text("#progress") == "2 of 6 flags decided (2 of 3 critical or major)"
    pg.click("button.countfilter[data-cat=markup]:not([data-sev])")
    assert p.visible_rows() == ["b5"]
    pg.click("#reset")
    pg.check("#only-flagged")  # the focus stays on the check box: the keys still work
    pg.keyboard.press("j")
    assert current_flag(pg) == "f4"
    p.check_clean()
    p.context.close()


def test_reload_keeps_sort_filters_and_technical_switch(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    assert not pg.locator("#b2 .scores").is_visible()  # translator view: no scores on rows
    assert not pg.locator("#score-name").is_visible()
    pg.check("#tech")
    assert pg.locator("#b2 .scores").is_visible()
    pg.select_option("#sort", "doc")
    pg.uncheck("input[name=severity][value=minor]")
    p.type_in("#search", "cameras")
    before = p.visible_rows()
    assert before == ["b2"]
    pg.reload()
    assert pg.input_value("#sort") == "doc"
    assert not pg.is_checked("input[name=severity][value=minor]")
    assert pg.input_value("#search") == "cameras"
    assert pg.is_checked("#tech") and pg.locator("#b2 .scores").is_visible()
    assert p.visible_rows() == before
    pg.click("#reset")
    assert pg.input_value("#sort") == "risk" and len(p.visible_rows()) == 11
    p.check_clean()
    p.context.close()


def test_apply_and_edit_in_place_survive_reload_and_export(browser, rich_html):
    import xml.etree.ElementTree as ET

    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    # apply by button
    pg.click("#b1 button.toggle")
    pg.click("#flag-f2 button.apply")
    assert pg.inner_text("#b1 .tt") == "Sixteen other US agencies signed in 2013."
    assert pg.inner_text("#b1 ins.applied") == "agencies"
    assert decisions(pg) == {"f2": "confirmed"}  # applying a suggestion accepts the flag
    # edit by hand: e on the highlighted flag selects its words; typing replaces them
    pg.locator("#b2 mark.flag", has_text="12,000").click()
    assert current_flag(pg) == "f4"
    pg.keyboard.press("e")
    pg.keyboard.type("1,200")
    pg.keyboard.press("Enter")
    assert pg.inner_text("#b2 .tt").startswith("Amazon sold 1,200 cameras to the police <script>")
    pg.reload()
    assert pg.inner_text("#b1 .tt") == "Sixteen other US agencies signed in 2013."
    assert pg.inner_text("#b2 .tt").startswith("Amazon sold 1,200 cameras")
    assert pg.locator("#flag-f2 button.apply").is_disabled()
    assert "2 translation(s) corrected" in pg.inner_text("#progress")
    # the corrected translation, in the target document's segmentation (8 segments: 8 lines)
    with pg.expect_download() as dl:
        pg.click("#export-text")
    lines = Path(dl.value.path()).read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 9
    assert lines[1] == "Sixteen other US agencies signed in 2013."
    assert lines[2].startswith("Amazon sold 1,200 cameras")
    assert lines[3] == "Not a member of Pastebin yet? Sign Up"  # set aside, kept in its place
    assert lines[7] == "Federal agencies use Rekognition."
    # XLIFF 2.1 with the corrected targets, a state per segment, decisions as notes
    with pg.expect_download() as dl:
        pg.click("#export-xliff")
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = ET.parse(dl.value.path()).getroot()
    assert root.get("version") == "2.1"
    units = {u.get("id"): u for u in root.iter("{%s}unit" % ns["x"])}
    seg1 = units["u1"].find("x:segment", ns)
    assert seg1.find("x:target", ns).text == "Sixteen other US agencies signed in 2013."
    assert (seg1.get("state"), seg1.get("subState")) == ("reviewed", "evalkit:corrected")
    notes = {n.get("id"): n.text for n in units["u1"].iter("{%s}note" % ns["x"])}
    assert notes["f2"].startswith("major (confirmed, suggestion applied)")
    assert "(undecided)" in notes["f1"]
    assert units["u8"].find("x:segment", ns).get("state") == "translated"
    assert units["u4"].find("x:segment", ns).get("state") == "initial"
    # undo
    pg.click("#b1 button.toggle")  # closed by the reload
    pg.click("#b1 button.revert")
    assert pg.inner_text("#b1 .tt") == "Sixteen other US pharmacies signed in 2013."
    p.check_clean()
    p.context.close()


def test_apply_key_on_the_highlighted_flag(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    for _ in range(3):
        pg.keyboard.press("j")  # f4, f5, then f1 in b1
    pg.keyboard.press("j")
    pg.keyboard.press("j")
    assert current_flag(pg) == "f2"
    pg.keyboard.press("a")
    assert "agencies" in pg.inner_text("#b1 .tt") and "pharmacies" not in pg.inner_text("#b1 .tt")
    p.check_clean()
    p.context.close()


def test_issue_list_stands_alone_with_on_screen_row_numbers(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#b2 button.toggle")
    pg.click("#flag-f5 button[data-decision=dismissed]")
    pg.fill("textarea[data-comment=b2]", "check the figure")
    pg.click("#b3 button.toggle")
    pg.fill("textarea[data-comment=b3]", "fine")
    with pg.expect_download() as dl:
        pg.click("#export-csv")
    rows = read_csv(dl.value.path())
    assert list(rows[0]) == ["row", "source", "target", "corrected_target", "span", "category", "severity", "message",
                             "suggestion", "decision", "comment", "flag", "key", "row_key"]
    flags = [r for r in rows if r["flag"]]
    assert len(flags) == 6
    for r in flags:  # the number a reviewer sees on screen
        assert pg.inner_text(f"#flag-{r['flag']} >> xpath=ancestor::li[contains(@class,'row')]//span[@class='num']") \
            == f"#{r['row']}"
    f5 = next(r for r in flags if r["flag"] == "f5")
    assert (f5["row"], f5["decision"], f5["comment"], f5["severity"]) == ("3", "dismissed", "check the figure", "major")
    assert f5["source"] == "Amazon a vendu 1 200 caméras à la police."
    f2 = next(r for r in flags if r["flag"] == "f2")
    assert (f2["span"], f2["suggestion"], f2["category"]) == ("pharmacies", "agencies", "mistranslation")
    assert "false friend" in f2["message"] and f2["target"].startswith("Sixteen other US pharmacies")
    alone = [r for r in rows if not r["flag"]]
    assert [(r["row"], r["comment"]) for r in alone] == [("4", "fine")]
    p.check_clean()
    p.context.close()


def test_print_shows_decisions_as_text_without_screen_chrome(browser, rich_html):
    p = Page(browser, rich_html, viewport={"width": 1100, "height": 900})
    pg = p.page
    pg.keyboard.press("j")
    pg.keyboard.press("d")
    pg.emulate_media(media="print")
    assert not pg.locator("#controls").is_visible()
    assert pg.locator("#ev-b2").is_visible()  # flagged evidence is printed
    assert pg.locator("[data-state-for=f4]").inner_text() == "dismissed"
    assert pg.evaluate("getComputedStyle(document.querySelector('[data-state-for=f4]'), '::before').content") \
        == '"decision: "'
    assert not pg.locator("#flag-f4 button.decide").first.is_visible()
    assert not pg.locator("#b2 .scores").is_visible() and not pg.locator("#ev-b2 .bead-scores").is_visible()
    row = pg.locator("li.row.current")
    assert row.evaluate("e => getComputedStyle(e).boxShadow") == "none"
    assert pg.evaluate("getComputedStyle(document.querySelector('mark.current-flag')).outlineStyle") == "none"
    heights = pg.eval_on_selector_all("li.row.flagged", "els => els.map(e => e.getBoundingClientRect().height)")
    assert max(heights) < 260, heights  # several rows to a page
    p.shot("rich-print", full_page=True)
    p.check_clean()
    p.context.close()


def test_chrf_filter_reads_its_own_score(browser, tmp_path):
    """chrF and chrF++ slugged to the same attribute (data-s-chrf-pseudo): the filter read the wrong one."""
    ev = rich_evaluation()
    for sb in ev.beads:
        if sb.scores:
            sb.scores["chrf:pseudo"] = 10.0 if sb.index == 0 else 60.0
            sb.scores["chrf++:pseudo"] = 90.0 if sb.index == 0 else 20.0
    html = write_reports(ev, tmp_path, "chrf")["html"]
    p = Page(browser, html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.check("#tech")
    pg.select_option("#score-name", "chrf:pseudo")
    p.type_in("#score-min", "50")
    assert "b0" not in p.visible_rows() and "b1" in p.visible_rows()
    pg.select_option("#score-name", "chrf++:pseudo")
    p.type_in("#score-min", "50")
    assert [r for r in p.visible_rows() if r.startswith("b")] == ["b0"]
    p.check_clean()
    p.context.close()


def decide_and_export(browser, html, button: str, saved: Path) -> Page:
    """Dismiss f2, confirm f6, comment row b1, then export with ``button`` into ``saved``; the page stays open."""
    p = Page(browser, html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#b1 button.toggle")
    pg.click("#flag-f2 button[data-decision=dismissed]")
    pg.click("#b5 button.toggle")
    pg.click("#flag-f6 button[data-decision=confirmed]")
    pg.fill("textarea[data-comment=b1]", "agencies, not pharmacies")
    with pg.expect_download() as dl:
        pg.click(f"#{button}")
    Path(dl.value.path()).replace(saved)
    return p


def test_exported_decisions_come_back_in_the_next_report(browser, rich_html, tmp_path):
    """Page export -> evalkit's reader -> a new report of a revised translation -> the page shows them."""
    import dataclasses

    from evalkit.report import build_report, render
    from evalkit.report.decisions import apply_decisions, read_decisions

    saved = tmp_path / "rich.review.json"
    p = decide_and_export(browser, rich_html, "export-json", saved)
    p.context.close()

    ev = rich_evaluation()
    b5 = ev.beads[5]
    b5.tgt_text = b5.tgt_text.replace("e-mail", "email")  # revised: its flag is a new one
    b5.flags[:] = [dataclasses.replace(f, segment=b5.tgt_text) for f in b5.flags]
    report = build_report(ev, "rich2")
    apply_decisions(report, read_decisions(saved))
    html = tmp_path / "rich2.html"
    html.write_text(render(report, "html"), encoding="utf-8")
    p = Page(browser, html, viewport={"width": 1400, "height": 900})
    pg = p.page
    assert pg.get_attribute("#flag-f2 button[data-decision=dismissed]", "aria-pressed") == "true"
    assert pg.get_attribute("#flag-f6 button[data-decision=confirmed]", "aria-pressed") == "false"
    assert pg.locator("#flag-f6 .badge.new").count() == 1 and pg.locator("#flag-f2 .badge.new").count() == 0
    assert pg.inner_text("#progress").startswith("1 of 6 flags decided")
    assert "1 decision(s) carried over from rich.review.json" in pg.inner_text("#carried")
    pg.click("#b1 button.toggle")
    assert pg.input_value("textarea[data-comment=b1]") == "agencies, not pharmacies"
    p.check_clean()
    p.context.close()


def test_reviewed_xliff_from_the_page_reads_back(browser, rich_html, tmp_path):
    """Decide on the page, export XLIFF, read it with `--decisions`' reader: the same decisions and comment."""
    from evalkit.report import build_report
    from evalkit.report.decisions import apply_decisions, read_decisions

    saved = tmp_path / "rich.reviewed.xlf"
    p = decide_and_export(browser, rich_html, "export-xliff", saved)
    p.check_clean()
    p.context.close()
    back = read_decisions(saved)
    report = build_report(rich_evaluation(), "rich")
    keys = {fl["id"]: fl["key"] for b in report["beads"] for fl in b["flags"]}
    assert {k: v["decision"] for k, v in back.flags.items()} == {keys["f2"]: "dismissed", keys["f6"]: "confirmed"}
    assert back.comments == {report["beads"][1]["key"]: "agencies, not pharmacies"}
    assert apply_decisions(report, back)["carried"] == 2


def test_issue_list_xlsx_has_the_csv_columns_and_rows(browser, rich_html, tmp_path):
    """The XLSX button writes a real workbook (read by openpyxl) with the same table as the CSV."""
    openpyxl = pytest.importorskip("openpyxl")
    p = Page(browser, rich_html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#b2 button.toggle")
    pg.click("#flag-f5 button[data-decision=dismissed]")
    pg.fill("textarea[data-comment=b2]", "=SUM(A1) is text")
    with pg.expect_download() as dl:
        pg.click("#export-csv")
    csv_rows = read_csv(dl.value.path())
    with pg.expect_download() as dl:
        pg.click("#export-xlsx")
    assert dl.value.suggested_filename == "rich.issues.xlsx"
    xlsx = tmp_path / "rich.issues.xlsx"
    Path(dl.value.path()).replace(xlsx)
    p.check_clean()
    p.context.close()
    ws = openpyxl.load_workbook(xlsx).active
    table = [[("" if c is None else c) for c in row] for row in ws.iter_rows(values_only=True)]
    header, body = table[0], table[1:]
    assert header == list(csv_rows[0])
    assert len(body) == len(csv_rows)
    for row, want in zip(body, csv_rows):
        got = dict(zip(header, row))
        assert str(got["row"]) == want["row"] and isinstance(got["row"], int)
        for col in ("source", "target", "span", "category", "severity", "message", "suggestion", "decision", "key"):
            assert got[col] == want[col], col
        assert got["comment"] == want["comment"].removeprefix("'")  # a cell is text: no formula guard needed
    assert any(dict(zip(header, r))["comment"] == "=SUM(A1) is text" for r in body)


def test_batch_dismiss_a_group_of_the_same_issue(browser, tmp_path):
    from evalkit.records import Flag

    ev = rich_evaluation()
    for sb, word in ((ev.beads[3], "cloud"), (ev.beads[8], "Federal"), (ev.beads[8], "use")):
        at = sb.tgt_text.index(word)
        sb.flags.append(Flag(sb.index, sb.tgt_text, word, at, at + len(word), "punctuation", "minor",
                             "space before closing quote", "test"))
    html = write_reports(ev, tmp_path, "groups")["html"]
    p = Page(browser, html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#groups summary")
    group = pg.locator("#groups tr", has_text="space before closing quote")
    assert group.locator(".gdone").inner_text() == "0 of 3"
    group.locator("button.batch[data-decision=dismissed]").click()
    assert group.locator(".gdone").inner_text() == "3 of 3"
    assert sorted(decisions(pg).items()) == [("f6", "dismissed"), ("f8", "dismissed"), ("f9", "dismissed")]
    assert pg.inner_text("#progress").startswith("3 of 9 flags decided")
    assert pg.locator("#b8 mark.flag.decided-dismissed").count() == 2
    pg.reload()
    assert pg.locator("#groups tr", has_text="space before closing quote").locator(".gdone").text_content() == "3 of 3"
    p.check_clean()
    p.context.close()


def test_corrected_text_keeps_the_segmentation_of_a_many_to_one_bead(browser, tmp_path):
    """A bead of two translated sentences, corrected in its second one and edited in its first:
    the export still has one line per sentence of the translation."""
    from evalkit.records import Alignment, Bead, Evaluation, Flag, ScoredBead
    from report_samples import _doc

    src = _doc("s.fr.txt", "fr", [("Les officines ont signé, puis elles ont vendu.", "body", None)])
    tgt = _doc("t.en.txt", "en", [("The pharmacies signed.", "body", None), ("Then they sold pharmacies.", "body", None)])
    bead = Bead((0,), (0, 1), 0.9, 0.9)
    text = "The pharmacies signed. Then they sold pharmacies."
    sb = ScoredBead(0, bead, src.segments[0].text, text)
    at = text.rindex("pharmacies")
    sb.flags.append(Flag(0, tgt.segments[1].text, "pharmacies", at - 23, at - 23 + 10, "mistranslation", "major",
                         "false friend", "test", suggestion="agencies"))
    ev = Evaluation(Alignment(src, tgt, [bead], "parallel", 1.0, 1.0), [sb], src_lang="fr", tgt_lang="en")
    html = write_reports(ev, tmp_path, "multi")["html"]
    p = Page(browser, html, viewport={"width": 1200, "height": 800})
    pg = p.page
    pg.keyboard.press("a")
    assert pg.inner_text("#b0 .tt") == "The pharmacies signed. Then they sold agencies."
    pg.click("#b0 button.edit")
    pg.evaluate("""() => { const t = document.querySelector('#b0 .tt'); const r = document.createRange();
        r.setStart(t.firstChild, 4); r.setEnd(t.firstChild, 14); const s = getSelection(); s.removeAllRanges(); s.addRange(r); }""")
    pg.keyboard.type("firms")
    pg.keyboard.press("Escape")
    assert pg.inner_text("#b0 .tt") == "The firms signed. Then they sold agencies."
    with pg.expect_download() as dl:
        pg.click("#export-text")
    assert Path(dl.value.path()).read_text(encoding="utf-8") == "The firms signed.\nThen they sold agencies.\n"
    p.check_clean()
    p.context.close()


def test_messages_are_one_plain_sentence_with_the_lists_in_technical_details(browser, tmp_path):
    from evalkit.records import Flag

    ev = rich_evaluation()
    sb = ev.beads[8]
    at = sb.tgt_text.index("use")
    sb.flags.append(Flag(8, sb.tgt_text, "use", at, at + 3, "wrong-sense", "major",
                         "wrong sense: 'utilisent' rendered 'use' (usually: employ*, operate*). utiliser = use",
                         "lexicon", suggestion="employ*"))
    html = write_reports(ev, tmp_path, "msg")["html"]
    p = Page(browser, html, viewport={"width": 1400, "height": 900})
    pg = p.page
    pg.click("#b8 button.toggle")
    assert pg.inner_text("#flag-f7 .msg") == "wrong sense: 'utilisent' rendered 'use'. utiliser = use"
    assert pg.inner_text("#flag-f7 .sugg .repl") == "employ"  # the stem as text
    pg.check("#tech")
    assert "(usually: employ*, operate*)" in pg.inner_text("#flag-f7 .msg")
    p.check_clean()
    p.context.close()


def test_corrections_keep_hidden_bidi_controls_as_characters(browser, tmp_path):
    """A translation holding an RLO is shown with a badge; an edit and the exports keep the character."""
    from evalkit.records import Alignment, Bead, Evaluation, ScoredBead
    from report_samples import _doc

    text = "Pay \u202eevil\u202c now."
    src = _doc("s.fr.txt", "fr", [("Payez maintenant.", "body", None)])
    tgt = _doc("t.en.txt", "en", [(text, "body", None)])
    bead = Bead((0,), (0,), 0.9, 0.9)
    ev = Evaluation(Alignment(src, tgt, [bead], "parallel", 1.0, 1.0), [ScoredBead(0, bead, src.segments[0].text, text)],
                    src_lang="fr", tgt_lang="en")
    html = write_reports(ev, tmp_path, "bidi")["html"]
    p = Page(browser, html, viewport={"width": 1200, "height": 800})
    pg = p.page
    assert "\u27e8RLO\u27e9" in pg.inner_text("#b0 .tt")
    pg.click("#b0 button.edit")
    pg.keyboard.press("End")
    pg.keyboard.type(" Thanks.")
    pg.keyboard.press("Enter")
    assert "\u27e8RLO\u27e9" in pg.inner_text("#b0 .tt")
    with pg.expect_download() as dl:
        pg.click("#export-text")
    assert Path(dl.value.path()).read_text(encoding="utf-8") == text + " Thanks.\n"
    with pg.expect_download() as dl:
        pg.click("#export-csv")
    assert read_csv(dl.value.path()) == []  # no flags, no comments: an empty issue list
    p.check_clean()
    p.context.close()
