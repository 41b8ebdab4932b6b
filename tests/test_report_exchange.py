"""XLIFF 2.1 and TMX 1.4b exports: well-formed, required elements, flags carried as notes."""

import xml.etree.ElementTree as ET

import pytest

from evalkit.report import build_report
from evalkit.report.tmx import to_tmx
from evalkit.report.xliff import NS, to_xliff
from report_samples import rich_evaluation

X = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def report():
    r = build_report(rich_evaluation(), "rich")
    r["beads"][0]["tgt_text"] += "\x0b\x01"  # control characters from a PDF must not break XML
    return r


def test_xliff_structure(report):
    root = ET.fromstring(to_xliff(report).encode())
    assert root.tag == f"{X}xliff" and root.get("version") == "2.1"
    assert (root.get("srcLang"), root.get("trgLang")) == ("fr", "en")
    files = root.findall(f"{X}file")
    assert len(files) == 1 and files[0].get("id")
    units = files[0].findall(f"{X}unit")
    with_source = [b for b in report["beads"] if b["src_text"]]
    assert len(units) == len(with_source)
    ids = [u.get("id") for u in units]
    assert len(set(ids)) == len(ids)
    for u in units:
        seg = u.find(f"{X}segment")
        assert seg is not None and seg.find(f"{X}source") is not None
        children = [c.tag for c in u]
        assert children.index(f"{X}segment") == len(children) - 1  # notes come first
    # the critical number flag travels as a note with a priority, and the state says so
    u2 = files[0].find(f"{X}unit[@id='u2']")
    notes = u2.findall(f"{X}notes/{X}note")
    assert {n.get("category") for n in notes} == {"evalkit:number", "evalkit:addition"}
    assert any(n.get("priority") == "1" and "12,000" in n.text for n in notes)
    assert u2.find(f"{X}segment").get("subState") == "evalkit:flagged-critical"
    # a source with no translation has no target and is in state initial
    u4 = files[0].find(f"{X}unit[@id='u4']")
    assert u4.find(f"{X}segment").get("state") == "initial" and u4.find(f"{X}segment/{X}target") is None
    # the translation with no source is kept as a file-level note
    assert any("no-source" in (n.get("category") or "") for n in files[0].findall(f"{X}notes/{X}note"))
    # payloads are text, not markup
    assert "<script>" in "".join(u.find(f"{X}segment/{X}target").text or "" for u in units
                                 if u.find(f"{X}segment/{X}target") is not None)


def test_tmx_structure(report):
    root = ET.fromstring(to_tmx(report).encode())
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr)
    tus = root.findall("body/tu")
    assert len(tus) == report["summary"]["aligned"]
    for tu in tus:
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["fr", "en"]
        assert all(t.find("seg") is not None for t in tuvs)
        tags = [c.tag for c in tu]
        assert tags[-2:] == ["tuv", "tuv"]  # notes and props before the variants (DTD order)
    tu2 = root.find("body/tu[@tuid='2']")
    assert any("critical number" in n.text for n in tu2.findall("note"))
    assert {p.get("type") for p in tu2.findall("prop")} >= {"x-evalkit-similarity", "x-evalkit-align-confidence"}


def test_no_exchange_formats_without_a_source(tmp_path):
    from evalkit.report import write_reports
    from report_samples import translation_only_evaluation

    with pytest.raises(ValueError, match="needs a source document"):
        write_reports(translation_only_evaluation(), tmp_path, "only", formats=("html", "xliff"))
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the HTML
