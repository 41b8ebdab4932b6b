"""End-to-end speed and memory of the CLI, each figure beside a baseline measured in the same run.

    /work/main/.venv/bin/python bench/speed.py [--baseline REV] [--full] [--lines N]

Every command runs in a new process (what a user waits for; model caches warm), timed with
``/usr/bin/time`` for wall seconds and peak RSS:

* ``evalkit review pairs/lemonde-amazon`` with ``--checks fast`` (the default) and, with
  ``--full``, ``--checks full`` (the language-model scorer's contrastive check);
* ``evalkit score --aligned`` on N line-aligned DEMETR-fr sentence pairs, fast checks, as
  segments per second; with ``--full``, the full checks on the first 20 of them. The pairs are
  the dev half's rows in file order, ``src_sent`` / ``pert_sent``: every translation line is a
  different news sentence (the 50 sources recur, as in a test set scored for many systems);
  until session 6 this benchmark used the 50 distinct ``mt_sent`` lines cycled, which let
  per-text caches answer most of the work.

Each command runs ``--repeat`` times in a row and the fastest run is kept (the first run of a
code version may fill its caches: a warm figure is the claim).

``--baseline REV``: the same commands from a checkout of REV (a detached git worktree in
/tmp), so "before/after" is one run on one machine. The issue 12 targets (review <= 4 s fast,
<= 10 s full; >= 150 news segments/s) are printed beside the figures.

Both trees' ``evalkit`` modules are byte-compiled before the clock starts (``compileall``), as an
installed package's are: with ``PYTHONDONTWRITEBYTECODE`` set (this machine's shells set it) a
tree without ``__pycache__`` recompiled every module in every run (~0.3-0.5 s), and the fresh
baseline worktree had none while /work/main had them. ``--no-bytecode`` measures without.

``--cold``: also the seed review on a fresh install: a new cache folder (``EVALKIT_CACHE``) that
links only the installed models and holds the derived tables ``evalkit models install`` builds
(built before the clock starts); no vector, Apertium or Zipf cache. A fresh folder for each run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMETR = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")


def python() -> str:
    """The project's venv python (a worktree without its own .venv uses the one running this)."""
    venv = ROOT / ".venv/bin/python"
    return str(venv) if venv.exists() else sys.executable


def timed_once(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MiB, exit code) of one process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        env = {**os.environ, "PYTHONPATH": str(cwd), **(extra_env or {})}
        r = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", out.name, *cmd], cwd=cwd, env=env,
                           capture_output=True, text=True)
        wall, rss = out.read().split()[-2:]
    if r.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[2:5])}… exited {r.returncode}: {r.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return float(wall), int(rss) / 1024, r.returncode


def lines(n: int, tmp: Path) -> tuple[Path, Path]:
    rows = [json.loads(x) for x in DEMETR.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = [r for r in rows if r["pert_sent"].strip()]
    rows = (rows * (n // len(rows) + 1))[:n]
    src = [r["src_sent"].strip().replace("\n", " ") for r in rows]
    hyp = [r["pert_sent"].strip().replace("\n", " ") for r in rows]
    (tmp / "src.txt").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp / "hyp.txt").write_text("\n".join(hyp) + "\n", encoding="utf-8")
    return tmp / "src.txt", tmp / "hyp.txt"


def cold_cache(tree: Path, folder: Path) -> dict[str, str]:
    """A fresh install's cache folder: the installed models (linked) and the derived tables
    ``evalkit models install`` builds, built here by ``tree``'s own code; the environment to use it."""
    from_cache = (ROOT / "models" / "cache").resolve()
    folder.mkdir(parents=True)
    for part in ("models", "onnx"):  # what `evalkit models install` puts there: the models, e5's ONNX export
        if (from_cache / part).exists():
            (folder / part).symlink_to(from_cache / part)
    subprocess.run([python(), "-c", "import sys; from evalkit.pipeline import prepare_tables; prepare_tables(sys.argv[1])",
                    str(folder)], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True)
    return {"EVALKIT_CACHE": str(folder)}


def runs(tree: Path, args, tmp: Path, has_checks: bool) -> dict[str, tuple[float, float, int]]:
    py = python()
    if args.bytecode:
        subprocess.run([py, "-m", "compileall", "-q", "evalkit"], cwd=tree, check=True, capture_output=True)

    def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
        return min((timed_once(cmd, cwd) for _ in range(max(1, args.repeat))), key=lambda r: r[0])

    out = {}
    checks = ["--checks", "fast"] if has_checks else []
    out["review, fast"] = timed([py, "-m", "evalkit", "review", "pairs/lemonde-amazon", "-q", "--out-dir", str(tmp / "r"), *checks], tree)
    if args.cold:
        cold = [timed_once([py, "-m", "evalkit", "review", "pairs/lemonde-amazon", "-q", "--out-dir", str(tmp / "rc"),
                            *checks], tree, cold_cache(tree, tmp / f"cold-cache-{k}"))
                for k in range(max(1, args.repeat))]
        out["review, fast, fresh install (cold)"] = min(cold, key=lambda r: r[0])
    if args.full and has_checks:
        out["review, full"] = timed([py, "-m", "evalkit", "review", "pairs/lemonde-amazon", "-q", "--out-dir", str(tmp / "r"),
                                     "--checks", "full"], tree)
    src, hyp = lines(args.lines, tmp)
    out[f"score --aligned, {args.lines} lines, fast"] = timed(
        [py, "-m", "evalkit", "score", str(src), str(hyp), "--aligned", "-q", "--engines", "none", "-o", str(tmp / "s.json"),
         *checks], tree)
    if args.full and has_checks:
        s20, h20 = tmp / "s20.txt", tmp / "h20.txt"
        s20.write_text("".join(src.read_text().splitlines(True)[:20]))
        h20.write_text("".join(hyp.read_text().splitlines(True)[:20]))
        out["score --aligned, 20 lines, full"] = timed(
            [py, "-m", "evalkit", "score", str(s20), str(h20), "--aligned", "-q", "--engines", "none", "-o",
             str(tmp / "s20.json"), "--checks", "full"], tree)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", help="a git revision to measure the same way, in the same run")
    ap.add_argument("--full", action="store_true", help="also the full checks (slow on CPU)")
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each command; the fastest is kept")
    ap.add_argument("--cold", action="store_true", help="also the seed review on a fresh install's cache")
    ap.add_argument("--no-bytecode", dest="bytecode", action="store_false",
                    help="do not byte-compile the trees first (PYTHONDONTWRITEBYTECODE then recompiles every run)")
    args = ap.parse_args()
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "now").mkdir()
        now = runs(ROOT, args, tmp / "now", has_checks=True)
        base = {}
        if args.baseline:
            tree = Path(tempfile.gettempdir()) / "evalkit-speed-baseline"
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.baseline], cwd=ROOT, check=True,
                           capture_output=True)
            try:
                cache = tree / "models" / "cache"
                if not cache.exists():
                    cache.symlink_to(ROOT / "models" / "cache")
                (tmp / "base").mkdir()
                has = "--checks" in subprocess.run([python(), "-m", "evalkit", "review", "--help"],
                                                   cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                                                   capture_output=True, text=True).stdout
                base = runs(tree, args, tmp / "base", has_checks=has)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    print(f"{'command (new process, warm model caches)':44s} {'now: s':>8s} {'MiB':>6s} | {'baseline: s':>11s} {'MiB':>6s}")
    for name, (s, mib, _) in now.items():
        b = base.get(name)
        rate = ""
        if name.startswith("score"):
            n = int(name.split(",")[1].split()[0])
            rate = f"  ({n / s:.1f} segments/s" + (f"; baseline {n / b[0]:.1f}" if b else "") + ")"
        print(f"{name:44s} {s:8.1f} {mib:6.0f} | " + (f"{b[0]:11.1f} {b[1]:6.0f}" if b else f"{'-':>11s} {'-':>6s}") + rate)
    print("targets (issue 12): review <= 4 s (fast), <= 10 s (full), <= 20 s on a fresh install; "
          "score --aligned >= 150 news segments/s (fast)")
    print(f"bytecode: {'compiled first' if args.bytecode else 'as found'}; load average at the end: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
