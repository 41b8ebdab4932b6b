"""One Engine shared by threads (what `evalkit serve --max-concurrency N` does) gives each caller
the answer it gets alone: the stemmers, caches and Apertium calls are safe to share."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCORE = ROOT / "tests" / "data" / "score"


def _flags_and_scores(ev) -> list:
    return [(sorted((f.category, f.severity, f.start, f.end, f.span) for f in sb.flags),
             {k: round(v, 6) for k, v in sb.scores.items() if isinstance(v, float)}) for sb in ev.beads]


def test_threads_sharing_an_engine_get_their_own_answers():
    from evalkit import text
    from evalkit.engine import Engine

    src = (SCORE / "src.fr.txt").read_text(encoding="utf-8").splitlines()
    hyp = (SCORE / "hyp.en.txt").read_text(encoding="utf-8").splitlines()
    jobs = [(src[k:] + src[:k], hyp[k:] + hyp[:k]) for k in range(len(src))]  # same lines, other orders
    engine = Engine(device="cpu")
    alone = [_flags_and_scores(engine.score_lines(s, h, "fr", "en", engines="auto")) for s, h in jobs]
    for _ in range(2):
        text.stem.cache_clear()  # make the threads stem again, at the same time
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(lambda j: _flags_and_scores(engine.score_lines(*j, "fr", "en", engines="auto")),
                                     jobs))
        assert together == alone
