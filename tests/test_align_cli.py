"""`evalkit align` end to end: output shapes and user errors."""

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data" / "align"


def run(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", "align", *args], capture_output=True, text=True)


def test_json_and_vecalign_outputs(tmp_path):
    src, tgt = tmp_path / "a.fr.txt", tmp_path / "a.en.txt"
    fr = (DATA / "story.fr.txt").read_text(encoding="utf-8").splitlines()[:4]
    en = (DATA / "story.en.txt").read_text(encoding="utf-8").splitlines()[:4]
    src.write_text("\n".join(fr) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(en) + "\n", encoding="utf-8")
    out = run(str(src), str(tgt), "--src-lang", "fr", "--tgt-lang", "en", "--presegmented", "--quiet", "-o", str(tmp_path / "out.json"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    obj = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert obj["verdict"] in ("parallel", "partial", "not-parallel")
    assert 0 <= obj["src_coverage"] <= 1 and 0 <= obj["tgt_coverage"] <= 1
    beads = obj["beads"]
    assert {"src", "tgt", "src_ids", "tgt_ids", "confidence"} <= set(beads[0])
    assert sorted(i for b in beads for i in b["src_ids"]) == list(range(len(fr)))
    assert [t for b in beads for t in b["tgt"]] == en  # every target line once, in order
    assert ["Every morning, Marie opens the shop at six o'clock and makes the coffee.",
            "She greets the first customers, who are already waiting at the door."] in [b["tgt"] for b in beads]

    out = run(str(src), str(tgt), "--presegmented", "--quiet", "--format", "vecalign")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "[0]:[0]" and "[1]:[1,2]" in lines
    assert all(l.startswith("[") and "]:[" in l and l.endswith("]") for l in lines)


def test_empty_side_is_a_clear_user_error(tmp_path):
    src, tgt = tmp_path / "a.fr.txt", tmp_path / "b.en.txt"
    src.write_text("Bonjour tout le monde.\n", encoding="utf-8")
    tgt.write_text("\n\n", encoding="utf-8")
    out = run(str(src), str(tgt), "--quiet")
    assert out.returncode == 2
    err = out.stderr.strip()
    # ingestion refuses a blank file; a file of only skipped lines reaches the aligner's check
    assert "b.en.txt" in err and ("is empty" in err or "no text to align" in err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_short_faithful_translation_is_parallel_with_the_default_aligner():
    """An 8-sentence faithful translation must not be called not-parallel: the order
    test's spread floor once followed e5's scale and failed under USE v3."""
    data = Path(__file__).parent / "data" / "score"
    out = run(str(data / "src.fr.txt"), str(data / "hyp.en.txt"), "--quiet")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["verdict"] == "parallel"


def test_unknown_runs_mode_is_a_one_line_error(tmp_path):
    src, tgt = tmp_path / "a.fr.txt", tmp_path / "b.en.txt"
    src.write_text("Bonjour tout le monde.\n", encoding="utf-8")
    tgt.write_text("Hello everyone.\n", encoding="utf-8")
    out = run(str(src), str(tgt), "--runs", "fast", "--quiet")
    assert out.returncode == 2
    err = out.stderr.strip()
    assert "--runs fast" in err and len(err.splitlines()) == 1


def test_progress_embedder_counts_what_it_encodes_and_returns_the_real_vectors():
    import numpy as np

    from evalkit.commands.align import ProgressEmbedder
    from evalkit.models import load_aligner_embedder

    inner = load_aligner_embedder()
    seen = []
    wrapped = ProgressEmbedder(inner, seen.append)
    texts = ["Bonjour tout le monde.", "Hello everyone.", "Le chat dort."]
    got = wrapped.encode(texts)
    assert seen == [3]
    np.testing.assert_allclose(got, inner.encode(texts), rtol=1e-5, atol=1e-6)
