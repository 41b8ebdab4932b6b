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
from scipy.special import pdtrc  # Poisson upper tail; scipy.stats costs ~1.5 s to import

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
    order: tuple[float, list[float]] | None = None,
) -> VerdictStats:
    """``sig``: per non-null bead, whether it is significant; chars: its characters per side."""
    k = int(sig.sum())
    n_beads = len(sig)
    expected = (1.0 - SIGNIFICANT_QUANTILE) * n_beads
    ss = float(src_chars[sig].sum() / src_total) if src_total else 0.0
    ts = float(tgt_chars[sig].sum() / tgt_total) if tgt_total else 0.0
    # significance: far more significant beads than chance would give
    beyond_chance = k >= 2 and float(pdtrc(k - 1, max(expected, 1e-6))) < 1e-3  # P(X >= k) under chance
    reasons = [f"{k} of {n_beads} beads beyond the 99th percentile of the pair's own random baseline (chance: {expected:.1f})"]
    if order is not None:
        real, shuf = order
        ok = order_matters(real, shuf)
        reasons.append(
            f"order test: monotone-path evidence {real:.1f} on the real order vs at most {max(shuf):.1f} "
            f"(mean {np.mean(shuf):.1f}) with the target shuffled: {'a translation keeps order' if ok else 'order does not matter, as in independent texts'}"
        )
        beyond_chance = beyond_chance and ok
    if beyond_chance and min(ss, ts) >= PARALLEL_SHARE:
        verdict = "parallel"
    elif beyond_chance and max(ss, ts) >= PARTIAL_SHARE:
        verdict = "partial"
    else:
        verdict = "not-parallel"
    return VerdictStats(verdict, ss, ts, k, expected, reasons)


def order_test(X: np.ndarray, Y: np.ndarray, shuffles: int = 6, seed: int = 0, *,
               early_stop: bool = True) -> tuple[float, list[float]]:
    """Does the order of the two documents matter? (translations keep it; comparable texts do not)

    The best monotone path's evidence (sum over its links of standardised
    cosine above 2) on the real pair versus the same documents with the
    target order shuffled. Related-but-independent articles share topics in
    any order, so their path is no better than a shuffled one's; a
    translation's path is far better. No embeddings beyond the segments'.

    Each shuffle costs a coarse alignment, so ``early_stop`` ends the test once it is
    decided (:func:`decided_early`): as soon as a shuffle reaches the real evidence (the
    test has failed, whatever the other shuffles give), or after :data:`MIN_SHUFFLES`
    shuffles when the real evidence stands so far above them that the remaining ones
    could not change the answer. ``bench/align_verdict.py`` checks the answer is the one
    the full test gives on every benchmark pair. The real order and the first shuffles are
    aligned together (:func:`~evalkit.align.coarse.coarse_paths`: one DP pass for all), so a
    translation's test costs little more than two alignments; a failure found at the first
    shuffle has paid for the ones it did not read.
    """
    from evalkit.align.coarse import coarse_paths, random_pair_stats

    mu, sigma = random_pair_stats(X, Y, seed)
    source: dict = {}  # the source side's coarse levels, the same for every shuffle

    def gains(Ys: list[np.ndarray]) -> list[float]:
        """Evidence of each target order's coarse path, the paths searched together."""
        out = []
        for beads, Yp in zip(coarse_paths(X, Ys, source=source), Ys):
            total = 0.0
            for b in beads:
                if b.i1 > b.i0 and b.j1 > b.j0:
                    x = X[b.i0 : b.i1].sum(0)
                    y = Yp[b.j0 : b.j1].sum(0)
                    # sqrt(v.dot(v)) is what np.linalg.norm computes for a vector, without its checks
                    c = float(x @ y / max(np.sqrt(x.dot(x)) * np.sqrt(y.dot(y)), 1e-9))
                    total += max(0.0, (b.i1 - b.i0 + b.j1 - b.j0) / 2.0 * ((c - mu) / sigma - 2.0))
            out.append(total)
        return out

    rng = np.random.default_rng(seed)
    # the real order and the shuffles the early stop needs at least, then the rest: searched
    # together in two batches; the shuffles are drawn and read in the order of a one-by-one test,
    # so the answer and the shuffles it reports are that test's
    first = min(shuffles, MIN_SHUFFLES) if early_stop else shuffles
    perms = [rng.permutation(len(Y)) for _ in range(first)]
    real, *batch = gains([Y] + [Y[p] for p in perms])
    shuf: list[float] = []
    for k in range(shuffles):
        if k == len(batch):
            perms = [rng.permutation(len(Y)) for _ in range(shuffles - k)]
            batch += gains([Y[p] for p in perms])
        shuf.append(batch[k])
        if early_stop and decided_early(real, shuf):
            break
    return real, shuf


MIN_SHUFFLES = 3
EARLY_MARGIN = 2.0  # an early pass needs twice the z the full test asks for


def decided_early(real: float, shuf: list[float]) -> bool:
    """Whether more shuffles could still change :func:`order_matters`' answer.

    A failure is final once one shuffle reaches the real evidence (``real > max`` can
    only get harder). A pass after :data:`MIN_SHUFFLES` is taken only when the real
    evidence is :data:`EARLY_MARGIN` times further above the shuffles than the test
    requires, measured with the same floored spread.
    """
    if real <= max(shuf):
        return True
    if len(shuf) < MIN_SHUFFLES:
        return False
    mean = float(np.mean(shuf))
    sd = max(float(np.std(shuf, ddof=1)), 0.05 * mean, 0.1)
    return real > 0 and (real - mean) / sd >= 3.0 * EARLY_MARGIN


def order_matters(real: float, shuf: list[float]) -> bool:
    """Real-order evidence above every shuffle and >= 3 spreads above their mean.

    The spread's floor is relative to the evidence's own scale (it differs by embedder:
    USE's standardised cosines are smaller than e5's), with a small absolute floor so
    that near-zero evidence never passes; a fixed floor of 0.5 called a faithful
    8-sentence translation not-parallel under USE."""
    mean = float(np.mean(shuf))
    sd = max(float(np.std(shuf, ddof=1)) if len(shuf) > 1 else 0.0, 0.05 * mean, 0.1)
    return real > 0 and real > max(shuf) and (real - mean) / sd >= 3.0
