"""e5 on PyTorch vs ONNX Runtime (float32, int8): speed and agreement, every runtime in the same run.

    OMP_NUM_THREADS=1 /work/main/.venv/bin/python bench/onnx_e5.py [--n 200] [--rounds 2] [--review]

Speed: each runtime in its own process (what a first run pays: imports + model load, then
``encode`` of N news sentences (DEMETR-fr ``pert_sent``, distinct) and N literary ones (TransRead
lines, seed 13), batch 8, no vector cache), at 1 and 2 threads; runtimes interleaved, ``--rounds``
times, the fastest kept. Agreement: sentence vectors of each ONNX runtime against PyTorch's
(cosine: minimum, mean) and the src-tgt similarity |difference| on the news pairs.

``--review``: ``evalkit review pairs/lemonde-amazon --checks fast`` per runtime with a fresh cache
folder (installed models, derived tables and ONNX exports linked; empty vector and Apertium
caches: a first review on a fresh install), wall seconds by /usr/bin/time, runtimes interleaved,
and whether the report's flags are those of the PyTorch run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("EVALKIT_BENCHMARKS", "/work/shared/benchmarks"))
RUNTIMES = ("torch", "onnx", "onnx-int8")
PY = sys.executable


def texts(n: int) -> dict[str, list[str]]:
    rows = [json.loads(x) for x in (BENCH / "demetr-fr" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    news = list(dict.fromkeys(r["pert_sent"].strip() for r in rows if r["pert_sent"].strip()))[:n]
    pool = []
    for book in sorted((BENCH / "align-transread").iterdir()):
        for f in ("fr.txt", "en.txt"):
            if (book / f).is_file():
                pool += [t for t in (book / f).read_text(encoding="utf-8").splitlines() if t.strip()]
    literary = random.Random(13).sample(pool, n)
    pairs = list(dict.fromkeys((r["src_sent"].strip(), r["pert_sent"].strip()) for r in rows if r["pert_sent"].strip()))[:n]
    return {"news": news, "literary": literary, "pair_src": [s for s, _ in pairs], "pair_tgt": [t for _, t in pairs]}


def worker(runtime: str, threads: int, n: int, out: str) -> None:
    """One process: load (timed from before the import), then encode each set; vectors to ``out``."""
    t0 = time.perf_counter()
    from evalkit.models import load_embedder

    emb = load_embedder(device="cpu", cache=False, install=False, quiet=True, threads=threads, runtime=runtime)
    emb.encode(["Bonjour."])  # loads the model
    load = time.perf_counter() - t0
    sets = texts(n)
    res = {"load_s": load}
    vecs = {}
    for name, ts in sets.items():
        t = time.perf_counter()
        vecs[name] = emb.encode(ts)
        if name in ("news", "literary"):  # the pair sets are for the similarity check only
            res[f"{name}_per_s"] = len(ts) / (time.perf_counter() - t)
    np.savez(out, **vecs)
    print(json.dumps(res))


def speed(args) -> None:
    best: dict[tuple[str, int], dict] = {}
    tmp = Path(tempfile.mkdtemp())
    for _ in range(args.rounds):
        for threads in (1, 2):
            for rt in RUNTIMES:
                env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONPATH": str(ROOT)}
                out = tmp / f"{rt}-{threads}.npz"
                r = subprocess.run([PY, __file__, "--worker", rt, str(threads), str(args.n), str(out)], cwd=ROOT, env=env,
                                   capture_output=True, text=True)
                if r.returncode:
                    sys.exit(r.stderr)
                res = json.loads(r.stdout.strip().splitlines()[-1])
                old = best.get((rt, threads))
                best[(rt, threads)] = res if old is None else {k: (min if k == "load_s" else max)(v, old[k])
                                                               for k, v in res.items()}
    print(f"load average at the end {os.getloadavg()[0]:.1f}; {args.n} sentences a set, batch 8, best of {args.rounds}")
    print(f"{'runtime':10s} {'threads':>7s} {'load s':>7s} {'news/s':>8s} {'literary/s':>10s}")
    for (rt, threads), res in sorted(best.items(), key=lambda kv: (kv[0][1], RUNTIMES.index(kv[0][0]))):
        print(f"{rt:10s} {threads:7d} {res['load_s']:7.1f} {res['news_per_s']:8.1f} {res['literary_per_s']:10.1f}")
    ref = np.load(tmp / "torch-1.npz")
    print("agreement with PyTorch (1 thread runs): sentence-vector cosine min / mean; src-tgt similarity max |diff|")
    for rt in RUNTIMES[1:]:
        got = np.load(tmp / f"{rt}-1.npz")
        cos = np.concatenate([(got[k] * ref[k]).sum(axis=1) for k in ("news", "literary", "pair_src", "pair_tgt")])
        sim_ref = (ref["pair_src"] * ref["pair_tgt"]).sum(axis=1)
        sim = (got["pair_src"] * got["pair_tgt"]).sum(axis=1)
        print(f"  {rt:10s} cosine min {cos.min():.6f} mean {cos.mean():.6f}; similarity |diff| max {np.abs(sim - sim_ref).max():.2e} "
              f"mean {np.abs(sim - sim_ref).mean():.2e} (PyTorch similarities span {sim_ref.min():.3f}-{sim_ref.max():.3f})")


def review(args) -> None:
    from evalkit.models.paths import cache_root

    root = cache_root()
    times: dict[str, list[float]] = {rt: [] for rt in RUNTIMES}
    flags: dict[str, list] = {}
    for _ in range(args.rounds):
        for rt in RUNTIMES:
            cache = Path(tempfile.mkdtemp(prefix="evalkit-cold-"))
            for sub in ("models", "derived", "onnx"):
                (cache / sub).symlink_to(root / sub)
            out = cache / "out"
            env = {**os.environ, "EVALKIT_CACHE": str(cache), "EVALKIT_EMBEDDER_RUNTIME": rt, "PYTHONPATH": str(ROOT)}
            tf = cache / "time"
            r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", str(tf), PY, "-m", "evalkit", "review",
                                "pairs/lemonde-amazon", "--checks", "fast", "-q", "--out-dir", str(out)],
                               cwd=ROOT, env=env, capture_output=True, text=True)
            if r.returncode not in (0, 1):
                sys.exit(r.stderr)
            times[rt].append(float(tf.read_text().split()[-2]))
            report = json.loads((out / "lemonde-amazon.json").read_text(encoding="utf-8"))
            flags[rt] = sorted((f["bead"], f["detector"], f["category"], f["severity"], f["start"], f["end"],
                                f["src_start"], f["src_end"]) for b in report["beads"] for f in b["flags"])
            subprocess.run(["rm", "-rf", str(cache)])
    print(f"cold review pairs/lemonde-amazon --checks fast (fresh vector and Apertium caches), wall s per round; "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    for rt in RUNTIMES:
        same = "same flags as torch" if flags[rt] == flags["torch"] else f"FLAGS DIFFER from torch ({len(set(flags[rt]) ^ set(flags['torch']))} differ)"
        print(f"  {rt:10s} {' '.join(f'{t:.1f}' for t in times[rt])}  (best {min(times[rt]):.1f}); {len(flags[rt])} flags, {same}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--review", action="store_true", help="the cold review instead of the encoder speed")
    args = ap.parse_args()
    review(args) if args.review else speed(args)


if __name__ == "__main__":
    main()
