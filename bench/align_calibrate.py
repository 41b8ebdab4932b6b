"""Fit the bead-confidence models and check their reliability on held-out books.

Runs the aligner on the TransRead tune books (clean and noisy variants),
labels each bead "exactly right" (equal to a gold bead), fits one logistic
model for linked beads and one for null beads on the features the aligner
exposes, prints the weights to paste into evalkit/align/calibration.py, and
prints a reliability table (mean confidence vs observed accuracy per bin) on
the held-out books for the weights currently in the package and the new fit.

    /work/main/.venv/bin/python bench/align_calibrate.py [--embedder use-v3]
"""

from __future__ import annotations

import argparse
import zlib

import numpy as np
from align_common import HELDOUT_BOOKS, TUNE_BOOKS, get_embedder, load_pair, noisy_variant, set_threads

from evalkit.align import align_segments
from evalkit.align import calibration as cal
from evalkit.records import Document


def collect(names, emb):
    """Per bead: link features, null features, linked?, correct?"""
    L, N, yl, yn, cl, cn = [], [], [], [], [], []
    for name in names:
        s, t, g, sl, tl = load_pair(name)
        ns, nt, ng = noisy_variant(s, t, g, sl, tl, seed=zlib.crc32(name.encode()) % 1000)
        for S, T, G in ((s, t, g), (ns, nt, ng)):
            r = align_segments(Document.from_lines(S, sl), Document.from_lines(T, tl), emb)
            gold = {(tuple(a), tuple(b)) for a, b in G}
            feats = r.features
            for k, b in enumerate(r.alignment.beads):
                ok = (b.src, b.tgt) in gold
                if b.src and b.tgt:
                    L.append([feats["link"][key][k] for key in cal.LINK_KEYS])
                    yl.append(ok)
                    cl.append(b.confidence)
                else:
                    N.append([feats["null"][key][k] for key in cal.NULL_KEYS])
                    yn.append(ok)
                    cn.append(b.confidence)
    return np.array(L), np.array(N), np.array(yl), np.array(yn), np.array(cl), np.array(cn)


def reliability(p, y, label):
    bins = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01]
    print(f"  {label}: n={len(y)}, brier {np.mean((p - y) ** 2):.4f}")
    for lo, hi in zip(bins[:-1], bins[1:]):
        sel = (p >= lo) & (p < hi)
        if sel.sum():
            print(f"    conf [{lo:.2f},{min(hi, 1):.2f}) n={sel.sum():5d}  mean conf {p[sel].mean():.3f}  accuracy {y[sel].mean():.3f}")


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="use-v3")
    args = ap.parse_args()
    set_threads()
    emb = get_embedder(args.embedder)
    L, N, yl, yn, _, _ = collect(TUNE_BOOKS, emb)
    ml = LogisticRegression(C=1.0, max_iter=1000).fit(L, yl)
    mn = LogisticRegression(C=1.0, max_iter=1000).fit(N, yn) if len(set(yn)) > 1 else None
    lw = {"bias": float(ml.intercept_[0]), **{k: float(w) for k, w in zip(cal.LINK_KEYS, ml.coef_[0])}}
    nw = {"bias": float(mn.intercept_[0]), **{k: float(w) for k, w in zip(cal.NULL_KEYS, mn.coef_[0])}} if mn else cal.NULL_WEIGHTS
    print("fitted on", ",".join(TUNE_BOOKS), "(clean + noisy):")
    print("LINK_WEIGHTS =", {k: round(v, 3) for k, v in lw.items()})
    print("NULL_WEIGHTS =", {k: round(v, 3) for k, v in nw.items()})
    Lh, Nh, ylh, ynh, clh, cnh = collect(HELDOUT_BOOKS, emb)
    print("reliability on held-out books", ",".join(HELDOUT_BOOKS), "(clean + noisy)")
    print(" weights in the package:")
    reliability(clh, ylh, "linked beads")
    reliability(cnh, ynh, "null beads")
    print(" new fit:")
    reliability(ml.predict_proba(Lh)[:, 1], ylh, "linked beads")
    if mn is not None and len(Nh):
        reliability(mn.predict_proba(Nh)[:, 1], ynh, "null beads")


if __name__ == "__main__":
    main()
