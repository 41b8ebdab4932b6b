"""First pass for long documents: a coarse path that bounds the exact search.

Vecalign-style recursive down-sampling: neighbouring segment vectors are
summed pairwise until the grid is small enough for an exact DP; the path found
there is projected one level down, widened into a band, and re-searched, down
to single segments. Every level costs ``O(n * W)``, and there are ``log n``
levels, so a 100,000-segment pair needs seconds rather than the hours an
``n * m`` grid would take.
"""

from __future__ import annotations

import numpy as np

from evalkit.align.banded import banded_dot
from evalkit.align.dp import NEG, Band, PathBead, search_many

SIMPLE_TYPES = [(1, 0), (1, 1), (1, 2), (2, 1)]


def band_around(beads: list[PathBead], n: int, m: int, half: int, max_width: int | None = None) -> Band:
    """Band covering every cell a path touches, widened by ``half`` columns."""
    cmin = np.full(n + 1, m, dtype=np.int64)
    cmax = np.zeros(n + 1, dtype=np.int64)
    # each step between consecutive path points covers rows i0 .. i1 (both ends) and columns
    # j0 .. j1: every row a step covers, expanded at once, takes the least j0 and the largest j1
    pts = np.array([(0, 0)] + [(b.i1, b.j1) for b in beads], dtype=np.int64).reshape(-1, 2)
    i0, j0, i1, j1 = pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1]
    span = np.maximum(0, np.minimum(i1, n) + 1 - i0)  # rows of each step inside the grid
    step = np.repeat(np.arange(len(span)), span)
    rows = i0[step] + np.arange(len(step)) - np.repeat(np.cumsum(span) - span, span)
    np.minimum.at(cmin, rows, j0[step])
    np.maximum.at(cmax, rows, j1[step])
    return band_from_bounds(cmin - half, cmax + half, n, m, max_width)


def band_from_bounds(lo: np.ndarray, hi: np.ndarray, n: int, m: int, max_width: int | None = None) -> Band:
    """Band from per-row column bounds; ``max_width`` caps memory where a path jumps.

    Rows wider than the cap keep a window centred on their bounds, so a
    wild coarse path can cost accuracy locally but never quadratic memory.
    """
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo[0] = 0
    hi[n] = max(hi[n], m)
    lo[n] = min(lo[n], m)
    if max_width is not None:
        max_width = max(max_width, -(-m // (n + 1)) + 2)  # extreme length ratios need wider rows
    if max_width is not None and int((hi - lo).max()) + 1 > max_width:
        wide = hi - lo + 1 > max_width
        mid = (lo + hi) // 2
        lo = np.where(wide, mid - max_width // 2, lo)
        hi = np.where(wide, lo + max_width - 1, hi)
        lo = np.clip(lo, 0, m)
        lo[0] = 0
        hi[0] = min(hi[0], max_width - 1)
        lo[n] = max(lo[n], m - max_width + 1)
        hi[n] = m
    width = int((hi - lo).max()) + 1
    lo = np.minimum(lo, max(0, m + 1 - width)).astype(np.int64)  # keep whole window inside the grid where possible
    # connectivity: consecutive windows must overlap so that a path exists
    step = width - 1
    for i in range(1, n + 1):
        if lo[i] > lo[i - 1] + step:
            lo[i] = lo[i - 1] + step
    lo[n] = max(lo[n], m - step)
    for i in range(n, 0, -1):
        if lo[i - 1] < lo[i] - step:
            lo[i - 1] = lo[i] - step
    lo[0] = 0
    return Band(lo, width, m)


def project(beads: list[PathBead], factor: int, n: int, m: int) -> list[PathBead]:
    """A coarse path scaled to the finer grid (clipped to its size)."""
    out = []
    for b in beads:
        out.append(PathBead(min(n, b.i0 * factor), min(n, b.i1 * factor), min(m, b.j0 * factor), min(m, b.j1 * factor)))
    if out:
        last = out[-1]
        out[-1] = PathBead(last.i0, n, last.j0, m)
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def prefix_rows(X: np.ndarray) -> np.ndarray:
    """``np.cumsum(X, axis=0, dtype=float64)`` with a zero row on top, the same numbers.

    numpy's cumulative sum down the rows of a C-ordered matrix walks it column by column
    (100+ ms for 3,000 x 512 here); adding whole rows in turn does the same sequential
    additions several times faster.
    """
    c = np.empty((len(X) + 1, X.shape[1]), np.float64)
    c[0] = 0.0
    c[1:] = X
    for k in range(1, len(c)):
        np.add(c[k - 1], c[k], out=c[k])
    return c


def unit_runs(X: np.ndarray, length: int) -> np.ndarray:
    """Unit vectors of the sums of ``length`` consecutive rows (row ``k``: ``X[k:k+length]``)."""
    if length == 1:
        return X
    c = prefix_rows(X)
    return _unit((c[length:] - c[:-length]).astype(np.float32))


def simple_gains(X: np.ndarray, Y: np.ndarray, band: Band, mu: float, sigma: float, bar: float = 2.0,
                 xr: dict[int, np.ndarray] | None = None) -> np.ndarray:
    """Gains for SIMPLE_TYPES: standardised cosine of summed run vectors above ``bar``.

    ``xr``: the source's run vectors by length, when the caller already has them."""
    n, m, W = len(X), len(Y), band.width
    X = np.asarray(X, dtype=np.float32)
    Y = np.asarray(Y, dtype=np.float32)
    if xr is None:
        xr = source_runs(X)
    yr = {b: unit_runs(Y, b) for b in {b for _, b in SIMPLE_TYPES if b}}
    G = np.full((n + 1, len(SIMPLE_TYPES), W), NEG, dtype=np.float32)
    cols = band.cols()
    for t, (a, b) in enumerate(SIMPLE_TYPES):
        rows = np.arange(a, n + 1)
        c = cols[rows]
        valid = (c <= m) & (c >= b)
        if b == 0:
            G[rows, t] = np.where(valid, 0.0, NEG)
            continue
        cos = banded_dot(xr[a], yr[b], rows - a, band.lo[rows] - b, W)
        z = (cos - mu) / sigma
        G[rows, t] = np.where(valid & np.isfinite(z), (a + b) / 2.0 * (z - bar), NEG)
    return G


def random_pair_stats(X: np.ndarray, Y: np.ndarray, seed: int = 0, k: int = 4000) -> tuple[float, float]:
    """Mean and spread of cosines between random pairs: the embedder's null scale."""
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(X), k), rng.integers(0, len(Y), k)
    c = np.einsum("kd,kd->k", X[i], Y[j])
    return float(c.mean()), float(max(c.std(), 1e-3))


def source_runs(X: np.ndarray) -> dict[int, np.ndarray]:
    """The source's run vectors for SIMPLE_TYPES, by run length."""
    X = np.asarray(X, dtype=np.float32)
    return {a: unit_runs(X, a) for a in sorted({a for a, _ in SIMPLE_TYPES})}


def _halve(X: np.ndarray) -> np.ndarray:
    """One level down: neighbouring rows summed pairwise (an odd last row joins the pair before it), unit length."""
    n = len(X)
    Xc = X[: n - n % 2].reshape(-1, 2, X.shape[1]).sum(1)
    if n % 2:
        Xc[-1] += X[-1]
    return _unit(Xc)


def coarse_path(X: np.ndarray, Y: np.ndarray, max_cells: int = 250_000, half: int = 6,
                source: dict | None = None) -> list[PathBead]:
    """Monotone 1-1/1-2/2-1/skip path over segment vectors, in about linear time."""
    return coarse_paths(X, [Y], max_cells, half, source)[0]


def coarse_paths(X: np.ndarray, Ys: list[np.ndarray], max_cells: int = 250_000, half: int = 6,
                 source: dict | None = None) -> list[list[PathBead]]:
    """:func:`coarse_path` of ``X`` against each of several ``Y`` of the same length, searched together.

    The order test aligns one source with its target and with shuffles of it: the grids
    have the same size, so each level's DPs run row by row together (``search_many``),
    and the source's levels and run vectors, which do not depend on ``Y``, are computed
    once (``source``: a dict a caller may keep across calls with the same ``X``). Each
    path is the one :func:`coarse_path` finds alone.
    """
    n, m = len(X), len(Ys[0])
    level = source if source is not None else {}
    stats = [random_pair_stats(X, Y) for Y in Ys]
    if (n + 1) * (m + 1) <= max_cells or min(n, m) < 4:
        bands = [Band.full(n, m)] * len(Ys)
    else:
        if "down" not in level:
            level["down"] = {"X": _halve(X)}
        ups = coarse_paths(level["down"]["X"], [_halve(Y) for Y in Ys], max_cells, half, level["down"])
        bands = [band_around(project(up, 2, n, m), n, m, half, max_width=8 * half + 16) for up in ups]
    if "runs" not in level:
        level["runs"] = source_runs(X)
    G = [simple_gains(X, Y, band, mu, sigma, xr=level["runs"]) for Y, band, (mu, sigma) in zip(Ys, bands, stats)]
    return [beads for beads, _ in search_many(G, SIMPLE_TYPES, np.zeros(m), bands)]
