"""Segments per second of `evalkit score --aligned`: one process vs `--ray auto` (Ray Data), in the same run.

The corpus is N line-aligned segments cycled from a list of distinct (source, translation) pairs:

* ``distinct`` (default): every distinct fr-en pair at hand: the 1-1 beads of the six TransRead
  novels (../shared/benchmarks/align-transread: literary sentences, the published translation)
  and DEMETR-fr dev's source sentences with each of their translations (machine translation,
  perturbed translation, human reference: only 50 distinct source sentences); no reference file;
* ``transread``: the TransRead beads alone; ``news``: the DEMETR-fr pairs alone (news sentences,
  the issue's unit: 1,548 distinct pairs, no reference); ``demetr``: DEMETR-fr dev's machine
  translation with its human reference as ``--ref`` (50 distinct sentences, repeats are cheap).

The output says how many lines are distinct. Caches (e5 vectors, Apertium) make a repeat cheap,
so both modes start from the same cache state: ``--cache warm`` (default) fills one cache with a
first one-process run over the distinct pairs alone (timed and printed: the cold rate), then
gives each mode its own copy of it; ``--cache cold`` gives each mode its own empty cache. Each
mode runs as the user would run it (a subprocess of the CLI). Printed per mode: the start-up
(loading the models; or connecting to/starting Ray, whose actors then load their models inside
the scoring step), the scoring step, the whole command, segments per second of the scoring step
and of the whole command, and the peak memory: the largest sum of the resident set sizes of the
command's process tree (the Ray cluster it starts included, sampled every 0.5 s; shared pages
count once per process) and the largest single process; then whether the two JSON outputs are
identical.

    .venv/bin/python bench/ray_scale.py                      # N = 20,000 (the issue's figure)
    .venv/bin/python bench/ray_scale.py --n 400 --shard-size 100 --cache cold

On a 2-core machine Ray cannot scale out (docs/ray.md says how it scales and why); the figure
to read there is the per-worker rate and the fixed costs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
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


def demetr_pairs() -> list[tuple[str, str]]:
    """DEMETR-fr dev: each source sentence with its machine, perturbed and human translations."""
    rows = [json.loads(line) for line in DEMETR.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(" ".join(r["src_sent"].split()), " ".join(r[k].split())) for r in rows
            for k in ("mt_sent", "pert_sent", "eng_sent") if r.get("src_sent") and r.get(k)]


def distinct(pairs):
    return list(dict.fromkeys(pairs))


def corpus(n: int, folder: Path, which: str) -> tuple[Path, Path, Path | None, int]:
    """n line-aligned segments cycled from the corpus's pairs (see the module docstring), and
    how many distinct (source, translation) pairs they hold."""
    if which in ("distinct", "transread", "news"):
        rows = distinct((transread_pairs() if which != "news" else [])
                        + (demetr_pairs() if which != "transread" else []))
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
    cycle = list(zip(sides["src.fr.txt"], sides["hyp.en.txt"]))
    return paths["src.fr.txt"], paths["hyp.en.txt"], paths.get("ref.en.txt"), len(set(cycle[: min(n, len(cycle))]))


def fresh_cache(folder: Path) -> Path:
    """An empty vector cache that still finds the installed models."""
    from evalkit.models.paths import cache_root

    folder.mkdir(parents=True)
    (folder / "models").symlink_to(cache_root() / "models")
    return folder


class PeakRSS:
    """The largest sum of RSS over a process and its descendants, and the largest single RSS,
    sampled every ``every`` seconds while the ``with`` block runs."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        import psutil

        self.proc, self.every, self.total, self.single = psutil.Process(pid), every, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc] + self.proc.children(recursive=True)
            except psutil.Error:
                break
            rss = []
            for p in procs:
                try:
                    rss.append(p.memory_info().rss)
                except psutil.Error:
                    pass
            if rss:
                self.total, self.single = max(self.total, sum(rss)), max(self.single, max(rss))
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(label: str, args: list[str], cache: Path) -> dict:
    env = {**os.environ, "EVALKIT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("RAY_ADDRESS", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "evalkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)
    with PeakRSS(proc.pid) as mem:
        _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{label}: exit {proc.returncode}\n{err[-2000:]}")
    steps = dict(re.findall(r"evalkit score: (.+?): done in ([\d.]+) s", err))
    load = sum(float(v) for k, v in steps.items() if k.startswith(("Loading", "Connecting")))
    score = sum(float(v) for k, v in steps.items() if k.startswith("Scoring"))
    return {"label": label, "wall": wall, "load": load, "score": score, "stderr": err,
            "rss": mem.total / 2**30, "rss1": mem.single / 2**30}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="segments (default 20,000)")
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--workers", type=int, default=None, help="Ray actors (default: one per CPU or GPU)")
    ap.add_argument("--ray", default="auto", help="Ray address (default: a new local cluster)")
    ap.add_argument("--checks", choices=("fast", "full"), default="fast")
    ap.add_argument("--corpus", choices=("distinct", "transread", "news", "demetr"), default="distinct",
                    help="distinct: every distinct fr-en pair of TransRead and DEMETR-fr, no reference (default); "
                         "transread: TransRead's alone; news: DEMETR-fr's alone; demetr: MT with a reference, "
                         "50 distinct sentences repeated")
    ap.add_argument("--cache", choices=("warm", "cold"), default="warm",
                    help="warm: both modes start from copies of one cache filled by a run over the distinct "
                         "pairs (default); cold: each mode from its own empty cache")
    ap.add_argument("--cache-from", type=Path, default=None,
                    help="with --cache warm: a cache folder already filled by an earlier warm-up over the same "
                         "distinct pairs (copied for each mode, not changed), instead of a new warm-up")
    ap.add_argument("--cache-to", type=Path, default=None,
                    help="with --cache warm: keep a copy of the warm-up's cache there (for a later --cache-from)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, hyp, ref, n_distinct = corpus(a.n, tmp, a.corpus)
        langs = ["--aligned", "--src-lang", "fr", "--tgt-lang", "en", "--checks", a.checks]
        base = [str(x) for x in ["score", src, hyp, *langs] + (["--ref", ref] if ref else [])]
        what = {"distinct": "TransRead 1-1 beads and DEMETR-fr pairs, no reference",
                "transread": "TransRead fr-en 1-1 beads, no reference",
                "news": "DEMETR-fr news sentences with machine, perturbed and human translations, no reference",
                "demetr": "DEMETR-fr machine translations with a reference"}[a.corpus]
        print(f"bench/ray_scale.py: {a.n} line-aligned segments ({what}), {n_distinct} distinct "
              f"({100 * n_distinct / a.n:.1f}%), --checks {a.checks}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.2f} at the start", flush=True)
        if a.cache == "warm" and a.cache_from:
            print(f"cache: both modes start from a copy of {a.cache_from}, filled by an earlier warm-up run "
                  f"over the distinct pairs", flush=True)
            shutil.copytree(a.cache_from, tmp / "c-warm", symlinks=True)

            def cache(name):
                shutil.copytree(tmp / "c-warm", tmp / name, symlinks=True)
                return tmp / name
        elif a.cache == "warm":  # one cold pass over the distinct pairs alone fills the cache both modes copy
            d = tmp / "distinct"
            d.mkdir()
            dsrc, dhyp, dref, _ = corpus(n_distinct, d, a.corpus)
            warm = run("cache warm-up", [str(x) for x in ["score", dsrc, dhyp, *langs] + (["--ref", dref] if dref else [])]
                       + ["-o", str(d / "out.json")], fresh_cache(tmp / "c-warm"))
            print(f"cache: both modes start from a copy of one cache filled by a one-process run over the "
                  f"{n_distinct} distinct pairs (cold: {warm['score']:.1f} s scoring, "
                  f"{n_distinct / warm['score']:.2f} seg/s; command {warm['wall']:.1f} s)", flush=True)
            if a.cache_to:
                shutil.copytree(tmp / "c-warm", a.cache_to, symlinks=True)

            def cache(name):
                shutil.copytree(tmp / "c-warm", tmp / name, symlinks=True)
                return tmp / name
        else:
            print("cache: each mode starts from its own empty cache", flush=True)
            cache = lambda name: fresh_cache(tmp / name)  # noqa: E731
        local = run("one process", base + ["-o", str(tmp / "local.json")], cache("c-local"))
        extra = ["--ray", a.ray, "--shard-size", str(a.shard_size)] + (["--workers", str(a.workers)] if a.workers else [])
        dist = run("ray", base + ["-o", str(tmp / "ray.json")] + extra, cache("c-ray"))
        actors = re.search(r"tasks on (\d+) actor", dist["stderr"])
        dist["label"] = f"--ray {a.ray} (Ray Data, {actors.group(1) if actors else '?'} actors, shards of {a.shard_size})"
        print(f"{'mode':46} {'start-up s':>10} {'scoring s':>10} {'command s':>10} {'seg/s scoring':>14} "
              f"{'seg/s command':>14} {'peak RSS GiB (tree / 1 proc)':>29}")
        for m in (local, dist):
            print(f"{m['label']:46} {m['load']:10.1f} {m['score']:10.1f} {m['wall']:10.1f} "
                  f"{a.n / m['score'] if m['score'] else float('nan'):14.2f} {a.n / m['wall']:14.2f} "
                  f"{m['rss']:20.2f} / {m['rss1']:.2f}")
        for note in re.findall(r"Ray Data: .+", dist["stderr"]):  # one line per Ray Data stage
            print(note)
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
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
