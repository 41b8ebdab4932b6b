"""Fit and measure the contrastive span detector (evalkit/flag/contrastive.py).

    /work/main/.venv/bin/python bench/flag_contrastive.py collect [--langs fr,es] [--split tune] [--per-pert 8]
    /work/main/.venv/bin/python bench/flag_contrastive.py fit [--langs ...] [--target 0.04]
    /work/main/.venv/bin/python bench/flag_contrastive.py measure [--langs fr,de,es,it] [--planted] [--faithful N]

``collect`` runs the scorer (the slow part) and stores every proposed edit with its delta in
``bench/.cache/contrastive/`` (keyed by source, target and the trigger settings), so fitting
and measuring re-read numbers instead of recomputing them.

Data and splits. DEMETR dev halves (``../shared/benchmarks/demetr-XX/dev.jsonl``): the
source sentences are split by id, the first half (25 ids) is **tune**, the second half is
**measure**; margins are fitted on tune only (``fit``), and ``measure`` reports the other
half. Items: every critical and major perturbation with ``pert_check`` (``--per-pert N``
samples N per perturbation and split, the same ones every run), the human reference
``eng_sent`` (a faithful translation: a major flag there is a false alarm) and ``mt_sent``.
Span hit: a major flag overlapping the words that differ between ``mt_sent`` and
``pert_sent``; for a deletion, any major flag on the line (as bench/flag_spans.py).

Baseline in the same run: the detectors evalkit runs without the scorer (``find_flags``
with ``embedder=None``), on the same items; and the union (what a full review shows).
``--planted``: tests/data/flag/planted_v2.jsonl (frozen, never tuned on). ``--faithful N``:
N TransRead gold beads (a fixed sample), share with a major flag.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flag_spans import BENCH, MAJOR, diff_spans, locate, overlaps, pair_flags, ratio, split_ids  # noqa: E402

from evalkit.flag.base import Pair  # noqa: E402
from evalkit.flag.contrastive import MARGINS, Contrast, contrasts, decide, judged_as, settings  # noqa: E402

CACHE = ROOT / "bench" / ".cache" / "contrastive"
PLANTED_V2 = ROOT / "tests/data/flag/planted_v2.jsonl"


def cache_file() -> Path:
    cfg = settings()
    proposing = ("topk", "trigger_gap", "max_triggers", "max_chars", "replacements", "span_words", "words_after")
    trig = {k: v for k, v in asdict(cfg).items() if k in proposing}  # what proposes and rescores edits
    tag = hashlib.sha256(json.dumps(trig, sort_keys=True).encode()).hexdigest()[:10]
    return CACHE / f"{tag}.jsonl"


class Store:
    """Proposed edits and deltas by (src, tgt), appended to a JSONL file as they are computed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, list[dict]] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                self.data[rec["key"]] = rec["contrasts"]

    @staticmethod
    def key(src: str, tgt: str, src_lang: str) -> str:
        return hashlib.sha256(f"{src_lang}\x00{src}\x00{tgt}".encode()).hexdigest()

    def get(self, src, tgt, src_lang, scorer=None) -> list[Contrast] | None:
        k = self.key(src, tgt, src_lang)
        if k not in self.data:
            if scorer is None:
                return None
            found = contrasts([Pair(0, src, tgt, src_lang, "en")], scorer)
            self.data[k] = [asdict(c) for c in found]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"key": k, "contrasts": self.data[k]}, ensure_ascii=False) + "\n")
        return [Contrast(**c) for c in self.data[k]]


def demetr(lang: str, split: str, per_pert: int | None) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """(perturbed items, (src, ref, mt) per source sentence) of one split."""
    rows = [json.loads(x) for x in (BENCH / f"demetr-{lang}/dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    half = split_ids(rows, split)
    rows = [r for r in rows if r["id"] in half and r["pert_check"]]
    items = [r for r in rows if r["severity"] in MAJOR and r["mt_sent"] != r["pert_sent"]]
    if per_pert:
        by: dict[str, list[dict]] = defaultdict(list)
        for r in items:
            by[r["pert_name"]].append(r)
        rng = random.Random(12345)
        items = [r for name in sorted(by) for r in rng.sample(by[name], min(per_pert, len(by[name])))]
    sents = sorted({(r["src_sent"], r["eng_sent"], r["mt_sent"]) for r in rows})
    return items, sents


def major_flags(found: list[Contrast], src: str, tgt: str, lang: str, cfg) -> list:
    p = Pair(0, src, tgt, lang, "en")
    return [f for f in decide(found, {0: p}, cfg, _dictionary(lang)) if f.severity in MAJOR]


def evaluate(langs, split, per_pert, store, cfg, baseline=False, verbose=False, embedder=None) -> dict:
    """Recall per perturbation and false-alarm rates for margins ``cfg`` (from cached contrasts)."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, contrastive hit, baseline hit, union hit
    refs = [0, 0, 0, 0]  # n, contrastive FA, baseline FA, union FA
    mts = [0, 0, 0, 0]
    for lang in langs:
        items, sents = demetr(lang, split, per_pert)
        for r in items:
            found = store.get(r["src_sent"], r["pert_sent"], lang)
            if found is None:
                continue
            spans = diff_spans(r["mt_sent"], r["pert_sent"])
            fl = major_flags(found, r["src_sent"], r["pert_sent"], lang, cfg)
            hit = bool(fl) if not spans else any(overlaps(f, spans) for f in fl)
            c = per[r["pert_name"]]
            c[0] += 1
            c[1] += hit
            if baseline:
                bf = [f for f in pair_flags(r["src_sent"], r["pert_sent"], lang, "en", embedder) if f.severity in MAJOR]
                bhit = bool(bf) if not spans else any(overlaps(f, spans) for f in bf)
                c[2] += bhit
                c[3] += hit or bhit
            if verbose and not hit:
                print(f"  miss {lang} {r['pert_name']}: {[r['pert_sent'][s:e] for s, e in spans]} | {r['pert_sent'][:90]}")
        for src, ref, mt in sents:
            for tgt, acc in ((ref, refs), (mt, mts)):
                found = store.get(src, tgt, lang)
                if found is None:
                    continue
                fl = major_flags(found, src, tgt, lang, cfg)
                acc[0] += 1
                acc[1] += bool(fl)
                if verbose and fl and acc is refs:
                    print(f"  false alarm {lang}: {[(f.span, f.suggestion, round(float(f.message.split('by ')[1].split()[0]), 1)) for f in fl]} | {tgt[:80]}")
                if baseline:
                    b = any(f.severity in MAJOR for f in pair_flags(src, tgt, lang, "en", embedder))
                    acc[2] += b
                    acc[3] += bool(fl) or b
    n = sum(v[0] for v in per.values())
    return {"per": per, "refs": refs, "mts": mts, "n": n, "hits": sum(v[1] for v in per.values()),
            "base": sum(v[2] for v in per.values()), "union": sum(v[3] for v in per.values())}


def collect(args) -> None:
    from evalkit.models import load_scorer

    scorer = load_scorer(device="cpu", threads=args.threads, quiet=True)
    store = Store(cache_file())
    todo = []
    for lang in (args.ref_langs or "").split(","):
        if lang:
            todo += [(s, r, lang) for s, r, _ in demetr(lang, args.split, None)[1]]
    for lang in args.langs.split(","):
        items, sents = demetr(lang, args.split, args.per_pert)
        todo += [(s, t, lang) for s, r, m in sents for t in (r, m)]
        todo += [(r["src_sent"], r["pert_sent"], lang) for r in items]
    if args.planted:
        todo += [(it["src"], it["tgt"], "fr") for it in map(json.loads, PLANTED_V2.read_text().splitlines())]
    if args.faithful:
        todo += [(s, t, "fr") for s, t in faithful_sample(args.faithful)]
    import time

    t0, done = time.time(), 0
    for k, (s, t, lang) in enumerate(todo):
        if store.get(s, t, lang) is None:
            store.get(s, t, lang, scorer)
            done += 1
        if k % 25 == 0:
            print(f"  {k}/{len(todo)} ({done} scored, {time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"collected {len(todo)} items ({done} new) in {time.time() - t0:.0f} s -> {store.path}")


def _dictionary(lang: str):
    from evalkit.flag.bilingual import load_dictionary

    return load_dictionary(lang, "en")  # what a run's FlagContext holds (None where FreeDict lacks the pair)


def _best_by_kind(found: list[Contrast], pair: Pair, cfg, spans=None) -> list[float]:
    """Per judged kind (MARGINS), the highest delta less the extra it needs (among edits
    overlapping ``spans`` when given): the edit flags as major when this reaches the margin."""
    best = dict.fromkeys(MARGINS, -1e9)
    for c in found:
        if spans is not None and not any(c.start < e and s < c.end for s, e in spans):
            continue
        judged = judged_as(c, pair, cfg, _dictionary(pair.src_lang))
        if judged is not None:
            best[judged[0]] = max(best[judged[0]], c.delta - judged[1])
    return [best[k] for k in MARGINS]


def fit(args) -> None:
    """Major margins per judged kind on the tune split: the most span hits of the whole
    detector set (contrastive or any other detector) with at most ``target`` of the human
    references flagged by either. Exhaustive over a grid of margins (numpy); a hit is
    approximated by "some edit of that kind over the error wins by its margin"."""
    import itertools

    import numpy as np

    store = Store(cache_file())
    cfg0 = settings()
    embedder = _embedder(args)
    hits, base_hit, refs, base_fa = [], [], [], []

    def add_ref(src, ref, lang):
        found = store.get(src, ref, lang)
        if found is not None:
            refs.append(_best_by_kind(found, Pair(0, src, ref, lang, "en"), cfg0))
            base_fa.append(any(f.severity in MAJOR for f in pair_flags(src, ref, lang, "en", embedder)))

    for lang in args.langs.split(","):
        items, sents = demetr(lang, "tune", args.per_pert)
        for r in items:
            found = store.get(r["src_sent"], r["pert_sent"], lang)
            if found is not None:
                spans = diff_spans(r["mt_sent"], r["pert_sent"])
                hits.append(_best_by_kind(found, Pair(0, r["src_sent"], r["pert_sent"], lang, "en"), cfg0, spans or None))
                bf = [f for f in pair_flags(r["src_sent"], r["pert_sent"], lang, "en", embedder) if f.severity in MAJOR]
                base_hit.append(bool(bf) if not spans else any(overlaps(f, spans) for f in bf))
        for src, ref, _ in sents:
            add_ref(src, ref, lang)
    for lang in (args.ref_langs or "").split(","):
        if lang:
            for src, ref, _ in demetr(lang, "tune", None)[1]:
                add_ref(src, ref, lang)
    lit = []  # faithful literary beads (TransRead sample): this check's major flags there, a second budget
    for s, t in faithful_sample(args.literary) if args.literary else ():
        found = store.get(s, t, "fr")
        if found is not None:
            lit.append(_best_by_kind(found, Pair(0, s, t, "fr", "en"), cfg0))
    H, R = np.array(hits), np.array(refs)
    BH, BR = np.array(base_hit), np.array(base_fa)
    L = np.array(lit) if lit else np.full((1, len(MARGINS)), -1e9)
    grid = [2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 1e8]
    combos = np.array(list(itertools.product(grid, repeat=len(MARGINS))))
    n_hit = np.zeros(len(combos), np.int64)
    fa = np.zeros(len(combos))
    lit_fa = np.zeros(len(combos))
    for a in range(0, len(combos), 4096):
        m = combos[a : a + 4096]
        n_hit[a : a + 4096] = ((H[None] >= m[:, None]).any(2) | BH[None]).sum(1)
        # the budget is what this detector adds: references it flags that no other detector does
        fa[a : a + 4096] = ((R[None] >= m[:, None]).any(2) & ~BR[None]).mean(1)
        lit_fa[a : a + 4096] = (L[None] >= m[:, None]).any(2).mean(1)
    print(f"tune split: {len(H)} perturbed items, {len(R)} human references ({args.langs} + refs of {args.ref_langs or '-'}); "
          f"other detectors alone: {int(BH.sum())} hits, references flagged {BR.mean():.3f}"
          f" ({'with' if embedder else 'without'} the omission check)")
    print("  (references: the share the contrastive check flags beyond the other detectors)")
    for target in (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.10):
        ok = (fa <= target + 1e-9) & (lit_fa <= args.literary_target + 1e-9)
        if not ok.any():
            print(f"  at references <= {target:.2f}: none")
            continue
        key = np.where(ok, n_hit * 1e6 - fa * 1e3 + combos.sum(1) / 1e3, -np.inf)
        k = int(np.argmax(key))
        mark = "  <- target" if abs(target - args.target) < 1e-9 else ""
        print(f"  at references <= {target:.2f}: {n_hit[k]}/{len(H)} hits, references {fa[k]:.3f}, literary {lit_fa[k]:.3f}, "
              f"margins {dict(zip(MARGINS, combos[k].tolist()))}{mark}")


def _embedder(args):
    if not getattr(args, "omissions", False):
        return None
    from evalkit.models import load_embedder

    return load_embedder(device="cpu")


def report(res: dict, label: str) -> None:
    print(f"\n== {label}: {res['n']} perturbed items")
    print(f"{'perturbation':34s} {'contrastive':>14s} {'other detectors':>16s} {'union':>14s}")
    for name, v in sorted(res["per"].items()):
        print(f"{name:34s} {ratio(v[1], v[0]):>14s} {ratio(v[2], v[0]):>16s} {ratio(v[3], v[0]):>14s}")
    n = res["n"]
    print(f"{'span recall, micro':34s} {ratio(res['hits'], n):>14s} {ratio(res['base'], n):>16s} {ratio(res['union'], n):>14s}")
    r, m = res["refs"], res["mts"]
    print(f"{'references with a major flag':34s} {ratio(r[1], r[0]):>14s} {ratio(r[2], r[0]):>16s} {ratio(r[3], r[0]):>14s}")
    print(f"{'clean MT with a major flag':34s} {ratio(m[1], m[0]):>14s} {ratio(m[2], m[0]):>16s} {ratio(m[3], m[0]):>14s}")


def faithful_sample(n: int) -> list[tuple[str, str]]:
    from align_common import BOOKS, load_pair

    out = []
    for name in BOOKS:
        s, t, g, _, _ = load_pair(name)
        out += [(" ".join(s[i] for i in a), " ".join(t[j] for j in b)) for a, b in g if a and b]
    return random.Random(7).sample(out, min(n, len(out)))


def measure(args) -> None:
    store = Store(cache_file())
    cfg = settings()
    print("margins (data/flag_contrastive.toml): major", cfg.major, "minor", cfg.minor)
    embedder = _embedder(args)
    res = evaluate(args.langs.split(","), args.split, args.per_pert, store, cfg, baseline=True, verbose=args.v,
                   embedder=embedder)
    report(res, f"DEMETR {args.langs} {args.split} split" + (" (in-sample)" if args.split == "tune" else " (held out from fitting)"))
    if args.planted:
        per: dict[str, list[int]] = defaultdict(lambda: [0] * 6)  # err, hit, base hit, ctrl, FA, base FA
        for it in map(json.loads, PLANTED_V2.read_text().splitlines()):
            found = store.get(it["src"], it["tgt"], "fr")
            if found is None:
                continue
            fl = [f for f in decide(found, {0: Pair(0, it["src"], it["tgt"], "fr", "en")}, cfg, _dictionary("fr"))]
            bf = pair_flags(it["src"], it["tgt"], "fr", "en", embedder)
            c = per[it["category"]]
            if it["error"]:
                c[0] += 1
                if it["span"] is None:
                    hit, bhit = bool(fl), bool(bf)
                else:
                    sp = [locate(it["span"], it["tgt"])]
                    hit, bhit = any(overlaps(f, sp) for f in fl), any(overlaps(f, sp) for f in bf)
                c[1] += hit
                c[2] += hit or bhit
            else:
                c[3] += 1
                c[4] += any(f.severity in MAJOR for f in fl)
                c[5] += any(f.severity in MAJOR for f in fl + bf)
        print("\n== planted_v2 (frozen, never tuned on): hit = a flag of any severity on the span; alarm = major flag on a control")
        print(f"{'category':15s} {'contrastive':>12s} {'with others':>12s} | {'alarms':>12s} {'with others':>12s}")
        tot = [0] * 6
        for cat, v in sorted(per.items()):
            tot = [a + b for a, b in zip(tot, v)]
            print(f"{cat:15s} {ratio(v[1], v[0]):>12s} {ratio(v[2], v[0]):>12s} | {ratio(v[4], v[3]):>12s} {ratio(v[5], v[3]):>12s}")
        print(f"{'total':15s} {ratio(tot[1], tot[0]):>12s} {ratio(tot[2], tot[0]):>12s} | {ratio(tot[4], tot[3]):>12s} {ratio(tot[5], tot[3]):>12s}")
    if args.faithful:
        k = n = 0
        for s, t in faithful_sample(args.faithful):
            found = store.get(s, t, "fr")
            if found is None:
                continue
            n += 1
            k += bool(major_flags(found, s, t, "fr", cfg))
        print(f"\n== TransRead faithful literary beads (sample): contrastive major flags on {ratio(k, n)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("collect", "fit", "measure"))
    ap.add_argument("--langs", default="fr")
    ap.add_argument("--split", default="tune", choices=("tune", "measure"))
    ap.add_argument("--per-pert", type=int, default=None, help="sample N items per perturbation and split")
    ap.add_argument("--target", type=float, default=0.03,
                    help="fit: highest share of references the contrastive check may flag beyond the other detectors")
    ap.add_argument("--literary", type=int, default=0, help="fit: also keep this check's major flags on a "
                    "sample of N TransRead beads (faithful literary translations) at most --literary-target")
    ap.add_argument("--literary-target", type=float, default=0.05)
    ap.add_argument("--ref-langs", default="", help="collect/fit: also the human references of these languages' tune split")
    ap.add_argument("--planted", action="store_true")
    ap.add_argument("--faithful", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--omissions", action="store_true", help="the other detectors include the omission check (loads e5)")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    {"collect": collect, "fit": fit, "measure": measure}[args.what](args)


if __name__ == "__main__":
    main()
