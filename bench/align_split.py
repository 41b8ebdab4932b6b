"""Should merged beads be split after the DP? Measured on the edge segments of merged beads.

    /work/main/.venv/bin/python bench/align_split.py

For every merged bead the aligner outputs (all six TransRead books, clean and noisy
variants, USE embeddings cached as in align_quality.py), each edge segment is a
candidate to split off as a null bead. A candidate *fixes* a bead when the rest is a
gold bead and the whole is not, and *breaks* one when the whole is gold. Printed: what
a simple rule (the segment's own evidence against the rest of the bead is no better
than the median of the pair's null distribution, and the rest's margin does not drop)
and a logistic model (six features, fitted on the tune books, scored on the held-out
books) would fix and break. This is why AlignOptions.split stays off (docs/align.md).
"""

from __future__ import annotations

import zlib

import numpy as np
from align_common import BOOKS, HELDOUT_BOOKS, TUNE_BOOKS, get_embedder, load_pair, noisy_variant, set_threads
from scipy.optimize import minimize

from evalkit.align import AlignOptions, align_segments
from evalkit.align.aligner import _robust
from evalkit.align.dp import PathBead
from evalkit.align.postpass import bead_z
from evalkit.records import Document


def candidates(emb) -> list[dict]:
    rows = []
    for name in BOOKS:
        s, t, g, sl, tl = load_pair(name)
        for variant in ("clean", "noisy"):
            s2, t2, g2 = (s, t, g) if variant == "clean" else noisy_variant(s, t, g, sl, tl, seed=zlib.crc32(name.encode()) % 1000)
            gold = {(tuple(a), tuple(b)) for a, b in g2}
            r = align_segments(Document.from_lines(s2, sl), Document.from_lines(t2, tl), emb, options=AlignOptions(runs="embed"))
            ctx = r.ctx
            rs, rt = _robust(ctx.best_s), _robust(ctx.best_t)
            for b in r.beads:
                a_, c_ = b.i1 - b.i0, b.j1 - b.j0
                if a_ == 0 or c_ == 0 or a_ + c_ < 3:
                    continue
                zw = bead_z(ctx, [b])[0]
                cands = []
                if a_ > 1:
                    cands += [("s", b.i0, PathBead(b.i0 + 1, b.i1, b.j0, b.j1)), ("s", b.i1 - 1, PathBead(b.i0, b.i1 - 1, b.j0, b.j1))]
                if c_ > 1:
                    cands += [("t", b.j0, PathBead(b.i0, b.i1, b.j0 + 1, b.j1)), ("t", b.j1 - 1, PathBead(b.i0, b.i1, b.j0, b.j1 - 1))]
                whole_ok = (tuple(range(b.i0, b.i1)), tuple(range(b.j0, b.j1))) in gold
                for side, k, rest in cands:
                    own = PathBead(k, k + 1, b.j0, b.j1) if side == "s" else PathBead(b.i0, b.i1, k, k + 1)
                    ze = bead_z(ctx, [own])[0]
                    texts = ctx.src_texts if side == "s" else ctx.tgt_texts
                    rows.append({
                        "book": name,
                        "qe": float(ctx.null_quantile(ze)), "ze": float(ze), "dz": float(bead_z(ctx, [rest])[0] - zw),
                        "rob": float(rs[k] if side == "s" else rt[k]), "size": a_ + c_,
                        "dup": sum(1 for x in texts if x == texts[k]) - 1,
                        "rest_ok": (tuple(range(rest.i0, rest.i1)), tuple(range(rest.j0, rest.j1))) in gold,
                        "whole_ok": whole_ok,
                    })
    return rows


def feats(r: dict) -> list[float]:
    return [1.0, r["qe"], np.tanh(r["ze"] / 3), np.tanh(r["dz"] / 3), r["rob"] / 3, r["size"] / 5, min(r["dup"], 3) / 3]


def main() -> None:
    set_threads()
    rows = candidates(get_embedder("use-v3"))
    print(f"{len(rows)} edge segments of merged beads (six books, clean + noisy)")
    for q, d in ((0.5, 0.0), (0.5, -0.5), (0.9, 0.0)):
        sel = [r for r in rows if r["qe"] <= q and r["dz"] >= d]
        fixes = sum(r["rest_ok"] and not r["whole_ok"] for r in sel)
        breaks = sum(r["whole_ok"] for r in sel)
        print(f"rule: own evidence quantile <= {q}, rest margin change >= {d:+.1f}: fixes {fixes}, breaks {breaks}")
    data = [r for r in rows if r["whole_ok"] or r["rest_ok"]]
    X = {k: np.array([feats(r) for r in data if (r["book"] in TUNE_BOOKS) == (k == "tune")]) for k in ("tune", "held")}
    y = {k: np.array([float(r["rest_ok"] and not r["whole_ok"]) for r in data if (r["book"] in TUNE_BOOKS) == (k == "tune")]) for k in ("tune", "held")}
    w = minimize(lambda w: np.sum(np.logaddexp(0, X["tune"] @ w) - y["tune"] * (X["tune"] @ w)) + 0.01 * w @ w, np.zeros(7)).x
    for th in (0.5, 0.7, 0.8, 0.9):
        p = 1 / (1 + np.exp(-X["held"] @ w))
        s = p >= th
        print(f"logistic (fitted on {','.join(TUNE_BOOKS)}), held-out books {','.join(HELDOUT_BOOKS)}, p >= {th}: "
              f"fixes {int((s & (y['held'] == 1)).sum())}, breaks {int((s & (y['held'] == 0)).sum())}")


if __name__ == "__main__":
    main()
