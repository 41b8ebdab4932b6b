"""Alignment speed: search time vs size (near-linear), total time with embedding, memory.

* search-only: 1k, 10k, 100k sentences per side, from the TransRead books
  concatenated (cycled to reach 100k); vectors come from a cheap hashing
  embedder so that only the search is timed (coarse path + band + gains + DP
  + post-pass; time spent inside the embedder is subtracted);
* total: 1k and 10k with a real embedder (USE v3 by default), uncached;
* embedder throughput (sentences/second) for USE v3 and e5-small;
* peak resident memory of each run (each size runs in its own process).

    /work/main/.venv/bin/python bench/align_speed.py [--sizes 1000,10000,100000] [--total 1000,10000]
"""

from __future__ import annotations

import argparse
import re
import json
import resource
import subprocess
import sys
import time

import numpy as np
from align_common import BOOKS, load_pair, set_threads


class TaggedEmbedder:
    """Synthetic vectors with the structure of a real translation pair, cheap to compute.

    Each corpus line starts with a unique tag; a French sentence gets a random
    unit vector, the English sentences aligned to it (TransRead gold) the same
    vector plus noise, unrelated lines their own vector; a run is the
    normalised sum of its members. Only the search is being timed.
    """

    name = "tagged"
    _TAG = re.compile(r"\u00a7(\d+)\u00a7")

    def __init__(self, vectors: np.ndarray) -> None:
        self.V = vectors
        self.dim = vectors.shape[1]
        self.seconds = 0.0

    def encode(self, texts):
        t0 = time.perf_counter()
        out = np.zeros((len(texts), self.dim), np.float32)
        for k, t in enumerate(texts):
            ids = [int(x) for x in self._TAG.findall(t)]
            out[k] = self.V[ids].sum(0)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        self.seconds += time.perf_counter() - t0
        return out


def tagged_corpus(n: int, dim: int = 384, seed: int = 0):
    """(fr lines, en lines, embedder) for n lines per side, books cycled."""
    rng = np.random.default_rng(seed)
    fr, en, vec = [], [], []
    k = 0
    while len(fr) < n or len(en) < n:
        s, t, g, _, _ = load_pair(BOOKS[k % len(BOOKS)])
        base = rng.standard_normal((len(s), dim)).astype(np.float32)
        own_t = rng.standard_normal((len(t), dim)).astype(np.float32)
        tv = own_t.copy()
        for src_ids, tgt_ids in g:
            if src_ids:
                for j in tgt_ids:
                    tv[j] = base[src_ids[0]] + 0.7 * own_t[j]
        for x, v in zip(s, base):
            fr.append(f"\u00a7{len(vec)}\u00a7 {x}")
            vec.append(v)
        for x, v in zip(t, tv):
            en.append(f"\u00a7{len(vec)}\u00a7 {x}")
            vec.append(v)
        k += 1
    return fr[:n], en[:n], TaggedEmbedder(np.stack(vec))


class TimedEmbedder:
    def __init__(self, inner) -> None:
        self.inner, self.seconds, self.count = inner, 0.0, 0
        self.name = getattr(inner, "name", "embedder")

    def encode(self, texts):
        t0 = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t0
        self.count += len(texts)
        return out


def corpus(n: int) -> tuple[list[str], list[str]]:
    fr, en = [], []
    k = 0
    while len(fr) < n or len(en) < n:
        s, t, _, _, _ = load_pair(BOOKS[k % len(BOOKS)])
        tag = f" ({k // len(BOOKS)})" if k >= len(BOOKS) else ""
        fr += [x + tag for x in s]
        en += [x + tag for x in t]
        k += 1
    return fr[:n], en[:n]


def one(size: int, mode: str) -> dict:
    set_threads()
    from evalkit.align import align_segments
    from evalkit.records import Document

    if mode == "search":
        fr, en, emb = tagged_corpus(size)
    else:
        fr, en = corpus(size)
        from align_common import get_embedder

        emb = TimedEmbedder(get_embedder("use-v3", cached=False))
    from evalkit.align import AlignOptions

    # search: run vectors come from the cheap embedder, whose time is subtracted (worst case);
    # total: "embed" encodes every run that can win, "sum" sums segment vectors (auto above 10k)
    runs = "sum" if mode == "total-sum" else "embed"
    t0 = time.perf_counter()
    r = align_segments(Document.from_lines(fr, "fr"), Document.from_lines(en, "en"), emb, options=AlignOptions(runs=runs))
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "mode": mode, "total_s": total, "embed_s": emb.seconds, "search_s": total - emb.seconds,
            "beads": len(r.alignment.beads), "peak_mb": peak, "texts": getattr(emb, "count", 0), "verdict": r.alignment.verdict}


def throughput() -> dict:
    set_threads()
    from align_common import get_embedder

    s, _, _, _, _ = load_pair("Candide")
    out = {}
    for name, k in (("use-v3", 400), ("e5", 60)):
        emb = get_embedder(name, cached=False)
        emb.encode(s[:4])
        t0 = time.perf_counter()
        emb.encode(s[100 : 100 + k])
        out[name] = k / (time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--total", default="1000,10000")
    ap.add_argument("--child", default=None)
    args = ap.parse_args()
    if args.child:
        size, mode = args.child.split(":")
        print(json.dumps(one(int(size), mode) if mode != "throughput" else throughput()))
        return
    rows = []

    def child(spec: str) -> dict:
        out = subprocess.run([sys.executable, __file__, "--child", spec], capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])

    print("search only (synthetic vectors with the books' alignment structure; embedder time subtracted):")
    prev = None
    for n in map(int, args.sizes.split(",")):
        r = child(f"{n}:search")
        rows.append(r)
        growth = f"  x{r['search_s'] / prev['search_s']:.1f} time for x{n / prev['size']:.0f} size" if prev else ""
        print(f"  {n:>7} x {n:<7} search {r['search_s']:7.2f}s  peak {r['peak_mb']:6.0f} MB{growth}", flush=True)
        prev = r
    tp = child("0:throughput")
    print(f"embedder throughput (1 thread): use-v3 {tp['use-v3']:.0f} sentences/s, e5-small (sentence-transformers on torch) {tp['e5']:.1f} sentences/s")
    print("total, real embedder (use-v3, uncached); runs of up to 4 segments encoded where they can win (embed) or summed from segment vectors (sum, the default above 10,000 segments):")
    for n in map(int, args.total.split(",")) if args.total else []:
        for mode in ("total", "total-sum"):
            r = child(f"{n}:{mode}")
            label = "sum  " if mode == "total-sum" else "embed"
            print(f"  {n:>7} x {n:<7} {label} total {r['total_s']:7.1f}s (embedding {r['embed_s']:.1f}s for {r['texts']} texts, search {r['search_s']:.1f}s)  peak {r['peak_mb']:6.0f} MB", flush=True)
    # baseline in the same run: a full n x m grid would need (n+1)(m+1) cells
    big = max(map(int, args.sizes.split(",")))
    print(f"baseline: an exact grid at {big} x {big} holds {(big + 1) ** 2:,} cells; the band holds at most {big * 96:,}")


if __name__ == "__main__":
    main()
