"""Segments per second of `evalkit score --aligned`: one process vs `--ray auto`, in the same run.

The corpus is N line-aligned segments: by default the 1-1 beads of the six TransRead novels
(../shared/benchmarks/align-transread: distinct sentences, the published translation as the
hypothesis, no reference), or with --corpus demetr DEMETR-fr dev (machine translation and human
reference, but only 50 distinct sentences, so repeats are cheap); cycled when N is larger. Each mode runs
as the user would run it (a subprocess of the CLI) with its own empty embedding cache, so neither
reads vectors the other computed. Printed per mode: the model start-up (loading, or starting the
Ray actors and loading their models), the scoring step, the whole command, and segments per second
of the scoring step; then whether the two JSON outputs are identical.

    .venv/bin/python bench/ray_scale.py                      # N = 20,000 (the issue's figure)
    .venv/bin/python bench/ray_scale.py --n 400 --shard-size 100

On a 2-core machine Ray cannot scale out (docs/ray.md says how it scales and why); the figure
to read there is the per-worker rate and the fixed costs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMETR = ROOT.parent / "shared" / "benchmarks" / "demetr-fr" / "dev.jsonl"
TRANSREAD = ROOT.parent / "shared" / "benchmarks" / "align-transread"


def transread_pairs() -> list[tuple[str, str]]:
    """The 1-1 beads of the six TransRead novels (French sentence, its published English translation)."""
    out = []
    for book in sorted(p for p in TRANSREAD.iterdir() if p.is_dir()):
        fr = (book / "fr.txt").read_text(encoding="utf-8").splitlines()
        en = (book / "en.txt").read_text(encoding="utf-8").splitlines()
        for line in (book / "gold.txt").read_text(encoding="utf-8").splitlines():
            a, _, b = line.partition(":")
            a, b = json.loads(a), json.loads(b)
            if len(a) == 1 and len(b) == 1 and fr[a[0]].strip() and en[b[0]].strip():
                out.append((" ".join(fr[a[0]].split()), " ".join(en[b[0]].split())))
    return out


def corpus(n: int, folder: Path, which: str) -> tuple[Path, Path, Path | None]:
    """n line-aligned segments: TransRead (distinct sentences, no reference) or DEMETR-fr (machine
    translation and reference, but only 50 distinct source sentences: repeats are cheap)."""
    if which == "transread":
        rows = transread_pairs()
        sides = {"src.fr.txt": [r[0] for r in rows], "hyp.en.txt": [r[1] for r in rows]}
    else:
        rows = [json.loads(line) for line in DEMETR.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for r in rows if r.get("src_sent") and r.get("mt_sent") and r.get("eng_sent")]
        sides = {name: [" ".join(r[key].split()) for r in rows] for name, key in
                 (("src.fr.txt", "src_sent"), ("hyp.en.txt", "mt_sent"), ("ref.en.txt", "eng_sent"))}
    paths = {}
    for name, lines in sides.items():
        paths[name] = folder / name
        paths[name].write_text("\n".join(lines[i % len(lines)] for i in range(n)) + "\n", encoding="utf-8")
    return paths["src.fr.txt"], paths["hyp.en.txt"], paths.get("ref.en.txt")


def fresh_cache(folder: Path) -> Path:
    """An empty vector cache that still finds the installed models."""
    from evalkit.models.paths import cache_root

    folder.mkdir(parents=True)
    (folder / "models").symlink_to(cache_root() / "models")
    return folder


def run(label: str, args: list[str], cache: Path) -> dict:
    env = {**os.environ, "EVALKIT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("RAY_ADDRESS", None)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "evalkit", *args], capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{label}: exit {r.returncode}\n{r.stderr[-2000:]}")
    steps = dict(re.findall(r"evalkit score: (.+?): done in ([\d.]+) s", r.stderr))
    load = sum(float(v) for k, v in steps.items() if k.startswith(("Loading", "Starting")))
    score = sum(float(v) for k, v in steps.items() if k.startswith("Scoring"))
    return {"label": label, "wall": wall, "load": load, "score": score, "stderr": r.stderr}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="segments (default 20,000)")
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--workers", type=int, default=None, help="Ray actors (default: one per CPU or GPU)")
    ap.add_argument("--ray", default="auto", help="Ray address (default: a new local cluster)")
    ap.add_argument("--corpus", choices=("transread", "demetr"), default="transread",
                    help="transread: distinct literary sentences, no reference (default); demetr: MT with a "
                         "reference, 50 distinct sentences repeated")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, hyp, ref = corpus(a.n, tmp, a.corpus)
        base = ["score", src, hyp, "--aligned", "--src-lang", "fr", "--tgt-lang", "en"] + (["--ref", ref] if ref else [])
        base = [str(x) for x in base]
        local = run("one process", base + ["-o", str(tmp / "local.json")], fresh_cache(tmp / "c-local"))
        extra = ["--ray", a.ray, "--shard-size", str(a.shard_size)] + (["--workers", str(a.workers)] if a.workers else [])
        dist = run("ray", base + ["-o", str(tmp / "ray.json")] + extra, fresh_cache(tmp / "c-ray"))
        actors = re.search(r"on (\d+) Ray actor", dist["stderr"])
        dist["label"] = f"--ray {a.ray} ({actors.group(1) if actors else '?'} actors, shards of {a.shard_size})"
        what = ("TransRead fr-en segments (1-1 beads), no reference" if a.corpus == "transread"
                else "DEMETR-fr segments with a reference")
        print(f"bench/ray_scale.py: {a.n} line-aligned {what}, {os.cpu_count()} CPUs")
        print(f"{'mode':44} {'start-up s':>10} {'scoring s':>10} {'command s':>10} {'seg/s (scoring)':>16}")
        for m in (local, dist):
            print(f"{m['label']:44} {m['load']:10.1f} {m['score']:10.1f} {m['wall']:10.1f} "
                  f"{a.n / m['score'] if m['score'] else float('nan'):16.2f}")
        x, y = (tmp / "local.json").read_text(), (tmp / "ray.json").read_text()
        print(f"JSON identical: {x == y}", end="")
        if x != y:  # separate cold caches: e5 vectors computed in other batches differ in their last bits
            jx, jy = json.loads(x), json.loads(y)
            same_flags = [f["category"] for f in jx["flags"]] == [f["category"] for f in jy["flags"]]
            diffs = sorted((abs(u - v), k) for bx, by in zip(jx["beads"], jy["beads"])
                           for k, u in bx["scores"].items() if isinstance(u, float) and (v := by["scores"].get(k)) != u)
            names = sorted({k for _, k in diffs})
            print(f" (same flags: {same_flags}; {len(diffs)} per-segment scores differ, in {', '.join(names)}; "
                  f"largest difference {diffs[-1][0] if diffs else 0:.2g} in {diffs[-1][1] if diffs else '-'})", end="")
        print()


if __name__ == "__main__":
    main()
