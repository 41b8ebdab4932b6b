"""`evalkit review` end to end on real files: reports written, bad input refused with one line."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.errors import InputError
from evalkit.pairfile import read_pair
from evalkit.report.json_export import validate

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / "tests" / "data" / "report" / "gate"
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}  # shared cores: one thread is faster


def review(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", "review", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=ENV)


def make_pair(folder: Path, relation="translation", src="src.fr.txt", tgt="good.en.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(GATE / "src.fr.txt", folder / "source.fr.txt")
    shutil.copy(GATE / tgt, folder / "translation.en.txt")
    source = '[source]\nfile = "source.fr.txt"\nlang = "fr"\nlayout = "plain"\n' if relation != "translation-only" else ""
    (folder / "pair.toml").write_text(f'name = "{folder.name}"\nrelation = "{relation}"\n{source}'
                                      '[translation]\nfile = "translation.en.txt"\nlang = "en"\n')
    return folder


def test_pair_folder_writes_html_and_json(tmp_path):
    pair = make_pair(tmp_path / "news-pair")
    out = tmp_path / "reports"
    r = review(pair, "--out-dir", out, "--xliff", "--tmx")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[:4] == [str(out / f"news-pair.{e}") for e in ("html", "json", "xlf", "tmx")]
    assert len(lines) == 7 and lines[4].startswith("verdict ") and lines[5].startswith("flags: ")
    data = json.loads((out / "news-pair.json").read_text())
    validate(data)
    assert data["name"] == "news-pair" and data["summary"]["aligned"] >= 10
    assert data["pair"] == {"title": "", "relation": "translation"}
    assert "similarity" in data["scores"]["segment"]
    assert "Nearly 3,500 people" in (out / "news-pair.html").read_text()


def test_two_files_and_a_reference(tmp_path):
    r = review(GATE / "src.fr.txt", GATE / "good.en.txt", "--src-lang", "fr", "--tgt-lang", "en",
               "--ref", GATE / "ref.en.txt", "--out-dir", tmp_path, "--name", "with-ref", "--quiet")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # --quiet: nothing on stderr
    data = json.loads((tmp_path / "with-ref.json").read_text())
    validate(data)
    corpus = data["scores"]["corpus"]
    assert set(corpus) == {"bleu", "chrf", "ter"}
    for v in corpus.values():
        assert v["ci_low"] <= v["value"] <= v["ci_high"] and v["signature"].startswith("nrefs:1")
    assert corpus["chrf"]["value"] > 60  # a good translation of these 12 lines
    assert "corpus, vs reference" in (tmp_path / "with-ref.html").read_text()
    assert "chrf " in r.stdout.splitlines()[-1]


def test_translation_only_pair(tmp_path):
    pair = make_pair(tmp_path / "alone", relation="translation-only")
    r = review(pair, "--out-dir", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "out" / "alone.json").read_text())
    validate(data)
    assert data["mode"] == "translation-only" and data["summary"]["beads"] == 12
    assert "translation checked alone" in r.stdout


@pytest.mark.parametrize("setup, message", [
    (lambda d: [d / "missing"], "no such folder"),
    (lambda d: [d], "no pair.toml"),
    (lambda d: [GATE / "src.fr.txt", d / "nope.txt"], "no such file"),
    (lambda d: [GATE / "src.fr.txt", GATE / "empty.txt"], "empty file"),
    (lambda d: [GATE / "src.fr.txt"], "give a pair folder"),
])
def test_bad_input_one_line_exit_2_no_report(tmp_path, setup, message):
    out = tmp_path / "reports"
    r = review(*setup(tmp_path), "--out-dir", out)
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not out.exists() and r.stdout == ""


def test_pair_toml_problems(tmp_path):
    pair = make_pair(tmp_path / "p")
    (pair / "translation.en.txt").unlink()
    r = review(pair, "--out-dir", tmp_path / "o")
    assert r.returncode == 2 and "translation.en.txt: no such file" in r.stderr
    (pair / "pair.toml").write_text('relation = "sibling"\n')
    with pytest.raises(InputError, match="relation must be one of"):
        read_pair(pair)
    (pair / "pair.toml").write_text('relation = "translation"\n[translation]\nfile = "t.txt"\nlang = "en"\n')
    with pytest.raises(InputError, match="missing \\[source\\]"):
        read_pair(pair)
    (pair / "pair.toml").write_text("name = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        read_pair(pair)


def test_seed_pairs_read():
    for name in ("lemonde-amazon", "bbc-ice-fr", "amazon-comparable"):
        spec = read_pair(ROOT / "pairs" / name)
        assert spec.translation.path.is_file()
        assert (spec.source is None) == (spec.relation == "translation-only")


def test_line_aligned_files_review_line_by_line(tmp_path):
    """`review SRC TGT --aligned` (an MT test set): one row per line, line numbers kept, the usual report."""
    src, hyp = GATE / "src.fr.txt", GATE / "good.en.txt"
    lines = [ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()]
    r = review(src, hyp, "--aligned", "--ref", GATE / "ref.en.txt", "--out-dir", tmp_path, "--name", "lines", "--quiet")
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "lines.json").read_text(encoding="utf-8"))
    validate(report)
    assert len(report["beads"]) == len(lines)
    assert [b["src_text"] for b in report["beads"]] == [ln.strip() for ln in lines]
    assert "line-aligned input" in report["alignment"]["notes"]
    assert set(report["scores"]["corpus"]) >= {"bleu", "chrf"}
    assert (tmp_path / "lines.html").exists()
    r = review(src, "--aligned", "--out-dir", tmp_path / "x")
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1].endswith("--aligned needs two files, SRC and TGT, line-aligned")
