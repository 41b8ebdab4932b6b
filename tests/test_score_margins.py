"""The similarity margins pick each row's and column's k best competitors block by block
(np.partition) instead of sorting copies of the whole n × n matrix: the floats must be the
full sort's, bit for bit (the score JSON is compared byte for byte across runs and with Ray)."""

import numpy as np
import pytest

from evalkit.score.similarity import margins


def full_sort_margins(src_vecs, tgt_vecs, k=4):
    """The formula as it was, sorting the whole matrix."""
    sims = src_vecs @ tgt_vecs.T
    diag = np.diag(sims).copy()
    k = min(k, len(src_vecs) - 1)
    masked = sims.copy()
    np.fill_diagonal(masked, -np.inf)
    row = -np.sort(-masked, axis=1)[:, :k].mean(axis=1)
    col = -np.sort(-masked, axis=0)[:k, :].mean(axis=0)
    return diag - 0.5 * (row + col)


def unit(rng, n, d=384):
    v = rng.standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("n, block", [(2, 1024), (3, 1024), (5, 2), (64, 7), (1000, 128), (2500, 1024)])
def test_block_partition_gives_the_full_sorts_floats(n, block):
    rng = np.random.default_rng(n)
    s, t = unit(rng, n), unit(rng, n)
    # repeated segments, as in a cycled corpus: ties among the competitors
    s[n // 2:], t[n // 2:] = s[: n - n // 2], t[: n - n // 2]
    got, want = margins(s, t, block=block), full_sort_margins(s, t)
    assert got.dtype == want.dtype and got.shape == (n,)
    assert got.tobytes() == want.tobytes()


def test_margins_do_not_keep_copies_of_the_matrix():
    """The n × n matrix is the one full-size array: its copies were 3 more (6.4 GB at 20,000 lines)."""
    import tracemalloc

    rng = np.random.default_rng(0)
    n = 3000
    s, t = unit(rng, n), unit(rng, n)
    tracemalloc.start()
    margins(s, t)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1.5 * n * n * 4, peak / (n * n * 4)
