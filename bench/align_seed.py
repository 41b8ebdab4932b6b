"""Alignment quality on the seed pair against the hand-made text-level gold.

The gold (tests/data/align/lemonde-amazon.gold.json) pairs French sentence
TEXT with English sentence TEXT, so it survives changes of segmentation: every
segment the ingester produces is mapped to the gold sentences it overlaps
(letters and digits only, accents folded, so hyphenation repairs and spacing do
not matter), and the score is P/R/F1 over (French sentence, English sentence)
links implied by the beads. Two runs:

* ``ingest``: documents from ``evalkit.ingest.load_document`` (whatever
  segmentation it does today);
* ``gold-segmentation``: the gold's own sentences in document order, which
  isolates the aligner from segmentation quality.

Baseline in the same run: Bertalign's algorithm with the same embeddings.

    /work/main/.venv/bin/python bench/align_seed.py [--embedder e5|use-v3]
"""

from __future__ import annotations

import argparse
import json
import re

from align_baseline import bertalign
from align_common import ROOT, get_embedder, set_threads

from evalkit.align import align_segments
from evalkit.text import fold
from evalkit.ingest import load_document
from evalkit.records import Document

GOLD = ROOT / "tests" / "data" / "align" / "lemonde-amazon.gold.json"
PAIR = ROOT / "pairs" / "lemonde-amazon"


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


class SentenceMap:
    """Locates gold sentences in a document's text and maps segments onto them."""

    def __init__(self, raw: str, sentences: list[str]) -> None:
        self.raw = norm(raw)
        self.spans: list[tuple[int, int]] = []
        pos = 0
        for s in sentences:
            ns = norm(s)
            k = self.raw.find(ns, pos)
            if k < 0:
                k = self.raw.find(ns)
            if k < 0 and len(ns) > 40:  # pieces printed apart (pull quote split by a caption)
                k = self.raw.find(ns[:40])
            if k < 0:
                raise ValueError(f"gold sentence not found in the document: {s[:60]!r}")
            self.spans.append((k, k + len(ns)))
            pos = k + len(ns)
        self._cursor = 0

    def locate(self, text: str) -> set[int]:
        """Gold sentence indices that a segment's text overlaps."""
        ns = norm(text)
        if not ns:
            return set()
        k = self.raw.find(ns, self._cursor)
        if k < 0:
            k = self.raw.find(ns)
        if k < 0:
            return set()
        self._cursor = k + len(ns)
        return {g for g, (a, b) in enumerate(self.spans) if a < k + len(ns) and k < b}


def gold_links() -> tuple[list[str], list[str], set[tuple[int, int]], dict]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    fr, en, links = [], [], set()
    for f, e in gold["links"]:
        fi = list(range(len(fr), len(fr) + len(f)))
        ei = list(range(len(en), len(en) + len(e)))
        fr += f
        en += e
        links |= {(a, b) for a in fi for b in ei}
    return fr, en, links, gold


def link_prf(beads, src_segs, tgt_segs, smap: SentenceMap, tmap: SentenceMap, gold: set) -> dict[str, float]:
    sg = {s.id: smap.locate(s.text) for s in src_segs}
    tg = {t.id: tmap.locate(t.text) for t in tgt_segs}
    pred = set()
    for src_ids, tgt_ids in beads:
        fs = set().union(*[sg.get(i, set()) for i in src_ids]) if src_ids else set()
        es = set().union(*[tg.get(j, set()) for j in tgt_ids]) if tgt_ids else set()
        pred |= {(a, b) for a in fs for b in es}
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(src: Document, tgt: Document, emb, fr, en, links, fr_null, en_null) -> dict:
    S, T = src.alignable(), tgt.alignable()
    res = align_segments(src, tgt, emb)
    ours = [(b.src, b.tgt) for b in res.alignment.beads]
    base = bertalign([s.text for s in S], [t.text for t in T], emb)
    base_beads = [(tuple(S[i].id for i in range(b.i0, b.i1)), tuple(T[j].id for j in range(b.j0, b.j1))) for b in base]
    out = {}
    for name, beads in (("ours", ours), ("bertalign", base_beads)):
        # null text is mapped too, so a link to a header or pull quote is a false positive
        out[name] = link_prf(beads, S, T, SentenceMap(src.raw, fr + fr_null), SentenceMap(tgt.raw, en + en_null), links)
    out["verdict"] = res.alignment.verdict
    out["coverage"] = (res.alignment.src_coverage, res.alignment.tgt_coverage)
    out["segments"] = (len(S), len(T))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="e5")
    args = ap.parse_args()
    set_threads()
    emb = get_embedder(args.embedder)
    fr, en, links, gold = gold_links()
    src = load_document(PAIR / "source.fr.txt", "fr")
    tgt = load_document(PAIR / "translation.en.txt", "en")
    runs = {"ingest": (src, tgt)}
    # the gold's own sentences (links and nulls) in document order
    for side, doc, sents in (("fr", src, fr + gold["src_null"]), ("en", tgt, en + gold["tgt_null"])):
        raw = norm(doc.raw)
        order = sorted(sents, key=lambda s: raw.find(norm(s)))
        d = Document.from_lines(order, doc.lang, doc.path)
        d.raw = doc.raw
        runs.setdefault("gold-segmentation", [None, None])[0 if side == "fr" else 1] = d
    print(f"seed pair lemonde-amazon, {len(links)} gold links, embedder {args.embedder}")
    for name, (s, t) in runs.items():
        r = evaluate(s, t, emb, fr, en, links, gold["src_null"], gold["tgt_null"])
        o, b = r["ours"], r["bertalign"]
        print(
            f"  {name:18s} segments {r['segments'][0]}x{r['segments'][1]}  ours P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}"
            f"   bertalign F1 {b['f1']:.3f}   verdict {r['verdict']} (coverage {r['coverage'][0]:.2f}/{r['coverage'][1]:.2f})"
        )
    comparable_verdict(emb)


def comparable_verdict(emb) -> None:
    """pairs/amazon-comparable: related articles, not translations."""
    d = ROOT / "pairs" / "amazon-comparable"
    al = align_segments(load_document(d / "source.fr.txt", "fr"), load_document(d / "translation.en.txt", "en"), emb).alignment
    print(f"  amazon-comparable  verdict {al.verdict} (coverage {al.src_coverage:.2f}/{al.tgt_coverage:.2f}); {al.notes[1] if len(al.notes) > 1 else ''}")


if __name__ == "__main__":
    main()
