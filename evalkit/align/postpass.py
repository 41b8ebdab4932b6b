"""Post-pass repairs on a DP path.

* ``split_merged``: the DP weighs a bead by its size, so a line that adds
  nothing (a running header, a caption) can ride along inside a merged bead.
  A merged bead is split when a part of it is at least as similar as the
  whole: the extra segments carried no translation evidence.
* ``rematch``: leftovers (null beads) on both sides are paired anywhere in the
  document when they are each other's best match and their margin is beyond
  nearly all of the pair's random baseline (moved headings, displaced
  paragraphs). Pull quotes stay null: their counterpart is already used.
"""

from __future__ import annotations

import numpy as np

from evalkit.align.dp import PathBead
from evalkit.align.scoring import PairContext


def bead_z(ctx: PairContext, beads: list[PathBead]) -> np.ndarray:
    """Margin z of each linked bead (NaN for null beads)."""
    z = np.full(len(beads), np.nan)
    groups: dict[tuple[int, int], list[int]] = {}
    for k, b in enumerate(beads):
        a, c = b.i1 - b.i0, b.j1 - b.j0
        if a and c:
            groups.setdefault((a, c), []).append(k)
    for (a, c), ks in groups.items():
        i = np.array([beads[k].i1 for k in ks])
        j = np.array([beads[k].j1 for k in ks])
        # post-pass beads are judged on similarity alone, never pruned by length
        z[ks] = ctx.bead_terms(a, c, i, j, cap=np.inf)["z"]
    return z


def _splits(b: PathBead) -> list[tuple[PathBead, PathBead]]:
    out = []
    for cs in range(b.i0, b.i1 + 1):
        for ct in range(b.j0, b.j1 + 1):
            p, q = PathBead(b.i0, cs, b.j0, ct), PathBead(cs, b.i1, ct, b.j1)
            sizes = [(p.i1 - p.i0) + (p.j1 - p.j0), (q.i1 - q.i0) + (q.j1 - q.j0)]
            if min(sizes) == 0:
                continue
            # a null part may hold one segment only
            ok = all((x.i1 > x.i0 and x.j1 > x.j0) or (s == 1) for x, s in zip((p, q), sizes))
            if ok and any(x.i1 > x.i0 and x.j1 > x.j0 for x in (p, q)):
                out.append((p, q))
    return out


def split_merged(ctx: PairContext, beads: list[PathBead], rounds: int = 3) -> list[PathBead]:
    """Split merged beads whose linked parts are each at least as similar as the whole."""
    for _ in range(rounds):
        changed = False
        zfull = bead_z(ctx, beads)
        out: list[PathBead] = []
        for b, zb in zip(beads, zfull):
            size = (b.i1 - b.i0) + (b.j1 - b.j0)
            if size < 3 or b.i1 == b.i0 or b.j1 == b.j0:
                out.append(b)
                continue
            cands = _splits(b)
            parts = [x for pq in cands for x in pq]
            pz = bead_z(ctx, parts)
            best, best_score = None, -np.inf
            for k, (p, q) in enumerate(cands):
                zs = [z for z in (pz[2 * k], pz[2 * k + 1]) if np.isfinite(z)]
                if zs and min(zs) >= zb and min(zs) > best_score:
                    best, best_score = (p, q), min(zs)
            if best is None:
                out.append(b)
            else:
                out.extend(best)
                changed = True
        beads = out
        if not changed:
            break
    return beads


def rematch(ctx: PairContext, beads: list[PathBead], quantile: float = 0.999, max_side: int = 4000) -> tuple[list[PathBead], int]:
    """Pair mutually-best leftover segments anywhere in the document; returns (beads, count)."""
    ls = [b.i0 for b in beads if b.i1 - b.i0 == 1 and b.j1 == b.j0]
    lt = [b.j0 for b in beads if b.j1 - b.j0 == 1 and b.i1 == b.i0]
    if not ls or not lt or len(ls) > max_side or len(lt) > max_side:
        return beads, 0
    S = ctx.Es[ls] @ ctx.Et[lt].T
    Z = (S - 0.5 * (ctx.nb_s[ls][:, None] + ctx.nb_t[lt][None, :])) / ctx.sigma
    bar = float(np.quantile(ctx.null_z, quantile))
    bar = max(bar, ctx.tau)
    best_t = Z.argmax(1)
    best_s = Z.argmax(0)
    pairs = {}
    for r, c in enumerate(best_t):
        if best_s[c] == r and Z[r, c] > bar:
            pairs[ls[r]] = lt[c]
    if not pairs:
        return beads, 0
    used_t = set(pairs.values())
    out = []
    for b in beads:
        if b.i1 - b.i0 == 1 and b.j1 == b.j0 and b.i0 in pairs:
            j = pairs[b.i0]
            out.append(PathBead(b.i0, b.i1, j, j + 1))
        elif b.i1 == b.i0 and b.j1 - b.j0 == 1 and b.j0 in used_t:
            continue
        else:
            out.append(b)
    return out, len(pairs)
