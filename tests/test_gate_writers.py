"""JUnit XML and Markdown writers on a gate result: structure and escaping."""

import re
import xml.etree.ElementTree as ET

import pytest

from evalkit.gate.junit import to_junit
from evalkit.gate.markdown import to_markdown, to_text
from evalkit.gate.policy import parse_policy
from evalkit.gate.inputs import GateInputs
from evalkit.gate.run import gate_lines
from evalkit.report.json_export import validate

SRC = ["Le chat dort.", "Il pleut à Paris.", "Le train part à 8 heures.", "Elle lit un livre."]
HYP = ["The cat sleeps.", "It rains in Paris <img src=x onerror=alert(1)> @everyone | x",
       "The train leaves at 8.", "She reads a book."]
REF = ["The cat is sleeping.", "It is raining in Paris.", "The train leaves at 8 o'clock.", "She is reading a book."]


@pytest.fixture(scope="module")
def result():
    from evalkit.models import load_embedder

    policy = parse_policy({"thresholds": {"chrf": {"min": 99}, "similarity_mean": {"min": 0.1}, "comet_mean": {"min": 0.5}}})
    return gate_lines(GateInputs(SRC, HYP, "fr", "en", ref=REF), policy, load_embedder())


def test_result_validates(result):
    validate(result, "gate.schema.json")
    assert result["status"] == "fail"
    assert [c["status"] for c in result["checks"]] == ["fail", "pass", "skip"]


def test_junit_structure(result):
    root = ET.fromstring(to_junit(result).encode())
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 3 and suite.get("tests") == "3"
    assert cases[0].find("failure") is not None and cases[0].find("failure").get("type") == "threshold"
    assert cases[2].find("skipped") is not None
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["status"] == "fail" and props["signature.chrf"].startswith("nrefs:1")


def test_markdown_escapes_segment_text(result):
    md = to_markdown(result)
    assert not re.search(r"(?<!\\)<img", md) and "\\<img" in md
    assert "@everyone" not in md  # no mention
    assert "## ❌ evalkit gate: **FAIL**" in md


def test_markdown_puts_failures_first_and_folds_the_metrics(result):
    md = to_markdown(result)
    rows = [line for line in md.splitlines() if line.startswith("| ") and line.split("|")[1].strip() in ("❌", "✅", "⚪")]
    assert [r.split("|")[1].strip() for r in rows] == ["❌", "⚪", "✅"]  # the JSON keeps policy order: fail, pass, skip
    head, folded = md.split("<details><summary>Metrics (")
    assert "| similarity_mean |" not in head.replace("\\_", "_") and "| chrf |" not in head
    assert "| chrf |" in folded and "| similarity_mean |" in folded and folded.count("| ") >= len(result["metrics"])


def test_counts_are_integers_everywhere(result):
    r = {**result, "metrics": {**result["metrics"], "major_flags": {**result["metrics"]["major_flags"], "value": 12.0}}}
    md = to_markdown(r)
    assert "| major_flags | 12 |" in md and "| major_flags | 12.0 |" not in md
    props = {p.get("name"): p.get("value") for p in ET.fromstring(to_junit(r).encode()).find("testsuite").find("properties")}
    assert props["metric.critical_flags"] == "0"


def test_junit_carries_a_handful_of_properties(result):
    props = ET.fromstring(to_junit(result).encode()).find("testsuite").find("properties")
    names = [p.get("name") for p in props]
    assert len(result["metrics"]) > 20 and len(names) <= 15
    assert {"status", "policy", "metric.chrf", "metric.similarity_mean", "signature.bleu"} <= set(names)


def test_text_summary_is_short(result):
    text = to_text(result)
    assert text.splitlines()[0].startswith("evalkit gate: FAIL (1 of 3 checks failed")
    assert len(text.splitlines()) < 12
