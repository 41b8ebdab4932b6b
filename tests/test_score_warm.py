"""A re-run of `score --aligned` on text the vector cache holds loads no model: the USE-v3
similarity comes from the cache like every other vector, and the answers are those of the first run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real models in subprocesses

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT / "tests" / "data" / "score"

PROBE = """
import json, sys
from pathlib import Path
from evalkit.engine import Engine
score = Path(sys.argv[1])
src = (score / "src.fr.txt").read_text(encoding="utf-8").splitlines()
hyp = (score / "hyp.en.txt").read_text(encoding="utf-8").splitlines()
eng = Engine(device="cpu")
ev = eng.score_lines(src, hyp, "fr", "en", engines="none")
use = eng.use_encoder()
print(json.dumps({"segments": [sb.scores for sb in ev.beads],
                  "use_loaded": bool(use is not None and use.model_loaded),
                  "torch": "torch" in sys.modules}))
"""


def _probe(cache: Path) -> dict:
    env = {**os.environ, "EVALKIT_CACHE": str(cache), "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(SCORE)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_warm_rerun_loads_no_model_and_gives_the_same_scores(tmp_path):
    from evalkit.models.paths import cache_root

    cache = tmp_path / "cache"
    # a fresh vector cache beside the installed models (the models are not copied)
    cache.mkdir()
    for entry in cache_root().iterdir():
        if entry.name not in ("embeddings.sqlite", "embeddings.sqlite-wal", "embeddings.sqlite-shm", "derived"):
            (cache / entry.name).symlink_to(entry)
    cold = _probe(cache)
    assert cold["use_loaded"]  # computed the USE vectors
    assert all("similarity_use" in s for s in cold["segments"])
    warm = _probe(cache)
    assert not warm["use_loaded"] and not warm["torch"]
    assert warm["segments"] == cold["segments"]
