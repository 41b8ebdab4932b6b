"""Dynamic-programming search for the best monotone bead path inside a band.

One engine serves every grid: the exact search is the band that spans all
columns, the long-document search is a narrow band around a coarse path. The
grid row ``i`` means "``i`` source segments consumed", each row stores the
window of columns ``lo[i] .. lo[i]+W-1`` ("``j`` target segments consumed").
Work is vectorised over the window, so time and memory grow with ``n * W``
rather than ``n * m``.

Beads with source side ``a >= 1`` get their gains from a precomputed array;
target-only skips (``0-1``) are resolved inside a row with a running maximum
(prefix-sum trick), which keeps that in-row recurrence vectorised too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEG = -np.inf


@dataclass(frozen=True)
class Band:
    """Column windows of the DP grid: row ``i`` covers ``lo[i] .. lo[i]+width-1``."""

    lo: np.ndarray  # (n+1,) int64
    width: int
    m: int  # number of target segments (last column index)

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    @classmethod
    def full(cls, n: int, m: int) -> "Band":
        return cls(np.zeros(n + 1, dtype=np.int64), m + 1, m)

    def cols(self) -> np.ndarray:
        """(n+1, W) column index of every cell (may exceed ``m``: invalid)."""
        return self.lo[:, None] + np.arange(self.width)[None, :]


@dataclass(frozen=True)
class PathBead:
    """A bead as half-open segment ranges of the two sides."""

    i0: int
    i1: int
    j0: int
    j1: int


def _type_shifts(lo: np.ndarray, types: list[tuple[int, int]], W: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row and bead type: the shift from a cell to its predecessor, and that cell's flat offset.

    Cell ``w`` of row ``i`` comes, for type ``(a, b)``, from cell ``w + s`` of row ``i - a``
    with ``s = lo[i] - lo[i - a] - b``. Rows where the type cannot end (``a > i``) get a
    shift that puts every predecessor outside the row, so one range test rules them out.
    """
    n = len(lo) - 1
    a = np.array([t[0] for t in types], dtype=np.int64)
    b = np.array([t[1] for t in types], dtype=np.int64)
    i = np.arange(n + 1)[:, None]
    r = i - a[None, :]
    shift = lo[:, None] - lo[np.maximum(r, 0)] - b[None, :]
    shift = np.where(r >= 0, shift, W)  # no predecessor: out of range
    return shift, np.maximum(r, 0) * W + shift


def _block_inputs(lo, gains, tgt_skip, shift, offset, m: int, W: int, rows: slice):
    """Everything the rows of ``rows`` need that does not depend on earlier rows.

    Per row and type: the flat index of each cell's predecessor, and the gain with every
    cell that cannot be entered (predecessor outside its row, column beyond ``m``, ``NaN``,
    a column beyond this band's own width when ``W`` is wider) set to ``-inf``, so a row's
    candidates are one gather plus one add. Per row: the in-row prefix sums of the 0-1
    gains (``P[i, w]``: skipping targets ``lo[i] .. lo[i]+w-1``; one cumulative sum along
    each row, the same sequential sums as row by row; columns beyond ``m`` and non-finite
    skip gains add nothing).
    """
    width = gains.shape[2]
    ar = np.arange(W)
    cols = lo[rows, None] + ar[None, :]
    idx = shift[rows][:, :, None] + ar[None, None, :]
    ok = (idx >= 0) & (idx < W) & (cols <= m)[:, None, :]
    g = np.full(ok.shape, NEG, dtype=gains.dtype)
    own = gains[rows]
    g[:, :, :width] = np.where(ok[:, :, :width] & ~np.isnan(own), own, NEG)
    flat = offset[rows][:, :, None] + ar[None, None, :]
    skip_pad = np.concatenate([[0.0], np.asarray(tgt_skip, dtype=np.float64), np.zeros(W)])
    st = skip_pad[np.clip(cols, 0, m + 1)]
    st[:, 0] = 0.0
    st[(cols > m) | ~np.isfinite(st)] = 0.0
    return flat, g, np.cumsum(st, axis=1)


def search(gains: np.ndarray, types: list[tuple[int, int]], tgt_skip: np.ndarray, band: Band, block: int = 512) -> tuple[list[PathBead], float]:
    """Best path from (0, 0) to (n, m).

    ``gains[i, t, w]`` is the gain of the bead of type ``types[t] = (a, b)``
    (``a >= 1``) ending at row ``i``, column ``lo[i] + w``; ``-inf`` forbids it.
    ``tgt_skip[j]`` is the gain of leaving target segment ``j`` (0-based) alone.
    """
    return search_many([gains], types, tgt_skip, [band], block)[0]


def search_many(gains: list[np.ndarray], types: list[tuple[int, int]], tgt_skip: np.ndarray, bands: list[Band],
                block: int = 512) -> list[tuple[list[PathBead], float]]:
    """:func:`search` on several grids of the same size at once (each its own gains and band).

    Each row gathers the predecessors of all bead types at once (one ``take`` over the
    rows already filled) and keeps the first type with the best value, as a type-by-type
    loop with a strict ``>`` would; what does not depend on earlier rows is prepared for a
    block of rows at a time (:func:`_block_inputs`). The per-row work is a fixed handful
    of array calls whatever the number of types and of grids: that overhead was the
    search's time, so grids searched together (the order test's shuffles) cost little
    more than one. Narrower bands are padded with cells that cannot be entered; every
    grid gets the beads and total it would get alone.
    """
    K, n, m = len(bands), bands[0].n, bands[0].m
    W = max(b.width for b in bands)
    for band in bands:
        if band.n != n or band.m != m:
            raise ValueError("grids searched together must have the same size")
        if band.lo[0] != 0 or not (band.lo[n] <= m < band.lo[n] + band.width):
            raise ValueError("band must contain (0, 0) and (n, m)")
    lo = np.stack([b.lo for b in bands])
    # columns beyond m, or beyond a band's own width, are not cells
    last = np.minimum(np.array([b.width for b in bands])[:, None], m - lo + 1)
    D = np.full((K, n + 1, W), NEG)
    # index arrays in numpy's own index type: argmax and the chain's running maximum write
    # straight into them (``out=``), which saves the per-row copies; a row's loop is its cost
    back_t = np.full((K, n + 1, W), -1, dtype=np.intp)
    chain = np.zeros((K, n + 1, W), dtype=np.intp)
    ar = np.arange(W, dtype=np.intp)
    shifts = [_type_shifts(lo[k], types, W) for k in range(K)]
    flat_D = D.reshape(-1)
    for b0 in range(0, n + 1, block):
        b1 = min(n + 1, b0 + block)
        parts = [_block_inputs(lo[k], gains[k], tgt_skip, *shifts[k], m, W, slice(b0, b1)) for k in range(K)]
        flat = np.stack([f + k * (n + 1) * W for k, (f, _, _) in enumerate(parts)], axis=1)  # (rows, K, T, W)
        g = np.stack([q[1] for q in parts], axis=1)
        P = np.stack([q[2] for q in parts], axis=1)  # (rows, K, W)
        beyond = ar[None, None, :] >= last[:, b0:b1].T[:, :, None]
        for i in range(b0, b1):
            q = i - b0
            if i == 0:
                cand = np.full((K, W), NEG)
                cand[:, 0] = 0.0  # row 0's types stay -1: only target skips lead there
            else:
                val = flat_D.take(flat[q], mode="clip")
                val += g[q]
                # a cell nothing can enter keeps type 0 here: the back-trace never reads it (its
                # value is -inf, and a finite path's cells are finite)
                val.argmax(axis=1, out=back_t[:, i])
                cand = val.max(axis=1)
            # 0-1 chains within the row: D[w] = P[w] + max_{k<=w}(C[k] - P[k])
            p = P[q]
            key = cand - p
            run = np.maximum.accumulate(key, axis=1)
            np.maximum.accumulate(np.where(key >= run, ar, 0), axis=1, out=chain[:, i])
            row = D[:, i]
            np.add(p, run, out=row)
            row[beyond[q]] = NEG
    return [_backtrace(D[k], back_t[k], chain[k], lo[k], types, m) for k in range(K)]


def _backtrace(D: np.ndarray, back_t: np.ndarray, chain: np.ndarray, lo: np.ndarray, types: list[tuple[int, int]], m: int) -> tuple[list[PathBead], float]:
    """The best path's beads, from the end cell back along the chain and type pointers."""
    n = len(lo) - 1
    end_w = m - lo[n]
    total = float(D[n, end_w])
    if not np.isfinite(total):
        raise ValueError("no path through the band")
    beads: list[PathBead] = []
    # Python ints throughout (``item``, a list of ``lo``): one step per bead, numpy scalars cost more than the step
    lo_l, chain_at, type_at = lo.tolist(), chain.item, back_t.item
    i, w = n, int(end_w)
    while i > 0 or lo_l[i] + w > 0:
        k = chain_at(i, w)
        j = lo_l[i] + w
        if k != w:
            for jj in range(j - 1, lo_l[i] + k - 1, -1):
                beads.append(PathBead(i, i, jj, jj + 1))
            w = k
            continue
        t = type_at(i, w)
        if t < 0:  # row 0: only target skips lead here
            raise RuntimeError("broken back-pointer")
        a, b = types[t]
        beads.append(PathBead(i - a, i, j - b, j))
        i -= a
        w = j - b - lo_l[i]
    beads.reverse()
    return beads, total
