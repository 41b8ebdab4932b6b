"""Banded block products give the same numbers as scoring each cell on its own."""

import hashlib

import numpy as np

from evalkit.align.banded import banded_dot
from evalkit.align.coarse import band_around, coarse_path
from evalkit.align.dp import Band
from evalkit.align.embedding import RunEmbeddings
from evalkit.align.scoring import PairContext, ScoreParams


def _naive(A, B, rows, lo, width):
    out = np.full((len(rows), width), np.nan)
    for r, (i, l) in enumerate(zip(rows, lo)):
        for w in range(width):
            j = l + w
            if 0 <= i < len(A) and 0 <= j < len(B):
                out[r, w] = A[i] @ B[j]
    return out


def test_banded_dot_matches_cell_by_cell_with_jumps_edges_and_nan_rows():
    rng = np.random.default_rng(3)
    A = rng.normal(size=(700, 16)).astype(np.float32)
    B = rng.normal(size=(650, 16)).astype(np.float32)
    A[[5, 300]] = np.nan  # runs never embedded
    rows = np.arange(-2, 705)  # off both ends
    lo = np.sort(rng.integers(-5, 660, len(rows)))
    lo[400:] += 200  # a jump in the band: the block is split, not widened
    got = banded_dot(A, B, rows, lo, 9, chunk=64)
    want = _naive(A, B, rows, lo, 9)
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=1e-4, atol=1e-4)


class _HashVectors:
    """Deterministic vectors per text (the equivalence under test does not depend on a model)."""

    def encode(self, texts):
        out = []
        for t in texts:
            seed = int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=24)
            out.append(v / np.linalg.norm(v))
        return np.array(out, dtype=np.float32)


def test_band_terms_equal_bead_terms_for_every_bead_type_and_margin():
    rng = np.random.default_rng(0)
    words = ["le", "chat", "dort", "sur", "un", "tapis", "rouge", "1998", "Paris", "et", "la"]
    src = [" ".join(rng.choice(words, rng.integers(2, 12))) + "." for _ in range(60)]
    tgt = [" ".join(rng.choice(words, rng.integers(2, 12))) + "." for _ in range(55)]
    emb = _HashVectors()
    for margin in ("adjacent", "knn", "both"):
        params = ScoreParams(margin=margin)
        ctx = PairContext(src, tgt, ["body"] * 60, ["body"] * 55, RunEmbeddings(src, emb), RunEmbeddings(tgt, emb), params)
        band = band_around(coarse_path(ctx.Es, ctx.Et), ctx.n, ctx.m, 4)
        ctx.set_neighbourhood(band.lo[1:], band.width, np.zeros(ctx.m, np.int64), ctx.n)
        for a, b in [(1, 1), (1, 2), (2, 1), (2, 2), (1, 4), (3, 1)]:
            rows = np.arange(a, ctx.n + 1)
            terms = ctx.band_terms(a, b, rows, band.lo[rows], band.width)
            ri, wi = np.nonzero(terms["ok"])
            assert len(ri) > 0
            ref = ctx.bead_terms(a, b, rows[ri], band.lo[rows][ri] + wi)
            assert ref["ok"].all()
            np.testing.assert_allclose(terms["z"][ri, wi], ref["z"], rtol=1e-4, atol=1e-4)
            np.testing.assert_allclose(terms["delta"][ri, wi], ref["delta"])
            # cells the band calls not ok are not ok for the per-cell scorer either
            bad_r, bad_w = np.nonzero(~terms["ok"])
            cols = band.lo[rows][bad_r] + bad_w
            inside = (cols >= b) & (cols <= ctx.m)
            if inside.any():
                refb = ctx.bead_terms(a, b, rows[bad_r][inside], cols[inside])
                assert not refb["ok"].any()


def test_full_band_is_one_block():
    A = np.eye(4, dtype=np.float32)
    band = Band.full(3, 3)
    got = banded_dot(A, A, np.arange(4), band.lo, band.width)
    np.testing.assert_array_equal(got, np.eye(4))


def test_repeated_lines_are_furniture_but_a_single_short_line_is_not():
    from evalkit.align.scoring import repeats

    texts = [
        "Le Monde — page 12",
        "Il pleuvait sur la ville depuis trois jours.",
        "PUBLICITÉ",
        "Les rues étaient vides.",
        "Le Monde — page 13",
        "Publicité",
        "Oui.",
        "Le Monde — page 14",
        "Personne ne sortait plus, sauf les chiens.",
        "PUBLICITE",
    ]
    got = repeats(texts)
    assert got.tolist() == [True, False, True, False, True, True, False, True, False, True]
