"""Fit the calibration of cross-lingual similarity into p_faithful (TransRead fr-en).

Documents are windows of 40 consecutive gold 1-1 beads; in each, 5 targets are
swapped for sentences from elsewhere in the same book (same style and domain,
so the negatives are hard). A logistic model on (cosine, in-document margin)
— and one on cosine alone, for one-line documents — is fitted on four books
and evaluated on the other two. Prints the coefficients to store in
evalkit/score/similarity.py and the held-out accuracy / Brier score.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_common import embed  # noqa: E402

ROOT = Path("/work/shared/benchmarks/align-transread")
WINDOW, SWAPS, PER_BOOK = 40, 5, 280


def book_pairs(book: Path) -> list[tuple[str, str]]:
    fr = book.joinpath("fr.txt").read_text().splitlines()
    en = book.joinpath("en.txt").read_text().splitlines()
    out = []
    for line in book.joinpath("gold.txt").read_text().splitlines():
        s, t = line.split(":")
        s, t = eval(s), eval(t)  # noqa: S307 - "[1, 2]" lists from the gold file
        if len(s) == 1 and len(t) == 1 and len(fr[s[0]]) > 20:
            out.append((fr[s[0]], en[t[0]]))
    return out


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 3000) -> np.ndarray:
    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    for _ in range(iters):  # Newton steps on a tiny problem
        p = 1 / (1 + np.exp(-Xb @ w))
        g = Xb.T @ (p - y) + l2 * w
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb + l2 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> None:
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder
    from evalkit.score.similarity import margins

    rng = random.Random(13)
    emb = load_embedder()
    books = sorted(p for p in ROOT.iterdir() if p.is_dir())
    rows: dict[str, list] = {}
    for book in books:
        pairs = book_pairs(book)[:PER_BOOK]
        S = embed(emb, [p[0] for p in pairs])
        T = embed(emb, [p[1] for p in pairs])
        feats = []
        for w0 in range(0, len(pairs) - WINDOW + 1, WINDOW):
            idx = list(range(w0, w0 + WINDOW))
            tgt = list(idx)
            swapped = rng.sample(range(WINDOW), SWAPS)
            for j in swapped:
                far = [i for i in range(len(pairs)) if abs(i - idx[j]) > WINDOW]
                tgt[j] = rng.choice(far)
            s, t = S[idx], T[tgt]
            cos = np.einsum("ij,ij->i", s, t)
            mar = margins(s, t)
            for j in range(WINDOW):
                feats.append((cos[j], mar[j], 0.0 if j in swapped else 1.0))
        rows[book.name] = feats
        print(f"{book.name}: {len(feats)} pairs", file=sys.stderr)
    names = list(rows)
    train = np.array([r for n in names[:4] for r in rows[n]])
    test = np.array([r for n in names[4:] for r in rows[n]])
    for label, cols in (("cos+margin", [0, 1]), ("cos only", [0])):
        w = fit_logistic(train[:, cols], train[:, 2])
        Xt = np.hstack([test[:, cols], np.ones((len(test), 1))])
        p = 1 / (1 + np.exp(-Xt @ w))
        acc = ((p > 0.5) == (test[:, 2] > 0.5)).mean()
        brier = ((p - test[:, 2]) ** 2).mean()
        base = ((test[:, 2].mean() - test[:, 2]) ** 2).mean()
        print(f"{label:10s} coefficients {np.round(w, 1).tolist()}  held-out accuracy {acc:.3f}  "
              f"Brier {brier:.3f} (prior-only {base:.3f})  n_test={len(test)}")
    pos, neg = test[test[:, 2] == 1], test[test[:, 2] == 0]
    print(f"held-out cosine: faithful median {np.median(pos[:, 0]):.3f}, swapped median {np.median(neg[:, 0]):.3f}; "
          f"margin: faithful {np.median(pos[:, 1]):.3f}, swapped {np.median(neg[:, 1]):.3f}")


if __name__ == "__main__":
    main()
