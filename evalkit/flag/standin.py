"""Stand-ins: the target words that most likely took the place of a source item the target lacks.

A detector that finds a source name, acronym or negation with no counterpart in the target
knows *what* is wrong but not *where*: its flag used to carry an empty target span, so a
reviewer saw a line, not words, and a span-level benchmark never counted it. These helpers
look for the target words standing in the missing item's place:

* a name: a target name (capitalised word, acronym) that has no counterpart in the source,
  neither the same or a look-alike word nor a known rendering (dictionary, ISO country
  names): "Dupont" missing and "Martin" unexplained is a name *changed*, not just dropped;
* an acronym: a target acronym with no source counterpart;
* a negation: the target word that the lexical word alignment (:func:`evalkit.flag.wordalign.lexical_links`)
  links to the negated source word.

When several candidates remain, the one at the nearest relative position in the sentence
wins (word order is roughly kept in these languages). When none is plausible the caller
keeps its empty span: a line-level flag is better than an invented place.
"""

from __future__ import annotations

import re

from evalkit.flag.bilingual import BilingualDictionary
from evalkit.flag.resources import country_names
from evalkit.flag.wordalign import lexical_links, words
from evalkit.text import Token, fold, is_content_word, sentence_starts, similar, stem, stopwords, tokenize, zipf

Span = tuple[int, int]

INITIAL_MAX_ZIPF = 3.5  # a sentence-initial capitalised word this common is an ordinary word ("Yesterday")
RUN_INITIAL_MAX_ZIPF = 5.0  # ... unless a capitalised word follows it ("Barack Obama", not "The Senate")
LOOK_ALIKE = 0.75  # folded similarity at which a target name renders a source word (as single_name_flags)
_RUN_GAP = re.compile(r"[ \u00a0-]?")  # words of one name: adjacent, or joined by a space or hyphen ("Newton-John")


def _has_source_counterpart(word: Token, src: str, src_lang: str, tgt_lang: str,
                            dic: BilingualDictionary | None) -> bool:
    """The source holds this target word: the same or a look-alike word, or a known rendering."""
    src_words = [t.norm for t in tokenize(src)]
    if word.norm in src_words or any(len(u) >= 4 and similar(word.norm, u) >= LOOK_ALIKE for u in src_words):
        return True
    if len(word.norm) >= 4 and word.norm in fold(src):
        return True
    if any(n in src_words for n in country_names(tgt_lang, src_lang).get(word.norm, ())):
        return True
    if dic is not None and dic.supports(tgt_lang, src_lang):
        src_stems = {stem(u, src_lang) for u in src_words}
        return bool(dic.translations(word.text, tgt_lang, src_lang) & src_stems)
    return False


def _name_like(text: str, toks: list[Token], k: int, starts: set[int], lang: str) -> bool:
    """Token ``k`` is written as a name: capitalised, not a function word, and not merely the
    capital of a sentence's first word (unless rare, or followed by another capitalised word)."""
    t = toks[k]
    if not t.text[0].isupper() or len(t.text) < 2 or t.norm in stopwords(lang):
        return False
    if t.start not in starts:
        return True
    z = zipf(t.text.lower(), lang)
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    followed = nxt is not None and nxt.text[0].isupper() and bool(_RUN_GAP.fullmatch(text[t.end:nxt.start]))
    return z < INITIAL_MAX_ZIPF or (followed and z < RUN_INITIAL_MAX_ZIPF)


def unmatched_names(src: str, tgt: str, src_lang: str, tgt_lang: str,
                    dic: BilingualDictionary | None = None) -> list[Span]:
    """Spans of target names (runs of capitalised words) none of whose words has a source counterpart."""
    from evalkit.flag.entities import HONORIFICS, NOT_GIVEN_NAMES, is_heading

    if is_heading(tgt):
        return []
    toks = tokenize(tgt)
    starts = sentence_starts(tgt)
    keep = [_name_like(tgt, toks, k, starts, tgt_lang) and t.norm not in HONORIFICS and t.norm not in NOT_GIVEN_NAMES
            and not _has_source_counterpart(t, src, src_lang, tgt_lang, dic) for k, t in enumerate(toks)]
    runs: list[Span] = []
    for k, t in enumerate(toks):
        if not keep[k]:
            continue
        if runs and k and keep[k - 1] and _RUN_GAP.fullmatch(tgt[toks[k - 1].end:t.start]):
            runs[-1] = (runs[-1][0], t.end)
        else:
            runs.append((t.start, t.end))
    return runs


def nearest(candidates: list[Span], src_start: int, src_len: int, tgt_len: int) -> Span | None:
    """The candidate at the relative position closest to the source item's (None if no candidate)."""
    if not candidates:
        return None
    at = src_start / max(src_len, 1)
    return min(candidates, key=lambda c: abs(c[0] / max(tgt_len, 1) - at))


def name_stand_in(src: str, tgt: str, src_lang: str, tgt_lang: str, src_start: int,
                  dic: BilingualDictionary | None = None) -> Span | None:
    """The target name that most likely replaced the source name at ``src_start``, if any."""
    return nearest(unmatched_names(src, tgt, src_lang, tgt_lang, dic), src_start, len(src), len(tgt))


def acronym_stand_in(src: str, tgt: str, src_start: int, src_acronyms: set[str],
                     tgt_acronyms: list[tuple[str, int, int]]) -> Span | None:
    """The target acronym with no source counterpart nearest to the missing source acronym."""
    src_fold = fold(src)
    free = [(s, e) for a, s, e in tgt_acronyms if a not in src_acronyms and fold(a) not in src_fold]
    return nearest(free, src_start, len(src), len(tgt))


NEXT_WORDS = 2  # how far after a negation its verb may come ("n'a pas signé", "nicht unterschrieben")


def negated_words(src: str, neg: Span, src_lang: str) -> list[int]:
    """Indices (in :func:`wordalign.words`) of the source words a negation bears on: the content
    words inside it ("ne signe pas"), else the first content word just after it ("pas signé")."""
    toks = words(src)
    inside = [i for i, t in enumerate(toks) if neg[0] <= t.start < neg[1] and is_content_word(t.text, src_lang)]
    if inside:
        return inside
    after = [i for i, t in enumerate(toks) if t.start >= neg[1]][:NEXT_WORDS]
    return [next(i for i in after if is_content_word(toks[i].text, src_lang))] if any(
        is_content_word(toks[i].text, src_lang) for i in after) else []


def negation_stand_in(src: str, tgt: str, src_lang: str, tgt_lang: str, neg: Span,
                      dic: BilingualDictionary | None = None) -> Span | None:
    """The target word the lexical alignment links to the word the source negation bears on."""
    which = negated_words(src, neg, src_lang)
    if not which:
        return None
    s_toks, t_toks = words(src), words(tgt)
    links = lexical_links(s_toks, src_lang, t_toks, tgt_lang, dic)
    linked = sorted(j for i, j in links if i in which and is_content_word(t_toks[j].text, tgt_lang))
    return (t_toks[linked[0]].start, t_toks[linked[0]].end) if linked else None


__all__ = ["acronym_stand_in", "name_stand_in", "negated_words", "negation_stand_in", "nearest", "unmatched_names"]
