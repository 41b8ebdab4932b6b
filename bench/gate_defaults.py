"""Does the gate's default policy fail a damaged system and pass a clean one? (DEMETR-fr, fr->en)

    nice /work/main/.venv/bin/python bench/gate_defaults.py [--write DIR] [--main REF]

Two line-aligned test sets are built from ``/work/shared/benchmarks/demetr-fr/dev.jsonl``
(50 source sentences, ids 701-750): the *tune* half (ids sorted, first 25: the only ones
looked at when choosing the default policy and severities) and the *held-out* half (the
other 25). In each half the clean system is DEMETR's ``mt_sent``; the damaged system
replaces 19 of the 25 lines (every line but each fourth, about 23 of 30) by ``pert_sent``
of a critical or major DEMETR perturbation, the perturbation types taken in turn (all 18,
detectable or not: verb removed, aspect, hypernym... are in the mix, not only the errors
evalkit has detectors for); the reference is ``eng_sent``.

Each set is gated with ``evalkit gate`` (a real process, no ``--policy``, reference given)
three ways in the same run:
  * old  = the code and default policy of ``main`` (``git archive``; ``--main REF``),
  * old policy, new severities = this tree with main's default (``critical_flags <= 0``),
  * new  = this tree with its default policy.
A good default fails every damaged set and passes every clean set.

``--write DIR`` also writes the tune half's files (src.fr.txt, clean.en.txt,
damaged.en.txt, ref.en.txt) to DIR (``--only-write``: and nothing else): that is how
``tests/data/gate/demetr`` was made.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")
SEVERE = ("critical", "major")
OLD_DEFAULT = "[thresholds]\ncritical_flags = { max = 0 }\n"  # main's DEFAULT_POLICY, as a file


def build(rows: list[dict], ids: list[int]) -> dict[str, list[str]]:
    """src / clean / damaged / ref lines for the given source ids (perturbation types in turn)."""
    kinds = sorted({r["pert_name"] for r in rows if r["severity"] in SEVERE})
    by = {(r["id"], r["pert_name"]): r for r in rows}
    first = {i: next(r for r in rows if r["id"] == i) for i in ids}
    out: dict[str, list[str]] = {"src": [], "clean": [], "damaged": [], "ref": [], "kind": []}
    k = 0
    for n, i in enumerate(ids):
        r = first[i]
        out["src"].append(" ".join(r["src_sent"].split()))
        out["clean"].append(" ".join(r["mt_sent"].split()))
        out["ref"].append(" ".join(r["eng_sent"].split()))
        hyp, kind = r["mt_sent"], "clean"
        if n % 4 != 3:  # 19 of 25 lines damaged
            for _ in kinds:  # the next type whose perturbation DEMETR applied to this sentence
                p = by.get((i, kinds[k % len(kinds)]))
                k += 1
                if p is not None and p["pert_check"] and p["pert_sent"].strip():
                    hyp, kind = p["pert_sent"], p["pert_name"]
                    break
        out["damaged"].append(" ".join(hyp.split()))
        out["kind"].append(kind)
    return out


def write(files: dict[str, list[str]], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = {"src": "src.fr.txt", "clean": "clean.en.txt", "damaged": "damaged.en.txt", "ref": "ref.en.txt"}
    paths = {}
    for key, name in names.items():
        paths[key] = folder / name
        paths[key].write_text("\n".join(files[key]) + "\n", encoding="utf-8")
    return paths


def main_tree(ref: str, into: Path) -> Path:
    """main's evalkit package, extracted from git (nothing in /work/main is touched)."""
    blob = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "evalkit"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_gate(code: Path, paths: dict[str, Path], hyp: str, policy: Path | None, out: Path) -> tuple[str, dict, float]:
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1",
           "EVALKIT_CACHE": str((ROOT / "models" / "cache").resolve())}
    args = [sys.executable, "-m", "evalkit", "gate", "--quiet", str(paths["src"]), str(paths[hyp]),
            "--ref", str(paths["ref"]), "--src-lang", "fr", "--tgt-lang", "en", "--json", str(out)]
    if policy is not None:
        args += ["--policy", str(policy)]
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, cwd=code, env=env)
    took = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"gate failed ({r.returncode}): {r.stderr.strip()}")
    return ("pass" if r.returncode == 0 else "FAIL"), json.loads(out.read_text()), took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", type=Path, help="also write the tune half's files here")
    ap.add_argument("--main", default="main", help="git ref of the old code and default (default: main)")
    ap.add_argument("--only-write", action="store_true", help="with --write: write the files, run nothing")
    a = ap.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    ids = sorted({r["id"] for r in rows})
    halves = {"tune": ids[: len(ids) // 2], "held-out": ids[len(ids) // 2:]}
    if a.write and a.only_write:
        write(build(rows, halves["tune"]), a.write)
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old_code = main_tree(a.main, tmp / "main")
        old_policy = tmp / "old-default.toml"
        old_policy.write_text(OLD_DEFAULT, encoding="utf-8")
        setups = [(f"old ({a.main}: code + default)", old_code, None),
                  ("old default, new severities", ROOT, old_policy),
                  ("new default", ROOT, None)]
        print("| set | system | damaged lines | " + " | ".join(s[0] for s in setups) + " |")
        print("|---|---|---|" + "---|" * len(setups))
        ok, total = 0, 0
        for half, hids in halves.items():
            files = build(rows, hids)
            paths = write(files, tmp / half)
            if a.write and half == "tune":
                write(files, a.write)
            damaged = sum(k != "clean" for k in files["kind"])
            for system in ("clean", "damaged"):
                cells = []
                for name, code, pol in setups:
                    verdict, res, took = run_gate(code, paths, system, pol, tmp / "g.json")
                    m = res["metrics"]
                    cells.append(f"{verdict} (crit {m['critical_flags']['value']:.0f}, major {m['major_flags']['value']:.0f}, "
                                 f"{took:.0f} s)")
                    if name == "new default":
                        total += 1
                        ok += (verdict == "FAIL") == (system == "damaged")
                n = damaged if system == "damaged" else 0
                print(f"| {half} ({len(hids)} lines) | {system} | {n} | " + " | ".join(cells) + " |")
        print(f"\nnew default right on {ok} of {total} sets (fail damaged, pass clean)")


if __name__ == "__main__":
    main()
