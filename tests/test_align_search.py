"""The DP engine, the band and the lexical anchors (no model needed)."""

import numpy as np
import pytest

from evalkit.align.anchors import AnchorIndex, features
from evalkit.align.coarse import band_around, coarse_path
from evalkit.align.dp import Band, search
from align_common import strict_prf

from evalkit.align.formats import parse_vecalign, vecalign_line
from evalkit.align.scoring import bead_types

TYPES = bead_types(5, 4)


def _random_gains(n, m, band, seed):
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(n + 1, len(TYPES), band.width))
    cols = band.cols()
    for t, (a, b) in enumerate(TYPES):
        G[:a, t] = -np.inf
        G[:, t][(cols > m) | (cols < b)] = -np.inf
    return G, rng.normal(size=m)


def _full_gains_to_band(Gf, band):
    n = band.n
    G = np.full((n + 1, len(TYPES), band.width), -np.inf)
    cols = band.cols()
    for i in range(n + 1):
        ok = cols[i] <= band.m
        G[i, :, ok] = Gf[i, :, cols[i][ok]].T if False else Gf[i][:, cols[i][ok]].T
    return G


def _cover(beads, n, m):
    """Every segment exactly once, in order."""
    i = j = 0
    for b in beads:
        assert (b.i0, b.j0) == (i, j)
        i, j = b.i1, b.j1
    assert (i, j) == (n, m)


@pytest.mark.parametrize("seed", range(5))
def test_band_containing_the_best_path_finds_the_same_path(seed):
    n, m = 23, 19
    full = Band.full(n, m)
    Gf, skip = _random_gains(n, m, full, seed)
    best, score = search(Gf, TYPES, skip, full)
    _cover(best, n, m)
    band = band_around(best, n, m, half=2)
    assert band.width < m + 1
    got, score_b = search(_full_gains_to_band(Gf, band), TYPES, skip, band)
    assert got == best and score_b == pytest.approx(score)


def test_exact_search_is_optimal_against_brute_force():
    """Exhaustive enumeration of all paths on a tiny grid."""
    n, m = 4, 3
    full = Band.full(n, m)
    Gf, skip = _random_gains(n, m, full, 7)

    def best_from(i, j):
        if (i, j) == (0, 0):
            return 0.0
        out = -np.inf
        if j > 0:
            out = max(out, best_from(i, j - 1) + skip[j - 1])
        for t, (a, b) in enumerate(TYPES):
            if a <= i and b <= j:
                out = max(out, best_from(i - a, j - b) + Gf[i, t, j])
        return out

    _, score = search(Gf, TYPES, skip, full)
    assert score == pytest.approx(best_from(n, m))


def test_coarse_path_follows_a_noisy_diagonal_in_linear_band():
    rng = np.random.default_rng(0)
    n = 3000
    X = rng.normal(size=(n, 32)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    Y = X + 0.3 * rng.normal(size=X.shape).astype(np.float32)
    Y = np.insert(Y, [500, 1500, 2500], rng.normal(size=(3, 32)).astype(np.float32), axis=0)
    Y /= np.linalg.norm(Y, axis=1, keepdims=True)
    path = coarse_path(X, Y, max_cells=20_000)
    band = band_around(path, n, len(Y), half=6)
    assert band.width < 40  # linear memory: the grid is never materialised
    truth_j = np.arange(n) + (np.arange(n) >= 500) + (np.arange(n) >= 1500) + (np.arange(n) >= 2500)
    rows = np.arange(1, n + 1)
    inside = (band.lo[rows] <= truth_j + 1) & (truth_j + 1 < band.lo[rows] + band.width)
    assert inside.mean() > 0.99


def test_number_anchors_survive_formatting():
    assert "#47" in features("avec 47 % du marché") and "#47" in features("with 47% of the market")
    assert "#10000" in features("devant 10 000 personnes") and "#10000" in features("in front of 10,000 people")
    assert "#3.5" in features("3,5 millions") and "#3.5" in features("3.5 million")
    assert "@aws" in features("Amazon Web Services (AWS)")


def test_anchor_index_drops_features_that_cannot_match():
    idx = AnchorIndex(["Le contrat JEDI vaut 10 milliards."], ["The JEDI contract is worth $10 billion."])
    assert "@jedi" in idx.vocab and "#10" in idx.vocab
    assert "~milliards"[:6] not in idx.vocab


def test_vecalign_roundtrip_and_strict_scores():
    gold = parse_vecalign("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n")
    assert gold[1] == ((1, 2), (1,))
    assert vecalign_line(*gold[1]) == "[1,2]:[1]"
    assert strict_prf(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    pred = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((), (2,))]
    s = strict_prf(pred, gold)
    assert s["precision"] == pytest.approx(3 / 5) and s["recall"] == pytest.approx(1 / 2)
