"""Whole-segment meaning drift: a segment whose similarity is an outlier for its document.

A translation can be fluent and still say something else. Cosines are not
comparable across documents, but within one document faithful pairs cluster;
a pair far below the document's median (robust z-score with the median
absolute deviation, so the outliers themselves do not widen the scale) and
not calibrated as faithful is flagged, with the numbers as evidence.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from evalkit.records import Flag

Z_THRESHOLD = -2.0  # robust z below which a similarity is an outlier (bench/score_drift.py)
P_THRESHOLD = 0.5  # ...and the calibrated probability of a faithful translation must be low
MIN_PAIRS = 5
MAD_FLOOR = 0.01  # cosine units: keeps a very uniform document from flagging tiny dips


def robust_z(values: Sequence[float]) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    med = np.median(x)
    mad = 1.4826 * np.median(np.abs(x - med))
    return (x - med) / max(mad, MAD_FLOOR)


def drift_flags(bead_ids: Sequence[int], tgt_texts: Sequence[str], cosines: Sequence[float],
                p_faithful: Sequence[float]) -> list[Flag]:
    """Flags for the pairs whose similarity is an outlier (needs >= MIN_PAIRS pairs)."""
    if len(cosines) < MIN_PAIRS:
        return []
    z = robust_z(cosines)
    med = float(np.median(cosines))
    out = []
    for bid, text, c, zi, p in zip(bead_ids, tgt_texts, cosines, z, p_faithful):
        if zi > Z_THRESHOLD or p >= P_THRESHOLD:
            continue
        severity = "critical" if p < 0.1 and zi < 2 * Z_THRESHOLD else "major"
        out.append(Flag(
            bead=bid, segment=text, span=text, start=0, end=len(text), category="meaning-drift",
            severity=severity, detector="score.drift", confidence=round(1.0 - float(p), 3),
            message=(f"similarity to the source {c:.3f} is {abs(zi):.1f} robust SDs below the document "
                     f"median {med:.3f}; calibrated probability of a faithful translation {p:.2f}"),
        ))
    return out
