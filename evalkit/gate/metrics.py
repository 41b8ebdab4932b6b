"""Corpus-level measurements a quality gate can put thresholds on.

Reference-based scores are sacreBLEU corpus scores (BLEU, chrF, TER) with their
signatures, so a CI log says exactly what was computed; intervals come from
resampling sacreBLEU's own sufficient statistics. Reference-free measurements
come from an :class:`~evalkit.records.Evaluation`: similarity (mean, minimum),
flag counts by severity, and an MQM-style score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from evalkit.gate.bootstrap import Interval, bootstrap_interval, paired_bootstrap, PairedResult
from evalkit.metrics import HIGHER_IS_BETTER, sacrebleu_metric, signature
from evalkit.records import Evaluation
from evalkit.severity import SEVERITIES, WEIGHTS, document_mqm



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
    score = metric.corpus_score(hyps, [refs]).score
    stats = np.asarray(metric._extract_corpus_statistics(hyps, [refs]), dtype=np.float64)

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


def reference_pairs(ref_doc, hyp_doc, embedder) -> tuple[list[str], list[str]]:
    """(hypotheses, references) for corpus metrics on whole documents.

    The reference is aligned to the hypothesis (same language) so each pair is
    a bead's text on both sides; text with no counterpart is paired with ""
    and so costs what an omission or addition should.
    """
    from evalkit.align import align_documents

    to_ref = align_documents(ref_doc, hyp_doc, embedder, quiet=True)
    by_id = {"ref": {s.id: s.text for s in ref_doc.segments}, "hyp": {s.id: s.text for s in hyp_doc.segments}}
    hyps = [" ".join(by_id["hyp"][i] for i in b.tgt) for b in to_ref.beads]
    refs = [" ".join(by_id["ref"][i] for i in b.src) for b in to_ref.beads]
    return hyps, refs


def reference_scores(hyps: Sequence[str], refs: Sequence[str], tgt_lang: str = "en") -> dict[str, dict]:
    """Corpus BLEU/chrF/TER with 95% bootstrap intervals and signatures, JSON-ready."""
    out = {}
    for name in ("bleu", "chrf", "ter"):
        m = corpus_metric(name, hyps, refs, tgt_lang)
        out[name] = {"value": m.score, "ci_low": m.interval.low if m.interval else m.score,
                     "ci_high": m.interval.high if m.interval else m.score, "n": len(hyps), "signature": m.signature}
    return out


def segment_scores(ev: Evaluation, name: str) -> list[float]:
    """Finite per-bead values of score ``name`` (beads lacking it are left out)."""
    out = []
    for sb in ev.beads:
        v = sb.scores.get(name)
        if isinstance(v, (int, float)) and math.isfinite(v):
            out.append(float(v))
    return out


def flag_counts(ev: Evaluation) -> dict[str, int]:
    """Number of flags per severity (every severity present, zero included)."""
    counts = {s: 0 for s in SEVERITIES}
    for sb in ev.beads:
        for f in sb.flags:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def target_words(ev: Evaluation) -> int:
    return sum(len(sb.tgt_text.split()) for sb in ev.beads)


def mqm_score(ev: Evaluation, weights: dict[str, float] | None = None) -> tuple[float | None, str]:
    """MQM-style quality score on a 0-100 scale, and how it was weighed.

    The scoring stage's definition (:func:`evalkit.severity.document_mqm`: 100 minus the
    penalty per 100 target words, floored at 0), with ``weights`` (a gate policy's) or the
    project's severity weights, so the gate, the report and ``evalkit score`` agree.
    """
    if ev.alignment.verdict == "not-parallel":
        return None, "not measured: the documents do not translate each other"
    if target_words(ev) == 0:
        return None, "no target words"
    doc = document_mqm(ev.beads, weights)
    w = weights or WEIGHTS
    return doc["mqm_score"], "flags ({:g}/{:g}/{:g} per minor/major/critical per 100 words)".format(
        w["minor"], w["major"], w["critical"])

