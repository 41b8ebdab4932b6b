"""The look-alike false-friend check (evalkit/flag/cognates.py) with the real scorer: hits and false alarms.

    OMP_NUM_THREADS=1 /work/main/.venv/bin/python bench/flag_cognates.py [--split tune|measure]

Runs only this detector (full checks: the packaged Gemma-3-270M scorer on CPU, rescoring the
candidates it triggers) and prints, per data set, how many segments it triggers on and how many
it flags, with the seconds spent:

- false alarms: DEMETR human references (``eng_sent``) and clean MT of fr, es, it, de (the tune
  or measure half of the source ids, ``flag_spans.split_ids``), and TransRead gold beads
  (faithful literary translations: ``align_common.TUNE_BOOKS`` or the held-out books);
- hits: planted false friends and wrong senses with their controls. ``--split tune`` reads the
  in-sample planted set (tests/data/flag/planted.jsonl, written with the sense lexicon);
  ``--split measure`` the frozen planted_v2, which no choice of this check was made on.

Baseline: this check is new, so the same run's baseline is the other detectors' count of the
same items (without the scorer) where useful: ``bench/flag_spans.py`` prints those.
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

from evalkit.flag.base import FlagContext, Pair  # noqa: E402
from evalkit.flag.bilingual import load_dictionary  # noqa: E402
from evalkit.flag.cognates import CognateDetector, candidates  # noqa: E402

BENCH = Path("/work/shared/benchmarks")


def run(pairs: list[Pair], scorer, verbose: bool) -> tuple[int, list, float]:
    """(beads with a candidate, flags, seconds) for one language pair's beads."""
    if not pairs:
        return 0, [], 0.0
    sl, tl = pairs[0].src_lang, pairs[0].tgt_lang
    ctx = FlagContext(sl, tl, "pair", dictionary=load_dictionary(sl, tl), load_scorer=lambda: scorer)
    t0 = time.perf_counter()
    from evalkit.flag.glosses import source_gloss_words

    gloss = source_gloss_words(pairs, sl, tl, ctx.glosses_memo)
    triggered = {p.index for p in pairs for _ in candidates(p, ctx.dictionary, ctx.translations_memo, gloss)}
    flags = CognateDetector().detect(pairs, ctx)
    secs = time.perf_counter() - t0
    if verbose:
        by = {p.index: p for p in pairs}
        for f in flags:
            print(f"      {by[f.bead].tgt[:110]!r}\n         -> {f.message}")
    return len(triggered), flags, secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("tune", "measure"), default="tune")
    ap.add_argument("-v", action="store_true", help="print every flag")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from align_common import BOOKS, TUNE_BOOKS, load_pair
    from flag_spans import split_ids

    from evalkit.models import load_scorer

    t0 = time.perf_counter()
    scorer = load_scorer(device="cpu", threads=1, quiet=True)
    print(f"flag_cognates: split={args.split}; scorer loaded in {time.perf_counter() - t0:.1f} s")

    print("\n== false alarms: faithful translations with a look-alike flag")
    for lang in ("fr", "es", "it", "de"):
        rows = [json.loads(x) for x in (BENCH / f"demetr-{lang}/dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        keep = split_ids(rows, args.split)
        seen: dict[int, dict] = {}
        for r in rows:
            if r["id"] in keep and r["pert_check"]:
                seen.setdefault(r["id"], r)
        for side in ("eng_sent", "mt_sent"):
            pairs = [Pair(k, r["src_sent"], r[side], lang, "en") for k, r in enumerate(seen.values())]
            n_trig, flags, secs = run(pairs, scorer, args.v)
            print(f"  DEMETR-{lang} {side:8s}: {len({f.bead for f in flags})}/{len(pairs)} flagged "
                  f"({n_trig} triggered, {secs:.1f} s)")
    books = TUNE_BOOKS if args.split == "tune" else [b for b in BOOKS if b not in TUNE_BOOKS]
    total = flagged = 0
    for name in books:
        s, t, g, sl, tl = load_pair(name)
        pairs = [Pair(k, " ".join(s[i] for i in a), " ".join(t[j] for j in b), sl, tl)
                 for k, (a, b) in enumerate([(a, b) for a, b in g if a and b])]
        n_trig, flags, secs = run(pairs, scorer, args.v)
        k = len({f.bead for f in flags})
        total += len(pairs)
        flagged += k
        print(f"  TransRead {name}: {k}/{len(pairs)} beads flagged ({n_trig} triggered, {secs:.1f} s)")
    print(f"  TransRead, {args.split} books: {flagged}/{total} = {flagged / max(total, 1):.1%} beads with a look-alike flag")

    path = ROOT / "tests/data/flag" / ("planted.jsonl" if args.split == "tune" else "planted_v2.jsonl")
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    items = [x for x in items if x["src_lang"] == "fr" and x["tgt_lang"] == "en"]
    pairs = [Pair(k, x["src"], x["tgt"], "fr", "en") for k, x in enumerate(items)]
    n_trig, flags, secs = run(pairs, scorer, args.v)
    print(f"\n== planted ({path.name}{', IN-SAMPLE' if args.split == 'tune' else ', frozen, out of sample'}): "
          f"{n_trig} triggered, {secs:.1f} s")
    by_cat: dict[str, list[int]] = {}
    for k, x in enumerate(items):
        c = by_cat.setdefault(x["category"], [0, 0, 0, 0])  # errors, hit on span, controls, controls flagged
        mine = [f for f in flags if f.bead == k]
        if x["error"]:
            c[0] += 1
            span = x.get("span") or ""
            at = x["tgt"].find(span) if span else -1
            c[1] += any(at >= 0 and f.start < at + len(span) and at < f.end for f in mine)
        else:
            c[2] += 1
            c[3] += bool(mine)
    for cat, (n, hit, nc, fc) in sorted(by_cat.items()):
        print(f"  {cat:16s} errors flagged on the span {hit}/{n}   controls flagged {fc}/{nc}")


if __name__ == "__main__":
    main()
