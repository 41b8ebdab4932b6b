"""Bead confidence: probability that a bead is exactly right, from its features.

Two logistic models (one for linked beads, one for null beads), fitted by
``bench/align_calibrate.py`` on TransRead training books (clean and noisy
variants) and checked for reliability on held-out books. The features are
embedder-independent (margins in null-distribution units, quantiles, ratios),
so the same weights serve e5 and USE.
"""

from __future__ import annotations

import numpy as np

# fitted by bench/align_calibrate.py (see docs/align.md for its reliability table)
LINK_KEYS = ("z", "null_q", "delta2", "dice", "size", "gap")
NULL_KEYS = ("best_z", "cheap")
LINK_WEIGHTS = {"bias": 4.948, "z": -0.886, "null_q": 2.408, "delta2": -1.015, "dice": 0.506, "size": -1.174, "gap": 1.088}
# null beads: the refit was less reliable on held-out books (Brier 0.104 vs 0.082), so the prior stays
NULL_WEIGHTS = {"bias": 1.0, "best_z": -0.5, "cheap": 1.0}


def link_features(z, null_q, delta, dice, size, gap) -> dict[str, np.ndarray]:
    return {
        "z": np.clip(np.asarray(z, dtype=np.float64), -10, 10),
        "null_q": np.asarray(null_q, dtype=np.float64),
        "delta2": np.minimum(np.asarray(delta, dtype=np.float64) ** 2, 4.0),
        "dice": np.asarray(dice, dtype=np.float64),
        "size": np.asarray(size, dtype=np.float64),
        "gap": np.clip(np.asarray(gap, dtype=np.float64), -10, 10),
    }


def null_features(best_z, cheap) -> dict[str, np.ndarray]:
    return {"best_z": np.clip(np.asarray(best_z, dtype=np.float64), -10, 10), "cheap": np.asarray(cheap, dtype=np.float64)}


def _apply(weights: dict[str, float], feats: dict[str, np.ndarray]) -> np.ndarray:
    s = weights.get("bias", 0.0)
    for k, v in feats.items():
        s = s + weights.get(k, 0.0) * v
    return 1.0 / (1.0 + np.exp(-np.asarray(s, dtype=np.float64)))


def link_confidence(feats: dict[str, np.ndarray], weights: dict[str, float] | None = None) -> np.ndarray:
    return _apply(weights or LINK_WEIGHTS, feats)


def null_confidence(feats: dict[str, np.ndarray], weights: dict[str, float] | None = None) -> np.ndarray:
    return _apply(weights or NULL_WEIGHTS, feats)
