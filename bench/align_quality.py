"""Strict alignment P/R/F1: our aligner vs Bertalign's algorithm, same embeddings, same run.

Data: TransRead (6 French-English books; tuned on TUNE_BOOKS, the others are
held out and reported separately), Text+Berg dev (German-French), and noisy
variants of each (~6% inserted running headers, "Read also" lines, pull-quote
duplicates, captions, furniture; inserted lines are null beads in the gold).

    /work/main/.venv/bin/python bench/align_quality.py [--embedder use-v3|e5] [--books a,b] [--no-noisy]

Embeddings are cached under /tmp/evalkit-cache/align-emb (first run embeds).
"""

from __future__ import annotations

import argparse
import time
import zlib

import numpy as np
from align_baseline import bertalign
from align_common import BOOKS, HELDOUT_BOOKS, TUNE_BOOKS, get_embedder, load_pair, noisy_variant, set_threads, strict_prf

from evalkit.align import AlignOptions, align_segments
from evalkit.records import Document


def run_pair(name, s, t, g, sl, tl, emb, memo, options=None):
    t0 = time.time()
    r = align_segments(Document.from_lines(s, sl), Document.from_lines(t, tl), emb, options=options, memo=memo)
    t1 = time.time()
    ours = strict_prf([(b.src, b.tgt) for b in r.alignment.beads], g)
    base_beads = bertalign(s, t, emb, memo)
    t2 = time.time()
    base = strict_prf([(tuple(range(b.i0, b.i1)), tuple(range(b.j0, b.j1))) for b in base_beads], g)
    return {"name": name, "ours": ours, "base": base, "t_ours": t1 - t0, "t_base": t2 - t1, "verdict": r.alignment.verdict}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="use-v3")
    ap.add_argument("--books", default=",".join(BOOKS + ["textberg"]))
    ap.add_argument("--no-noisy", action="store_true")
    ap.add_argument("--summed-runs", action="store_true", help="merged runs as sums of segment vectors (no run encoded)")
    args = ap.parse_args()
    set_threads()
    emb = get_embedder(args.embedder)
    opts = AlignOptions(runs="sum" if args.summed_runs else "embed")
    rows = []
    for name in args.books.split(","):
        s, t, g, sl, tl = load_pair(name)
        memo: dict = {}
        rows.append(("clean", run_pair(name, s, t, g, sl, tl, emb, memo, opts)))
        if not args.no_noisy:
            ns, nt, ng = noisy_variant(s, t, g, sl, tl, seed=zlib.crc32(name.encode()) % 1000)
            rows.append(("noisy", run_pair(name, ns, nt, ng, sl, tl, emb, memo, opts)))
        for v, r in rows[-2:] if not args.no_noisy else rows[-1:]:
            print(f"{r['name']:30s} {v:5s}  ours P {r['ours']['precision']:.3f} R {r['ours']['recall']:.3f} F1 {r['ours']['f1']:.3f}"
                  f"   bertalign F1 {r['base']['f1']:.3f}   ({r['t_ours']:.1f}s vs {r['t_base']:.1f}s, {r['verdict']})", flush=True)
    print(f"\nembedder: {args.embedder}; strict F1 (mean over documents), ours vs Bertalign's algorithm:")
    groups = {
        "TransRead tune books (" + ",".join(TUNE_BOOKS) + ")": TUNE_BOOKS,
        "TransRead held-out books (" + ",".join(HELDOUT_BOOKS) + ")": HELDOUT_BOOKS,
        "Text+Berg dev (de-fr)": ["textberg"],
    }
    for variant in ("clean", "noisy"):
        for label, names in groups.items():
            sel = [r for v, r in rows if v == variant and r["name"] in names]
            if not sel:
                continue
            o = np.mean([r["ours"]["f1"] for r in sel])
            b = np.mean([r["base"]["f1"] for r in sel])
            print(f"  {variant:5s} {label:75s} ours {o:.3f}  bertalign {b:.3f}  ratio {o / b:.3f}")


if __name__ == "__main__":
    main()
