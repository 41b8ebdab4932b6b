"""The search's output pinned before the speed work of issue 12: same beads, same verdict.

Speed changes to the DP, the coarse pass or the order test must not move a bead or a
number. Pinned here: a fingerprint of a whole ``align_segments`` run on a synthetic
2,000-sentence pair with merges, skips and inserted lines (beads, verdict, notes, the order
test's evidence), and the DP engine against the row-by-row reference it replaced,
on grids with ties.
"""

import hashlib
import re

import numpy as np
import pytest

from evalkit.align import AlignOptions, align_segments
from evalkit.align.coarse import band_around
from evalkit.align.dp import NEG, Band, PathBead, search
from evalkit.align.scoring import bead_types
from evalkit.records import Document


@pytest.fixture(autouse=True)
def one_blas_thread():
    """The pins hold one BLAS thread's sums: with several threads, OpenBLAS adds a matrix product's
    blocks in another order and a few scores move in the last bits (enough to change a rounded
    fingerprint). The CI shell sets no thread count, so the tests set it."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield

TYPES = bead_types(5, 4)
# From the code before issue 12's changes. Until session 11 one md5 held every number to 9 decimals:
# on a CPU where OpenBLAS picks another kernel (AVX-512 "SkylakeX" against "Haswell") the
# confidences move by ~6e-8 (the scores, beads, verdict and notes not at all), so the pins are now
# exact for what is discrete and a tolerance for the sums of the numbers. Recomputed with
# OPENBLAS_CORETYPE=Haswell, where the code reproduces the old md5 pins (6157e889..., b499cc2c...).
PINNED_2K = "73d9743d6772cadc724056095f9ddfd7"
PINNED_2K_SUMS = (10022.23341702045, 1924.2464067260357, 5024.239254532438, 964.0591541237383)
PINNED_SHUFFLED = "3b996863cb23334cbb58ca219c55e8a8"
PINNED_SHUFFLED_SUMS = (0.0, 809.125295626295, 0.0, 403.68046536558484)
SUM_TOLERANCE = 1e-5  # two kernels differ by ~1e-7 in these sums; a moved bead by far more


class _TagVectors:
    """A text's vector is the normalised sum of the base vectors of the tags it contains."""

    _TAG = re.compile(r"<(\d+)>")

    def __init__(self, V: np.ndarray) -> None:
        self.V = V

    def encode(self, texts):
        out = np.stack([self.V[[int(x) for x in self._TAG.findall(t)]].sum(0) for t in texts]).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def synthetic_pair(n: int = 2000, seed: int = 7, dim: int = 64):
    """Source and target lines of a noisy translation (1-1, 1-2, 2-1, insertions) and their embedder."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((4 * n, dim)).astype(np.float32)
    vecs = [base[k] for k in range(n)]
    src = [f"<{k}>" for k in range(n)]
    tgt: list[str] = []
    i = 0
    while i < n:
        r = rng.random()
        if r < 0.06 and i + 1 < n:  # 2-1: one target for two sources
            v = base[i] + base[i + 1] + 0.8 * rng.standard_normal(dim)
            i += 2
            parts = [v]
        elif r < 0.12:  # 1-2
            parts = [base[i] + 0.5 * rng.standard_normal(dim), base[i] + 0.5 * rng.standard_normal(dim)]
            i += 1
        else:
            parts = [base[i] + 1.2 * rng.standard_normal(dim)]
            i += 1
        if rng.random() < 0.04:  # an inserted line with no counterpart
            parts.append(rng.standard_normal(dim))
        for v in parts:
            tgt.append(f"<{len(vecs)}>")
            vecs.append(np.asarray(v, np.float32))
    return src, tgt, _TagVectors(np.stack(vecs))


def fingerprint(r) -> str:
    """The discrete output, exactly: every bead's sentence ids, the verdict, coverage and notes."""
    al = r.alignment
    text = repr([(tuple(b.src), tuple(b.tgt)) for b in al.beads])
    text += repr((al.verdict, round(al.src_coverage, 12), round(al.tgt_coverage, 12), list(al.notes)))
    return hashlib.md5(text.encode()).hexdigest()


def sums(r) -> tuple[float, float, float, float]:
    """The beads' scores and confidences: their sums, and sums weighted by position (a bead moved)."""
    beads = r.alignment.beads
    n = max(len(beads), 1)
    return (sum(b.score for b in beads), sum(b.confidence for b in beads),
            sum((i + 1) * b.score for i, b in enumerate(beads)) / n,
            sum((i + 1) * b.confidence for i, b in enumerate(beads)) / n)


def test_two_thousand_sentence_alignment_is_pinned():
    src, tgt, emb = synthetic_pair()
    r = align_segments(Document.from_lines(src, "fr"), Document.from_lines(tgt, "en"), emb, options=AlignOptions(runs="embed"))
    assert r.alignment.verdict == "parallel"
    assert fingerprint(r) == PINNED_2K
    assert sums(r) == pytest.approx(PINNED_2K_SUMS, abs=SUM_TOLERANCE)


def test_shuffled_target_verdict_and_evidence_are_pinned():
    """Not a translation: the order test fails (early) and the chance links are dissolved."""
    src, tgt, emb = synthetic_pair(n=800, seed=3)
    tgt = [tgt[k] for k in np.random.default_rng(0).permutation(len(tgt))]
    r = align_segments(Document.from_lines(src, "fr"), Document.from_lines(tgt, "en"), emb, options=AlignOptions(runs="embed"))
    assert r.alignment.verdict == "not-parallel"
    assert fingerprint(r) == PINNED_SHUFFLED
    assert sums(r) == pytest.approx(PINNED_SHUFFLED_SUMS, abs=SUM_TOLERANCE)


def reference_search(gains, types, tgt_skip, band):
    """The row-by-row DP before issue 12 (one shifted slice per bead type and row)."""
    lo, W, m, n = band.lo, band.width, band.m, band.n
    D = np.full((n + 1, W), NEG)
    back_t = np.full((n + 1, W), -1, dtype=np.int16)
    chain = np.zeros((n + 1, W), dtype=np.int32)
    ar = np.arange(W)
    skip_pad = np.concatenate([[0.0], np.asarray(tgt_skip, dtype=np.float64), np.zeros(W)])
    for i in range(n + 1):
        cols = lo[i] + ar
        cand = np.full(W, NEG)
        bt = np.full(W, -1, dtype=np.int16)
        if i == 0:
            cand[0] = 0.0
        else:
            last = min(W, m - int(lo[i]) + 1)
            gi = gains[i]
            for t, (a, b) in enumerate(types):
                if a > i:
                    continue
                r = i - a
                s = int(lo[i] - lo[r]) - b
                w0, w1 = max(0, -s), min(last, W - s)
                if w1 <= w0:
                    continue
                val = D[r, w0 + s : w1 + s] + gi[t, w0:w1]
                seg = cand[w0:w1]
                better = val > seg
                seg[better] = val[better]
                bt[w0:w1][better] = t
        st = skip_pad[np.clip(cols, 0, m + 1)]
        st[0] = 0.0
        st[cols > m] = NEG
        P = np.cumsum(np.where(np.isfinite(st), st, 0.0))
        key = cand - P
        run = np.maximum.accumulate(key)
        is_new = key >= run
        src = np.maximum.accumulate(np.where(is_new, ar, 0))
        row = P + run
        row[cols > m] = NEG
        D[i] = row
        back_t[i] = bt
        chain[i] = src
    end_w = m - lo[n]
    total = float(D[n, end_w])
    beads = []
    i, w = n, int(end_w)
    while i > 0 or lo[i] + w > 0:
        k = int(chain[i, w])
        j = int(lo[i] + w)
        if k != w:
            for jj in range(j - 1, int(lo[i] + k) - 1, -1):
                beads.append(PathBead(i, i, jj, jj + 1))
            w = k
            continue
        a, b = types[int(back_t[i, w])]
        beads.append(PathBead(i - a, i, j - b, j))
        i -= a
        w = j - b - int(lo[i])
    beads.reverse()
    return beads, total


def _gains(n, m, band, seed, integer):
    rng = np.random.default_rng(seed)
    G = rng.normal(size=(n + 1, len(TYPES), band.width)).astype(np.float32)
    skip = rng.normal(size=m)
    if integer:  # many exact ties: the tie-breaking must be the reference's too
        G, skip = np.round(G), np.round(skip)
    cols = band.cols()
    for t, (a, b) in enumerate(TYPES):
        G[:a, t] = NEG
        G[:, t][(cols > m) | (cols < b)] = NEG
    G[rng.random(G.shape) < 0.05] = NEG
    skip[rng.random(m) < 0.05] = NEG
    return G, skip


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("integer", [False, True])
def test_dp_engine_equals_the_row_by_row_reference(seed, integer):
    n, m = 150 + 7 * seed, 140 + 11 * seed
    full = Band.full(n, m)
    diag = [PathBead(k * n // 40, (k + 1) * n // 40, k * m // 40, (k + 1) * m // 40) for k in range(40)]
    for band in (full, band_around(diag, n, m, half=3 + seed)):
        G, skip = _gains(n, m, band, seed, integer)
        try:
            want = reference_search(G, TYPES, skip, band)
        except (IndexError, ValueError):
            continue
        got = search(G, TYPES, skip, band)
        assert got[0] == want[0] and got[1] == want[1]
