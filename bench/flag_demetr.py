"""Held-out check of evalkit.flag on DEMETR-fr (planted errors in real MT, fr->en).

    /work/main/.venv/bin/python bench/flag_demetr.py [--omissions]

For each record, the flags on the correct machine translation (`mt_sent`) and on the same
translation with one planted error (`pert_sent`) are weighed by the project's severity weights (evalkit.severity.WEIGHTS,
as MQM). Per perturbation: *accuracy* = share of items where the perturbed sentence
gets the higher penalty (DEMETR's protocol; ties count as wrong) and *detection* = share
of perturbed sentences with more flags than the MT. Also printed: the false-alarm rate on
the unperturbed MT (share of `mt_sent` with any flag). Baseline in the same run: the
target-side detectors alone (no source: what `evalkit check` sees). Flags are span detectors, not a metric: most
perturbations (tense, word swap, case...) are outside their scope; the rows that matter
are numbers, named entities, code-mixing, repetitions, punctuation, removed nouns.
`--omissions` also runs the embedder-confirmed omission check (slow on CPU).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evalkit.flag import check_document, find_flags  # noqa: E402
from evalkit.records import Bead, Document, ScoredBead  # noqa: E402
from evalkit.severity import WEIGHTS  # noqa: E402

DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")
WEIGHT = WEIGHTS


def penalty(src: str, tgt: str, embedder) -> tuple[int, int]:
    flags = find_flags([ScoredBead(0, Bead((0,), (0,), 1, 1), src, tgt)], "fr", "en", embedder=embedder)
    return sum(WEIGHT[f.severity] for f in flags), len(flags)


def check_penalty(tgt: str) -> int:
    """Baseline: `evalkit check` on the translation alone (no source)."""
    flags = check_document(Document.from_lines([tgt], "en"))
    return sum(WEIGHT[f.severity] for f in flags)


def main() -> None:
    embedder = None
    if "--omissions" in sys.argv:
        import torch

        torch.set_num_threads(1)
        from evalkit.models import load_embedder

        embedder = load_embedder()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["pert_check"] and not r["pert_name"].startswith("base_")]
    mt_cache: dict[int, tuple[int, int]] = {}
    base_cache: dict[int, int] = {}
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # accurate, detected, n, baseline accurate
    for r in rows:
        if r["id"] not in mt_cache:
            mt_cache[r["id"]] = penalty(r["src_sent"], r["mt_sent"], embedder)
        mp, mn = mt_cache[r["id"]]
        pp, pn = penalty(r["src_sent"], r["pert_sent"], embedder)
        c = per[r["pert_name"]]
        c[0] += pp > mp
        c[1] += pn > mn
        c[2] += 1
        # baseline: the target-side detectors only (no source), as `evalkit check` would run
        if r["id"] not in base_cache:
            base_cache[r["id"]] = check_penalty(r["mt_sent"])
        c[3] += check_penalty(r["pert_sent"]) > base_cache[r["id"]]
    print(f"DEMETR-fr dev: {len(rows)} perturbed items, {len(mt_cache)} distinct MT sentences")
    fa = sum(1 for v in mt_cache.values() if v[1] > 0)
    print(f"false alarms: MT sentences with any flag: {fa / len(mt_cache):.2f} ({fa}/{len(mt_cache)})")
    print(f"{'perturbation':36s} accuracy  detected  baseline(check)")
    tot = [0, 0, 0, 0]
    for name, (a, d, n, b) in sorted(per.items()):
        tot = [tot[0] + a, tot[1] + d, tot[2] + n, tot[3] + b]
        print(f"{name:36s} {a / n:8.2f}  {d / n:8.2f}  {b / n:8.2f}   (n={n})")
    print(f"{'micro-average':36s} {tot[0] / tot[2]:8.2f}  {tot[1] / tot[2]:8.2f}  {tot[3] / tot[2]:8.2f}   (n={tot[2]})")
    print(f"ratio full / check-mode baseline: {tot[0] / max(tot[3], 1):.2f}")


if __name__ == "__main__":
    main()
