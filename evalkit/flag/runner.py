"""Run the registered detectors over the beads of an alignment (or the segments of one document).

Every detector has one call shape (:class:`evalkit.flag.base.Detector`): all beads of the
run plus a shared :class:`~evalkit.flag.base.FlagContext` (languages, dictionary, glossary,
the embedder loaded on first use). Which detectors exist is the registry's business
(:mod:`evalkit.flag.registry`); a detector that cannot run for the language pair says why,
and the reason reaches the report. Overlapping flags of the same category are merged,
keeping the most severe and confident.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from evalkit.flag.base import BeadDetector, FlagContext, Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.glossary import load_glossary
from evalkit.flag.literal import temper
from evalkit.flag.registry import load_detectors, run_detectors, run_each
from evalkit.records import Document, Flag, ScoredBead
from evalkit.severity import RANK

CONTEXT_BEADS = 2
MIN_BEAD_CONFIDENCE = 0.2  # below this the aligner says the bead is probably wrong: target-only checks


@dataclass
class FlagRun:
    """The flags of a run, and the checks that could not run (``"polarity: no negation cues for de"``)."""

    flags: list[Flag]
    not_run: list[str] = field(default_factory=list)


def _pairs(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str) -> list[Pair]:
    out = []
    for k, b in enumerate(beads):
        near = beads[max(0, k - CONTEXT_BEADS):k] + list(beads[k + 1:k + 1 + CONTEXT_BEADS])
        context = " \n".join(f"{n.src_text} \n{n.tgt_text}" for n in near)
        src = b.src_text or ""
        if b.bead is not None and b.bead.confidence < MIN_BEAD_CONFIDENCE:
            src = ""  # comparing with the wrong source sentence would only produce noise
        out.append(Pair(b.index, src, b.tgt_text or "", src_lang, tgt_lang, context,
                        " \n".join(n.tgt_text or "" for n in near)))
    return out


@lru_cache(maxsize=1)
def _default_embedder():
    """The project embedder, loaded once per process (find_flags is called per document or per item)."""
    from evalkit.models import load_embedder

    return load_embedder()


@lru_cache(maxsize=1)
def _default_scorer():
    """The registry's scorer, loaded once per process."""
    from evalkit.models import load_scorer

    return load_scorer()


def _loader(model, default):
    """A loader for the FlagContext: "auto" -> the default one, None -> none, else the caller's model."""
    if isinstance(model, str) and model == "auto":
        return default
    if model is None:
        return None
    return lambda: model


def flag_context(src_lang: str, tgt_lang: str, *, glossary=None, embedder="auto", scorer=None) -> FlagContext:
    """The shared context of a pair-mode run (a glossary path is read here)."""
    if isinstance(glossary, (str, Path)):
        glossary = load_glossary(glossary, src_lang, tgt_lang)
    return FlagContext(src_lang, tgt_lang, "pair", dictionary=load_dictionary(src_lang, tgt_lang), glossary=glossary,
                       load_embedder=_loader(embedder, _default_embedder), load_scorer=_loader(scorer, _default_scorer))


def per_bead(det) -> bool:
    """A detector whose flags for a bead depend on that bead alone (its text and the context
    the runner gives it), in bead order: it can run on any slice of the beads, and the slices'
    flags, concatenated, are the flags of the whole run. Document detectors (names, consistency)
    and plug-ins that do not say ``per_bead = True`` see every bead at once."""
    return isinstance(det, BeadDetector) or getattr(det, "per_bead", False) is True


@dataclass
class BeadFlags:
    """The per-bead detectors' answer for a slice of beads: flags by detector, or why it did not run."""

    flags: dict[str, list[Flag]] = field(default_factory=dict)
    not_run: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def concat(parts: Sequence["BeadFlags"]) -> "BeadFlags":
        out = BeadFlags()
        for part in parts:
            for name, why in part.not_run.items():
                out.not_run.setdefault(name, why)
            for name, flags in part.flags.items():
                out.flags.setdefault(name, []).extend(flags)
        return out


def run_bead_detectors(pairs: Sequence[Pair], ctx: FlagContext, detectors: list[str] | None = None) -> BeadFlags:
    """The per-bead detectors (:func:`per_bead`) over ``pairs``: the part of a run that can be sharded."""
    out = BeadFlags()
    for det, found, why in run_each([d for d in load_detectors(detectors) if per_bead(d)], pairs, ctx):
        if why:
            out.not_run[det.name] = why
        else:
            out.flags[det.name] = found
    return out


def finish_flags(pairs: Sequence[Pair], bead_flags: BeadFlags, ctx: FlagContext,
                 detectors: list[str] | None = None) -> FlagRun:
    """The document detectors over every pair, with the per-bead detectors' flags (from one
    :func:`run_bead_detectors` call or the concatenation of its slices) in registry order."""
    dets = [d for d in load_detectors(detectors) if ctx.mode in d.modes]
    whole = {d.name: (found, why) for d, found, why in run_each([d for d in dets if not per_bead(d)], pairs, ctx)}
    flags, not_run = [], []
    for det in dets:
        found, why = whole.get(det.name) or (bead_flags.flags.get(det.name, []), bead_flags.not_run.get(det.name))
        if why:
            not_run.append(f"{det.name}: {why}")
        else:
            flags += found
    return FlagRun(merge(temper(flags, pairs, ctx)), not_run)


def flag_pairs(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str) -> list[Pair]:
    """The detectors' view of ``beads`` (each with its neighbours' text as context)."""
    return _pairs(list(beads), src_lang, tgt_lang)


def flag_beads(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str, *, glossary=None,
               embedder="auto", scorer=None, detectors: list[str] | None = None) -> FlagRun:
    """Every registered detector over an aligned pair of documents (see :func:`find_flags`)."""
    ctx = flag_context(src_lang, tgt_lang, glossary=glossary, embedder=embedder, scorer=scorer)
    pairs = flag_pairs(beads, src_lang, tgt_lang)
    return finish_flags(pairs, run_bead_detectors(pairs, ctx, detectors), ctx, detectors)


def find_flags(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str, *, glossary=None,
               embedder="auto", scorer=None, detectors: list[str] | None = None) -> list[Flag]:
    """All flags for an aligned pair of documents, sorted by bead and position.

    ``embedder``: used by the omission/addition check (word alignment from token vectors,
    deletion test); "auto" loads the project embedder when a bead pair can be checked
    (FreeDict installed, fr<->en); ``None`` turns the check off. ``scorer``: the
    language-model scorer of the contrastive check ("auto": the registry's; ``None``, the
    default, leaves that check off: it is the slow one, see ``--checks``). ``detectors``:
    run only these (registry names; default: all).
    """
    return flag_beads(beads, src_lang, tgt_lang, glossary=glossary, embedder=embedder, scorer=scorer,
                      detectors=detectors).flags


def check_translation(doc: Document, *, glossary=None, detectors: list[str] | None = None) -> FlagRun:
    """The detectors that need no source, over a translation on its own (see :func:`check_document`)."""
    segs = [(s.id, s.text) for s in doc.alignable() if s.text.strip()]
    if isinstance(glossary, (str, Path)):
        glossary = load_glossary(glossary, None, doc.lang)
    ctx = FlagContext("", doc.lang, "check", glossary=glossary)
    pairs = [Pair(idx, "", text, "", doc.lang) for idx, text in segs]
    flags, not_run = run_detectors(load_detectors(detectors), pairs, ctx)
    return FlagRun(merge(flags), not_run)


def check_document(doc: Document, *, glossary=None) -> list[Flag]:
    """Flags for a translation without its source: form, numbers, language, consistency.

    With a glossary, forbidden target terms are flagged (required ones need the source).
    """
    return check_translation(doc, glossary=glossary).flags


def merge(flags: list[Flag]) -> list[Flag]:
    """Drop duplicates: same bead, same category, overlapping (or identical empty) spans."""
    ranked = sorted(flags, key=lambda f: (-RANK[f.severity], -f.confidence))
    kept: list[Flag] = []
    for f in ranked:
        dup = False
        for k in kept:
            if k.bead != f.bead or k.category != f.category:
                continue
            if f.start == f.end == 0 or k.start == k.end == 0:
                dup = f.start == f.end == k.start == k.end and f.src_start == k.src_start
            else:
                dup = f.start < k.end and k.start < f.end
            if dup:
                break
        if not dup:
            kept.append(f)
    return sorted(kept, key=lambda f: (f.bead, f.start, f.end, f.category))
