"""Precision/recall of evalkit.flag on the seed pair, the planted set and check mode.

    /work/main/.venv/bin/python bench/flag_quality.py [--scorer] [--seed-only] [-v]

* Seed pair (pairs/lemonde-amazon): the French PDF text is repaired crudely (lines joined,
  a word cut at a line end rejoined when wordfreq knows the joined word), both sides are
  split into sentences, and each English sentence is paired with the French window of one
  or two sentences it is most similar to (e5 embeddings, cached in /tmp/evalkit-cache);
  below a similarity floor it stays unaligned. Gold: tests/data/flag/seed_errors.jsonl.
  A flag is right when its span overlaps a gold span (empty-span flags: same sentence and
  the gold source words contain the flag's source words).
* Planted set (tests/data/flag/planted.jsonl): recall on planted errors, false-alarm rate
  on correct controls.
* Check mode (pairs/bbc-ice-fr, no source): recall/precision against the same gold file.
* Baseline measured in the same run: the lexicon without its context cues and right-
  rendering test ("naive lexicon": a trap in the source + its wrong rendering = a flag).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evalkit.flag import check_document, find_flags  # noqa: E402
from evalkit.flag import lexicon  # noqa: E402
from evalkit.text import sentence_breaks, zipf  # noqa: E402
from evalkit.ingest import load_document  # noqa: E402
from evalkit.records import Bead, ScoredBead  # noqa: E402

CACHE = Path("/tmp/evalkit-cache")
GOLD = ROOT / "tests/data/flag/seed_errors.jsonl"
PLANTED = ROOT / "tests/data/flag/planted.jsonl"
MAJOR = ("major", "critical")


# ---------------------------------------------------------------- seed pair beads
def repair_pdf_text(text: str) -> str:
    """Join PDF lines; rejoin a word cut at a line end when the joined word is known."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    out = lines[0] if lines else ""
    for ln in lines[1:]:
        a = re.search(r"([^\W\d_]+)$", out)
        b = re.match(r"([^\W\d_]+)", ln)
        if a and b and ln[0].islower():
            joined = zipf((a.group(1) + b.group(1)).lower(), "fr")
            if joined >= 2.5 and joined > min(zipf(a.group(1).lower(), "fr"), zipf(b.group(1).lower(), "fr")):
                out += ln
                continue
        if re.search(r"[.!?»]$", out) and ln[0].islower():  # "débat." then a byline: a hard break
            out += "\n" + ln
            continue
        if a and len(a.group(1)) == 1 and a.group(1).isupper() and b:  # drop cap "C" + "ette"
            out += ln
            continue
        out += " " + ln
    return out


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces: the kernel's sentence breaks, and newlines (a light splitter for this bench)."""
    cuts = {0, len(text), *sentence_breaks(text)} | {m.end() for m in re.finditer(r"\n", text)}
    out, bounds = [], sorted(cuts)
    for a, b in zip(bounds, bounds[1:]):
        chunk = text[a:b]
        if chunk.strip():
            out.append((a + len(chunk) - len(chunk.lstrip()), chunk.strip()))
    return out


def bench_embedder():
    """The project embedder (its own SQLite cache keeps sentence vectors between runs); one thread."""
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def embed(texts: list[str]):
    """Sentence vectors (the embedder caches them on disk)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return bench_embedder().encode(texts)


def to_raw(pieces: list[tuple[int, int]], x: int) -> int:
    """Offset in a bead's target text -> offset in the raw file (beads may join two pieces)."""
    pos = 0
    for off, n in pieces:
        if x <= pos + n:
            return off + (x - pos)
        pos += n + 1
    return pieces[-1][0] + pieces[-1][1]


def seed_beads() -> tuple[list[ScoredBead], list[list[tuple[int, int]]], str]:
    """Beads for the seed pair, the raw-file pieces of each target sentence, the target text."""
    src = repair_pdf_text((ROOT / "pairs/lemonde-amazon/source.fr.txt").read_text(encoding="utf-8"))
    tgt_raw = (ROOT / "pairs/lemonde-amazon/translation.en.txt").read_text(encoding="utf-8")
    fr = [s for _, s in sentences(src)]
    windows = fr + [fr[i] + " " + fr[i + 1] for i in range(len(fr) - 1)]
    en: list[tuple[int, str]] = []
    pos = 0
    paras: list[tuple[int, str]] = []
    for line in tgt_raw.splitlines(keepends=True):
        m = re.match(r"\s*\d+\.\s+", line)
        # web furniture (links to other articles) is the ingest stage's job; drop it here
        if m and not re.match(r"(Read also|Article reserved)", line[m.end():]):
            paras.append((pos + m.end(), line[m.end():].rstrip("\n")))
        pos += len(line)
    headings: set[int] = set()
    for k, (off, body) in enumerate(paras):
        if not re.search(r"[.!?:\"”»)]\s*$", body):  # a paragraph without final punctuation: a heading
            headings.add(off)
        for o, s in sentences(body):
            en.append((off + o, s))
    # a paragraph ending with ":" was cut from the next one by the web page: keep them together
    merged: list[tuple[list[tuple[int, int]], str]] = []  # ([(raw offset, length)...], text)
    for off, s in en:
        if merged and merged[-1][1].endswith(":"):
            merged[-1] = (merged[-1][0] + [(off, len(s))], merged[-1][1] + " " + s)
        else:
            merged.append(([(off, len(s))], s))
    pieces = [m[0] for m in merged]
    is_heading = [m[0][0][0] in headings for m in merged]
    en = [(m[0][0][0], m[1]) for m in merged]
    import numpy as np

    W, E = embed(windows), embed([s for _, s in en])
    sims = E @ W.T
    n1 = len(fr)
    # one sentence, or two when they fit clearly better (window starting at j)
    single, double = sims[:, :n1], np.full((len(en), n1), -1.0)
    double[:, : n1 - 1] = sims[:, n1:] - 0.01
    best_at = np.maximum(single, double)
    null = 0.84  # below this, an English sentence stays unaligned (headings, web furniture)
    # monotone assignment by dynamic programming: F[k][j] = best score of the first k English
    # sentences using French sentences < j (several English sentences may share one French one)
    K, J = len(en), n1
    F = np.zeros((K + 1, J + 1))
    F[1:, 0] = -1e9
    for k in range(1, K + 1):
        for j in range(1, J + 1):
            F[k][j] = max(F[k][j - 1], F[k - 1][j] + max(best_at[k - 1, j - 1], null))
    assign: list[int | None] = [None] * K
    k, j = K, J
    while k > 0:
        if j > 0 and F[k][j] == F[k][j - 1]:
            j -= 1
            continue
        assign[k - 1] = j - 1 if best_at[k - 1, j - 1] >= null else None
        k -= 1
    beads = []
    for k, (off, s) in enumerate(en):
        j = assign[k]
        if is_heading[k]:  # the web version's headings have no counterpart in the print version
            j = None
        if j is None:
            src_text, score_ = "", float(best_at[k].max())
        else:
            two = double[k, j] > single[k, j]
            src_text = fr[j] + " " + fr[j + 1] if two else fr[j]
            score_ = float(best_at[k, j])
        beads.append(ScoredBead(index=k, bead=Bead((j,) if j is not None else (), (k,), score_, score_),
                                src_text=src_text, tgt_text=s))
    return beads, pieces, tgt_raw


# ---------------------------------------------------------------- scoring
def load_gold(pair: str) -> list[dict]:
    return [g for g in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if g["pair"] == pair]


def locate(gold: list[dict], text: str) -> list[tuple[int, int]]:
    spans = []
    for g in gold:
        c = text.find(g["context"])
        s = c + g["context"].find(g["span"])
        spans.append((s, s + len(g["span"])))
    return spans


def score(flags_abs: list[tuple[int, int, object]], gold: list[dict], gold_spans: list[tuple[int, int]],
          bead_ranges: dict[int, tuple[int, int]]) -> dict:
    """Match flags (absolute spans) to gold errors; return counts per category and severity."""
    hit_gold: set[int] = set()
    tp_flags = 0
    per_cat_flags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fs, fe, f in flags_abs:
        matched = False
        for gi, (gs, ge) in enumerate(gold_spans):
            if fe > fs:
                ok = fs < ge and gs < fe
            else:  # empty span: same bead, and the source words agree
                lo, hi = bead_ranges.get(f.bead, (-1, -1))
                src = (gold[gi].get("source") or "").lower()
                ok = lo <= gs < hi and bool(f.src_span) and (f.src_span.lower() in src or src in f.src_span.lower())
            if ok:
                matched = True
                hit_gold.add(gi)
        tp_flags += matched
        per_cat_flags[f.category][0] += matched
        per_cat_flags[f.category][1] += 1
    per_cat_gold: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gi, g in enumerate(gold):
        per_cat_gold[g["category"]][0] += gi in hit_gold
        per_cat_gold[g["category"]][1] += 1
    major = [gi for gi, g in enumerate(gold) if g["severity"] in MAJOR]
    return {
        "flags": len(flags_abs), "tp_flags": tp_flags, "gold": len(gold), "found": len(hit_gold),
        "major": len(major), "major_found": sum(gi in hit_gold for gi in major),
        "per_cat_flags": per_cat_flags, "per_cat_gold": per_cat_gold, "missed": [gold[gi] for gi in range(len(gold)) if gi not in hit_gold],
    }


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "n/a (0/0)"


def report(name: str, r: dict, verbose: bool) -> None:
    print(f"\n== {name}")
    print(f"precision (flags on real errors): {ratio(r['tp_flags'], r['flags'])}")
    print(f"recall, all errors:               {ratio(r['found'], r['gold'])}")
    print(f"recall, major+critical errors:    {ratio(r['major_found'], r['major'])}")
    print("recall per gold category:  " + ", ".join(f"{c} {ratio(*v)}" for c, v in sorted(r["per_cat_gold"].items())))
    print("precision per flag category: " + ", ".join(f"{c} {ratio(*v)}" for c, v in sorted(r["per_cat_flags"].items())))
    if verbose:
        for g in r["missed"]:
            print(f"   missed [{g['severity']}/{g['category']}] {g['span']!r} ({g['note']})")


def run_seed(verbose: bool, scorer=None) -> None:
    """``scorer``: also run the full checks (the contrastive detector) and print both."""
    import time

    beads, pieces, tgt_raw = seed_beads()
    gold = load_gold("lemonde-amazon")
    spans = locate(gold, tgt_raw)
    ranges = {b.index: (to_raw(pieces[k], 0), to_raw(pieces[k], len(b.tgt_text))) for k, b in enumerate(beads)}
    if scorer is not None:
        t0 = time.perf_counter()
        flags = find_flags(beads, "fr", "en", embedder=bench_embedder(), scorer=scorer)
        secs = time.perf_counter() - t0
        abs_flags = [(to_raw(pieces[f.bead], f.start), to_raw(pieces[f.bead], f.end), f) for f in flags]
        report(f"seed pair lemonde-amazon (fr->en), full checks (with the scorer; {secs:.0f} s for "
               f"{len(beads)} beads on this CPU)", score(abs_flags, gold, spans, ranges), verbose)
        if verbose:
            for s, e, f in abs_flags:
                if f.detector == "contrastive":
                    ok = any((s < ge and gs < e) if e > s else False for gs, ge in spans)
                    print(f"   {'+' if ok else '-'} [{f.severity}/{f.category}] {f.span!r} -> {f.suggestion!r}: {f.message[:90]}")
    t0 = time.perf_counter()
    flags = find_flags(beads, "fr", "en", embedder=bench_embedder())
    secs = time.perf_counter() - t0
    abs_flags = [(to_raw(pieces[f.bead], f.start), to_raw(pieces[f.bead], f.end), f) for f in flags]
    r = score(abs_flags, gold, spans, ranges)
    report(f"seed pair lemonde-amazon (fr->en), fast checks (no scorer; {secs:.0f} s)", r, verbose and scorer is None)
    if verbose and scorer is None:
        for s, e, f in abs_flags:
            ok = any((s < ge and gs < e) if e > s else False for gs, ge in spans)
            print(f"   {'+' if ok else '-'} [{f.severity}/{f.category}] {f.span!r}: {f.message[:110]}")


def run_check(verbose: bool) -> None:
    path = ROOT / "pairs/bbc-ice-fr/translation.fr.txt"
    doc = load_document(path, "fr")
    gold = load_gold("bbc-ice-fr")
    spans = locate(gold, doc.raw)
    seg_start = {s.id: s.start + (len(doc.raw[s.start:s.end]) - len(doc.raw[s.start:s.end].lstrip())) for s in doc.segments}
    ranges = {s.id: (s.start, s.end) for s in doc.segments}
    flags = check_document(doc)
    abs_flags = [(seg_start[f.bead] + f.start, seg_start[f.bead] + f.end, f) for f in flags]
    report("check mode bbc-ice-fr (translation only)", score(abs_flags, gold, spans, ranges), verbose)


def planted_items() -> list[dict]:
    return [json.loads(line) for line in PLANTED.read_text(encoding="utf-8").splitlines() if line.strip()]


def planted_flags(item: dict, naive: bool = False):
    beads = []
    for k, (s, t) in enumerate(item["context"]):
        beads.append(ScoredBead(k + 1, Bead((), (), 1, 1), s, t))
    beads.insert(0, ScoredBead(0, Bead((), (), 1, 1), item["src"], item["tgt"]))
    if naive:
        from evalkit.flag.base import Pair

        naive_entries = tuple(replace(e, right=(), ok_cues=(), default="flag") for e in lexicon.load_lexicon())
        return [f for f in lexicon.detect(Pair(0, item["src"], item["tgt"], item["src_lang"], item["tgt_lang"]), naive_entries)]
    return [f for f in find_flags(beads, item["src_lang"], item["tgt_lang"]) if f.bead == 0]


def run_planted(verbose: bool, naive: bool = False) -> None:
    items = planted_items()
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hit, errors, alarms, controls
    for it in items:
        flags = planted_flags(it, naive)
        c = per_cat[it["category"]]
        if it["error"]:
            s = it["tgt"].find(it["span"])
            e = s + len(it["span"])
            hit = any((f.start < e and s < f.end) or (f.end == f.start and f.category == it["category"]) for f in flags)
            c[0] += hit
            c[1] += 1
            if verbose and not hit:
                print(f"   missed {it['id']} [{it['category']}] {it['span']!r}: {[x.message[:60] for x in flags]}")
        else:
            c[2] += bool(flags)
            c[3] += 1
            if verbose and flags:
                print(f"   false alarm {it['id']} [{it['category']}]: {[(x.span, x.message[:70]) for x in flags]}")
    hits, errs = sum(v[0] for v in per_cat.values()), sum(v[1] for v in per_cat.values())
    fa, ctl = sum(v[2] for v in per_cat.values()), sum(v[3] for v in per_cat.values())
    name = "planted set, naive lexicon baseline (lexicon only, no cues/right renderings)" if naive else "planted set, all detectors"
    print(f"\n== {name}")
    print(f"recall on planted errors:        {ratio(hits, errs)}")
    print(f"false alarms on correct controls: {ratio(fa, ctl)}")
    print("per category (recall | false alarms): " + ", ".join(
        f"{k} {ratio(v[0], v[1])} | {ratio(v[2], v[3])}" for k, v in sorted(per_cat.items())))


def main() -> None:
    verbose = "-v" in sys.argv
    scorer = None
    if "--scorer" in sys.argv:  # the full checks beside the fast ones (slow on CPU)
        from evalkit.models import load_scorer

        scorer = load_scorer(device="cpu", threads=1, quiet=True)
    run_seed(verbose, scorer)
    if "--seed-only" in sys.argv:
        return
    run_planted(verbose)
    run_planted(verbose=False, naive=True)
    run_check(verbose)


if __name__ == "__main__":
    main()
