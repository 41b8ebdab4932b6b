"""The full checks' scorer work on one report's beads, timed, with the old and new paths in one process.

    OMP_NUM_THREADS=1 /work/main/.venv/bin/python bench/contrastive_speed.py REPORT.json [--rounds 2] [--limit N]

REPORT.json: a review report (``evalkit review ... -o``); its aligned beads (source and
translation text) are the input. One scorer is loaded; then, alternately, ``rounds`` times:

* ``before``: every proposed edit rescored, torch's vocabulary projection, one bead per
  projection (the check before session 9; the fit in bench/flag_contrastive.py still rescores
  every edit);
* ``now``: only the edits that could flag (:func:`evalkit.flag.contrastive.can_flag`), the
  blocked numpy projection on CPU (``_TorchScorer.cpu_projection``), beads grouped per
  projection (``CausalLMScorer.probe_many``).

Printed: wall and CPU seconds of each, edits rescored, whether the flags
(:func:`evalkit.flag.contrastive.decide`) are the same on every field, the largest difference of
the per-bead mean log-probabilities (``lm:logprob``), and of every target token's log-probability
and top-8 (ids compared exactly) between the two projections.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="first N beads only (0: all)")
    args = ap.parse_args()

    from evalkit.flag.base import Pair
    from evalkit.flag.bilingual import load_dictionary
    from evalkit.flag.contrastive import can_flag, contrasts, decide, settings
    from evalkit.models import load_scorer

    rep = json.loads(args.report.read_text(encoding="utf-8"))
    sl, tl = rep["src_lang"], rep["tgt_lang"]
    pairs = [Pair(b["index"], b["src_text"], b["tgt_text"], sl, tl) for b in rep["beads"]
             if b["src_text"].strip() and b["tgt_text"].strip()]
    if args.limit:
        pairs = pairs[: args.limit]
    dic = load_dictionary(sl, tl)
    cfg = settings()
    t0 = time.perf_counter()
    scorer = load_scorer()
    print(f"scorer {scorer.name} ({scorer.dtype}, {scorer.device}) loaded in {time.perf_counter() - t0:.1f} s; "
          f"{len(pairs)} beads")
    pair_of = {p.index: p for p in pairs}
    import evalkit.models.scorer as scorer_module

    ways = {"before": (None, False, 0), "now": (lambda c, p: can_flag(c, p, cfg, dic), True, scorer_module._GROUP_ROWS)}
    answers = {}
    for r in range(args.rounds):
        for name, (keep, cpu_projection, group_rows) in ways.items():
            scorer.cpu_projection = cpu_projection
            scorer_module._GROUP_ROWS = group_rows
            lps: dict = {}
            w, c = time.perf_counter(), time.process_time()
            found = contrasts(pairs, scorer, cfg, target_logprobs=lps, keep=keep)
            flags = decide(found, pair_of, cfg, dictionary=dic)
            w, c = time.perf_counter() - w, time.process_time() - c
            rescored = sum(not math.isnan(x.delta) for x in found)
            print(f"round {r + 1} {name:9s} {w:6.1f} s wall {c:6.1f} s CPU  {rescored:5d} edits rescored  {len(flags)} flags")
            answers[name] = (flags, lps)
    (fa, la), (fb, lb) = answers["before"], answers["now"]
    print("flags identical:", fa == fb, f"({len(fa)} vs {len(fb)})")
    print("lm:logprob max |diff|:", max((abs(la[k] - lb[k]) for k in la), default=0.0), "over", len(la), "beads")
    tokens = {}
    for name, on in (("torch", False), ("numpy", True)):
        scorer.cpu_projection = on
        tokens[name] = scorer.token_logprobs([(p.src, p.tgt) for p in pairs], sl, tl, topk=cfg.topk)
    lp_d = top_d = 0.0
    same_ids = n = 0
    for a, b in zip(tokens["torch"], tokens["numpy"]):
        lp_d = max(lp_d, float(abs(a.logprobs - b.logprobs).max(initial=0)))
        top_d = max(top_d, float(abs(a.top_logprobs - b.top_logprobs).max(initial=0)))
        same_ids += int((a.top_ids == b.top_ids).all(axis=1).sum())
        n += len(a.logprobs)
    print(f"token log-probs max |diff| {lp_d:.2e}, top-8 log-probs {top_d:.2e}, top-8 ids identical at {same_ids}/{n} positions")


if __name__ == "__main__":
    main()
