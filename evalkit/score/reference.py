"""sacreBLEU metrics of a translation against a (pseudo-)reference.

Sentence level uses BLEU with effective order (plain sentence BLEU is zero
whenever a short sentence has no 4-gram match); corpus level keeps sacreBLEU's
signature so a figure can be reproduced and compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from evalkit.metrics import METRICS, sacrebleu_metric, signature


@dataclass
class RefScores:
    """Per-segment and corpus scores for one reference set."""

    sentence: dict[str, list[float]]
    corpus: dict[str, float]
    signatures: dict[str, str]


def sentence_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str,
                    metrics: Sequence[str] = METRICS) -> dict[str, list[float]]:
    """Sentence-level scores, one list per metric (0-100; TER: lower is better)."""
    out: dict[str, list[float]] = {}
    for name in metrics:
        m = sacrebleu_metric(name, tgt_lang, sentence=True)
        out[name] = [float(m.sentence_score(h, [r]).score) for h, r in zip(hyps, refs)]
    return out


def reference_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str,
                     metrics: Sequence[str] = METRICS) -> RefScores:
    """Sentence and corpus scores with sacreBLEU signatures."""
    hyps, refs = list(hyps), list(refs)
    corpus, sigs = {}, {}
    for name in metrics:
        m = sacrebleu_metric(name, tgt_lang)
        corpus[name] = float(m.corpus_score(hyps, [refs]).score) if hyps else 0.0
        sigs[name] = signature(m)
    return RefScores(sentence_scores(hyps, refs, tgt_lang, metrics), corpus, sigs)
