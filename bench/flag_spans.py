"""Span-level benchmarks of evalkit.flag: is the flag on the erroneous words, and how often on good text?

    /work/main/.venv/bin/python bench/flag_spans.py [--lang fr,de,es,it] [--split all|tune|measure] [--sections abc] [--omissions] [-v]

(a) DEMETR dev halves at span level (fr, de, es, it into English). For every critical and
    major perturbation with ``pert_check`` true, the words that differ between ``mt_sent``
    and ``pert_sent`` (difflib on whitespace tokens, mapped to character offsets in
    ``pert_sent``) locate the planted error. *Span recall*: a major (or critical) flag on
    ``pert_sent`` overlaps those words; for a deletion (no inserted words in ``pert_sent``)
    any major flag on the line counts. *Line recall*: any major flag on ``pert_sent``.
    False alarms: share of distinct human references (``eng_sent``) and of distinct
    ``mt_sent`` with a major flag (the MT may hold real errors; the references are faithful).
    Flags: ``find_flags`` on one bead per sentence, as bench/flag_demetr.py builds it.
    ``--split tune|measure`` keeps one half of the source ids (``split_ids``: sorted ids, the
    first half is tune, the rest measure, as bench/flag_contrastive.py fits and measures);
    ``all`` (default) keeps both.
(b) Planted sets (fr->en). planted_v2 (tests/data/flag/planted_v2.jsonl, frozen, written
    before any tuning): recall per category, a hit = a flag of any severity overlapping
    ``span`` (for an omission: any flag on the item); false alarms = controls with a major
    flag. Flags with an empty target span (a source negation, name or acronym found missing
    from the target) never overlap a span: they count only in the "(any flag)" column, the
    share of error items with any flag at all. The old set tests/data/flag/planted.jsonl is printed too, labelled in-sample (it was
    written by the hands that wrote the lexicon and tuned against).
(c) Faithful translations: share of TransRead gold beads (six novels, fr->en, human) with a
    MAJOR flag, per category and in total (beads built as bench/flag_false_alarms.py does), and
    separately for the tune books (``align_common.TUNE_BOOKS``, where literal-coverage and
    word-order thresholds were fitted) and the three held-out books.

Baseline in the same run, everywhere: the target-only checks (``check_document``, what
``evalkit check`` runs without the source), scored by the same rules. ``--omissions`` loads
the packaged embedder for the omission/addition check (slow on CPU); without it
``embedder=None``. All data here are development halves or in-sample sets: no held-out figure.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evalkit.flag import check_document, find_flags  # noqa: E402
from evalkit.records import Bead, Document, ScoredBead  # noqa: E402

BENCH = Path("/work/shared/benchmarks")
LANGS = ("fr", "de", "es", "it")
PLANTED_V2 = ROOT / "tests/data/flag/planted_v2.jsonl"
PLANTED_V1 = ROOT / "tests/data/flag/planted.jsonl"
MAJOR = ("major", "critical")


# ---------------------------------------------------------------- shared helpers
def ratio(k: int, n: int) -> str:
    return f"{k / n:.2f} ({k}/{n})" if n else "  -  (0/0)"


def pair_flags(src: str, tgt: str, src_lang: str, tgt_lang: str, embedder, context=()) -> list:
    """find_flags on one bead (plus optional context beads before it); the flags of that bead."""
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)]
    for k, (s, t) in enumerate(context):
        beads.append(ScoredBead(k + 1, Bead((k + 1,), (k + 1,), 1.0, 1.0), s, t))
    return [f for f in find_flags(beads, src_lang, tgt_lang, embedder=embedder) if f.bead == 0]


def check_flags(tgt: str, tgt_lang: str = "en") -> list:
    """Baseline: the target-only checks of `evalkit check` on the sentence alone."""
    return check_document(Document.from_lines([tgt], tgt_lang))


def overlaps(f, spans: list[tuple[int, int]]) -> bool:
    """A flag with a target span overlapping one of ``spans`` (empty-span flags never do)."""
    return f.end > f.start and any(f.start < e and s < f.end for s, e in spans)


def is_major(f) -> bool:
    return f.severity in MAJOR


# ---------------------------------------------------------------- (a) DEMETR at span level
def token_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def diff_spans(mt: str, pert: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``pert`` that are not in ``mt`` (word diff); [] = a pure deletion."""
    a, b = token_offsets(mt), token_offsets(pert)
    sm = difflib.SequenceMatcher(None, [t for t, _, _ in a], [t for t, _, _ in b], autojunk=False)
    return [(b[j1][1], b[j2 - 1][2]) for op, _, _, j1, j2 in sm.get_opcodes() if op in ("replace", "insert") and j2 > j1]


def split_ids(rows: list[dict], split: str) -> set:
    """The source ids of one split: sorted ids, first half tune, second half measure (``all``: every id).

    The one definition of the DEMETR tune/measure halves, shared by the benchmarks that fit on
    one half and report the other."""
    ids = sorted({r["id"] for r in rows})
    if split == "all":
        return set(ids)
    return set(ids[: len(ids) // 2]) if split == "tune" else set(ids[len(ids) // 2 :])


def run_demetr(lang: str, embedder, verbose: bool, split: str = "all") -> None:
    rows = [json.loads(x) for x in (BENCH / f"demetr-{lang}/dev.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    keep = split_ids(rows, split)
    rows = [r for r in rows if r["id"] in keep]
    items = [r for r in rows if r["pert_check"] and r["severity"] in MAJOR]
    # per perturbation: n, span hit, line hit, baseline span hit, baseline line hit, deletions
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    unchanged = 0
    for r in items:
        if r["mt_sent"] == r["pert_sent"]:
            unchanged += 1
            continue
        spans = diff_spans(r["mt_sent"], r["pert_sent"])
        full = [f for f in pair_flags(r["src_sent"], r["pert_sent"], lang, "en", embedder) if is_major(f)]
        base = [f for f in check_flags(r["pert_sent"]) if is_major(f)]
        c = per[r["pert_name"]]
        c[0] += 1
        c[5] += not spans
        hit = bool(full) if not spans else any(overlaps(f, spans) for f in full)
        c[1] += hit
        c[2] += bool(full)
        c[3] += bool(base) if not spans else any(overlaps(f, spans) for f in base)
        c[4] += bool(base)
        if verbose and full and not hit:
            print(f"   off-span {r['pert_name']} id={r['id']}: diff={[r['pert_sent'][s:e] for s, e in spans]} "
                  f"flags={[(f.span, f.category) for f in full]}")
    refs = {r["id"]: (r["src_sent"], r["eng_sent"], r["mt_sent"]) for r in rows if r["pert_check"]}
    fa = [0, 0, 0, 0]  # refs flagged (full, base), mt flagged (full, base)
    for src, ref, mt in refs.values():
        fa[0] += any(is_major(f) for f in pair_flags(src, ref, lang, "en", embedder))
        fa[1] += any(is_major(f) for f in check_flags(ref))
        fa[2] += any(is_major(f) for f in pair_flags(src, mt, lang, "en", embedder))
        fa[3] += any(is_major(f) for f in check_flags(mt))
    n_items = sum(v[0] for v in per.values())
    print(f"\n== (a) DEMETR-{lang} dev half, split={split}, span level: {n_items} critical+major perturbed items "
          f"({sum(v[5] for v in per.values())} deletions scored at line level; {unchanged} with pert_sent == mt_sent skipped), "
          f"{len(refs)} source sentences")
    print(f"{'perturbation':34s} {'sev':8s} {'span recall':>14s} {'line recall':>14s} | {'check: span':>14s} {'check: line':>14s}")
    sev = {r["pert_name"]: r["severity"] for r in items}
    tot = [0] * 6
    for name, v in sorted(per.items(), key=lambda kv: (kv[0].split("_")[0], int(re.search(r"id(\d+)", kv[0]).group(1)))):
        tot = [x + y for x, y in zip(tot, v)]
        tag = " (deletion)" if v[5] == v[0] else (f" ({v[5]} del.)" if v[5] else "")
        print(f"{name:34s} {sev[name]:8s} {ratio(v[1], v[0]):>14s} {ratio(v[2], v[0]):>14s} | "
              f"{ratio(v[3], v[0]):>14s} {ratio(v[4], v[0]):>14s}{tag}")
    print(f"{'micro-average (critical+major)':43s} {ratio(tot[1], tot[0]):>14s} {ratio(tot[2], tot[0]):>14s} | "
          f"{ratio(tot[3], tot[0]):>14s} {ratio(tot[4], tot[0]):>14s}")
    n = len(refs)
    print(f"false alarms, human references (eng_sent) with a major flag: {ratio(fa[0], n)}   check-only baseline: {ratio(fa[1], n)}")
    print(f"major flags on the clean MT (mt_sent; may hold real errors): {ratio(fa[2], n)}   check-only baseline: {ratio(fa[3], n)}")


# ---------------------------------------------------------------- (b) planted sets
def locate(span: str, text: str) -> tuple[int, int] | None:
    m = re.search(r"(?<!\w)" + re.escape(span) + r"(?!\w)", text) or re.search(re.escape(span), text)
    return (m.start(), m.end()) if m else None


def run_planted(path: Path, label: str, embedder, verbose: bool) -> None:
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    # per category: errors, hits, baseline hits, controls, major alarms, baseline major alarms, any-severity alarms,
    # line hits (any flag on an error item, wherever it points)
    per: dict[str, list[int]] = defaultdict(lambda: [0] * 8)
    for it in items:
        full = pair_flags(it["src"], it["tgt"], it["src_lang"], it["tgt_lang"], embedder, it.get("context") or ())
        base = check_flags(it["tgt"], it["tgt_lang"])
        c = per[it["category"]]
        if it["error"]:
            c[0] += 1
            if it["span"] is None:  # an omission: any flag on the item
                hit, bhit = bool(full), bool(base)
            else:
                spans = [locate(it["span"], it["tgt"])]
                hit, bhit = any(overlaps(f, spans) for f in full), any(overlaps(f, spans) for f in base)
            c[1] += hit
            c[2] += bhit
            c[7] += bool(full)
            if verbose and not hit:
                print(f"   missed {it['id']} [{it['category']}] {it['span']!r}: {[(f.span, f.category) for f in full]}")
        else:
            c[3] += 1
            c[4] += any(is_major(f) for f in full)
            c[5] += any(is_major(f) for f in base)
            c[6] += bool(full)
            if verbose and any(is_major(f) for f in full):
                print(f"   false alarm {it['id']} [{it['category']}]: {[(f.span, f.category, f.severity) for f in full if is_major(f)]}")
    print(f"\n== (b) {label}: {path.relative_to(ROOT)}, {sum(v[0] for v in per.values())} errors, "
          f"{sum(v[3] for v in per.values())} controls")
    print(f"{'category':15s} {'span recall':>14s} {'check: recall':>14s} {'(any flag)':>14s} | {'major alarms':>14s} {'check: alarms':>14s} {'any-sev alarms':>14s}")
    tot = [0] * 8
    for cat, v in sorted(per.items()):
        tot = [x + y for x, y in zip(tot, v)]
        print(f"{cat:15s} {ratio(v[1], v[0]):>14s} {ratio(v[2], v[0]):>14s} {ratio(v[7], v[0]):>14s} | {ratio(v[4], v[3]):>14s} "
              f"{ratio(v[5], v[3]):>14s} {ratio(v[6], v[3]):>14s}")
    print(f"{'total':15s} {ratio(tot[1], tot[0]):>14s} {ratio(tot[2], tot[0]):>14s} {ratio(tot[7], tot[0]):>14s} | {ratio(tot[4], tot[3]):>14s} "
          f"{ratio(tot[5], tot[3]):>14s} {ratio(tot[6], tot[3]):>14s}")


# ---------------------------------------------------------------- (c) faithful translations
def run_faithful(embedder) -> None:
    from align_common import BOOKS, TUNE_BOOKS, load_pair

    per: Counter = Counter()
    base: Counter = Counter()
    any_full = any_base = n = 0
    by_split: Counter = Counter()  # (split, "beads" | "flagged")
    for name in BOOKS:
        s, t, g, sl, tl = load_pair(name)
        beads = []
        for a, b in g:
            if a and b:
                beads.append(ScoredBead(len(beads), Bead(tuple(a), tuple(b), 1.0, 0.99),
                                        " ".join(s[i] for i in a), " ".join(t[j] for j in b)))
        n += len(beads)
        major = [f for f in find_flags(beads, sl, tl, embedder=embedder) if is_major(f)]
        for bead, cat in {(f.bead, f.category) for f in major}:
            per[cat] += 1
        any_full += len({f.bead for f in major})
        split = "tune" if name in TUNE_BOOKS else "held-out"
        by_split[(split, "beads")] += len(beads)
        by_split[(split, "flagged")] += len({f.bead for f in major})
        # baseline: the same beads' English, one line each, through `evalkit check`
        doc = Document.from_lines([b.tgt_text for b in beads], tl)
        bmajor = [f for f in check_document(doc) if is_major(f)]
        for bead, cat in {(f.bead, f.category) for f in bmajor}:
            base[cat] += 1
        any_base += len({f.bead for f in bmajor})
    print(f"\n== (c) faithful human translations: TransRead gold beads (6 novels, fr->en, tokenised English): {n} beads")
    print(f"{'category':15s} {'beads w/ major flag':>22s} | {'check-only baseline':>22s}")
    for cat in sorted(set(per) | set(base), key=lambda c: -(per[c] + base[c])):
        print(f"{cat:15s} {per[cat]:9d}  {per[cat] / n:.3f}       | {base[cat]:9d}  {base[cat] / n:.3f}")
    print(f"{'total (any)':15s} {any_full:9d}  {any_full / n:.3f}       | {any_base:9d}  {any_base / n:.3f}")
    for split in ("tune", "held-out"):  # the tune books (align_common.TUNE_BOOKS) are where thresholds were fitted
        k, m = by_split[(split, "flagged")], by_split[(split, "beads")]
        print(f"  {split} books: {k}/{m} = {k / max(1, m):.3f} of beads with a major flag")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", default=",".join(LANGS), help="DEMETR languages, comma-separated (default: all four)")
    ap.add_argument("--split", default="all", choices=("all", "tune", "measure"),
                    help="DEMETR source ids: first half (tune), second half (measure) or all")
    ap.add_argument("--sections", default="abc", help="which sections to run: a (DEMETR), b (planted), c (TransRead)")
    ap.add_argument("--omissions", action="store_true", help="use the packaged embedder (omission/addition check; slow)")
    ap.add_argument("-v", action="store_true", help="list misses and false alarms")
    args = ap.parse_args()
    embedder = None
    if args.omissions:
        import torch

        torch.set_num_threads(1)
        from evalkit.models import load_embedder

        embedder = load_embedder()
    print(f"flag_spans: embedder={'packaged (--omissions)' if embedder is not None else 'None'}; "
          "figures = today's detectors; baseline (same run) = target-only check_document")
    if "a" in args.sections:
        for lang in args.lang.split(","):
            run_demetr(lang.strip(), embedder, args.v, args.split)
    if "b" in args.sections:
        run_planted(PLANTED_V2, "planted_v2 (frozen, written before tuning; out of sample)", embedder, args.v)
        run_planted(PLANTED_V1, "planted v1 (IN-SAMPLE: same hands as the lexicon)", embedder, args.v)
    if "c" in args.sections:
        run_faithful(embedder)


if __name__ == "__main__":
    main()
