"""`evalkit gate` end to end: exit codes 0/1/2, JUnit XML structure, JSON schema, Markdown."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from evalkit.report.json_export import validate

DATA = Path(__file__).parent / "data" / "report" / "gate"
ROOT = Path(__file__).resolve().parent.parent


# One thread: the test machine's cores are shared, and oversubscribed threads are 5x slower.
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def gate(*args, cwd=ROOT, quiet=True):
    return subprocess.run([sys.executable, "-m", "evalkit", "gate", *(["--quiet"] if quiet else []), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=ENV)


def base(hyp="good.en.txt", **kw):
    args = [DATA / "src.fr.txt", DATA / hyp, "--src-lang", "fr", "--tgt-lang", "en"]
    for k, v in kw.items():
        args += [f"--{k.replace('_', '-')}", v]
    return args


def outputs(tmp_path):
    return {"json": tmp_path / "g.json", "junit": tmp_path / "g.xml", "markdown": tmp_path / "g.md"}


def test_passing_policy_exits_0(tmp_path):
    out = outputs(tmp_path)
    r = gate(*base(ref=DATA / "ref.en.txt", policy=DATA / "pass.toml", **out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("evalkit gate: PASS")
    assert "nrefs:1|bs:1000|seed:12345|case:mixed" in r.stdout  # the sacreBLEU signature, with the bootstrap, is printed
    result = json.loads(out["json"].read_text())
    validate(result, "gate.schema.json")
    assert result["passed"] and {c["status"] for c in result["checks"]} == {"pass"}
    m = result["metrics"]
    assert m["chrf"]["ci_low"] <= m["chrf"]["value"] <= m["chrf"]["ci_high"]
    suite = ET.parse(out["junit"]).getroot()
    assert suite.tag == "testsuites"
    ts = suite.find("testsuite")
    cases = ts.findall("testcase")
    assert len(cases) == int(ts.get("tests")) == len(result["checks"]) == 5
    assert ts.get("failures") == "0" and not ts.findall(".//failure")
    assert out["markdown"].read_text().startswith("## ✅ evalkit gate: **PASS**")


def test_failing_policy_exits_1_with_junit_failures(tmp_path):
    r = gate(*base(ref=DATA / "ref.en.txt", policy=DATA / "fail.toml", out_dir=tmp_path))
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("evalkit gate: FAIL (2 of 3 checks failed")
    result = json.loads((tmp_path / "gate.json").read_text())
    validate(result, "gate.schema.json")
    assert result["status"] == "fail"
    ts = ET.parse(tmp_path / "gate.junit.xml").getroot().find("testsuite")
    failed = [c for c in ts.findall("testcase") if c.find("failure") is not None]
    assert {c.get("name") for c in failed} == {"chrf ≥ 99", "ter ≤ 1"}
    assert ts.get("failures") == "2"
    assert all(c.find("failure").get("message") for c in failed)
    assert "❌" in (tmp_path / "gate.md").read_text()


def test_regression_against_baseline_fails(tmp_path):
    r = gate(*base(hyp="bad.en.txt", ref=DATA / "ref.en.txt", baseline=DATA / "good.en.txt", json=tmp_path / "g.json",
                   markdown=tmp_path / "g.md"))
    assert r.returncode == 1
    result = json.loads((tmp_path / "g.json").read_text())
    validate(result, "gate.schema.json")
    b = result["baseline"]
    assert b["chrf"]["regression"] and b["chrf"]["delta"] < 0 and b["chrf"]["p_value"] < 0.05
    assert b["ter"]["delta"] < 0  # TER is signed so that negative = worse
    for name, v in b.items():  # the words follow the statistics, with the p-value
        line = next(x for x in r.stdout.splitlines() if x.strip().split(" ", 1)[-1].startswith(f"{name}:"))
        assert ("no significant difference" in line) == (not v["significant"]), line
        assert "p = " in line or "p < 0.001" in line
    # the Markdown shows the lines that got worse, each with both hypotheses
    md = (tmp_path / "g.md").read_text()
    good = (DATA / "good.en.txt").read_text().splitlines()
    bad = (DATA / "bad.en.txt").read_text().splitlines()
    assert result["regressed_lines"] and "### Lines that got worse than the baseline" in md
    top = result["regressed_lines"][0]
    assert top["baseline_hyp"] == good[top["line"] - 1] and top["hyp"] == bad[top["line"] - 1] != top["baseline_hyp"]
    assert md.index("Lines that got worse") < md.index("<details><summary>Metrics")


def test_improvement_over_baseline_passes(tmp_path):
    r = gate(*base(ref=DATA / "ref.en.txt", baseline=DATA / "bad.en.txt", json=tmp_path / "g.json"))
    assert r.returncode == 0, r.stdout + r.stderr
    b = json.loads((tmp_path / "g.json").read_text())["baseline"]
    assert all(v["delta"] > 0 and not v["regression"] for v in b.values())


def test_missing_reference_skips_reference_thresholds(tmp_path):
    r = gate(*base(policy=DATA / "pass.toml", junit=tmp_path / "j.xml"))
    assert r.returncode == 0
    ts = ET.parse(tmp_path / "j.xml").getroot().find("testsuite")
    assert ts.get("skipped") == "3"  # bleu, chrf, ter


def test_align_mode_on_whole_documents(tmp_path):
    r = gate(*base(ref=DATA / "ref.en.txt", policy=DATA / "pass.toml", json=tmp_path / "g.json"), "--align")
    assert r.returncode == 0, r.stderr
    result = json.loads((tmp_path / "g.json").read_text())
    validate(result, "gate.schema.json")
    assert result["inputs"]["mode"] == "align" and result["metrics"]["coverage"]["value"] is not None


@pytest.mark.parametrize("args, message", [
    (base(hyp="short.fr.txt"), "has 5 lines but the source has 12"),
    (base(hyp="nope.txt"), "no such file"),
    (base(hyp="empty.txt"), "empty file"),
    (base(ref=DATA / "short.fr.txt"), "reference has 5 lines"),
    (base(policy=DATA / "typo.toml"), "unknown metric 'chrff'"),
    (base(policy=DATA / "nope.toml"), "no such policy file"),
    (base(baseline=DATA / "bad.en.txt") + ["--align"], "--baseline needs line-aligned files"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, args, message):
    r = gate(*args, "--out-dir", tmp_path / "out")
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
    assert r.stdout == ""


DEMETR = Path(__file__).parent / "data" / "gate" / "demetr"


@pytest.mark.parametrize("system, code", [("clean", 0), ("damaged", 1)])
def test_default_policy_fails_a_damaged_system_and_passes_the_clean_one(tmp_path, system, code):
    """DEMETR-fr (tests/data/gate/demetr): the same sentences machine-translated, and with planted
    critical/major errors; no --policy. Before meaning reversals were critical, both passed.
    The first 12 lines keep the test short (9 of them damaged)."""
    for name in ("src.fr.txt", f"{system}.en.txt", "ref.en.txt"):
        lines = (DEMETR / name).read_text(encoding="utf-8").splitlines()[:12]
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = gate(tmp_path / "src.fr.txt", tmp_path / f"{system}.en.txt", "--ref", tmp_path / "ref.en.txt",
             "--src-lang", "fr", "--tgt-lang", "en", "--json", tmp_path / "g.json", quiet=False)
    assert r.returncode == code, r.stdout + r.stderr
    # stderr is a pipe here, as in CI: one line per step with its seconds, the result alone on stdout
    steps = r.stderr.strip().splitlines()
    assert all(re.fullmatch(r"evalkit gate: (.+: done in|done in) \d+\.\d s|evalkit gate: wrote .+", s) for s in steps), steps
    assert any("Loading the embedding model: done in" in s for s in steps) and steps[-1].startswith("evalkit gate: done in")
    assert r.stdout.startswith("evalkit gate: PASS" if code == 0 else "evalkit gate: FAIL")
    result = json.loads((tmp_path / "g.json").read_text())
    assert result["policy"].startswith("default (")
    crit = result["metrics"]["critical_flags"]["value"]
    assert (crit == 0) if system == "clean" else (crit >= 1)


def test_missing_required_option_exits_2():
    assert gate(DATA / "src.fr.txt").returncode == 2
