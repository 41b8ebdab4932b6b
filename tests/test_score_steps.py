"""Scoring steps behind one registry: the built-in steps run in its order, and a third-party
package adds a per-segment score (a real dist-info with an ``evalkit.score_steps`` entry point,
in a real process) without touching evalkit; a step that cannot run for a pair says why."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT / "tests" / "data" / "score"

PLUGIN = '''
class CharRatio:
    """Target characters per source character: a toy per-segment score."""

    name = "charratio"

    def supports(self, src_lang, tgt_lang):
        return None if src_lang != "de" else "no German today"

    def scores(self, src, tgt, refs, src_lang, tgt_lang):
        return {"charratio": [len(t) / max(1, len(s)) for s, t in zip(src, tgt)]}
'''


def _package(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "charratio_step.py").write_text(textwrap.dedent(PLUGIN))
    dist = site / "charratio_step-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: charratio-step\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[evalkit.score_steps]\ncharratio = charratio_step:CharRatio\n")
    return site


def _score(tmp_path: Path, site: Path | None, *extra: str) -> dict:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.json"
    paths = [str(site)] if site else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths + [str(ROOT)]), "OMP_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, "-m", "evalkit", "score", str(SCORE / "src.fr.txt"), str(SCORE / "hyp.en.txt"),
                        "--aligned", "--engines", "none", "-q", "-o", str(out), *extra],
                       env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_plugin_step_adds_its_score_to_every_segment(tmp_path):
    site = _package(tmp_path)
    with_step = _score(tmp_path, site)
    src = (SCORE / "src.fr.txt").read_text(encoding="utf-8").splitlines()
    hyp = (SCORE / "hyp.en.txt").read_text(encoding="utf-8").splitlines()
    got = [b["scores"]["charratio"] for b in with_step["beads"]]
    assert got == [round(len(h) / len(s), 4) for s, h in zip(src, hyp)] or got == [len(h) / len(s) for s, h in zip(src, hyp)]
    assert "charratio" in with_step["signals"]
    without = _score(tmp_path, None)
    assert all("charratio" not in b["scores"] for b in without["beads"])
    # the built-in scores are the same with or without the plug-in
    assert [{k: v for k, v in b["scores"].items() if k != "charratio"} for b in with_step["beads"]] == \
        [b["scores"] for b in without["beads"]]


def test_the_builtin_steps_run_in_registry_order():
    from evalkit.score.steps import score_steps

    names = [s.name for s in score_steps()]
    assert names[:5] == ["similarity", "length", "engines", "reference", "cues"]


def test_a_step_that_cannot_run_says_why():
    from evalkit.models import load_embedder
    from evalkit.score import evaluate_lines
    from evalkit.score.steps import score_steps

    class NoGerman:
        name = "nogerman"

        def supports(self, src_lang, tgt_lang):
            return "needs French" if src_lang != "fr" else None

        def scores(self, src, tgt, refs, src_lang, tgt_lang):
            return {"nogerman": [1.0] * len(src)}

    steps = score_steps() + [NoGerman()]
    ev = evaluate_lines(["Der Hund schläft."], ["The dog sleeps."], "de", "en", load_embedder(device="cpu"), engines="none",
                        use_encoder=False, steps=steps)
    assert "nogerman: needs French" in ev.checks_not_run
    assert "nogerman" not in ev.beads[0].scores
