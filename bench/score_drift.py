"""Meaning-drift flags on documents with planted unrelated sentences (TransRead fr-en).

Documents are windows of 40 consecutive gold 1-1 beads; in each, 2 targets are
replaced by sentences from elsewhere in the same book. Prints precision and
recall of the ``meaning-drift`` flags (evalkit.score.drift, as evaluate runs
it) next to two baselines in the same run: a fixed cosine cut-off (0.85, the
midpoint of the "unrelated ~0.80 / translation ~0.93" folk values) and the
robust z-score alone (without the calibrated probability), the calibrated
probability alone, and a stricter z.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from score_calibrate import PER_BOOK, ROOT, WINDOW, book_pairs  # noqa: E402
from score_common import embed  # noqa: E402

SWAPS = 2


def prf(pred: set, gold: set) -> str:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (flags {len(pred)}, planted {len(gold)})"


def main() -> None:
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder
    from evalkit.score.drift import Z_THRESHOLD, drift_flags, robust_z
    from evalkit.score.similarity import similarity_scores

    rng = random.Random(5)
    emb = load_embedder()
    gold, ours, cut, zonly, ponly, z3 = set(), set(), set(), set(), set(), set()
    docs = 0
    for book in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        pairs = book_pairs(book)[:PER_BOOK]
        S = embed(emb, [p[0] for p in pairs])
        T = embed(emb, [p[1] for p in pairs])
        for w0 in range(0, len(pairs) - WINDOW + 1, WINDOW):
            docs += 1
            idx = list(range(w0, w0 + WINDOW))
            tgt = list(idx)
            for j in rng.sample(range(WINDOW), SWAPS):
                tgt[j] = rng.choice([i for i in range(len(pairs)) if abs(i - idx[j]) > WINDOW])
                gold.add((docs, j))
            sim = similarity_scores(S[idx], T[tgt])
            texts = [pairs[t][1] for t in tgt]
            ours |= {(docs, f.bead) for f in drift_flags(list(range(WINDOW)), texts, sim.cosine, sim.p_faithful)}
            cut |= {(docs, j) for j in range(WINDOW) if sim.cosine[j] < 0.85}
            z = robust_z(sim.cosine)
            zonly |= {(docs, j) for j in range(WINDOW) if z[j] <= Z_THRESHOLD}
            ponly |= {(docs, j) for j in range(WINDOW) if sim.p_faithful[j] < 0.5}
            z3 |= {(docs, j) for j in range(WINDOW) if sim.p_faithful[j] < 0.5 and z[j] <= -3}
    print(f"{docs} documents of {WINDOW} pairs, {SWAPS} unrelated targets planted in each")
    print(f"meaning-drift (z <= {Z_THRESHOLD} and p_faithful < 0.5):      {prf(ours, gold)}")
    print(f"baseline robust z <= {Z_THRESHOLD} alone:                 {prf(zonly, gold)}")
    print(f"p_faithful < 0.5 alone:                        {prf(ponly, gold)}")
    print(f"p_faithful < 0.5 and z <= -3 (stricter):       {prf(z3, gold)}")
    print(f"baseline fixed cosine < 0.85:                  {prf(cut, gold)}")


if __name__ == "__main__":
    main()
