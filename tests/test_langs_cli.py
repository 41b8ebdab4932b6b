"""Every language with a profile runs through the CLI: segment, check, align, score, review, gate.

Real subprocesses on small texts written for these tests (tests/data/langs: a five-sentence
source per language and an English translation with two planted errors: 120 -> 150 million,
and a negation the source does not have). Languages come from the profiles, so a language
added with data files only (docs/languages.md) is tested once its texts are here.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.text.profiles import languages

DATA = Path(__file__).parent / "data" / "langs"
ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
LANGS = [lang for lang in languages() if (DATA / f"src.{lang}.txt").exists()]


def evalkit(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV)


def test_every_new_language_has_test_texts():
    assert {"de", "es", "it", "pt"} <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_segment_and_check(lang):
    out = evalkit("segment", DATA / f"src.{lang}.txt", "--lang", lang)
    assert out.returncode == 0, out.stderr
    segs = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(segs) == 5 and all(s["kind"] == "body" for s in segs)
    out = evalkit("check", DATA / f"src.{lang}.txt", "--lang", lang, "--format", "json", "-q")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []  # clean source text: no typography or spelling flag


def test_segment_refuses_a_language_without_profile():
    out = evalkit("segment", DATA / "src.de.txt", "--lang", "zz")
    assert out.returncode == 2 and "unsupported language 'zz'" in out.stderr


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_score_flags_planted_errors_and_reports_checks_not_run(lang):
    out = evalkit("score", DATA / f"src.{lang}.txt", DATA / f"hyp.{lang}.en.txt", "--aligned",
                  "--src-lang", lang, "--tgt-lang", "en", "-q")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    flags = {(f["bead"], f["category"]): f["severity"] for f in data["flags"]}
    assert flags.get((2, "number")) == flags.get((4, "polarity")) == "critical"  # a changed number, a negation flip
    assert all("qe" in b["scores"] for b in data["beads"])
    assert any(n.startswith("lexicon:") for n in data["checks_not_run"])  # the false-friend list is fr<->en


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_align_review_gate(lang, tmp_path):
    src, hyp = DATA / f"src.{lang}.txt", DATA / f"hyp.{lang}.en.txt"
    out = evalkit("align", src, hyp, "--src-lang", lang, "--tgt-lang", "en", "-f", "json", "-q")
    assert out.returncode == 0, out.stderr
    out = evalkit("review", src, hyp, "--src-lang", lang, "--tgt-lang", "en", "--out-dir", tmp_path, "--name", "r", "-q")
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["checks_not_run"]
    out = evalkit("gate", "--quiet", src, hyp, "--ref", DATA / "ref.en.txt", "--src-lang", lang,
                  "--tgt-lang", "en", "--json", tmp_path / "g.json")
    assert out.returncode in (0, 1), out.stderr
    assert json.loads((tmp_path / "g.json").read_text())["metrics"]
