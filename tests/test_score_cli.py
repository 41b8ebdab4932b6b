"""`evalkit score` end to end on temporary files (real model, real subprocess)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real embedder / subprocesses

DATA = Path(__file__).parent / "data" / "score"
ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", "score", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT)


def test_aligned_json_shape(tmp_path):
    src = tmp_path / "s.txt"
    hyp = tmp_path / "h.txt"
    lines = DATA.joinpath("hyp.en.txt").read_text().splitlines()
    lines[5] = "The football team lost again on Saturday night in front of a small crowd."
    src.write_text(DATA.joinpath("src.fr.txt").read_text())
    hyp.write_text("\n".join(lines) + "\n")
    out = run(src, hyp, "--aligned", "--src-lang", "fr", "--tgt-lang", "en", "--engines", "none",
              "--ref", DATA / "ref.en.txt", "-q")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"signals", "signatures", "doc_scores", "beads", "flags"} <= set(data)
    assert len(data["beads"]) == 8
    b = data["beads"][5]
    assert b["src"] == [5] and b["tgt"] == [5]
    assert {"p_faithful", "similarity", "bleu:ref", "chrf:ref", "ter:ref", "qe"} <= set(b["scores"])
    assert "bleu:ref" in data["signatures"]
    assert data["flags"], "the unrelated line should be flagged"
    for f in data["flags"]:
        assert {"segment", "span", "start", "end", "category", "severity", "message"} <= set(f)
        assert f["segment"][f["start"]:f["end"]] == f["span"]
    assert data["flags"][0]["bead"] == 5 and data["flags"][0]["category"] == "meaning-drift"


def test_aligned_tsv(tmp_path):
    out = run(DATA / "src.fr.txt", DATA / "hyp.en.txt", "--aligned", "--engines", "none", "--format", "tsv", "-q")
    assert out.returncode == 0, out.stderr
    rows = out.stdout.splitlines()
    assert rows[0].split("\t")[:3] == ["index", "src_ids", "tgt_ids"]
    assert len(rows) == 9


def test_mismatched_line_counts_exit_2(tmp_path):
    hyp = tmp_path / "h.txt"
    hyp.write_text("\n".join(DATA.joinpath("hyp.en.txt").read_text().splitlines()[:-1]) + "\n")
    out = run(DATA / "src.fr.txt", hyp, "--aligned", "--engines", "none")
    assert out.returncode == 2
    assert "lines" in out.stderr and out.stdout == ""
    out = run(DATA / "src.fr.txt", DATA / "hyp.en.txt", "--aligned", "--engines", "none", "--ref", hyp)
    assert out.returncode == 2 and "lines" in out.stderr


def test_bad_engine_and_missing_file_exit_2(tmp_path):
    out = run(DATA / "src.fr.txt", DATA / "hyp.en.txt", "--aligned", "--engines", "babelfish")
    assert out.returncode == 2 and "unknown engine" in out.stderr
    out = run(tmp_path / "nope.txt", DATA / "hyp.en.txt", "--aligned")
    assert out.returncode == 2


def test_document_mode_writes_output_file(tmp_path):
    dest = tmp_path / "out.json"
    out = run(DATA / "src.fr.txt", DATA / "hyp.en.txt", "--engines", "none", "--ref", DATA / "ref.en.txt",
              "-o", dest, "-q")
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    data = json.loads(dest.read_text())
    assert len(data["beads"]) >= 8 and data["doc_scores"]["p_faithful_mean"] > 0.5
    # the reference document is aligned to the source: every bead gets its reference scores
    assert all("chrf:ref" in b["scores"] for b in data["beads"] if b["src"] and b["tgt"])
    assert data["doc_scores"]["chrf:ref"] > 30 and "chrf:ref" in data["signatures"]
    assert list(tmp_path.iterdir()) == [dest]
