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
    """Sentence and corpus scores with sacreBLEU signatures: the map half (:func:`segment_scores`)
    and the reduce half (:func:`corpus_from_stats`) on one run, the one way corpus scores are made."""
    return corpus_from_stats(segment_scores(hyps, refs, tgt_lang, metrics), tgt_lang)


@dataclass
class RefSegments:
    """The per-segment part of :func:`reference_scores`: sentence scores and sacreBLEU's sufficient
    statistics of each segment, from which :func:`corpus_from_stats` gives the corpus score of any
    concatenation of runs exactly (sacreBLEU's own ``corpus_score`` sums the same rows)."""

    sentence: dict[str, list[float]]
    stats: dict[str, list[list]]
    signatures: dict[str, str]

    @staticmethod
    def concat(parts: Sequence["RefSegments"]) -> "RefSegments":
        parts = [p for p in parts if p is not None]
        out = RefSegments({}, {}, {})
        for p in parts:
            for name, vals in p.sentence.items():
                out.sentence.setdefault(name, []).extend(vals)
            for name, rows in p.stats.items():
                out.stats.setdefault(name, []).extend(rows)
            for name, sig in p.signatures.items():
                out.signatures.setdefault(name, sig)
        return out


def segment_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str,
                   metrics: Sequence[str] = METRICS) -> RefSegments:
    """Sentence scores and per-segment sufficient statistics (the map half of :func:`reference_scores`)."""
    hyps, refs = list(hyps), list(refs)
    stats, sigs, sentence = {}, {}, {}
    for name in metrics:
        m = sacrebleu_metric(name, tgt_lang)
        stats[name] = [list(r) for r in m._extract_corpus_statistics(hyps, [refs])] if hyps else []
        sigs[name] = signature(m)
        if name in SENTENCE_FROM_ROWS:
            # sacreBLEU's sentence_score is _aggregate_and_compute of the segment's own row (the sum of
            # one row is that row), with the same metric settings as here: the same float, without a
            # second extraction (TER's edit-distance search is the costliest step of a warm run)
            sentence[name] = [float(m._aggregate_and_compute([r]).score) for r in stats[name]]
        else:  # BLEU: the sentence score uses effective order (sacrebleu_metric(sentence=True))
            sentence[name] = sentence_scores(hyps, refs, tgt_lang, (name,))[name]
    return RefSegments(sentence, stats, sigs)


# metrics whose sentence-level settings are their corpus-level ones (see sacrebleu_metric)
SENTENCE_FROM_ROWS = ("chrf", "chrf++", "ter")


def corpus_from_stats(segments: RefSegments, tgt_lang: str) -> RefScores:
    """Corpus scores of the segments (the reduce half of :func:`reference_scores`)."""
    corpus = {}
    for name, rows in segments.stats.items():
        m = sacrebleu_metric(name, tgt_lang)
        corpus[name] = float(m._aggregate_and_compute(rows).score) if rows else 0.0
    return RefScores(segments.sentence, corpus, segments.signatures)
