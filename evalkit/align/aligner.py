"""The aligner: from two documents to beads, confidences and a verdict.

Steps: embed segments -> pick the search space (exact grid for articles, a
band around a recursive coarse path for books) -> margin normalisers and the
pair's null distribution -> bead gains -> DP -> post-pass (split, re-match)
-> confidences -> verdict and coverage. See docs/align.md for the why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from evalkit.align.calibration import link_confidence, link_features, null_confidence, null_features
from evalkit.align.coarse import band_around, coarse_path
from evalkit.align.dp import Band, PathBead, search
from evalkit.align.embedding import RunEmbeddings
from evalkit.align.postpass import bead_z, rematch, split_merged
from evalkit.align.scoring import PairContext, ScoreParams, bead_types, build_gains
from evalkit.align.verdict import SIGNIFICANT_QUANTILE, decide, order_matters, order_test
from evalkit.records import Alignment, Bead, Document, Segment

log = logging.getLogger(__name__)

ORDER_TEST_MIN = 16  # segments a side below which the order test has no power
RUN_MODES = ("auto", "embed", "sum")  # AlignOptions.runs, `evalkit align --runs`


@dataclass(frozen=True)
class AlignOptions:
    """Search-space and post-pass settings (score weights live in ScoreParams)."""

    params: ScoreParams = field(default_factory=ScoreParams)
    max_exact_cells: int = 250_000  # (n+1)*(m+1) up to which the full grid is searched
    band_half: int = 10  # band half-width around the coarse path, in segments
    max_band_width: int = 96  # memory cap: n * types * width gains
    split: bool = False  # see postpass.split_merged: off until it beats the DP on held-out data
    rematch: bool = True
    rematch_quantile: float = 0.999
    # merged runs: "embed" encodes each run's text; "sum" takes the normalised sum of its
    # segments' vectors (no run encoded: ~7x less embedding, about 1 F1 point lower on
    # clean books, equal on noisy ones); "auto" sums above sum_above segments in all
    runs: str = "auto"
    sum_above: int = 10_000


@dataclass
class AlignResult:
    """Internal result (path over alignable indices) kept for benchmarks."""

    beads: list[PathBead]
    z: np.ndarray
    confidence: np.ndarray
    ctx: PairContext | None
    alignment: Alignment
    features: dict = field(default_factory=dict)  # per-bead confidence features (benchmarks fit on them)


def _log(quiet: bool, msg: str) -> None:
    if not quiet:
        log.info("align: %s", msg)


def _null_alignment(src: Document, tgt: Document, S: list[Segment], T: list[Segment], notes: list[str]) -> Alignment:
    beads = [Bead((s.id,), (), 0.0, 1.0) for s in S] + [Bead((), (t.id,), 0.0, 1.0) for t in T]
    return Alignment(src, tgt, beads, "not-parallel", 0.0, 0.0, notes)


def _side_language(segments: list[Segment]) -> str | None:
    """The language a side is written in (the project's identifier, on its first 400 segments), or None."""
    from evalkit.langid import UNKNOWN, guess_language

    guess = guess_language("\n".join(s.text for s in segments[:400]))
    return None if guess.lang == UNKNOWN else guess.lang


def _language_notes(src: Document, tgt: Document, S: list[Segment], T: list[Segment]) -> tuple[list[str], bool]:
    notes: list[str] = []
    same = False
    ls, lt = _side_language(S), _side_language(T)
    if src.lang == tgt.lang:
        notes.append(f"both sides are declared as '{src.lang}': a same-language pair is not a translation")
        same = True
    elif ls is not None and ls == lt:
        notes.append(f"both sides look like '{ls}' (declared {src.lang} and {tgt.lang}): a same-language pair is not a translation")
        same = True
    else:
        if ls is not None and ls != src.lang:
            notes.append(f"the source looks like '{ls}', not the declared '{src.lang}'")
        if lt is not None and lt != tgt.lang:
            notes.append(f"the target looks like '{lt}', not the declared '{tgt.lang}'")
    return notes, same


def _search_space(ctx: PairContext, opts: AlignOptions) -> Band:
    n, m = ctx.n, ctx.m
    if (n + 1) * (m + 1) <= opts.max_exact_cells:
        band = Band.full(n, m)
        ctx.set_neighbourhood(np.zeros(n, np.int64), m, np.zeros(m, np.int64), n)
        return band
    path = coarse_path(ctx.Es, ctx.Et, half=6)
    band = band_around(path, n, m, opts.band_half, max_width=opts.max_band_width)
    # neighbourhoods: the band's window for source rows, the path's inverse for targets
    src_lo = band.lo[np.minimum(np.arange(n) + 1, n)]
    rowc = np.zeros(m, dtype=np.int64)
    for b in path:
        if b.j1 > b.j0:
            rowc[b.j0 : b.j1] = (b.i0 + b.i1) // 2
    tgt_lo = np.clip(rowc - band.width // 2, 0, max(0, n - 1))
    ctx.set_neighbourhood(src_lo, band.width, tgt_lo, band.width)
    return band


def _robust(best: np.ndarray) -> np.ndarray:
    """Each segment's best 1-1 margin as a robust z within its document."""
    b = np.where(np.isfinite(best), best, np.nan)
    if np.isfinite(b).sum() < 3:
        return np.zeros(len(b))
    med = np.nanmedian(b)
    mad = max(1.4826 * np.nanmedian(np.abs(b - med)), 1e-6)
    return np.clip(np.nan_to_num((b - med) / mad, nan=-10.0), -10, 10)


def _best_z_for_nulls(ctx: PairContext, band: Band, beads: list[PathBead]) -> np.ndarray:
    """For null beads: the best 1-1 margin their segment had anywhere in its window."""
    out = np.full(len(beads), np.nan)
    for k, b in enumerate(beads):
        if b.i1 - b.i0 == 1 and b.j1 == b.j0:
            lo = int(band.lo[min(b.i1, band.n)])
            cols = np.arange(lo, min(ctx.m, lo + band.width))
            if len(cols):
                z = (ctx.Et[cols] @ ctx.Es[b.i0] - 0.5 * (ctx.nb_s[b.i0] + ctx.nb_t[cols])) / ctx.sigma
                out[k] = z.max()
        elif b.j1 - b.j0 == 1 and b.i1 == b.i0:
            rows = np.nonzero((band.lo <= b.j1) & (band.lo + band.width > b.j1))[0]
            rows = rows[(rows >= 1)] - 1
            if len(rows):
                z = (ctx.Es[rows] @ ctx.Et[b.j0] - 0.5 * (ctx.nb_t[b.j0] + ctx.nb_s[rows])) / ctx.sigma
                out[k] = z.max()
    return out


def align_segments(
    src: Document,
    tgt: Document,
    embedder,
    *,
    quiet: bool = True,
    options: AlignOptions | None = None,
    memo: dict | None = None,
) -> AlignResult:
    """Align and keep the internals (path over alignable indices, margins)."""
    opts = options or AlignOptions()
    S, T = src.alignable(), tgt.alignable()
    notes: list[str] = []
    if not S or not T:
        which = "source" if not S else "target"
        if not S and not T:
            which = "source and target"
        notes.append(f"the {which} has no text to align: nothing can be a translation of it")
        al = _null_alignment(src, tgt, S, T, notes)
        return AlignResult([], np.zeros(0), np.ones(len(al.beads)), None, al)
    lang_notes, same_lang = _language_notes(src, tgt, S, T)
    notes += lang_notes
    cs, ct = sum(len(s.text) for s in S), sum(len(t.text) for t in T)
    ratio = ct / max(cs, 1)
    if ratio > 3 or ratio < 1 / 3:
        longer, f = ("target", ratio) if ratio > 1 else ("source", 1 / ratio)
        notes.append(f"the {longer} is {f:.1f} times longer than the other side: at most part of it can be a translation")
    if opts.runs not in RUN_MODES:
        raise ValueError(f"runs must be one of {', '.join(RUN_MODES)}, not {opts.runs!r}")
    summed = opts.runs == "sum" or (opts.runs == "auto" and len(S) + len(T) > opts.sum_above)
    if summed and opts.runs == "auto":
        notes.append(
            f"{len(S) + len(T)} segments: merged sentences were scored from the sum of their vectors, not "
            "re-encoded (much faster; encoding them, --runs embed, is about 1 F1 point better on clean books)"
        )
    sr = RunEmbeddings([s.text for s in S], embedder, memo, summed_runs=summed)
    tr = RunEmbeddings([t.text for t in T], embedder, memo, summed_runs=summed)
    ctx = PairContext([s.text for s in S], [t.text for t in T], [s.kind for s in S], [t.kind for t in T], sr, tr, opts.params)
    band = _search_space(ctx, opts)
    _log(quiet, f"{ctx.n} x {ctx.m} segments, band width {band.width} ({'exact' if band.width == ctx.m + 1 else 'banded'})")
    types = bead_types(opts.params.max_bead, opts.params.max_side)
    G, tgt_skip = build_gains(ctx, band, types)
    path, _ = search(G, types, tgt_skip, band)
    del G
    if opts.split:
        path = split_merged(ctx, path)
    if opts.rematch:
        path, k = rematch(ctx, path, opts.rematch_quantile)
        if k:
            notes.append(f"{k} leftover segment(s) matched out of order (moved headings or paragraphs)")
    _log(quiet, f"embedded {sr.encoded + tr.encoded} texts")
    return _finish(src, tgt, S, T, ctx, band, path, notes, same_lang)


def _finish(src, tgt, S, T, ctx: PairContext, band: Band, path: list[PathBead], notes: list[str], same_lang: bool) -> AlignResult:
    z = bead_z(ctx, path)
    linked = np.array([b.i1 > b.i0 and b.j1 > b.j0 for b in path], dtype=bool)
    conf = np.zeros(len(path))
    lf = {k: np.full(len(path), np.nan) for k in ("z", "null_q", "delta2", "dice", "size", "gap")}
    nf = {k: np.full(len(path), np.nan) for k in ("best_z", "cheap")}
    if linked.any():
        lk = [b for b, l in zip(path, linked) if l]
        i1 = np.array([b.i1 for b in lk])
        i0 = np.array([b.i0 for b in lk])
        j1 = np.array([b.j1 for b in lk])
        j0 = np.array([b.j0 for b in lk])
        a, bb = i1 - i0, j1 - j0
        p = ctx.params
        delta = np.log((ctx.ct[j1] - ctx.ct[j0] + p.len_slack) / (ctx.ratio * (ctx.cs[i1] - ctx.cs[i0] + p.len_slack)))
        dice = np.zeros(len(lk))
        for key in set(zip(a.tolist(), bb.tolist())):
            sel = (a == key[0]) & (bb == key[1])
            dice[sel] = ctx.anchor_dice(key[0], key[1], i1[sel], j1[sel])
        zl = z[linked]
        gap = zl - ctx.tau
        feats = link_features(zl, ctx.null_quantile(zl), delta, dice, a + bb, gap)
        conf[linked] = link_confidence(feats)
        for k, v in feats.items():
            lf[k][linked] = v
    if (~linked).any():
        rs, rt = _robust(ctx.best_s), _robust(ctx.best_t)
        rep_s, rep_t = ctx.src_repeats, ctx.tgt_repeats
        best = np.array([rs[b.i0] if b.i1 > b.i0 else (rt[b.j0] if b.j1 > b.j0 else 0.0) for b in path])
        cheap = np.array(
            [
                (b.i1 > b.i0 and (ctx.src_kinds[b.i0] in ("heading", "furniture") or rep_s[b.i0]))
                or (b.j1 > b.j0 and (ctx.tgt_kinds[b.j0] in ("heading", "furniture") or rep_t[b.j0]))
                for b in path
            ]
        )
        bz = best[~linked]
        nfe = null_features(bz, cheap[~linked])
        conf[~linked] = null_confidence(nfe)
        for k, v in nfe.items():
            nf[k][~linked] = v
    # verdict
    src_chars = np.array([ctx.cs[b.i1] - ctx.cs[b.i0] for b in path])
    tgt_chars = np.array([ctx.ct[b.j1] - ctx.ct[b.j0] for b in path])
    sig = linked & (ctx.null_quantile(np.nan_to_num(z, nan=-np.inf)) >= SIGNIFICANT_QUANTILE)
    order = None
    # A shuffled short document still keeps long monotone runs (a random permutation of
    # n items has an increasing run of ~2*sqrt(n)), so under ORDER_TEST_MIN segments a
    # side the order test cannot tell translations from comparable texts: the verdict
    # then rests on significance and coverage alone.
    if min(ctx.n, ctx.m) < ORDER_TEST_MIN:
        notes.append(f"order test skipped: fewer than {ORDER_TEST_MIN} segments on a side")
    else:
        # long documents: the test on a leading block is as telling and keeps it cheap
        k = min(ctx.n, 3000)
        order = order_test(ctx.Es[:k], ctx.Et[: max(8, int(round(ctx.m * k / ctx.n)))])
    stats = decide(sig[linked], src_chars[linked], tgt_chars[linked], ctx.cs[-1], ctx.ct[-1], order)
    verdict = stats.verdict
    notes.extend(stats.reasons)
    if same_lang and verdict != "not-parallel":
        notes.append(f"the pair would otherwise be '{verdict}' (the texts match closely), but it is not a translation")
        verdict = "not-parallel"
    unordered = order is not None and not order_matters(*order)
    if unordered:
        sig = np.zeros_like(sig)  # order does not matter: even strong links are topical, not translations
    if verdict == "not-parallel" and not same_lang:
        # links without significant evidence are chance matches between unrelated texts
        keep: list[PathBead] = []
        kconf: list[float] = []
        kz: list[float] = []
        for b, l, s, c, zz in zip(path, linked, sig, conf, z):
            if l and not s:
                for i in range(b.i0, b.i1):
                    keep.append(PathBead(i, i + 1, b.j0, b.j0))
                    kconf.append(1.0 - c)
                    kz.append(np.nan)
                for j in range(b.j0, b.j1):
                    keep.append(PathBead(b.i1, b.i1, j, j + 1))
                    kconf.append(1.0 - c)
                    kz.append(np.nan)
            else:
                keep.append(b)
                kconf.append(c)
                kz.append(zz)
        path, conf, z = keep, np.array(kconf), np.array(kz)
        lf, nf = {}, {}
        notes.append("the documents are not translations of each other: chance links were left unaligned")
    score = np.nan_to_num(np.asarray(z), nan=0.0)  # once for the array: per bead, the call cost more than the bead
    beads = [
        Bead(tuple(S[i].id for i in range(b.i0, b.i1)), tuple(T[j].id for j in range(b.j0, b.j1)), float(zz), float(c))
        for b, zz, c in zip(path, score, conf)
    ]
    cov_s = sum(ctx.cs[b.i1] - ctx.cs[b.i0] for b in path if b.i1 > b.i0 and b.j1 > b.j0) / max(ctx.cs[-1], 1)
    cov_t = sum(ctx.ct[b.j1] - ctx.ct[b.j0] for b in path if b.i1 > b.i0 and b.j1 > b.j0) / max(ctx.ct[-1], 1)
    al = Alignment(src, tgt, beads, verdict, float(cov_s), float(cov_t), notes)
    return AlignResult(path, np.asarray(z), np.asarray(conf), ctx, al, {"link": lf, "null": nf})


def align_documents(
    src: Document,
    tgt: Document,
    embedder,
    *,
    quiet: bool = True,
    options: AlignOptions | None = None,
    memo: dict | None = None,
) -> Alignment:
    """Align the alignable segments of two documents.

    Returns beads of segment ids with a calibrated confidence, the verdict
    (parallel | partial | not-parallel), coverage of each side and notes that
    explain anything unusual (empty side, same language, length mismatch).
    """
    return align_segments(src, tgt, embedder, quiet=quiet, options=options, memo=memo).alignment
