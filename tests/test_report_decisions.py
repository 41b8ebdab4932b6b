"""Decisions read back (`evalkit review --decisions`): kept by flag key, new flags marked."""

import csv
import dataclasses
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from evalkit.errors import InputError
from evalkit.report import build_report, render
from evalkit.report.decisions import apply_decisions, read_decisions
from evalkit.report.json_export import validate
from report_samples import rich_evaluation

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / "tests" / "data" / "report" / "gate"


def _decisions_json(path: Path, report: dict, decided: dict[str, str], comments: dict[int, str] = {}) -> Path:
    """A file in the format the page's "Decisions (JSON)" button writes."""
    items = [{"type": "flag", "flag": f["id"], "key": f["key"], "decision": decided[f["id"]], "at": "2026-01-01T00:00:00Z"}
             for b in report["beads"] for f in b["flags"] if f["id"] in decided]
    items += [{"type": "comment", "key": report["beads"][i]["key"], "comment": c} for i, c in comments.items()]
    path.write_text(json.dumps({"format": "evalkit-decisions", "version": 1, "items": items}))
    return path


def test_keys_survive_a_rerun_and_a_changed_bead_makes_its_flags_new(tmp_path):
    old = build_report(rich_evaluation(), "rich")
    f = _decisions_json(tmp_path / "d.json", old, {"f2": "dismissed", "f4": "confirmed", "f6": "dismissed"},
                        {1: "officines: agencies"})
    ev = rich_evaluation()
    ev.beads[5].tgt_text = ev.beads[5].tgt_text.replace("e-mail", "email")  # b5 revised: its flag is new
    ev.beads[5].flags[:] = [dataclasses.replace(fl, segment=ev.beads[5].tgt_text) for fl in ev.beads[5].flags]
    new = build_report(ev, "rich")
    summary = apply_decisions(new, read_decisions(f))
    assert summary == {"file": "d.json", "carried": 2, "new": 4, "gone": 1}
    flags = {fl["id"]: fl for b in new["beads"] for fl in b["flags"]}
    assert flags["f2"]["review"]["decision"] == "dismissed" and not flags["f2"]["new"]
    assert flags["f4"]["review"]["decision"] == "confirmed"
    assert flags["f6"]["review"] is None and flags["f6"]["new"]
    assert new["beads"][1]["comment"] == "officines: agencies"
    validate(new)
    xlf = ET.fromstring(render(new, "xliff").split("\n", 1)[1])
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    notes = {n.get("id"): n.text for n in xlf.iter(ns + "note")}
    assert notes["f2"].startswith("major (dismissed)") and notes["c1"] == "officines: agencies"


def test_the_issue_list_csv_reads_back(tmp_path):
    report = build_report(rich_evaluation(), "rich")
    path = tmp_path / "issues.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # as the page writes it (BOM, all columns)
        w = csv.writer(fh)
        w.writerow(["row", "span", "decision", "comment", "flag", "key", "row_key"])
        for b in report["beads"]:
            for fl in b["flags"]:
                w.writerow([b["index"] + 1, fl["span"], "dismissed" if fl["id"] == "f5" else "",
                            "'=not a formula" if b["index"] == 2 else "", fl["id"], fl["key"], b["key"]])
    d = read_decisions(path)
    assert list(d.flags.values()) == [{"decision": "dismissed", "at": None}]
    assert d.comments == {report["beads"][2]["key"]: "=not a formula"}


def test_the_xliff_evalkit_wrote_reads_back(tmp_path):
    """`review --xliff` after `--decisions`: the XLIFF carries the decisions and is itself a decisions file."""
    old = build_report(rich_evaluation(), "rich")
    f = _decisions_json(tmp_path / "d.json", old, {"f2": "dismissed", "f4": "confirmed"}, {1: "officines: agencies"})
    report = build_report(rich_evaluation(), "rich")
    apply_decisions(report, read_decisions(f))
    xlf = tmp_path / "rich.xlf"
    xlf.write_text(render(report, "xliff"), encoding="utf-8")
    back = read_decisions(xlf)
    keys = {fl["id"]: fl["key"] for b in report["beads"] for fl in b["flags"]}
    assert {k: v["decision"] for k, v in back.flags.items()} == {keys["f2"]: "dismissed", keys["f4"]: "confirmed"}
    assert back.comments == {report["beads"][1]["key"]: "officines: agencies"}
    fresh = build_report(rich_evaluation(), "rich")
    assert apply_decisions(fresh, back) == {"file": "rich.xlf", "carried": 2, "new": 4, "gone": 0}


def test_an_xliff_without_evalkit_decisions_is_a_one_line_error(tmp_path):
    path = tmp_path / "other.xlf"
    path.write_text('<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
                    'srcLang="fr"><file id="f"><unit id="u"><segment><source>a</source></segment></unit></file></xliff>')
    with pytest.raises(InputError, match="no evalkit decisions"):
        read_decisions(path)
    path.write_text("<xliff><unclosed>")
    with pytest.raises(InputError, match="not valid XML"):
        read_decisions(path)


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("{not json", "not valid JSON"),
    ('{"a": 1}', "not a decisions file"),
    ("row,decision\n1,dismissed\n", "needs the columns"),
])
def test_bad_decisions_files_are_one_line_errors(tmp_path, text, message):
    path = tmp_path / "d.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_decisions(path)
    with pytest.raises(InputError, match="no such decisions file"):
        read_decisions(tmp_path / "missing.json")


def test_cli_keeps_dismissed_flags_dismissed(tmp_path):
    """Two real runs of `evalkit review`: the second reads the first one's decisions."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    pair = tmp_path / "pair"
    pair.mkdir()
    (pair / "source.fr.txt").write_text((GATE / "src.fr.txt").read_text())
    (pair / "translation.en.txt").write_text((GATE / "bad.en.txt").read_text())
    (pair / "pair.toml").write_text('name = "p"\nrelation = "translation"\n[source]\nfile = "source.fr.txt"\n'
                                    'lang = "fr"\nlayout = "plain"\n[translation]\nfile = "translation.en.txt"\nlang = "en"\n')

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "evalkit", "review", str(pair), "--out-dir", str(tmp_path / "out"),
                               "--quiet", "--xliff", *map(str, extra)], capture_output=True, text=True, cwd=ROOT, env=env)

    r = run()
    assert r.returncode == 0, r.stderr
    first = json.loads((tmp_path / "out" / "p.json").read_text())
    flags = [f for b in first["beads"] for f in b["flags"]]
    assert len(flags) >= 2, "the damaged translation should raise flags"
    dismissed = flags[0]["id"]
    decided = _decisions_json(tmp_path / "p.review.json", first, {dismissed: "dismissed"})
    r = run("--decisions", decided)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == f"decisions: 1 kept from p.review.json, {len(flags) - 1} new flag(s) to review"
    second = json.loads((tmp_path / "out" / "p.json").read_text())
    validate(second)
    again = {f["key"]: f for b in second["beads"] for f in b["flags"]}
    assert again[flags[0]["key"]]["review"]["decision"] == "dismissed"
    assert sum(f["new"] for f in again.values()) == len(flags) - 1
    html = (tmp_path / "out" / "p.html").read_text()
    assert "1 decision(s) carried over from p.review.json" in html
    r = run("--decisions", tmp_path / "nope.json")
    assert r.returncode == 2 and r.stderr.strip().endswith("no such decisions file")


@pytest.mark.parametrize("span, suggestion, expected", [
    ("praise", "rent*", "rent"),
    ("markets", "contract*", "contracts"),
    ("Minister", "secretary", "Secretary"),
    ("10 000", "10,000", "10,000"),
    ("pace", "doorstep*|threshold", None),  # alternatives: a hint, not text
    (' "', None, None),
    ("word", "word", None),
    ("word", "", None),  # an empty suggestion would delete the words
])
def test_replacement_is_text_that_can_stand_in_the_span(span, suggestion, expected):
    from evalkit.report.model import replacement

    assert replacement(span, suggestion) == expected


@pytest.mark.parametrize("message, main, more", [
    ("wrong sense: 'x' rendered 'y' (usually: a*, b*). x = a", "wrong sense: 'x' rendered 'y'. x = a", "usually: a*, b*"),
    ("source word 'appel' has no counterpart in the translation (none of its dictionary translations is there)",
     "source word 'appel' has no counterpart in the translation", "none of its dictionary translations is there"),
    ("space before ':' (not used in en typography)", "space before ':' (not used in en typography)", ""),
])
def test_messages_split_into_a_sentence_and_technical_asides(message, main, more):
    from evalkit.report.html import split_message

    assert split_message(message) == (main, more)
