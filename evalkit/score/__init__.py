"""Segment and document scores; runs the flaggers and the severity model.

Public API (stable):
    evaluate(alignment, embedder, *, ref=None, glossary=None, engines="auto", quiet=True) -> Evaluation
    evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, embedder, *, ref_lines=None,
                   glossary=None, engines="auto", quiet=True) -> Evaluation

Modules: similarity (calibrated cross-lingual similarity), reference (sacreBLEU),
engines (Apertium / MarianMT / NLLB pseudo-references), length, fluency,
preservation, qe (combined estimate), drift (meaning-drift flags), evaluate
(orchestration; MQM penalties from :mod:`evalkit.severity`). Score names are documented in docs/scoring.md.
"""

from __future__ import annotations

from evalkit.score.evaluate import evaluate, evaluate_lines

__all__ = ["evaluate", "evaluate_lines"]
