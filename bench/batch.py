"""Pairs per minute: one `evalkit review` process per pair (today) vs one batch, same run.

Makes N copies of the seed pair pairs/lemonde-amazon in a temporary folder, then measures, one
after the other on the same machine:

- baseline: one ``evalkit review <copy>`` subprocess per pair, sequentially (each loads its models);
- batch: ``evalkit review <folder>`` with ``--jobs 1`` (the models loaded once), and with each
  ``--jobs J`` asked for (worker processes, each with its own models);
- with ``--threads``: J threads sharing one Engine in this process (the alternative to worker
  processes that evalkit/batch.py does not use; kept to show why: see its docstring).

A warm-up review runs first so that every variant finds the on-disk embedding cache equally warm
(the copies are the same text, so after the first pair the embedder mostly reads its cache; the
cost left per pair is the rest of the pipeline, which is what the shapes differ on). Every
variant's JSON reports are checked equal to the baseline's apart from ``created``.

    .venv/bin/python bench/batch.py [--n 20] [--jobs 2] [--threads] [--pair pairs/lemonde-amazon]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


def evalkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evalkit", "review", *args, "--quiet"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)


def copies(pair: Path, n: int, into: Path) -> list[Path]:
    out = []
    for i in range(n):
        dst = into / f"{pair.name}-{i + 1:03d}"
        shutil.copytree(pair, dst)
        toml = dst / "pair.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(f'name = "{pair.name}"', f'name = "{dst.name}"'),
                        encoding="utf-8")
        out.append(dst)
    return out


def reports(folder: Path) -> dict[str, dict]:
    out = {}
    for p in sorted(folder.glob("*.json")):
        if p.name == "index.json":
            continue
        data = json.loads(p.read_text(encoding="utf-8"))
        data.pop("created")
        out[p.stem] = data
    return out


def rate(n: int, seconds: float) -> str:
    return f"{seconds:7.1f} s  {60 * n / seconds:6.2f} pairs/min  {seconds / n:6.2f} s/pair"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20, help="copies of the pair (default 20)")
    ap.add_argument("--jobs", type=int, nargs="*", default=[2], help="worker processes to try besides 1")
    ap.add_argument("--threads", action="store_true", help="also time threads sharing one Engine")
    ap.add_argument("--pair", type=Path, default=ROOT / "pairs" / "lemonde-amazon")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="evalkit-bench-batch-") as tmp:
        tmp = Path(tmp)
        pairs = copies(args.pair, args.n, tmp / "pairs")
        r = evalkit(str(args.pair), "--out-dir", str(tmp / "warm"))
        if r.returncode:
            sys.exit(f"warm-up review failed: {r.stderr}")
        print(f"{args.n} copies of {args.pair.name}; {os.cpu_count()} CPU(s), load average "
              f"{os.getloadavg()[0]:.2f} at the start; OMP_NUM_THREADS={ENV['OMP_NUM_THREADS']}")

        t0 = time.perf_counter()
        for p in pairs:
            r = evalkit(str(p), "--out-dir", str(tmp / "one-by-one"))
            if r.returncode:
                sys.exit(f"review {p} failed: {r.stderr}")
        base_s = time.perf_counter() - t0
        base = reports(tmp / "one-by-one")
        print(f"one process per pair (today)     {rate(args.n, base_s)}")

        rows = []
        for jobs in [1, *args.jobs]:
            out = tmp / f"batch-{jobs}"
            t0 = time.perf_counter()
            r = evalkit(str(tmp / "pairs"), "--out-dir", str(out), "--jobs", str(jobs))
            dt = time.perf_counter() - t0
            if r.returncode:
                sys.exit(f"batch --jobs {jobs} failed ({r.returncode}): {r.stderr}{r.stdout}")
            same = reports(out) == base
            rows.append((f"batch --jobs {jobs} (processes)", dt, same))
            print(f"{rows[-1][0]:<33}{rate(args.n, dt)}  x{base_s / dt:.2f}  reports identical: {same}")
        if args.threads:
            from concurrent.futures import ThreadPoolExecutor

            from evalkit.batch import discover, review_item
            from evalkit.engine import Engine

            for jobs in args.jobs:
                out = tmp / f"threads-{jobs}"
                items, engine = discover(tmp / "pairs"), Engine()
                t0 = time.perf_counter()
                with ThreadPoolExecutor(jobs) as pool:
                    res = list(pool.map(lambda it: review_item(engine, it, out, ("html", "json")), items))
                dt = time.perf_counter() - t0
                failed = [r for r in res if r.status != "ok"]
                same = reports(out) == base
                label = f"{jobs} threads sharing one Engine"
                print(f"{label:<33}{rate(args.n, dt)}  x{base_s / dt:.2f}  reports identical: {same}"
                      + (f"  FAILED {len(failed)}: {failed[0].error}" if failed else ""))
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
