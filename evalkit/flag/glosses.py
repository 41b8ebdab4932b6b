"""Out-of-context word glosses from Apertium, as extra lexical evidence for the word aligner.

FreeDict is small (about 8,500 headwords a direction); Apertium's bilingual dictionaries
are much larger. French<->English goes through Spanish (``fr-es`` then ``spa-eng``, and
``eng-spa`` then ``es-fr``), one process call for all words of a run, one word a line, each
ended by a full stop (Apertium reads newlines as blanks: "gato\ncreyente" came back as
"believer\ncat").
A gloss is only evidence that a rendering *exists* in the other text; a word without a
gloss there is not, by itself, missing. The route is the pair profile's ``apertium`` list.
Without Apertium (or for a pair without a route) this returns nothing and the aligner uses its other evidence.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from evalkit import apertium
from evalkit.text import stem

log = logging.getLogger(__name__)

TIMEOUT_S = 30


def glosses(words: list[str], src_lang: str, tgt_lang: str, memo: dict | None = None) -> dict[str, set[str]]:
    """word -> target-language stems of its Apertium translation (empty dict if unavailable).
    ``memo``: a run's memo (``FlagContext.glosses_memo``), so checks asking for the same words share
    one answer (treat it as read-only)."""
    return _memoised(words, src_lang, tgt_lang, memo,
                     lambda uniq, sl, tl: _stems(gloss_words(uniq, sl, tl, memo), tl), ())


def _memoised(words: list[str], src_lang: str, tgt_lang: str, memo: dict | None, compute, tag: tuple):
    """``compute`` over the distinct words (one Apertium call), answered from a run's ``memo`` when
    the same words were asked before (``tag`` keeps the stems' and the words' answers apart)."""
    uniq = sorted({w for w in words if w.strip() and "\n" not in w})
    key = (tuple(uniq), src_lang, tgt_lang, *tag)
    if memo is not None and key in memo:
        return memo[key]
    out = compute(uniq, src_lang, tgt_lang)
    if memo is not None:
        memo[key] = out
    return out


def _stems(renderings: dict[str, tuple[str, ...]], tgt_lang: str) -> dict[str, set[str]]:
    """The stems of each word's rendering (from :func:`gloss_words`, so one Apertium read serves both)."""
    out: dict[str, set[str]] = {}
    for w, toks in renderings.items():
        stems = {stem(t, tgt_lang) for t in toks if len(t) > 2}
        if stems:
            out[w] = stems
    return out


def gloss_words(words: list[str], src_lang: str, tgt_lang: str, memo: dict | None = None) -> dict[str, tuple[str, ...]]:
    """word -> the words of its Apertium translation, lower-cased, unstemmed ("marchèrent" ->
    ("they", "marched")): for checks that need the form (a past participle) or the exact word
    (an opposite), where stems collide ("useful"/"use"). Same call and cache as :func:`glosses`."""
    return _memoised(words, src_lang, tgt_lang, memo, _gloss_words, ("words",))


@lru_cache(maxsize=8)
def _warn_once(message: str) -> None:
    """Log a missing route once a process, not once per check that asks for glosses."""
    log.warning(message)


def _gloss_words(uniq: list[str], src_lang: str, tgt_lang: str) -> dict[str, tuple[str, ...]]:
    steps = apertium.profile_route(src_lang, tgt_lang)  # the pair profile's route, as for pseudo-references
    if not steps or not uniq or not apertium.installed_modes():
        return {}
    text = "".join(f"{w}.\n" for w in uniq)  # the full stop keeps transfer rules from joining lines
    try:
        with apertium.open_cache() as cache:
            text = apertium.run_route(steps, text, cache=cache, timeout=TIMEOUT_S)
    except apertium.ApertiumError as exc:
        _warn_once(f"Apertium renderings of {src_lang} words are unavailable, so the checks run without them: {exc}")
        return {}
    lines = text.rstrip("\n").split("\n")
    if len(lines) != len(uniq):
        return {}  # lines merged or split: cannot tell which gloss is whose
    out: dict[str, tuple[str, ...]] = {}
    for w, g in zip(uniq, lines):
        toks = tuple(t.lower() for t in (t.strip("*#@.,;:!?") for t in g.split()) if t.isalpha())
        if toks:
            out[w] = toks
    return out


Glosses = dict[str, set[str]]  # word -> stems of its translations


def source_glosses(pairs, src_lang: str, tgt_lang: str, memo: dict | None = None) -> Glosses:
    """Glosses of the source content words of every bead with both sides: the same call (and so
    the same cache entry in ``apertium.sqlite``, and the run's ``memo``) as the omission and
    coverage checks make."""
    from evalkit.flag.omissions import content_glosses

    both = [p for p in pairs if p.src.strip() and p.tgt.strip()]
    return content_glosses(both, src_lang, tgt_lang, memo)[0] if both else {}


def source_gloss_words(pairs, src_lang: str, tgt_lang: str, memo: dict | None = None) -> dict[str, tuple[str, ...]]:
    """:func:`gloss_words` of the source content words of every bead with both sides (the words
    :func:`source_glosses` asks for, so Apertium's cache answers)."""
    from evalkit.flag.omissions import content_words

    both = [p for p in pairs if p.src.strip() and p.tgt.strip()]
    return gloss_words(content_words([p.src for p in both], src_lang), src_lang, tgt_lang, memo) if both else {}


__all__ = ["Glosses", "gloss_words", "glosses", "source_gloss_words", "source_glosses"]
