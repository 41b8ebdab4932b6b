"""Reference-based metrics: the one place a sacreBLEU metric is built and a corpus score computed.

``evalkit score`` (sentence and corpus scores against a reference or a pseudo-reference),
``evalkit review`` and ``evalkit gate`` (corpus scores with intervals) all take their metric
objects here, so one input gives one number and one signature everywhere. BLEU's tokeniser
follows sacreBLEU's own choice per target language (13a, except Chinese, Japanese and
Korean), named explicitly so the signature says it. Intervals come from resampling
sacreBLEU's own sufficient statistics (:mod:`evalkit.stats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from evalkit.stats import Interval, PairedResult, bootstrap_interval, paired_bootstrap

METRICS = ("bleu", "chrf", "chrf++", "ter")
HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "chrf++": True, "ter": False}
# sacreBLEU's per-language BLEU tokenisers (sacrebleu.metrics.bleu); every other language: 13a.
BLEU_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
DEFAULT_BLEU_TOKENIZER = "13a"


def bleu_tokenizer(tgt_lang: str) -> str:
    return BLEU_TOKENIZERS.get((tgt_lang or "").split("-")[0].lower(), DEFAULT_BLEU_TOKENIZER)


def sacrebleu_metric(name: str, tgt_lang: str, *, sentence: bool = False):
    """The sacreBLEU metric object for ``name`` (bleu|chrf|chrf++|ter) and a target language.

    ``sentence``: BLEU with effective order, so a short sentence with no 4-gram match does
    not score zero (sacreBLEU's advice for sentence-level BLEU).
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(tokenize=bleu_tokenizer(tgt_lang), effective_order=sentence)
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise ValueError(f"unknown metric {name!r}: known are {', '.join(METRICS)}")


def signature(metric, *, bootstrap: int | None = None, seed: int | None = None) -> str:
    """sacreBLEU's signature of an evaluated ``metric``; with ``bootstrap``, the resampling too (bs, seed)."""
    sig = metric.get_signature()
    if bootstrap:
        sig.update("bs", bootstrap)
        sig.update("seed", seed)
    return sig.format()


@dataclass(frozen=True)
class CorpusMetric:
    """One sacreBLEU corpus score with its interval and signature."""

    name: str
    score: float
    interval: Interval | None
    signature: str
    stats: np.ndarray  # per-segment sufficient statistics, for paired tests


def corpus_metric(name: str, hyps: Sequence[str], refs: Sequence[str], tgt_lang: str = "en", *,
                  samples: int = 1000, seed: int = 12345) -> CorpusMetric:
    """sacreBLEU corpus ``name`` (bleu|chrf|ter) of ``hyps`` against one reference each."""
    metric = sacrebleu_metric(name, tgt_lang)
    hyps, refs = list(hyps), list(refs)
    # what metric.corpus_score does, with the per-segment statistics extracted once (not twice)
    metric._check_corpus_score_args(hyps, [refs])
    rows = metric._extract_corpus_statistics(hyps, [refs])
    score = metric._aggregate_and_compute(rows).score
    stats = np.asarray(rows, dtype=np.float64)

    def statistic(rows: np.ndarray) -> float:
        return float(metric._compute_score_from_stats(list(rows.sum(0))).score)

    interval = bootstrap_interval(stats, statistic, samples=samples, seed=seed)
    if interval is not None:
        interval = Interval(score, interval.low, interval.high, interval.n)
    sig = signature(metric, bootstrap=samples if interval is not None else None, seed=seed)
    return CorpusMetric(name, float(score), interval, sig, stats)


def paired_corpus_test(name: str, system: CorpusMetric, baseline: CorpusMetric, tgt_lang: str = "en", *,
                       samples: int = 1000, seed: int = 12345) -> PairedResult:
    """Paired bootstrap of two systems' corpus ``name`` scores on the same references."""
    metric = sacrebleu_metric(name, tgt_lang)

    def statistic(rows: np.ndarray) -> float:
        return float(metric._compute_score_from_stats(list(rows.sum(0))).score)

    return paired_bootstrap(system.stats, baseline.stats, statistic,
                            higher_is_better=HIGHER_IS_BETTER[name], samples=samples, seed=seed)


def corpus_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str = "en") -> dict[str, dict]:
    """Corpus BLEU/chrF/TER with 95% bootstrap intervals and signatures, JSON-ready."""
    out = {}
    for name in ("bleu", "chrf", "ter"):
        m = corpus_metric(name, hyps, refs, tgt_lang)
        out[name] = {"value": m.score, "ci_low": m.interval.low if m.interval else m.score,
                     "ci_high": m.interval.high if m.interval else m.score, "n": len(hyps), "signature": m.signature}
    return out
