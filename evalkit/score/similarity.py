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


def margins(src_vecs: np.ndarray, tgt_vecs: np.ndarray, k: int = MARGIN_K) -> np.ndarray | None:
    """cos(s_i, t_i) minus the mean of the k best competitors of s_i and of t_i."""
    n = len(src_vecs)
    if n < 2:
        return None
    sims = src_vecs @ tgt_vecs.T
    diag = np.diag(sims).copy()
    k = min(k, n - 1)
    masked = sims.copy()
    np.fill_diagonal(masked, -np.inf)
    row = -np.sort(-masked, axis=1)[:, :k].mean(axis=1)
    col = -np.sort(-masked, axis=0)[:k, :].mean(axis=0)
    return diag - 0.5 * (row + col)


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
