"""Same beads, same verdicts? A fingerprint of the aligner's output on every benchmark pair.

Speed work must not move a bead: this writes, per pair, the strict F1 against the gold (where
there is one), the verdict, the coverage and an md5 of every bead (ids, score, confidence) and
note, and with ``--against FILE`` says which pairs differ from an earlier run. Pairs: the six
TransRead novels and Text+Berg, clean and noisy (bench/align_quality.py's), and the order-test
pairs of bench/align_verdict.py (seed pairs, two novels that are not translations of each
other, a first half against a second half). Vectors: USE v3, cached.

    /work/main/.venv/bin/python bench/align_fingerprint.py --out /tmp/before.json
    /work/main/.venv/bin/python bench/align_fingerprint.py --out /tmp/after.json --against /tmp/before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import zlib

from align_common import BOOKS, get_embedder, load_pair, noisy_variant, set_threads, strict_prf
from align_verdict import pairs as verdict_pairs

from evalkit.align import AlignOptions, align_segments
from evalkit.records import Document


def quality_pairs() -> list[tuple[str, list[str], list[str], list, str, str]]:
    """(name, src, tgt, gold, src lang, tgt lang) exactly as bench/align_quality.py builds them."""
    out = []
    for name in BOOKS + ["textberg"]:
        s, t, g, sl, tl = load_pair(name)
        out.append((name, s, t, g, sl, tl))
        ns, nt, ng = noisy_variant(s, t, g, sl, tl, seed=zlib.crc32(name.encode()) % 1000)
        out.append((name + " noisy", ns, nt, ng, sl, tl))
    return out


def digest(al) -> str:
    text = repr([(b.src, b.tgt, b.score, b.confidence) for b in al.beads])
    text += repr((al.verdict, al.src_coverage, al.tgt_coverage, al.notes))
    return hashlib.md5(text.encode()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--against", default=None)
    args = ap.parse_args()
    set_threads()
    emb = get_embedder("use-v3")
    opts = AlignOptions(runs="embed")  # bench/align_quality.py's setting
    rows: dict[str, dict] = {}
    jobs = [(n, s, t, g, sl, tl) for n, s, t, g, sl, tl in quality_pairs()]
    jobs += [("order: " + n, s, t, None, "fr", "en") for n, _, s, t in verdict_pairs()]
    for name, s, t, g, sl, tl in jobs:
        al = align_segments(Document.from_lines(s, sl), Document.from_lines(t, tl), emb, options=opts, memo={}).alignment
        f1 = strict_prf([(b.src, b.tgt) for b in al.beads], g)["f1"] if g is not None else None
        rows[name] = {"f1": f1, "verdict": al.verdict, "digest": digest(al)}
        print(f"{name[:60]:60} {al.verdict:12} F1 {'-' if f1 is None else f'{f1:.4f}':6} {rows[name]['digest']}", flush=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)
    if args.against:
        old = json.load(open(args.against))
        diff = [k for k in rows if old.get(k) != rows[k]]
        print(f"\nagainst {args.against}: {len(rows) - len(diff)}/{len(rows)} pairs identical (beads, scores, verdict, notes)")
        for k in diff:
            print(f"  DIFFERS: {k}: {old.get(k)} -> {rows[k]}")


if __name__ == "__main__":
    main()
