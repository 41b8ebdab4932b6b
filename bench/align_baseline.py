"""Bertalign's algorithm (Liu & Zhu 2022), re-implemented as the benchmark baseline (bench only).

Faithful to the published code's defaults: max_align=5, top_k=3, win=5,
skip=-0.1, margin against the adjacent sentences, length penalty
log2(1 + min/max) with the document's character ratio. First pass: a 1-1
path through each source sentence's top-k targets; second pass: all bead
types up to 5 sentences inside a window of +-5 around it. It runs with the
same embedder as our aligner so the comparison measures the algorithm.

Two variants of the same algorithm: :func:`bertalign` in numpy (gathers, einsum,
our banded DP engine) and :func:`bertalign_compiled`, which runs it as
Bertalign's own code does (faiss ``IndexFlatIP`` top-k, numba-compiled DP loops
that score each bead inside the loop, float32 cost table). The compiled one is
the speed baseline; it needs the ``bench`` extra (numba, faiss-cpu), which CI
lacks, so it is imported only when called. Both measure run lengths in
characters without the joining space; Bertalign measures UTF-8 bytes of the
joined run (``lengths="bytes"`` in the compiled variant), which changes scores
slightly and the time not at all.
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


# --- compiled variant: what Bertalign's own code runs (numba loops, faiss top-k) --------------

_KERNELS: dict = {}


def compiled_available() -> str | None:
    """``None`` when numba and faiss import, else why not (CI has neither: the benchmark skips)."""
    try:
        import faiss  # noqa: F401
        import numba  # noqa: F401
    except ImportError as e:
        return f"compiled Bertalign baseline skipped: {e.name} is not installed (pip install numba faiss-cpu)"
    return None


def _kernels() -> dict:
    """The numba-compiled DP loops, built on first use (importing numba is slow and optional).

    Bertalign compiles its two DP passes cell by cell, bead type by bead type (the score of a
    bead computed in the loop: dot products, margin, length penalty), with ``fastmath`` and a
    float32 cost table; these loops do the same work in the same order of bead types (ties go
    to the first type, strict ``>``), written afresh.
    """
    if _KERNELS:
        return _KERNELS
    import numba

    jit = numba.njit(fastmath=True, cache=False)  # cache=False: the compile time is measured, not read from disk

    @jit
    def dot(x, y):
        s = np.float32(0.0)
        for d in range(x.shape[0]):
            s += x[d] * y[d]
        return s

    @jit
    def first_pass(lo, hi, width, types, top_sim, top_idx):
        n = lo.shape[0] - 1
        cost = np.zeros((n + 1, width), dtype=np.float32)
        back = np.zeros((n + 1, width), dtype=np.uint8)
        for i in range(n + 1):
            for j in range(lo[i], hi[i] + 1):
                if i == 0 and j == 0:
                    continue
                best, best_t = -np.inf, -1
                for t in range(types.shape[0]):
                    pi, pj = i - types[t, 0], j - types[t, 1]
                    if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                        continue
                    v = cost[pi, pj - lo[pi]]
                    if types[t, 0] > 0 and types[t, 1] > 0:  # 1-1: its similarity if j is a top-k neighbour, else 0
                        for k in range(top_idx.shape[1]):
                            if top_idx[i - 1, k] == j - 1:
                                v += top_sim[i - 1, k]
                    if v > best:
                        best, best_t = v, t
                cost[i, j - lo[i]] = best
                back[i, j - lo[i]] = best_t
        return back

    @jit
    def neighbours(v, run, end, count, sents):
        # mean similarity of ``v`` to the sentences just before and just after a run ending at ``end``
        left = dot(v, sents[end - run - 1]) if end - run > 0 else np.float32(0.0)
        right = dot(v, sents[end]) if end + 1 <= count else np.float32(0.0)
        total = left + right
        if left != 0 and right != 0:
            total /= 2
        return total

    @jit
    def second_pass(sv, tv, sl, tl, lo, hi, width, types, ratio, skip):
        # sv[k-1, e-1]: vector of the run of k sentences ending at sentence e (1-based); sl, tl: lengths
        n, m = sv.shape[1], tv.shape[1]
        cost = np.zeros((n + 1, width), dtype=np.float32)
        back = np.zeros((n + 1, width), dtype=np.uint8)
        for i in range(n + 1):
            for j in range(lo[i], hi[i] + 1):
                if i == 0 and j == 0:
                    continue
                best, best_t = -np.inf, -1
                for t in range(types.shape[0]):
                    a, b = types[t, 0], types[t, 1]
                    pi, pj = i - a, j - b
                    if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                        continue
                    v = cost[pi, pj - lo[pi]]
                    if a == 0 or b == 0:
                        g = skip
                    else:
                        x, y = sv[a - 1, i - 1], tv[b - 1, j - 1]
                        g = dot(x, y) - (neighbours(x, b, j, m, tv[0]) + neighbours(y, a, i, n, sv[0])) / 2
                        ls, lt = sl[a - 1, i - 1], tl[b - 1, j - 1] * ratio
                        g *= np.log2(1 + min(ls, lt) / max(max(ls, lt), 1e-9))
                    v += g
                    if v > best:
                        best, best_t = v, t
                cost[i, j - lo[i]] = best
                back[i, j - lo[i]] = best_t
        return back

    _KERNELS.update(first_pass=first_pass, second_pass=second_pass)
    return _KERNELS


def _bead_types(max_align: int) -> np.ndarray:
    """Bertalign's bead types in its order (ties go to the earliest): 0-1, 1-0, then a-b by a, b."""
    return np.array([(0, 1), (1, 0)] + [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align], dtype=np.int64)


def _walk_back(back: np.ndarray, lo: np.ndarray, types: np.ndarray, n: int, m: int) -> list[tuple[int, int, int]]:
    """(i, j, type) of every bead from (n, m) back to (0, 0), in order."""
    out = []
    i, j = n, m
    while i or j:
        t = int(back[i, j - lo[i]])
        out.append((i, j, t))
        i, j = i - int(types[t, 0]), j - int(types[t, 1])
    out.reverse()
    return out


def _stacked_runs(runs: RunEmbeddings, n: int, max_run: int) -> np.ndarray:
    """(max_run, n, d) float32: ``[k-1, e-1]`` is the run of ``k`` sentences ending at ``e`` (zeros before)."""
    d = runs.get(1).shape[1]
    out = np.zeros((max_run, n, d), dtype=np.float32)
    for k in range(1, max_run + 1):
        if n >= k:
            out[k - 1, k - 1 :] = runs.get(k)[: n - k + 1]
    return out


def _run_lengths(texts: list[str], max_run: int, unit: str) -> np.ndarray:
    """(max_run, n) length of each run ending at each sentence.

    ``unit="chars"``: characters of the sentences, no joiner (what :func:`bertalign` uses);
    ``"bytes"``: UTF-8 bytes of the run joined with spaces (Bertalign's own definition).
    """
    n = len(texts)
    out = np.ones((max_run, n), dtype=np.float64)
    if unit == "chars":
        c = np.concatenate([[0], np.cumsum([len(s) for s in texts])]).astype(np.float64)
        for k in range(1, max_run + 1):
            out[k - 1, k - 1 :] = c[k:] - c[: n - k + 1]
    else:
        for k in range(1, max_run + 1):
            out[k - 1, k - 1 :] = [len(" ".join(texts[e - k : e]).encode("utf-8")) for e in range(k, n + 1)]
    return out


def bertalign_compiled(src: list[str], tgt: list[str], embedder, memo: dict | None = None, max_align: int = 5, top_k: int = 3,
                       win: int = 5, skip: float = -0.1, lengths: str = "chars", timings: dict | None = None) -> list[PathBead]:
    """:func:`bertalign` as Bertalign's own code runs it: faiss top-k, numba DP loops (needs the bench extras).

    ``timings`` (optional) receives ``search`` and ``cpu_search``: the wall-clock and CPU
    seconds of the search alone (top-k, both passes, back-tracking), after the run vectors were
    gathered into Bertalign's layout (what Bertalign's ``align_sents`` times).
    """
    import time

    import faiss

    kern = _kernels()
    n, m = len(src), len(tgt)
    memo = {} if memo is None else memo
    sr, tr = RunEmbeddings(src, embedder, memo), RunEmbeddings(tgt, embedder, memo)
    for k in range(1, max_align):
        sr.ensure(k)
        tr.ensure(k)
    sv, tv = _stacked_runs(sr, n, max_align - 1), _stacked_runs(tr, m, max_align - 1)
    sl, tl = _run_lengths(src, max_align - 1, lengths), _run_lengths(tgt, max_align - 1, lengths)
    ratio = sl[0].sum() / max(tl[0].sum(), 1)
    t0, c0 = time.perf_counter(), time.process_time()
    # first pass: a path of 1-1 beads scored by each source sentence's top-k targets (exact inner product)
    index = faiss.IndexFlatIP(tv.shape[2])
    index.add(np.ascontiguousarray(tv[0]))
    top_sim, top_idx = index.search(np.ascontiguousarray(sv[0]), min(top_k, m))
    win1 = max(250, int(max(n, m) * 0.06))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64)
    lo1, hi1 = np.maximum(0, centre - win1), np.minimum(m, centre + win1)
    types1 = _bead_types(2)
    back1 = kern["first_pass"](lo1, hi1, 2 * win1 + 1, types1, top_sim, top_idx)
    anchors = [(i, j) for i, j, t in _walk_back(back1, lo1, types1, n, m) if t == 2]
    # second pass: every bead type inside +-win of the path through the anchors
    if not anchors:
        anchors = [(n, m)]
    elif anchors[-1] != (n, m):
        if anchors[-1][0] == n or anchors[-1][1] == m:
            anchors.pop()
        anchors.append((n, m))
    lo, hi = np.zeros(n + 1, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    ps, pt = 0, 0
    for s_, t_ in anchors:
        lo[ps + 1 : s_ + 1] = max(0, pt - win)
        hi[ps + 1 : s_ + 1] = min(m, t_ + win)
        ps, pt = s_, t_
    lo[0], hi[0] = lo[1], hi[1]
    types = _bead_types(max_align)
    back = kern["second_pass"](sv, tv, sl, tl, lo, hi, int((hi - lo).max()) + 1, types, ratio, skip)
    beads = [PathBead(i - int(types[t, 0]), i, j - int(types[t, 1]), j) for i, j, t in _walk_back(back, lo, types, n, m)]
    if timings is not None:
        timings["search"], timings["cpu_search"] = time.perf_counter() - t0, time.process_time() - c0
    return beads


def warm_compiled() -> float:
    """Compile the numba loops on a tiny input; returns the seconds (JIT time, kept out of the timings)."""
    import time

    rng = np.random.default_rng(0)
    texts = [f"s{k} " * (k + 1) for k in range(12)]
    vecs = rng.standard_normal((64, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)

    class Tiny:
        def encode(self, ts):
            return np.stack([vecs[hash(t) % 64] for t in ts])

    t0 = time.perf_counter()
    bertalign_compiled(texts, texts[:10], Tiny())
    return time.perf_counter() - t0
