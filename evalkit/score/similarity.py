"""Cross-lingual similarity of source and translation, made comparable across documents.

Raw e5 cosines are squeezed (about 0.80 for unrelated sentences, 0.93 for
translations) and shift with sentence length and domain, so a raw cosine means
little on its own. Two things fix that:

* a **margin** against the other candidates of the same document (the
  ratio-free "distance to the k nearest neighbours" of Artetxe & Schwenk): a
  faithful pair is closer to each other than to the rest of the document;
* a **calibration** of (cosine, margin) into ``p_faithful``, the probability
  that the target is a faithful translation of the source, by a logistic model
  fitted on TransRead gold alignments where some targets were replaced by other
  sentences of the same book (``bench/score_calibrate.py`` refits it and prints
  the coefficients stored below). Without neighbours (a one-line document)
  the cosine-only model is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Fitted by bench/score_calibrate.py (multilingual-e5-small, TransRead fr-en).
CALIBRATION_WITH_MARGIN = (29.6, 94.3, -23.1)  # a*cos + b*margin + c
CALIBRATION_COSINE_ONLY = (100.5, -83.1)  # a*cos + c
MARGIN_K = 4


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


@dataclass
class SimilarityScores:
    cosine: np.ndarray
    margin: np.ndarray | None  # None when the document has a single pair
    p_faithful: np.ndarray


def margins(src_vecs: np.ndarray, tgt_vecs: np.ndarray, k: int = MARGIN_K, block: int = 1024) -> np.ndarray | None:
    """cos(s_i, t_i) minus the mean of the k best competitors of s_i and of t_i.

    The n × n similarity matrix is the one full-size array: the k best of each row and column are
    picked block by block with ``np.partition`` (linear), not by sorting copies of the whole
    matrix (at 20,000 lines those copies took 6.4 GB and most of the driver's serial time), and
    are then averaged in the order a full descending sort gives them, so the floats are the ones
    the full sort gave (``tests/test_score_margins.py``)."""
    n = len(src_vecs)
    if n < 2:
        return None
    sims = src_vecs @ tgt_vecs.T
    diag = np.diag(sims).copy()
    k = min(k, n - 1)
    np.fill_diagonal(sims, -np.inf)  # a segment is not its own competitor
    row = np.concatenate([_top_mean(sims[i:i + block], k, axis=1) for i in range(0, n, block)])
    col = np.concatenate([_top_mean(sims[:, j:j + block], k, axis=0) for j in range(0, n, block)])
    return diag - 0.5 * (row + col)


def _top_mean(m: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mean of the k largest values along ``axis``, summed largest first (as the k first of a
    descending sort, in the same array shape, so numpy adds them in the same order)."""
    top = np.partition(m, m.shape[axis] - k, axis=axis)
    top = top[:, -k:] if axis == 1 else top[-k:, :]
    return -np.sort(-top, axis=axis).mean(axis=axis)


def calibrate(cosine: float, margin: float | None) -> float:
    if margin is None:
        a, c = CALIBRATION_COSINE_ONLY
        return sigmoid(a * cosine + c)
    a, b, c = CALIBRATION_WITH_MARGIN
    return sigmoid(a * cosine + b * margin + c)


def similarity_scores(src_vecs: np.ndarray, tgt_vecs: np.ndarray) -> SimilarityScores:
    """Cosine, in-document margin and calibrated probability for aligned rows."""
    cos = np.einsum("ij,ij->i", src_vecs, tgt_vecs).astype(float)
    mar = margins(src_vecs, tgt_vecs)
    p = np.array([calibrate(c, None if mar is None else m) for c, m in
                  zip(cos, mar if mar is not None else [None] * len(cos))])
    return SimilarityScores(cos, mar, p)
