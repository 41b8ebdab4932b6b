"""Wrong-language text: source-language phrases left untranslated in the target.

A light method that needs no language-ID model: a word "belongs" to another language
when wordfreq finds it much more frequent there than in the target language. A run of
such words (with at least two lower-case ones, so names like "Secured by Design" pass)
is flagged; a segment that :func:`evalkit.langid.guess_language` reads as another language
is flagged whole.
"""

from __future__ import annotations

import re

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import fold, sentence_starts, stopwords, tokenize, zipf
from evalkit.text.profiles import languages, profile
from evalkit.flag.wordnet import is_english_word
from evalkit.langid import guess_language
from evalkit.records import Flag



def _other_languages() -> tuple[str, ...]:
    """Languages whose words are looked for in a translation: profiles with ``detect_as_foreign``
    (a rank: the first language a segment reads as is the one reported)."""
    ranked = [(profile(code).get("detect_as_foreign"), code) for code in languages()]
    return tuple(code for rank, code in sorted((r, c) for r, c in ranked if r))


# Emphasis (italics, where English sets foreign words): _..._ (Markdown or escaped \\_), *...*;
# and one quoted word ("the French word "mer""): a mention. Longer quotes are speech, not citations.
_STRETCH = re.compile(r'\\?_([^_]+?)\\?_|\*([^*]+)\*|"\s*([^\W\d_]+)\s*"|“\s*([^\W\d_]+)\s*”|«\s*([^\W\d_]+)\s*»')


def cited(text: str, lang: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` a translator *cites* rather than translates: emphasised (italic)
    stretches with no function word of ``lang`` ("the old chronicle says: _Son ventre éclata_")
    and single quoted words ("the French words "mer" and "arc""); a source word copied into
    running text or into a quoted sentence is still left untranslated."""
    out = []
    for m in _STRETCH.finditer(text):
        k = next(g for g in range(1, 6) if m.group(g) is not None)
        if not any(fold(t.text) in stopwords(lang) for t in tokenize(m.group(k))):
            out.append((m.start(k), m.end(k)))
    return out


_ELISION = re.compile(r"['’][^\W\d_]")


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _foreign(word: str, lang: str, other: str) -> bool:
    w = word.lower()
    zo, zt = zipf(w, other), zipf(w, lang)
    return (zo >= 3.0 and zo - zt >= 1.5) or (zo >= 2.0 and zt == 0.0)


def detect(index: int, text: str, lang: str, other_langs: tuple[str, ...] | None = None, src: str = "") -> list[Flag]:
    """Flags for runs of words of another language (the source's, when known)."""
    others = other_langs or tuple(o for o in _other_languages() if o != lang)
    toks = tokenize(text)
    if not toks:
        return []
    flags: list[Flag] = []
    src_fold = fold(src)
    cites: list[tuple[int, int]] | None = None  # cited(text, lang), worked out when a run needs it
    for other in others:
        is_f = [(_foreign(t.text, lang, other) or (fold(t.text) in stopwords(other) and fold(t.text) not in stopwords(lang)
                 and zipf(t.text.lower(), lang) < 3.5)) for t in toks]
        # whole-segment check: the same function-word model that checks whole documents (evalkit.langid)
        whole = guess_language(text, (lang, other), min_words=4)
        if len(toks) >= 6 and whole.lang == other and whole.confidence >= 0.9:
            flags.append(make_flag(index, text, toks[0].start, toks[-1].end, "untranslated", "major",
                                   f"segment reads as {other!r}, not {lang!r} (confidence {whole.confidence:.2f})",
                                   "language", 0.8))
            return flags
        # runs of words that are not target-language words, with at least 3 foreign ones
        is_t = [_foreign(t.text, other, lang) or (fold(t.text) in stopwords(lang) and fold(t.text) not in stopwords(other))
                for t in toks]
        i = 0
        while i < len(toks):
            if is_t[i] or not is_f[i]:
                i += 1
                continue
            j = i
            while j < len(toks) and not is_t[j] and (j == i or toks[j].start - toks[j - 1].end <= 3):
                j += 1
            while j > i and not is_f[j - 1]:
                j -= 1
            run = toks[i:j]
            foreign = [t for t, f in zip(run, is_f[i:j]) if f]
            lower = [t for n, t in enumerate(toks[i:j], start=i) if is_f[n] and t.text[0].islower()
                     and not in_kept_name(toks, n, other)]
            if len(foreign) >= 3 and len(lower) >= 2:
                span = text[run[0].start:run[-1].end]
                in_src = bool(src_fold) and fold(span) in src_fold
                if cites is None:
                    cites = cited(text, lang)
                quoted = _within(run[0].start, run[-1].end, cites)
                flags.append(make_flag(index, text, run[0].start, run[-1].end, "untranslated", "minor" if quoted else "major",
                                       f"{other!r} words left in {lang!r} text" + (" (copied from the source)" if in_src else "")
                                       + (" (cited: quoted or emphasised)" if quoted else ""),
                                       "language", 0.85 if in_src else 0.6))
            i = max(j, i + 1)
        if flags:
            break
    return flags


def in_kept_name(toks: list, k: int, lang: str, reach: int = 3) -> bool:
    """Token ``k`` is a connector inside a proper name kept as it is ("Pierre qui Pleure",
    "Clos de la Fontaine"): a function word of ``lang`` (the name's language) with a
    capitalised word before and after it within ``reach`` tokens, only such function words
    between, and nothing but spaces in between."""
    connectors = stopwords(lang)
    if fold(toks[k].text) not in connectors:
        return False

    def capitalised(step: int) -> bool:
        j = k
        for _ in range(reach):
            j += step
            if not 0 <= j < len(toks):
                return False
            earlier, later = toks[min(j, j - step)], toks[max(j, j - step)]
            if later.start - earlier.end > 1:
                return False  # punctuation or a line break: the name (if any) has ended
            if toks[j].text[:1].isupper():
                return True
            if fold(toks[j].text) not in connectors:
                return False
        return False
    return capitalised(-1) and capitalised(1)


LOANWORD_ZIPF = 3.0  # copied German nouns sit at 0-2.6 in English (Behörden, Saison, Boden); Bundesliga 3.25, Angst 3.26


def _capitalised_copy(toks: list, k: int, starts: set[int], src_lang: str, lang: str, dic) -> bool:
    """Capitalised target word ``k`` may be a copied common word rather than a kept name: the source
    language capitalises its nouns and :func:`evalkit.flag.entities.capitalised_common_noun` reads
    it as one ("the Behörden"). Not at a sentence start: there a name that is also a common word
    (Verne's character Conseil, "advice") cannot be told from a copied word ("Bisher, ..."); tried
    in session 12, it flagged 13 beads of a held-out novel for 4 DEMETR tune items."""
    from evalkit.flag.entities import capitalised_common_noun

    w = toks[k].text
    if not w[:1].isupper() or not w[1:].islower() or toks[k].start in starts:
        return False  # lower case is the other branch; "NATO", "McDonald" are names or acronyms
    if zipf(w.lower(), lang) >= LOANWORD_ZIPF:
        return False  # the target language writes it often: a loanword or a name there (Bundesliga, Angst)
    if not profile(src_lang).get("nouns_capitalised") or dic is None or not dic.is_noun(w, src_lang):
        return False  # mid-sentence, only a noun the dictionary lists: "Söder", "Lausitzring" are names
    left = k > 0 and toks[k].start - toks[k - 1].end <= 1 and toks[k - 1].start not in starts and toks[k - 1].text[:1].isupper()
    right = k + 1 < len(toks) and toks[k + 1].start - toks[k].end <= 1 and toks[k + 1].text[:1].isupper()
    if left or right:
        return False  # one word of a run of capitals: a name ("Markus Söder", "Graf Zeppelin")
    return capitalised_common_noun(w, src_lang, lang, dic)


def copied_words(index: int, text: str, lang: str, src: str, src_lang: str, dic=None) -> list[Flag]:
    """Single source-language words copied into the target ("physiology and comportement", "the
    Behörden"); ``dic``: the pair's dictionary, to tell German nouns from names."""
    if not src.strip() or src_lang == lang:
        return []
    src_words = {fold(t.text) for t in tokenize(src)}
    flags = []
    cites: list[tuple[int, int]] | None = None  # cited(text, lang), worked out at the first copied word
    toks = tokenize(text)
    starts: set[int] | None = None
    surnames: set[str] | None = None  # the source's surnames ("Hubertus Heil"): names wherever they recur
    for k, t in enumerate(toks):
        w = t.text
        if fold(w) not in src_words or not _foreign(w, lang, src_lang):
            continue
        if not w.islower():
            if starts is None:
                from evalkit.flag.entities import surname_starts

                starts = set(sentence_starts(text))
                at = surname_starts(src, src_lang, lang, dic)
                surnames = {fold(u.text) for u in tokenize(src) if u.start in at}
            if fold(w) in surnames or not _capitalised_copy(toks, k, starts, src_lang, lang, dic):
                continue
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if fold(w) == "et" and nxt == "al":  # "et al."
            continue
        if in_kept_name(toks, k, src_lang):
            continue
        if len(w) < 2:
            continue
        why = ""
        if cites is None:
            cites = cited(text, lang)
        if _within(t.start, t.end, cites):
            why = " (cited: quoted or emphasised)"
        elif (lang == "en" and fold(w) not in stopwords(src_lang) and is_english_word(w)
              and not _ELISION.match(text, t.end)):  # "dell'autore" is Italian, whatever "dell" is
            why = " (also an English word: WordNet lists it)"
        flags.append(make_flag(index, text, t.start, t.end, "untranslated", "minor" if why else "major",
                               f"{w!r} is a {src_lang!r} word copied from the source{why}", "language", 0.7))
    return flags


class CopiedWordsDetector(BeadDetector):
    """Source-language words left untranslated in the target."""

    name = "copied-words"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return copied_words(pair.index, pair.tgt, ctx.tgt_lang, pair.src, ctx.src_lang, ctx.dictionary)


class LanguageDetector(BeadDetector):
    """A whole segment in another language than the target's."""

    name = "language"
    modes = frozenset({"pair", "check"})

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.mode == "pair" and ctx.src_lang == ctx.tgt_lang:
            return "source and translation are declared in the same language"
        return None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        if ctx.mode == "check":
            return detect(pair.index, pair.tgt, ctx.tgt_lang)
        return detect(pair.index, pair.tgt, ctx.tgt_lang, other_langs=(ctx.src_lang,), src=pair.src)
