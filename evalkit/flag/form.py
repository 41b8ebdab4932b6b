"""Sentence form against the source, and spelling: final punctuation, capitals, unknown words.

Cheap checks machine translation and post-editing slips are caught by: the source ends a
sentence and the translation does not, the translation starts (or is entirely) in lower
case where the source is not, and lower-case words no dictionary knows (wordfreq Zipf 0)
that are not copied from the source ("rythyms", "anyhwere").
"""

from __future__ import annotations

import re

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import fold, tokenize, zipf
from evalkit.text.profiles import languages
from evalkit.records import Flag

_END = re.compile(r"[.!?…][\"'»”’)\]]*\s*$|[\"»”]\s*$")


def pair_flags(pair: Pair) -> list[Flag]:
    """Form flags that need the source: final punctuation, lower-case start, all lower case."""
    src, tgt = pair.src.strip(), pair.tgt.rstrip()
    flags: list[Flag] = []
    if not src or not tgt.strip():
        return flags
    if _END.search(src) and not _END.search(tgt) and len(tokenize(tgt)) >= 4:
        flags.append(make_flag(pair.index, pair.tgt, len(tgt) - 1, len(tgt), "punctuation", "minor",
                               "the source ends the sentence, the translation has no final punctuation",
                               "form", 0.6, suggestion=src[-1] if src[-1] in ".!?" else "."))
    s_letters = [c for c in src if c.isalpha()]
    t_letters = [c for c in tgt if c.isalpha()]
    if len(t_letters) >= 12 and not any(c.isupper() for c in t_letters) and sum(c.isupper() for c in s_letters) >= 2:
        flags.append(make_flag(pair.index, pair.tgt, 0, len(tgt), "punctuation", "minor",
                               "the translation is all lower case (capitals of the source are lost)", "form", 0.6))
    elif s_letters and t_letters and s_letters[0].isupper() and t_letters[0].islower():
        first = tokenize(pair.tgt)[0]
        flags.append(make_flag(pair.index, pair.tgt, first.start, first.end, "punctuation", "minor",
                               "the sentence starts in lower case", "form", 0.6, suggestion=first.text.capitalize()))
    return flags


def spelling_flags(index: int, text: str, lang: str, source: str = "") -> list[Flag]:
    """Lower-case words unknown to wordfreq (and not copied from the source): likely typos."""
    if lang not in languages():  # a language with a profile (wordfreq knows every one shipped)
        return []
    src_words = {t.norm for t in tokenize(source)}
    flags = []
    for t in tokenize(text):
        w = t.text
        if len(w) < 4 or not w.islower() or t.norm in src_words:
            continue
        # hyphenated compounds and words glued to digits are not typos
        if text[t.start - 1:t.start] in "-/" and t.start > 0 or text[t.end:t.end + 1] in ("-", "/"):
            continue
        if zipf(w, lang) > 0 or zipf(fold(w), lang) > 0:
            continue
        flags.append(make_flag(index, text, t.start, t.end, "spelling", "minor",
                               f"{w!r} is not a known {lang} word (typo?)", "form", 0.5))
    return flags


class FormDetector(BeadDetector):
    """Sentence form carried over: final punctuation, capitalisation of the first word."""

    name = "form"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return pair_flags(pair)


class SpellingDetector(BeadDetector):
    """Unknown lower-case words of the target language (source words are forgiven)."""

    name = "spelling"
    modes = frozenset({"pair", "check"})

    def supports(self, ctx: FlagContext) -> str | None:
        return None if ctx.tgt_lang in languages() else f"no spelling check for '{ctx.tgt_lang}' (no language profile)"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return spelling_flags(pair.index, pair.tgt, ctx.tgt_lang, pair.src)
