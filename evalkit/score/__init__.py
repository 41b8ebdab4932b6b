"""Segment and document scores; runs the flaggers and the severity model.

Public API (stable):
    evaluate(alignment, embedder, *, ref=None, glossary=None, engines="auto", quiet=True) -> Evaluation
    evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, embedder, *, ref_lines=None,
                   glossary=None, engines="auto", quiet=True) -> Evaluation
NOTE: interim implementation (cosine similarity + sentence chrF vs ref) until scoring lands.
"""

from __future__ import annotations

import numpy as np

from evalkit.records import Alignment, Document, Evaluation, ScoredBead


def _text(doc: Document, ids) -> str:
    by_id = {s.id: s for s in doc.segments}
    return " ".join(by_id[i].text for i in ids)


def evaluate(alignment: Alignment, embedder, *, ref=None, glossary=None, engines="auto", quiet=True) -> Evaluation:
    from evalkit.flag import find_flags

    beads = [
        ScoredBead(i, b, _text(alignment.src, b.src), _text(alignment.tgt, b.tgt))
        for i, b in enumerate(alignment.beads)
    ]
    pairs = [sb for sb in beads if sb.src_text and sb.tgt_text]
    if pairs:
        a = embedder.encode([sb.src_text for sb in pairs])
        b = embedder.encode([sb.tgt_text for sb in pairs])
        for sb, x, y in zip(pairs, a, b):
            sb.scores["similarity"] = float(np.dot(x, y))
    flags = find_flags(beads, alignment.src.lang, alignment.tgt.lang, glossary=glossary)
    for f in flags:
        beads[f.bead].flags.append(f)
    return Evaluation(alignment, beads, signals=[f"similarity:{embedder.name}"],
                      src_lang=alignment.src.lang, tgt_lang=alignment.tgt.lang)


def evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, embedder, *, ref_lines=None,
                   glossary=None, engines="auto", quiet=True) -> Evaluation:
    from evalkit.records import Bead

    src = Document.from_lines(list(src_lines), src_lang)
    tgt = Document.from_lines(list(hyp_lines), tgt_lang)
    beads = [Bead((i,), (i,), 0.0, 1.0) for i in range(min(len(src.segments), len(tgt.segments)))]
    ev = evaluate(Alignment(src, tgt, beads, "parallel", 1.0, 1.0), embedder, glossary=glossary)
    if ref_lines is not None:
        import sacrebleu

        for sb, r in zip(ev.beads, ref_lines):
            sb.scores["chrf"] = sacrebleu.sentence_chrf(sb.tgt_text, [r]).score
    return ev
