"""The Gemma LM scorer at float32 vs int8 dynamic quantisation (PyTorch's, of every nn.Linear), one run.

    OMP_NUM_THREADS=1 /work/main/.venv/bin/python bench/lm_int8.py [--items 24]

A probe for issue 12 (report only; the scorer is unchanged): DEMETR-fr dev items whose perturbation
applied (``pert_check``), first ``--items`` in file order; for each, ``token_logprobs`` of ``mt_sent``
and ``pert_sent`` given ``src_sent`` at batch 1 (one forward pass per pair), the two scorers
alternated pair by pair so machine load hits both alike. Prints seconds per forward pass, the
per-token log-prob |difference|, and how often the mean log-prob ranks MT above the perturbation
(the scorer's DEMETR answer) for each, and whether they agree.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=24)
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_scorer

    rows = [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if r["pert_check"] and r["pert_sent"].strip()][: args.items]
    fp32 = load_scorer(device="cpu", quiet=True, threads=1)
    q8 = load_scorer(device="cpu", quiet=True, threads=1)
    t = time.perf_counter()
    q8.model = torch.ao.quantization.quantize_dynamic(q8.model, {torch.nn.Linear}, dtype=torch.qint8)
    print(f"quantised in {time.perf_counter() - t:.1f}s")
    for sc in (fp32, q8):
        sc.token_logprobs([(rows[0]["src_sent"], rows[0]["mt_sent"])], "fr", "en", batch_size=1)  # warm-up
    secs = {"fp32": 0.0, "int8": 0.0}
    means = {"fp32": [], "int8": []}
    diffs = []
    for r in rows:
        for tgt in (r["mt_sent"], r["pert_sent"]):
            got = {}
            for name, sc in (("fp32", fp32), ("int8", q8)):
                t = time.perf_counter()
                got[name] = sc.token_logprobs([(r["src_sent"], tgt)], "fr", "en", batch_size=1)[0]
                secs[name] += time.perf_counter() - t
                means[name].append(float(np.mean(got[name].logprobs)) if len(got[name].logprobs) else 0.0)
            diffs.append(np.abs(np.asarray(got["fp32"].logprobs) - np.asarray(got["int8"].logprobs)))
    n = 2 * len(rows)
    d = np.concatenate(diffs)
    print(f"{len(rows)} DEMETR-fr items, {n} forward passes each, batch 1, 1 thread")
    wins = {}
    for name in ("fp32", "int8"):
        m = np.asarray(means[name]).reshape(-1, 2)
        wins[name] = m[:, 0] > m[:, 1]
        print(f"  {name}: {secs[name] / n:.3f} s per forward pass; mean log-prob ranks MT above the perturbation "
              f"on {int(wins[name].sum())}/{len(rows)}")
    print(f"  token log-prob |diff| mean {d.mean():.3f}, max {d.max():.3f} nats; the two agree on "
          f"{int((wins['fp32'] == wins['int8']).sum())}/{len(rows)} items")


if __name__ == "__main__":
    main()
