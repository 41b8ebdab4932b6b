"""Dropped and added words judged by the scorer (evalkit/flag/restore.py): what it adds to the full checks.

    OMP_NUM_THREADS=1 /work/main/.venv/bin/python bench/flag_restore.py [--split tune|measure] [--lang fr,es,it,de] [--books N] [-v]

The restoration judges the omission check's candidates with the language-model scorer, so it runs
only with the full checks. Before it, the full checks already had two ways to flag a dropped word:
the omission check's fast model (embedder) and the contrastive check's insertions (scorer). So
the baseline, in the same run, is their union; "now" is the omission check with the restoration
plus the contrastive check. Per data set (``find_flags`` on one bead per sentence, the packaged
e5 embedder and Gemma-3-270M scorer, CPU, one thread):

- DEMETR dev halves (``--split``: the tune or measure half of the source ids,
  ``flag_spans.split_ids``): the critical and major *deletion* perturbations (adjective/adverb,
  verb, noun, subject, name, prepositional phrase removed), counted at line level as
  ``bench/flag_spans.py`` counts a deletion (a major flag anywhere on the sentence), and the
  *addition* perturbation, counted on its inserted words (a major flag overlapping them); false alarms
  on the human references (``eng_sent``) and the clean MT;
- TransRead gold beads (faithful literary translations; the tune books or the held-out ones,
  ``--books`` beads of each, evenly spaced, 0 = all): beads with a major omission or addition
  flag, fast model alone vs with the scorer's judgement (the contrastive check is not run there: its own literary
  rate was budgeted when its margins were fitted);
- planted errors: the omission items and the controls (tune: the in-sample planted.jsonl;
  measure: the frozen planted_v2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evalkit.flag import find_flags  # noqa: E402
from flag_spans import overlaps  # noqa: E402
from evalkit.records import Bead, ScoredBead  # noqa: E402

BENCH = Path("/work/shared/benchmarks")
DELETIONS = ("adj_adv_removed", "verb_removed", "noun_removed", "subj_removed", "ne_removed", "pp_removed")
KINDS = DELETIONS + ("addition",)  # deletions count at line level, an addition on its inserted words
MAJOR = ("major", "critical")


def beads_of(pairs: list[tuple[str, str]]) -> list[ScoredBead]:
    return [ScoredBead(k, Bead((k,), (k,), 1.0, 1.0), s, t) for k, (s, t) in enumerate(pairs)]


def majors(pairs, sl, embedder, scorer, detector: str, category: str | None = None,
           spans: list | None = None) -> set[int]:
    """Indices of the pairs with a major flag of one detector (of one category); where ``spans[k]``
    holds character spans, the flag must overlap one of them."""
    return {f.bead for f in find_flags(beads_of(pairs), sl, "en", embedder=embedder, scorer=scorer, detectors=[detector])
            if f.severity in MAJOR and (category is None or f.category == category)
            and (not spans or not spans[f.bead] or overlaps(f, spans[f.bead]))}


def compare(pairs, sl, embedder, scorer, contrastive: bool = True, category: str | None = None,
            spans: list | None = None) -> tuple[set, set]:
    """(before, now): the pairs with a major flag from the fast omission check (+ the contrastive
    check), and from the omission check with the scorer's judgement (+ the same contrastive flags)."""
    fast = majors(pairs, sl, embedder, None, "omissions", category, spans)
    now = majors(pairs, sl, embedder, scorer, "omissions", category, spans)
    con = majors(pairs, sl, embedder, scorer, "contrastive", category, spans) if contrastive else set()
    return fast | con, now | con


def line(label: str, n: int, before: set, after: set) -> str:
    return (f"  {label:34s} {len(before):4d}/{n:<4d} -> {len(after):4d}/{n:<4d}"
            f"   (+{len(after - before)}, -{len(before - after)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("tune", "measure"), default="tune")
    ap.add_argument("--lang", default="fr,es,it,de")
    ap.add_argument("--books", type=int, default=150, help="literary beads per book (evenly spaced; 0 = all)")
    ap.add_argument("-v", action="store_true", help="print the items the restoration adds")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from align_common import BOOKS, TUNE_BOOKS, load_pair
    from flag_spans import diff_spans, split_ids

    from evalkit.models import load_embedder, load_scorer

    embedder = load_embedder()
    scorer = load_scorer(device="cpu", threads=1, quiet=True)
    print(f"flag_restore: split={args.split}; baseline = fast omission check + contrastive insertions (same run); "
          "now = omission check with the restoration + contrastive")
    print("\n== DEMETR deletions (line level: a major flag on the sentence), additions (a major flag on the "
          "inserted words) and false alarms")
    tot = [0, set(), set()]
    for lang in args.lang.split(","):
        t0 = time.perf_counter()
        rows = [json.loads(x) for x in (BENCH / f"demetr-{lang}/dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        keep = split_ids(rows, args.split)
        rows = [r for r in rows if r["id"] in keep and r["pert_check"]]
        dels = [r for r in rows if r["severity"] in MAJOR and r["pert_name"].split("_", 2)[-1] in KINDS
                and r["pert_sent"] != r["mt_sent"]]
        pairs = [(r["src_sent"], r["pert_sent"]) for r in dels]
        spans = [diff_spans(r["mt_sent"], r["pert_sent"]) if r["pert_name"].endswith("addition") else []
                 for r in dels]
        before, after = compare(pairs, lang, embedder, scorer, spans=spans)
        for name in KINDS:
            ks = {k for k, r in enumerate(dels) if r["pert_name"].endswith(name)}
            if ks:
                print(line(f"DEMETR-{lang} {name}", len(ks), before & ks, after & ks))
        print(line(f"DEMETR-{lang} all of these", len(dels), before, after))
        off = tot[0]  # the totals count items of every language: keep their indices apart
        tot[0] += len(dels)
        tot[1] |= {k + off for k in before}
        tot[2] |= {k + off for k in after}
        if args.v:
            for k in sorted(after - before):
                print(f"      + {dels[k]['pert_name']}: {dels[k]['pert_sent'][:120]!r}")
        seen: dict[int, dict] = {}
        for r in rows:
            seen.setdefault(r["id"], r)
        for side in ("eng_sent", "mt_sent"):
            pairs = [(r["src_sent"], r[side]) for r in seen.values()]
            b, a = compare(pairs, lang, embedder, scorer)
            print(line(f"DEMETR-{lang} {side} (false alarms)", len(pairs), b, a))
            if args.v:
                for k in sorted(a - b):
                    print(f"      + {pairs[k][1][:120]!r}")
        print(f"  ({time.perf_counter() - t0:.0f} s)")

    books = TUNE_BOOKS if args.split == "tune" else [b for b in BOOKS if b not in TUNE_BOOKS]
    print(f"\n== TransRead {args.split} books: beads with a major omission or addition flag "
          "(fast model -> with the scorer's judgement)")
    n_all = b_all = a_all = 0
    for name in books:
        t0 = time.perf_counter()
        s, t, g, sl, _ = load_pair(name)
        beads = [(" ".join(s[i] for i in a), " ".join(t[j] for j in b)) for a, b in g if a and b]
        if args.books:
            beads = beads[:: max(1, len(beads) // args.books)][: args.books]
        b, a = compare(beads, sl, embedder, scorer, contrastive=False)
        print(line(f"{name}", len(beads), b, a) + f"  ({time.perf_counter() - t0:.0f} s)")
        if args.v:
            for k in sorted(a - b):
                print(f"      + {beads[k][1][:120]!r}")
        n_all, b_all, a_all = n_all + len(beads), b_all + len(b), a_all + len(a)
    print(f"  all: {b_all}/{n_all} = {b_all / max(n_all, 1):.1%} -> {a_all}/{n_all} = {a_all / max(n_all, 1):.1%}")

    path = ROOT / "tests/data/flag" / ("planted.jsonl" if args.split == "tune" else "planted_v2.jsonl")
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    items = [x for x in items if x["src_lang"] == "fr" and x["tgt_lang"] == "en"]
    errs = [x for x in items if x["error"] and x["category"] == "omission"]
    ctrl = [x for x in items if not x["error"]]
    print(f"\n== planted ({path.name}{', IN-SAMPLE' if args.split == 'tune' else ', frozen, out of sample'}): "
          "omission errors with a major flag; controls with a major flag")
    for label, group in (("omission errors", errs), ("controls (all categories)", ctrl)):
        pairs = [(x["src"], x["tgt"]) for x in group]
        b, a = compare(pairs, "fr", embedder, scorer)
        print(line(label, len(pairs), b, a))
    print(f"\n== all DEMETR deletions and additions: {len(tot[1])}/{tot[0]} -> {len(tot[2])}/{tot[0]}")


if __name__ == "__main__":
    main()
