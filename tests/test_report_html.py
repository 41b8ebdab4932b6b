"""The HTML page as text: self-contained, escaped, with every part a reviewer needs."""

import json
import re
from html.parser import HTMLParser

import pytest

from evalkit.report import build_report
from evalkit.report.html import json_for_script, render_html
from report_samples import PAYLOADS, rich_evaluation, translation_only_evaluation


@pytest.fixture(scope="module")
def page():
    return render_html(build_report(rich_evaluation(), "rich"))


class Tags(HTMLParser):
    """Collects tags and attributes the way a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html):
    p = Tags()
    p.feed(html)
    return p.tags


def test_payloads_never_become_tags(page):
    found = tags(page)
    scripts = [a for t, a in found if t == "script"]
    assert len(scripts) == 2  # the JSON data block and the page's own script
    assert scripts[0].get("type") == "application/json"
    assert not [a for t, a in found if t == "img"]
    assert not [a for t, a in found if t == "a" and a.get("href", "").startswith("javascript:")]
    assert not any(k.startswith("on") for _, a in found for k in a)
    for p in PAYLOADS:
        assert p not in page  # only the escaped form may appear


def test_payload_text_is_shown_escaped(page):
    assert "&lt;script&gt;window.__pwned = &#34;script&#34;;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page


def test_json_block_cannot_be_closed_by_document_text():
    obj = {"t": "</script><script>alert(1)</script> & \u2028 \u2029 <!--"}
    out = str(json_for_script(obj))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == obj


def test_self_contained_no_external_resources(page):
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "@import" not in page and "url(http" not in page
    assert "Content-Security-Policy" in page


def test_csp_hash_matches_the_inline_script(page):
    import base64
    import hashlib

    body = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page


def test_summary_parts_present(page):
    assert "partial" in page  # verdict
    assert "86%" in page and "90%" in page  # coverage
    assert page.count("<svg") == 4  # one histogram per headline score
    assert "Histogram of similarity" in page and "Histogram of chrf" in page
    for cat in ("number", "mistranslation", "terminology", "addition", "markup"):
        assert f'value="{cat}"' in page  # a filter per category
    assert "similarity:multilingual-e5-small" in page
    assert "nrefs:1" in page  # signature shown


def test_rows_in_reading_order_with_set_aside_text_in_place(page):
    # the page is written in the order it opens in (risk); reading order is data-order
    found = re.findall(r'<li class="row[^"]*" id="([^"]+)" tabindex="-1"\s+data-order="(\d+)"', page)
    assert len(found) == 11 and found[0][0] == "b2"
    ids = [i for i, _ in sorted(found, key=lambda x: int(x[1]))]
    assert ids.index("src-seg2") == ids.index("b1") + 1  # pull quote after bead 1, before bead 2
    assert ids.index("tgt-seg3") == ids.index("b2") + 1  # Pastebin furniture after bead 2
    assert "set aside: pull quote repeating segment 4" in page
    assert "no translation found for this source text" in page


def test_flag_marks_link_target_and_source(page):
    marks = re.findall(r'<mark class="(flag|src-mark)[^"]*" data-flags="([^"]+)"', page)
    tgt = {f for k, ids in marks if k == "flag" for f in ids.split()}
    src = {f for k, ids in marks if k == "src-mark" for f in ids.split()}
    assert tgt == {f"f{i}" for i in range(1, 7)}
    assert {"f1", "f2", "f3", "f4"} <= src


def test_translation_only_page():
    html = render_html(build_report(translation_only_evaluation(), "only"))
    assert "mode-translation-only" in html and "no source document" in html
    assert "CIE" in html


def test_declared_translation_judged_not_parallel_warns():
    ev = rich_evaluation()
    ev.alignment.verdict = "not-parallel"
    html = render_html(build_report(ev, "x", title="A <b>title</b>", relation="translation"))
    assert 'role="alert"' in html and "declared a translation" in html
    assert "A &lt;b&gt;title&lt;/b&gt;" in html
    calm = render_html(build_report(rich_evaluation(), "x", relation="translation"))
    assert 'role="alert"' not in calm


def test_compiled_template_cache_renders_the_same_page(tmp_path, monkeypatch):
    """The report template's compiled code is kept in ``<cache>/templates`` (session 10: compiling
    it cost ~0.15 s a review): a page rendered from the kept code is the page compiled afresh, and
    a damaged kept file is compiled again."""
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    report = build_report(rich_evaluation(), "rich")
    first = render_html(report)
    kept = list((tmp_path / "templates").iterdir())
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    assert render_html(report) == first
    kept[0].write_bytes(b"not bytecode")
    assert render_html(report) == first
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file where the cache folder should be")
    assert render_html(report) == first  # no cache folder: compiled, as before
