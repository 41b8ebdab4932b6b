"""Document verdict: is the pair a translation, partly one, or not at all?

A bead is *significant* when its margin z lies beyond 99% of the null
distribution (segment pairs taken from unrelated parts of the same two
documents). In a translation most of the text sits in significant beads; in
related-but-independent articles only about the 1% chance rate does, whatever
the embedder's cosine scale. The verdict compares the share of characters in
significant beads with that chance rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import poisson

SIGNIFICANT_QUANTILE = 0.99
PARALLEL_SHARE = 0.5  # at least half of each side's text sits in significant beads
PARTIAL_SHARE = 0.15  # a real part of one side does


@dataclass
class VerdictStats:
    verdict: str
    src_share: float  # share of source characters in significant beads
    tgt_share: float
    significant: int
    expected_by_chance: float
    reasons: list[str]


def decide(
    sig: np.ndarray,
    src_chars: np.ndarray,
    tgt_chars: np.ndarray,
    src_total: float,
    tgt_total: float,
) -> VerdictStats:
    """``sig``: per non-null bead, whether it is significant; chars: its characters per side."""
    k = int(sig.sum())
    n_beads = len(sig)
    expected = (1.0 - SIGNIFICANT_QUANTILE) * n_beads
    ss = float(src_chars[sig].sum() / src_total) if src_total else 0.0
    ts = float(tgt_chars[sig].sum() / tgt_total) if tgt_total else 0.0
    # significance: far more significant beads than chance would give
    beyond_chance = k >= 2 and float(poisson.sf(k - 1, max(expected, 1e-6))) < 1e-3
    reasons = [f"{k} of {n_beads} beads beyond the 99th percentile of the pair's own random baseline (chance: {expected:.1f})"]
    if beyond_chance and min(ss, ts) >= PARALLEL_SHARE:
        verdict = "parallel"
    elif beyond_chance and max(ss, ts) >= PARTIAL_SHARE:
        verdict = "partial"
    else:
        verdict = "not-parallel"
    return VerdictStats(verdict, ss, ts, k, expected, reasons)
