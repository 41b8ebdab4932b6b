"""Run every detector over the beads of an alignment (or the segments of one document).

Bead-level detectors see one bead (with a little context for sense cues); document-level
ones (names, acronym consistency) see all beads at once. Overlapping flags of the same
category are merged, keeping the most confident.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

from evalkit.flag import antonyms, entities, form, language, lexicon, numbers, omissions, polarity, punctuation, tense
from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.glossary import Glossary, load_glossary
from evalkit.flag.glossary import detect as glossary_detect
from evalkit.records import Document, Flag, ScoredBead

CONTEXT_BEADS = 2
MIN_BEAD_CONFIDENCE = 0.2  # below this the aligner says the bead is probably wrong: target-only checks
_SEVERITY_RANK = {"minor": 0, "major": 1, "critical": 2}


def _pairs(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str) -> list[Pair]:
    out = []
    for k, b in enumerate(beads):
        near = beads[max(0, k - CONTEXT_BEADS):k] + list(beads[k + 1:k + 1 + CONTEXT_BEADS])
        context = " \n".join(f"{n.src_text} \n{n.tgt_text}" for n in near)
        src = b.src_text or ""
        if b.bead is not None and b.bead.confidence < MIN_BEAD_CONFIDENCE:
            src = ""  # comparing with the wrong source sentence would only produce noise
        out.append(Pair(b.index, src, b.tgt_text or "", src_lang, tgt_lang, context))
    return out


@lru_cache(maxsize=1)
def _default_embedder():
    """The project embedder, loaded once per process (find_flags is called per document or per item)."""
    from evalkit.models import load_embedder

    return load_embedder()


def find_flags(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str, *, glossary=None,
               embedder="auto") -> list[Flag]:
    """All flags for an aligned pair of documents, sorted by bead and position.

    ``embedder``: used by the omission/addition check (word alignment from token vectors,
    deletion test); "auto" loads the project embedder when a bead pair can be checked
    (FreeDict installed, fr<->en); ``None`` turns the check off.
    """
    beads = list(beads)
    dic = load_dictionary()
    omission_pairs: list[Pair] = []
    if isinstance(glossary, (str, Path)):
        glossary = load_glossary(glossary, src_lang, tgt_lang)
    pairs = _pairs(beads, src_lang, tgt_lang)
    flags: list[Flag] = []
    for p in pairs:
        if p.tgt.strip():
            flags += numbers.locale_flags(p.index, p.tgt, tgt_lang)
            flags += punctuation.detect(p.index, p.tgt, tgt_lang)
        if not (p.src.strip() and p.tgt.strip()):
            continue
        flags += numbers.detect(p)
        flags += form.pair_flags(p)
        flags += form.spelling_flags(p.index, p.tgt, tgt_lang, p.src)
        flags += language.copied_words(p.index, p.tgt, tgt_lang, p.src, src_lang)
        flags += entities.single_name_flags(p, dic)
        flags += language.detect(p.index, p.tgt, tgt_lang, other_langs=(src_lang,), src=p.src) if src_lang != tgt_lang else []
        flags += entities.acronym_pair_flags(p)
        flags += lexicon.detect(p)
        flags += polarity.detect(p)
        flags += tense.detect(p)
        flags += antonyms.detect(p, dic)
        if dic is not None and dic.supports(src_lang, tgt_lang):
            omission_pairs.append(p)
        if isinstance(glossary, Glossary):
            flags += glossary_detect(p, glossary)
    if omission_pairs and embedder is not None:
        if embedder == "auto":
            embedder = _default_embedder()
        flags += omissions.detect_pairs(omission_pairs, embedder, dic)
    flags += entities.name_flags(pairs)
    flags += entities.acronym_consistency_flags([(p.index, p.tgt) for p in pairs], " ".join(p.src for p in pairs))
    return merge(flags)


def check_document(doc: Document, *, glossary=None) -> list[Flag]:
    """Flags for a translation without its source: form, numbers, language, consistency.

    With a glossary, forbidden target terms are flagged (required ones need the source).
    """
    segs = [(s.id, s.text) for s in doc.alignable() if s.text.strip()]
    lang = doc.lang
    if isinstance(glossary, (str, Path)):
        glossary = load_glossary(glossary, None, lang)
    flags: list[Flag] = []
    if isinstance(glossary, Glossary):
        for idx, text in segs:
            flags += glossary_detect(Pair(idx, "", text, "", lang), glossary)
    for idx, text in segs:
        flags += numbers.locale_flags(idx, text, lang)
        flags += punctuation.detect(idx, text, lang)
        flags += language.detect(idx, text, lang)
        flags += form.spelling_flags(idx, text, lang)
    flags += entities.acronym_consistency_flags(segs)
    flags += entities.first_name_consistency(segs)
    return merge(flags)


def merge(flags: list[Flag]) -> list[Flag]:
    """Drop duplicates: same bead, same category, overlapping (or identical empty) spans."""
    ranked = sorted(flags, key=lambda f: (-_SEVERITY_RANK[f.severity], -f.confidence))
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
