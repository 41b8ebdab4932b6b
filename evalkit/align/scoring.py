"""Bead scoring: margin-normalised similarity, length ratio, size and anchor evidence.

The gain of a bead (``a`` source and ``b`` target segments) is::

    (1 + size_gain*(a+b-2)) * (z - tau) - len_w * delta**2 - size_w * (a+b-2) + anchor_w * dice

(each bead counts once, as in Bertalign, so a merge must beat the sum of the
beads it replaces: merging two good 1-1 beads is not rewarded)

* ``z``: cosine of the two concatenated runs minus the mean similarity of
  their segments to their nearest neighbours on the other side (margin, as in
  Vecalign/Bertalign), divided by the spread of random-pair cosines so the
  unit is the same for any embedder (e5's squeezed cosines or USE's wide ones);
* ``tau``: the skip price, read from this document pair's own null
  distribution (pairs of segments from unrelated parts of the two documents);
* ``delta``: log ratio of the runs' character lengths against the pair's own
  overall character ratio;
* ``dice``: overlap of lexical anchors (numbers, names, acronyms, cognates).

Skips of heading/furniture segments are cheaper than skips of body text.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from evalkit.align.anchors import AnchorIndex, run_matrix, run_sizes
from evalkit.text import fold
from evalkit.align.banded import banded_dot
from evalkit.align.dp import NEG, Band
from evalkit.align.embedding import RunEmbeddings


@dataclass(frozen=True)
class ScoreParams:
    """Weights of the bead score (tuned on TransRead training books, see bench/)."""

    max_bead: int = 5
    max_side: int = 4
    knn: int = 4
    margin: str = "adjacent"  # "adjacent" (Bertalign: the runs' neighbouring segments), "knn" (Vecalign-like), "both"
    len_weight: float = 1.0
    len_slack: float = 0.01  # characters added to both sides before the ratio
    len_cap: float = 1.6  # |log ratio| above which a bead is not even scored (e^1.6 ~ 5x)
    size_weight: float = 0.0
    size_gain: float = 0.0  # extra weight of each segment beyond two in a bead
    anchor_weight: float = 1.0
    skip_quantile: float = 0.99
    skip_offset: float = 0.0
    length_mode: str = "log2"  # "gauss": - len_w * delta**2 ; "log2": z * log2(1 + min/max) (Bertalign)
    skip_price: float | None = 1.0  # if set: links gain z, each skipped segment costs this (in z units)
    cheap_skip: float = 1.0
    evidence_skip: float = 1.0  # 0 turns off pricing skips from the document's own margin distribution  # extra gain for leaving a heading/furniture segment unaligned


def bead_types(max_bead: int, max_side: int) -> list[tuple[int, int]]:
    """(1,0) then every (a,b) with a,b >= 1, a+b <= max_bead, a,b <= max_side."""
    out = [(1, 0)]
    for tot in range(2, max_bead + 1):
        for a in range(1, tot):
            b = tot - a
            if a <= max_side and b <= max_side:
                out.append((a, b))
    return out


def _cum(x: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])


def _window_knn(X: np.ndarray, Y: np.ndarray, lo: np.ndarray, width: int, k: int, chunk: int = 512) -> np.ndarray:
    """Mean of the top-k cosines of X[i] against Y[lo[i] : lo[i]+width]."""
    n, m = len(X), len(Y)
    out = np.zeros(n, dtype=np.float64)
    if n == 0 or m == 0:
        return out
    k = max(1, min(k, m, width))
    for r0 in range(0, n, chunk):
        r1 = min(n, r0 + chunk)
        c0 = int(max(0, lo[r0:r1].min()))
        c1 = int(min(m, lo[r0:r1].max() + width))
        block = X[r0:r1] @ Y[c0:c1].T
        idx = lo[r0:r1, None] + np.arange(width)[None, :] - c0
        valid = (idx >= 0) & (idx < c1 - c0)
        vals = np.where(valid, block[np.arange(r1 - r0)[:, None], np.clip(idx, 0, max(0, c1 - c0 - 1))], -np.inf)
        kk = min(k, vals.shape[1])
        top = -np.partition(-vals, kk - 1, axis=1)[:, :kk]
        top = np.where(np.isfinite(top), top, np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out[r0:r1] = np.nan_to_num(np.nanmean(top, axis=1), nan=0.0)
    return out


@dataclass
class PairContext:
    """Everything about a document pair that bead scores are relative to."""

    src_texts: list[str]
    tgt_texts: list[str]
    src_kinds: list[str]
    tgt_kinds: list[str]
    src_runs: RunEmbeddings
    tgt_runs: RunEmbeddings
    params: ScoreParams = field(default_factory=ScoreParams)
    seed: int = 0

    def __post_init__(self) -> None:
        self.n, self.m = len(self.src_texts), len(self.tgt_texts)
        self.src_len = np.array([len(t) for t in self.src_texts], dtype=np.float64)
        self.tgt_len = np.array([len(t) for t in self.tgt_texts], dtype=np.float64)
        self.cs, self.ct = _cum(self.src_len), _cum(self.tgt_len)
        self.ratio = (self.ct[-1] + 1.0) / (self.cs[-1] + 1.0)
        self.Es = self.src_runs.ensure(1)
        self.Et = self.tgt_runs.ensure(1)
        self.anchors = AnchorIndex(self.src_texts, self.tgt_texts)
        rng = np.random.default_rng(self.seed)
        ns = min(4000, self.n * self.m)
        i = rng.integers(0, self.n, ns)
        j = rng.integers(0, self.m, ns)
        rand = np.einsum("ij,ij->i", self.Es[i], self.Et[j])
        self.rand_mean = float(rand.mean())
        self.sigma = float(max(rand.std(), 1e-3))
        self.nb_s = np.zeros(self.n)
        self.nb_t = np.zeros(self.m)

    @cached_property
    def src_repeats(self) -> np.ndarray:
        """Source segments that repeat nearby text (pull quotes); computed once per pair."""
        return repeats(self.src_texts)

    @cached_property
    def tgt_repeats(self) -> np.ndarray:
        return repeats(self.tgt_texts)

    # -- neighbourhoods -------------------------------------------------
    def set_neighbourhood(self, src_lo: np.ndarray, src_w: int, tgt_lo: np.ndarray, tgt_w: int) -> None:
        """Margin normalisers from each segment's neighbours inside the search windows."""
        k = self.params.knn
        self.nb_s = _window_knn(self.Es, self.Et, src_lo, src_w, k)
        self.nb_t = _window_knn(self.Et, self.Es, tgt_lo, tgt_w, k)
        self.nbc_s, self.nbc_t = _cum(self.nb_s), _cum(self.nb_t)
        self._null()

    def _null(self) -> None:
        """z of segment pairs from unrelated parts of the documents: the null model.

        Source segment i is paired with targets around ``i*m/n + m/2`` (mod m),
        far from where its translation would be in a parallel pair; the skip
        price and the verdict are read from this distribution.
        """
        rng = np.random.default_rng(self.seed + 1)
        n, m = self.n, self.m
        rows = np.arange(n) if n <= 3000 else np.sort(rng.choice(n, 3000, replace=False))
        # targets at circular distance >= max(2, m/4) from where the translation would be
        lo_d = max(2, m // 4)
        span = max(1, m - 2 * lo_d + 1)
        k = min(5, span)
        centre = (rows * m / max(n, 1)).astype(np.int64)
        offs = lo_d + (np.arange(k)[None, :] * span // k + rng.integers(0, max(1, span // k), (len(rows), 1)))
        cols = (centre[:, None] + offs) % max(m, 1)
        ii = np.repeat(rows + 1, cols.shape[1])
        jj = cols.ravel() + 1
        z = self.bead_terms(1, 1, ii, jj)["z"]
        self.null_z = np.sort(z[np.isfinite(z)])
        self.tau = float(np.quantile(self.null_z, self.params.skip_quantile)) + self.params.skip_offset

    def null_quantile(self, z: np.ndarray | float) -> np.ndarray:
        """Share of the null distribution below ``z`` (1.0 = beyond anything random)."""
        return np.searchsorted(self.null_z, z, side="right") / max(1, len(self.null_z))

    # -- skip gains -----------------------------------------------------
    def skip_gains(self, kinds: list[str], best_z: np.ndarray | None = None, repeats: np.ndarray | None = None) -> np.ndarray:
        """Gain of leaving each segment unaligned, priced from this pair's own scores.

        A body segment costs ``skip_price``. A segment that looks like noise
        costs less, down to nothing, and headings/furniture get a ``cheap_skip``
        bonus on top: noise is read from the document's own distribution of best 1-1
        margins (a segment whose best margin sits far below the other
        segments' -- robust z below -1, fully noise-like at -3 -- has no
        counterpart) and from repeats (pull quotes duplicating nearby text).
        """
        p = self.params
        cheap = np.array([k in ("heading", "furniture") for k in kinds], dtype=np.float64)
        noise = np.zeros(len(kinds))
        if best_z is not None and p.evidence_skip:
            b = np.where(np.isfinite(best_z), best_z, np.nan)
            if np.isfinite(b).sum() >= 5:
                med = np.nanmedian(b)
                mad = max(1.4826 * np.nanmedian(np.abs(b - med)), 1e-6)
                r = np.nan_to_num((b - med) / mad, nan=-10.0)
                noise = np.maximum(noise, p.evidence_skip * np.clip((-1.0 - r) / 2.0, 0.0, 1.0))
        if repeats is not None:
            noise = np.maximum(noise, repeats.astype(np.float64))
        noise = np.minimum(noise, 1.0)
        base = -p.skip_price if p.skip_price is not None else 0.0
        return base * (1.0 - noise) + p.cheap_skip * cheap

    # -- bead features for a batch of cells --------------------------------
    def bead_terms(self, a: int, b: int, i: np.ndarray, j: np.ndarray, embed: bool = True, cap: float | None = None) -> dict[str, np.ndarray]:
        """Score terms of beads ``src[i-a:i]`` x ``tgt[j-b:j]`` for arrays of cells.

        Beads whose length ratio exceeds ``cap`` (default ``params.len_cap``)
        cannot win, so their runs are neither embedded nor scored.
        """
        p = self.params
        ls = self.cs[i] - self.cs[i - a]
        lt = self.ct[j] - self.ct[j - b]
        delta = np.log((lt + p.len_slack) / (self.ratio * (ls + p.len_slack)))
        ok = np.abs(delta) <= (p.len_cap if cap is None else cap)
        if a == 1 and b == 1:
            ok[:] = True  # 1-1 is always scored
        cos = np.full(len(i), np.nan)
        if ok.any():
            si, tj = i[ok] - a, j[ok] - b
            if a > 1 and embed:
                self.src_runs.ensure(a, si)
            if b > 1 and embed:
                self.tgt_runs.ensure(b, tj)
            Xa = self.Es if a == 1 else self.src_runs.get(a)
            Yb = self.Et if b == 1 else self.tgt_runs.get(b)
            cos[ok] = np.einsum("kd,kd->k", Xa[si], Yb[tj])
        z = (cos - self._normaliser(a, b, i, j, ok)) / self.sigma
        return {"z": z, "delta": delta, "ok": ok & np.isfinite(z), "lp": np.log2(1.0 + np.exp(-np.abs(delta)))}

    def band_terms(self, a: int, b: int, rows: np.ndarray, lo: np.ndarray, width: int) -> dict[str, np.ndarray]:
        """``bead_terms`` for every cell of band rows: row ``i`` = ``rows[r]``, column ``lo[r] + w``.

        Same numbers as ``bead_terms`` on the flattened cells, but the
        similarities come from block matrix products (``banded_dot``) rather
        than per-cell gathers, which is what keeps long documents fast.
        """
        p = self.params
        i = np.asarray(rows, dtype=np.int64)
        if b > self.m:  # the target has fewer than b segments: no such bead anywhere (and no valid column to clip to)
            none = np.full((len(i), width), np.nan)
            return {"z": none, "delta": none.copy(), "ok": np.zeros((len(i), width), dtype=bool), "lp": none.copy()}
        j = lo[:, None] + np.arange(width)[None, :]
        valid = (j >= b) & (j <= self.m)
        jc = np.clip(j, b, self.m)
        ls = (self.cs[i] - self.cs[i - a])[:, None]
        lt = self.ct[jc] - self.ct[jc - b]
        delta = np.log((lt + p.len_slack) / (self.ratio * (ls + p.len_slack)))
        ok = valid if (a, b) == (1, 1) else valid & (np.abs(delta) <= p.len_cap)
        if a > 1 and ok.any():
            self.src_runs.ensure(a, i[ok.any(axis=1)] - a)
        if b > 1 and ok.any():
            self.tgt_runs.ensure(b, j[ok] - b)
        Xa = self.Es if a == 1 else self.src_runs.get(a)
        Yb = self.Et if b == 1 else self.tgt_runs.get(b)
        cos = banded_dot(Xa, Yb, i - a, lo - b, width)
        norm = np.zeros_like(cos)
        mode = p.margin
        if mode in ("knn", "both"):
            nbs = ((self.nbc_s[i] - self.nbc_s[i - a]) / a)[:, None]
            nbt = (self.nbc_t[jc] - self.nbc_t[jc - b]) / b
            norm = norm + 0.5 * (nbs + nbt)
        if mode in ("adjacent", "both"):
            # the target segments just before (j-b-1) and after (j) the target run, from one product
            xt = banded_dot(Xa, self.Et, i - a, lo - b - 1, width + b + 1)
            ys_after = banded_dot(self.Es, Yb, i, lo - b, width)
            ys_before = banded_dot(self.Es, Yb, i - a - 1, lo - b, width)
            with warnings.catch_warnings():  # a run at a document edge has one neighbour or none
                warnings.simplefilter("ignore", RuntimeWarning)
                t_side = np.nanmean(np.stack([xt[:, b + 1 :], xt[:, :width]]), axis=0)
                s_side = np.nanmean(np.stack([ys_after, ys_before]), axis=0)
            adj = 0.5 * (np.nan_to_num(t_side, nan=self.rand_mean) + np.nan_to_num(s_side, nan=self.rand_mean))
            norm = (norm + adj) / 2.0 if mode == "both" else adj
        z = np.where(ok, (cos - norm) / self.sigma, np.nan)
        return {"z": z, "delta": delta, "ok": ok & np.isfinite(z), "lp": np.log2(1.0 + np.exp(-np.abs(delta)))}

    def _normaliser(self, a: int, b: int, i: np.ndarray, j: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """What the runs' similarity is measured against (the margin's baseline).

        ``knn``: mean similarity of the runs' segments to their nearest
        neighbours in the search window (hubness correction, as Vecalign).
        ``adjacent``: similarity of each run to the segments just before and
        after the other run (Bertalign): high when a boundary is misplaced,
        so it decides between 1-1 and 1-2 where the first measure cannot.
        """
        mode = self.params.margin
        out = np.zeros(len(i))
        if mode in ("knn", "both"):
            nbs = (self.nbc_s[i] - self.nbc_s[i - a]) / a
            nbt = (self.nbc_t[j] - self.nbc_t[j - b]) / b
            out += 0.5 * (nbs + nbt)
        if mode in ("adjacent", "both") and ok.any():
            si, tj, ii, jj = i[ok] - a, j[ok] - b, i[ok], j[ok]
            X = (self.Es if a == 1 else self.src_runs.get(a))[si]
            Y = (self.Et if b == 1 else self.tgt_runs.get(b))[tj]
            n, m = self.n, self.m

            def sim(V, E, idx, valid):
                return np.where(valid, np.einsum("kd,kd->k", V, E[np.clip(idx, 0, len(E) - 1)]), np.nan)

            near = np.stack(
                [
                    sim(X, self.Et, jj, jj < m),
                    sim(X, self.Et, tj - 1, tj > 0),
                    sim(Y, self.Es, ii, ii < n),
                    sim(Y, self.Es, si - 1, si > 0),
                ]
            )
            with warnings.catch_warnings():  # a run at a document edge has one neighbour or none
                warnings.simplefilter("ignore", RuntimeWarning)
                t_side = np.nanmean(near[:2], axis=0)
                s_side = np.nanmean(near[2:], axis=0)
            adj = 0.5 * (np.nan_to_num(t_side, nan=self.rand_mean) + np.nan_to_num(s_side, nan=self.rand_mean))
            res = np.zeros(len(i))
            res[ok] = adj
            out = (out + res) / 2.0 if mode == "both" else res
        return out

    def anchor_dice(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Anchor overlap (Dice over all features of both runs) for arrays of cells."""
        A, B = self._anchor_runs(a, b)
        if len(i) == 0:
            return np.zeros(0)
        si, tj = i - a, j - b
        inter = np.asarray(A[si].multiply(B[tj]).sum(axis=1)).ravel()
        size = self._asize_s[a][si] + self._asize_t[b][tj]
        return np.where(size > 0, 2.0 * inter / np.maximum(size, 1.0), 0.0)

    def _anchor_runs(self, a: int, b: int):
        if not hasattr(self, "_arun_s"):
            self._arun_s, self._arun_t, self._asize_s, self._asize_t = {}, {}, {}, {}
        if a not in self._arun_s:
            self._arun_s[a] = run_matrix(self.anchors.src, a)
            self._asize_s[a] = run_sizes(self.anchors.src_size, a)
        if b not in self._arun_t:
            self._arun_t[b] = run_matrix(self.anchors.tgt, b)
            self._asize_t[b] = run_sizes(self.anchors.tgt_size, b)
        return self._arun_s[a], self._arun_t[b]

    def gain(self, a: int, b: int, terms: dict[str, np.ndarray], dice: np.ndarray) -> np.ndarray:
        p = self.params
        w = 1.0 + p.size_gain * (a + b - 2)
        tau = 0.0 if p.skip_price is not None else self.tau
        if p.length_mode == "log2":
            g = w * (terms["z"] * terms["lp"] - tau)
        else:
            g = w * (terms["z"] - tau) - p.len_weight * terms["delta"] ** 2
        g = g - p.size_weight * (a + b - 2) + p.anchor_weight * dice
        return np.where(terms["ok"], g, NEG)


def repeats(texts: list[str], window: int = 40, min_chars: int = 25, furniture_count: int = 3) -> np.ndarray:
    """Segments that repeat other text: pull quotes and page furniture.

    A pull quote repeats a longer or earlier segment nearby. Furniture (running
    headers, "Advertisement", subscriber notices) is a line that occurs
    ``furniture_count`` times or more in the document once digits are ignored
    (page numbers differ).
    """
    norm = [" ".join(fold(t).split()) for t in texts]
    shape = [re.sub(r"\d+", "#", x) for x in norm]
    counts = Counter(shape)
    out = np.array([counts[x] >= furniture_count and len(x) >= 4 for x in shape], dtype=bool)
    joined = "\x00".join(norm) + "\x00"
    starts = [0]
    for x in norm:
        starts.append(starts[-1] + len(x) + 1)
    for k, a in enumerate(norm):
        if len(a) < min_chars or out[k]:
            continue
        lo_k, hi_k = max(0, k - window), min(len(norm), k + window + 1)
        # one C-level scan of each side of the window rules out almost every segment (no copies)
        if joined.find(a, starts[lo_k], starts[k]) < 0 and joined.find(a, starts[k + 1], starts[hi_k]) < 0:
            continue
        for q in range(lo_k, hi_k):
            if q == k:
                continue
            b = norm[q]
            if a in b and (len(a) < len(b) or q < k):
                out[k] = True
                break
    return out


def build_gains(ctx: PairContext, band: Band, types: list[tuple[int, int]], chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Gain array ``(n+1, T, W)`` for the DP over ``band``, and the target skip gains.

    The 1-1 cells are scored first: each segment's best 1-1 margin in the band
    tells how much translation evidence it has, which prices its skip. Rows
    are scored ``chunk`` at a time so temporaries stay small on long documents.
    """
    n, W, m = band.n, band.width, band.m
    G = np.full((n + 1, len(types), W), NEG, dtype=np.float32)
    order = sorted(range(len(types)), key=lambda t: types[t] != (1, 1))
    skip_s = None
    skip_t = np.zeros(m)
    for t in order:
        a, b = types[t]
        rows_all = np.arange(a, n + 1)
        if len(rows_all) == 0:
            continue
        if b == 0:
            cols = band.cols()[rows_all]
            G[rows_all, t, :] = np.where((cols <= m) & (cols >= 0), skip_s[rows_all - 1][:, None], NEG)
            continue
        best_s = np.full(n, -np.inf)
        best_t = np.full(m, -np.inf)
        for s in range(0, len(rows_all), chunk):
            rows = rows_all[s : s + chunk]
            lo = band.lo[rows]
            terms = ctx.band_terms(a, b, rows, lo, W)
            okk = terms["ok"]
            ri, wi = np.nonzero(okk)
            dice = np.zeros(okk.shape)
            if len(ri):
                dice[ri, wi] = ctx.anchor_dice(a, b, rows[ri], lo[ri] + wi)
            G[rows, t, :] = ctx.gain(a, b, terms, dice)
            if (a, b) == (1, 1):
                z = np.where(okk, terms["z"], -np.inf)
                best_s[rows - 1] = z.max(axis=1)
                np.maximum.at(best_t, lo[ri] + wi - 1, z[ri, wi])
        if (a, b) == (1, 1):
            ctx.best_s, ctx.best_t = best_s, best_t
            skip_s = ctx.skip_gains(ctx.src_kinds, best_s, ctx.src_repeats)
            skip_t = ctx.skip_gains(ctx.tgt_kinds, best_t, ctx.tgt_repeats)
    return G, skip_t
