"""Omission/addition flags on DEMETR-fr: recall on planted removals/additions vs false alarms on clean MT.

    /work/main/.venv/bin/python bench/flag_omissions.py [--no-baseline]

For each perturbation below, *recall* = share of perturbed translations (`pert_sent`) on
which an omission/addition flag fires, *false alarms* = share of the unperturbed MT
(`mt_sent`) on which one fires, both against the French source (`src_sent`). Items
701-725 were used to tune, 726-750 are held out (printed separately). Baseline in the
same run: the previous omission detector (dictionary candidates + local deletion test),
read from git at BASELINE_REV. Word vectors are cached under /tmp/evalkit-cache/.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evalkit.flag import omissions  # noqa: E402
from evalkit.flag.base import Pair  # noqa: E402
from evalkit.flag.bilingual import load_dictionary  # noqa: E402
from evalkit.flag.wordalign import TokenVectors  # noqa: E402

DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")
CACHE = Path("/tmp/evalkit-cache/flag_omissions_wordvecs.pkl")
BASELINE_REV = "82c2275"
TUNE_MAX_ID = 725
PERTS = ["critical_id23_noun_removed", "critical_id22_verb_removed", "critical_id25_ne_removed",
         "critical_id21_adj_adv_removed", "critical_id24_subj_removed", "major_id5_pp_removed",
         "minor_id12_conj_removed", "critical_id6_addition"]


def baseline_module():
    """The omission detector as it was before the word aligner (from git)."""
    try:
        src = subprocess.run(["git", "show", f"{BASELINE_REV}:evalkit/flag/omissions.py"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    mod = types.ModuleType("omissions_baseline")
    sys.modules["omissions_baseline"] = mod
    mod.__dict__["__name__"] = "omissions_baseline"
    exec(compile(src, "omissions_baseline.py", "exec"), mod.__dict__)
    return mod


class CachedVectors(TokenVectors):
    def __init__(self, embedder) -> None:
        super().__init__(embedder)
        if CACHE.is_file():
            self._memo = pickle.loads(CACHE.read_bytes())

    def save(self) -> None:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        tmp = CACHE.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(self._memo))
        os.replace(tmp, CACHE)


def main() -> None:
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    emb = load_embedder(threads=1)
    vec = CachedVectors(emb)
    dic = load_dictionary("fr", "en")
    base = None if "--no-baseline" in sys.argv else baseline_module()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["pert_check"] and r["pert_name"] in PERTS]

    def fires_new(src: str, tgt: str, kind: str) -> bool:
        flags = omissions.detect_pairs([Pair(0, src, tgt, "fr", "en")], emb, dic, vectors=vec)
        return any(f.category == kind for f in flags)

    def fires_old(src: str, tgt: str) -> bool:
        return bool(base.confirm(base.candidates(Pair(0, src, tgt, "fr", "en"), dic), emb))

    t0 = time.time()
    stats: dict[tuple[str, str], list[int]] = {}
    mt_new: dict[tuple[int, str], bool] = {}
    mt_old: dict[int, bool] = {}
    for r in rows:
        kind = "addition" if "addition" in r["pert_name"] else "omission"
        split = "tune" if r["id"] <= TUNE_MAX_ID else "held-out"
        key = (r["id"], kind)
        if key not in mt_new:
            mt_new[key] = fires_new(r["src_sent"], r["mt_sent"], kind)
        if base and r["id"] not in mt_old:
            mt_old[r["id"]] = fires_old(r["src_sent"], r["mt_sent"])
        c = stats.setdefault((split, r["pert_name"]), [0, 0, 0, 0, 0])
        c[0] += fires_new(r["src_sent"], r["pert_sent"], kind)
        c[1] += mt_new[key]
        if base:
            c[2] += fires_old(r["src_sent"], r["pert_sent"])
            c[3] += mt_old[r["id"]]
        c[4] += 1
    vec.save()
    print(f"DEMETR-fr dev, {len(rows)} items, {time.time() - t0:.0f}s; recall = flag on pert_sent, "
          f"FA = flag on clean mt_sent (same items)")
    for split in ("tune", "held-out"):
        print(f"\n[{split}: ids {'<= ' if split == 'tune' else '> '}{TUNE_MAX_ID}]")
        print(f"{'perturbation':32s} {'recall':>7s} {'FA':>6s}   {'base rec':>8s} {'base FA':>7s}   n")
        for name in PERTS:
            c = stats.get((split, name))
            if not c:
                continue
            n = c[4]
            b = f"{c[2] / n:8.2f} {c[3] / n:7.2f}" if base else f"{'-':>8s} {'-':>7s}"
            print(f"{name:32s} {c[0] / n:7.2f} {c[1] / n:6.2f}   {b}   {n}")
        for kind in ("omission", "addition"):
            ids = {i for (i, k) in mt_new if k == kind and (i <= TUNE_MAX_ID) == (split == "tune")}
            fa = sum(mt_new[(i, kind)] for i in ids)
            print(f"clean MT with an {kind} flag: {fa}/{len(ids)} = {fa / max(len(ids), 1):.2f}")
        if base:
            ids = {i for i in mt_old if (i <= TUNE_MAX_ID) == (split == "tune")}
            print(f"clean MT with a baseline omission flag: {sum(mt_old[i] for i in ids)}/{len(ids)}")


if __name__ == "__main__":
    main()
