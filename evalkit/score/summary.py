"""Summaries of an Evaluation that the report and the gate both show.

Per-segment score values, flag counts by severity and the document's MQM-style score,
computed one way for ``review``, ``score`` and ``gate``.
"""

from __future__ import annotations

import math

from evalkit.records import Evaluation
from evalkit.severity import SEVERITIES, WEIGHTS, document_mqm


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

