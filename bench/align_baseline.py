"""Bertalign's algorithm (Liu & Zhu 2022), re-implemented as the benchmark baseline (bench only).

Faithful to the published code's defaults: max_align=5, top_k=3, win=5,
skip=-0.1, margin against the adjacent sentences, length penalty
log2(1 + min/max) with the document's character ratio. First pass: a 1-1
path through each source sentence's top-k targets; second pass: all bead
types up to 5 sentences inside a window of +-5 around it. It runs with the
same embedder as our aligner so the comparison measures the algorithm.
"""

from __future__ import annotations

import numpy as np

from evalkit.align.coarse import band_from_bounds
from evalkit.align.dp import NEG, PathBead, search
from evalkit.align.embedding import RunEmbeddings


def _types(max_align: int) -> list[tuple[int, int]]:
    return [(1, 0)] + [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align]


def bertalign(src: list[str], tgt: list[str], embedder, memo: dict | None = None, max_align: int = 5, top_k: int = 3, win: int = 5, skip: float = -0.1) -> list[PathBead]:
    n, m = len(src), len(tgt)
    memo = {} if memo is None else memo
    sr, tr = RunEmbeddings(src, embedder, memo), RunEmbeddings(tgt, embedder, memo)
    for k in range(1, max_align):
        sr.ensure(k)
        tr.ensure(k)
    Es, Et = sr.get(1), tr.get(1)
    ls = np.array([len(s) for s in src], dtype=np.float64)
    lt = np.array([len(t) for t in tgt], dtype=np.float64)
    cs, ct = np.concatenate([[0], np.cumsum(ls)]), np.concatenate([[0], np.cumsum(lt)])
    char_ratio = cs[-1] / max(ct[-1], 1)
    # first pass: 1-1 through top-k neighbours, window of max(250, 6%) around the diagonal
    S = Es @ Et.T
    k = min(top_k, m)
    top = np.argpartition(-S, k - 1, axis=1)[:, :k]
    win1 = max(250, int(max(n, m) * 0.06))
    centre = (np.arange(n + 1) * m / max(n, 1)).astype(np.int64)
    band1 = band_from_bounds(centre - win1, centre + win1, n, m)
    G1 = np.full((n + 1, 2, band1.width), NEG)
    cols = band1.cols()
    valid = (cols <= m) & (cols >= 0)
    G1[1:, 0] = np.where(valid[1:], 0.0, NEG)
    topmask = np.zeros((n, m + 1), dtype=bool)
    topmask[np.arange(n)[:, None], top + 1] = True
    rr = np.arange(1, n + 1)[:, None]
    cc = np.clip(cols[1:], 0, m)
    score11 = np.where(topmask[rr - 1, cc] & (cols[1:] >= 1) & valid[1:], S[rr - 1, np.clip(cc - 1, 0, m - 1)], 0.0)
    G1[1:, 1] = np.where(valid[1:] & (cols[1:] >= 1), score11, NEG)
    path1, _ = search(G1, [(1, 0), (1, 1)], np.zeros(m), band1)
    anchors = [(b.i1, b.j1) for b in path1 if b.i1 > b.i0 and b.j1 > b.j0]
    # second search path (Bertalign's find_second_search_path)
    if not anchors or anchors[-1] != (n, m):
        if anchors and (anchors[-1][0] == n or anchors[-1][1] == m):
            anchors.pop()
        anchors.append((n, m))
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    ps, pt = 0, 0
    for s_, t_ in anchors:
        lo[ps + 1 : s_ + 1] = max(0, pt - win)
        hi[ps + 1 : s_ + 1] = min(m, t_ + win)
        ps, pt = s_, t_
    lo[0], hi[0] = lo[1] if n else 0, hi[1] if n else m
    band = band_from_bounds(lo, hi, n, m)
    types = _types(max_align)
    G = np.full((n + 1, len(types), band.width), NEG)
    cols = band.cols()
    for t, (a, b) in enumerate(types):
        rows = np.arange(a, n + 1)
        c = cols[rows]
        ok = (c <= m) & (c >= b)
        if b == 0:
            G[rows, t] = np.where(ok, skip, NEG)
            continue
        ri, wi = np.nonzero(ok)
        i, j = rows[ri], c[ri, wi]
        X, Y = sr.get(a)[i - a], tr.get(b)[j - b]
        sim = np.einsum("kd,kd->k", X, Y)
        # margin: similarity to the sentences adjacent to the other side's run
        right_t = np.where(j < m, np.einsum("kd,kd->k", X, Et[np.minimum(j, m - 1)]), np.nan)
        left_t = np.where(j - b > 0, np.einsum("kd,kd->k", X, Et[np.maximum(j - b - 1, 0)]), np.nan)
        right_s = np.where(i < n, np.einsum("kd,kd->k", Y, Es[np.minimum(i, n - 1)]), np.nan)
        left_s = np.where(i - a > 0, np.einsum("kd,kd->k", Y, Es[np.maximum(i - a - 1, 0)]), np.nan)
        nt = np.nan_to_num(np.nanmean(np.stack([left_t, right_t]), 0), nan=0.0)
        ns = np.nan_to_num(np.nanmean(np.stack([left_s, right_s]), 0), nan=0.0)
        score = sim - (nt + ns) / 2
        sl = cs[i] - cs[i - a]
        tl = (ct[j] - ct[j - b]) * char_ratio
        score = score * np.log2(1 + np.minimum(sl, tl) / np.maximum(np.maximum(sl, tl), 1e-9))
        G[i, t, wi] = score
    beads, _ = search(G, types, np.full(m, skip), band)
    return beads
