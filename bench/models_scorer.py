"""The source-conditioned LM scorer (default: Gemma-3-270M from PyPI): speed and DEMETR-fr accuracy.

Speed, on DEMETR-fr dev sentence pairs, CPU, one thread by default:
  - ``token_logprobs`` in sentence pairs per second at batch 1 / 8 / 32;
  - five variants of one target (the MT and four perturbations of the same source):
    one by one (batch 1, prompt+source recomputed each time), batched naively
    (one batch of 5 full sequences), and ``score_alternatives`` (prompt+source run once,
    its KV cache reused).

Quality: pairwise accuracy on DEMETR-fr dev (does the scorer rate ``mt_sent`` above
``pert_sent`` given ``src_sent``? ties count as wrong; items with ``pert_check`` true, as in
bench/score_demetr.py), per perturbation, on a sample of
``--per-pert`` items per perturbation (fixed seed), for the summed log-probability, the
per-token mean, and in the same run the project's reference-free baseline ``cos-e5``
(cosine of e5-small vectors of source and candidate, as in bench/score_demetr.py).
Nothing is fitted on these items.

Run: /work/main/.venv/bin/python bench/models_scorer.py [--per-pert 8] [--threads 1] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")


def load_items() -> list[dict]:
    """Items whose perturbation was applied (``pert_check``), as bench/score_demetr.py keeps."""
    with open(DATA, encoding="utf-8") as fh:
        return [r for r in (json.loads(line) for line in fh if line.strip()) if r["pert_check"]]


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def speed(scorer, items: list[dict], n_pairs: int, n_groups: int) -> None:
    pairs = [(it["src_sent"].strip(), it["mt_sent"].strip()) for it in items[:n_pairs]]
    mean_chars = np.mean([len(t) for _, t in pairs])
    print(f"\nSpeed: token_logprobs on {len(pairs)} DEMETR pairs (target mean {mean_chars:.0f} chars)")
    print(f"{'batch':>6} {'pairs/s':>9}")
    scorer.token_logprobs(pairs[:2], "fr", "en")  # warm-up
    for bs in (1, 8, 32):
        dt = timed(lambda bs=bs: scorer.token_logprobs(pairs, "fr", "en", batch_size=bs))
        print(f"{bs:>6} {len(pairs) / dt:>9.2f}")

    by_src: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        by_src[it["src_sent"].strip()].append(it)
    groups = []
    for src, its in by_src.items():
        variants = [its[0]["mt_sent"].strip()] + sorted({i["pert_sent"].strip() for i in its if i["pert_sent"].strip()})[:4]
        if len(variants) == 5:
            groups.append((src, variants))
        if len(groups) == n_groups:
            break
    k = 5
    print(f"\nSpeed: {k} variants of one target (MT + 4 perturbations), {len(groups)} sources")
    ways = {
        "one by one (batch 1)": lambda: [scorer.token_logprobs([(s, v) for v in vs], "fr", "en", batch_size=1) for s, vs in groups],
        "naive batch of 5": lambda: [scorer.token_logprobs([(s, v) for v in vs], "fr", "en", batch_size=k) for s, vs in groups],
        "score_alternatives (KV reuse)": lambda: [scorer.alternatives_logprobs(s, vs, "fr", "en", batch_size=k) for s, vs in groups],
    }
    base = None
    print(f"{'method':32} {'variants/s':>11} {'vs one by one':>14}")
    for name, fn in ways.items():
        dt = timed(fn)
        rate = len(groups) * k / dt
        base = base or rate
        print(f"{name:32} {rate:>11.2f} {rate / base:>13.2f}x")


def quality(scorer, items: list[dict], per_pert: int, seed: int) -> None:
    from evalkit.models import load_embedder

    rng = random.Random(seed)
    by_pert: dict[str, list[dict]] = defaultdict(list)
    for it in items:
        by_pert[it["pert_name"]].append(it)
    sample = []
    for name in sorted(by_pert):
        its = by_pert[name]
        sample += rng.sample(its, min(per_pert, len(its)))
    print("\nDEMETR-fr dev, reference-free pairwise accuracy (mt_sent > pert_sent given src_sent; ties wrong)")
    print(f"sample: {len(sample)} of {len(items)} items, up to {per_pert} per perturbation (seed {seed})")
    t = time.perf_counter()
    lm = [scorer.alternatives_logprobs(it["src_sent"].strip(), [it["mt_sent"].strip(), it["pert_sent"].strip()], "fr", "en")
          for it in sample]
    lm_time = time.perf_counter() - t
    emb = load_embedder(device="cpu", threads=1, quiet=True)
    srcs = emb.encode([it["src_sent"].strip() for it in sample])
    mts = emb.encode([it["mt_sent"].strip() for it in sample])
    perts = emb.encode([it["pert_sent"].strip() or " " for it in sample])
    cos_ok = np.sum(srcs * mts, axis=1) > np.sum(srcs * perts, axis=1)
    rows: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for it, (good, bad), c in zip(sample, lm, cos_ok):
        rows[it["pert_name"]].append((good.total > bad.total, good.mean > bad.mean, bool(c)))
    print(f"{'perturbation':34} {'n':>4} {'lm-sum':>7} {'lm-mean':>8} {'cos-e5':>7}")
    for name in sorted(rows):
        r = np.array(rows[name], dtype=float)
        print(f"{name:34} {len(r):>4} {r[:, 0].mean():>7.2f} {r[:, 1].mean():>8.2f} {r[:, 2].mean():>7.2f}")
    allr = np.array([x for v in rows.values() for x in v], dtype=float)
    print(f"{'ALL (pooled items)':34} {len(allr):>4} {allr[:, 0].mean():>7.3f} {allr[:, 1].mean():>8.3f} {allr[:, 2].mean():>7.3f}")
    print(f"LM scoring time: {lm_time:.0f}s for {len(sample)} items ({lm_time / len(sample):.2f}s per item, 2 variants)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="scorer name, folder or hub id (default: the registry's)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--per-pert", type=int, default=8)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--quick", action="store_true", help="8 speed pairs, 2 groups, 2 items per perturbation")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from evalkit.models import load_scorer

    t = time.perf_counter()
    scorer = load_scorer(args.model, device="cpu", threads=args.threads, quiet=True)
    load = time.perf_counter() - t
    try:
        load1 = os.getloadavg()[0]
    except OSError:
        load1 = float("nan")
    print(f"scorer {scorer.name} ({scorer.dtype}, {scorer.device}, {args.threads} thread(s)), loaded in {load:.1f}s; "
          f"{os.cpu_count()} cores, load average {load1:.1f}")
    items = load_items()
    if not args.no_speed:
        speed(scorer, items, 8 if args.quick else 32, 2 if args.quick else 6)
    if not args.no_quality:
        quality(scorer, items, 2 if args.quick else args.per_pert, args.seed)
    print("\nllama-cpp-python: not measured (its source build did not finish in 16 minutes on a busy 2-core machine)")


if __name__ == "__main__":
    main()
