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


def search(gains: np.ndarray, types: list[tuple[int, int]], tgt_skip: np.ndarray, band: Band) -> tuple[list[PathBead], float]:
    """Best path from (0, 0) to (n, m).

    ``gains[i, t, w]`` is the gain of the bead of type ``types[t] = (a, b)``
    (``a >= 1``) ending at row ``i``, column ``lo[i] + w``; ``-inf`` forbids it.
    ``tgt_skip[j]`` is the gain of leaving target segment ``j`` (0-based) alone.
    """
    lo, W, m, n = band.lo, band.width, band.m, band.n
    if lo[0] != 0 or not (lo[n] <= m < lo[n] + W):
        raise ValueError("band must contain (0, 0) and (n, m)")
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
            last = min(W, m - int(lo[i]) + 1)  # columns beyond m are not cells
            gi = gains[i]
            for t, (a, b) in enumerate(types):
                if a > i:
                    continue
                r = i - a
                # cell w of row i comes from cell w+s of row r: one shift per type
                s = int(lo[i] - lo[r]) - b
                w0, w1 = max(0, -s), min(last, W - s)
                if w1 <= w0:
                    continue
                val = D[r, w0 + s : w1 + s] + gi[t, w0:w1]
                seg = cand[w0:w1]
                better = val > seg
                seg[better] = val[better]
                bt[w0:w1][better] = t
        # 0-1 chains within the row: D[w] = P[w] + max_{k<=w}(C[k] - P[k])
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
    if not np.isfinite(total):
        raise ValueError("no path through the band")
    beads: list[PathBead] = []
    i, w = n, int(end_w)
    while i > 0 or lo[i] + w > 0:
        k = int(chain[i, w])
        j = int(lo[i] + w)
        if k != w:
            for jj in range(j - 1, int(lo[i] + k) - 1, -1):
                beads.append(PathBead(i, i, jj, jj + 1))
            w = k
            continue
        t = int(back_t[i, w])
        if t < 0:  # row 0: only target skips lead here
            raise RuntimeError("broken back-pointer")
        a, b = types[t]
        beads.append(PathBead(i - a, i, j - b, j))
        i -= a
        w = j - b - int(lo[i])
    beads.reverse()
    return beads, total
