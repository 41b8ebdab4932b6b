"""How long `evaluate` takes on the seed pair once models are loaded (CPU, 1 torch thread).

Prints the time to score pairs/lemonde-amazon with no MT engine and with
Apertium (pseudo-reference + round trip), the share of that time Apertium
takes, and Apertium's own throughput, all measured in the same run. The
embedder is the baseline: its encode time for the same segments is printed
next to the totals.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    import torch

    torch.set_num_threads(1)
    from evalkit.align import align_documents
    from evalkit.ingest import load_document
    from evalkit.models import load_embedder
    from evalkit.score import evaluate
    from evalkit.score.engines import ApertiumEngine

    pair = ROOT / "pairs" / "lemonde-amazon"
    src = load_document(pair / "source.fr.txt", "fr")
    tgt = load_document(pair / "translation.en.txt", "en")
    emb = load_embedder()
    emb.encode(["warm-up"])
    al = align_documents(src, tgt, emb)
    texts = [s.text for s in src.alignable()] + [s.text for s in tgt.alignable()]
    t0 = time.perf_counter()
    emb.encode(texts)
    t_enc = time.perf_counter() - t0
    evaluate(al, emb, engines="none")  # warm caches (USE weights, wordfreq)
    rows = []
    for engines in ("none", "auto"):
        t0 = time.perf_counter()
        ev = evaluate(al, emb, engines=engines)
        rows.append((engines, time.perf_counter() - t0, ev))
    pairs = int(rows[0][2].doc_scores["pairs"])
    words = int(rows[0][2].doc_scores["words"])
    print(f"seed pair lemonde-amazon: {len(al.beads)} beads, {pairs} scored pairs, {words} target words")
    print(f"e5 encode of all {len(texts)} segments alone: {t_enc:.2f}s")
    for engines, dt, ev in rows:
        print(f"evaluate(engines={engines!r:7s}): {dt:6.2f}s  ({pairs / dt:.1f} pairs/s)  "
              f"signals: {', '.join(ev.signals)}")
    eng = ApertiumEngine()
    if eng.supports("fr", "en"):
        src_t = [sb.src_text for sb in rows[0][2].beads if sb.src_text and sb.tgt_text]
        t0 = time.perf_counter()
        eng.translate(src_t, "fr", "en")
        dt = time.perf_counter() - t0
        chars = sum(len(t) for t in src_t)
        print(f"apertium fr->en (fr-es | spa-eng), one batch: {len(src_t)} segments in {dt:.2f}s "
              f"({len(src_t) / dt:.0f} segments/s, {chars / dt / 1000:.1f}k chars/s)")
        print(f"apertium share of evaluate(auto): {(rows[1][1] - rows[0][1]) / rows[1][1]:.0%}")
    else:
        print("apertium not installed: engine timing skipped")


if __name__ == "__main__":
    main()
