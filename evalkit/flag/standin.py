"""Stand-ins: the target words that most likely took the place of a source item the target lacks.

A detector that finds a source name, acronym or negation with no counterpart in the target
knows *what* is wrong but not *where*: its flag used to carry an empty target span, so a
reviewer saw a line, not words, and a span-level benchmark never counted it. These helpers
look for the target words standing in the missing item's place:

* a name: a target name (capitalised word, acronym) that has no counterpart in the source,
  neither the same or a look-alike word nor a known rendering (dictionary, ISO country
  names): "Dupont" missing and "Martin" unexplained is a name *changed*, not just dropped;
* an acronym: a target acronym with no source counterpart;
* a negation: the target word that the word alignment links to the negated source word
  (:func:`evalkit.flag.wordalign.lexical_links`; the embedder's vector links when those
  find nothing and the run has an embedder).

When several names remain, one holding a rare word comes before capitalised common words,
then the one nearest the target partners of the missing item's linked neighbours, then the
one at the nearest relative position (word order is roughly kept in these languages). When
none is plausible the caller keeps its empty span: a line-level flag is better than an
invented place. Nothing here changes a flag's severity: only where it points.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from evalkit.flag.bilingual import BilingualDictionary
from evalkit.flag.resources import acronym_equivalents, country_names
from evalkit.flag.wordalign import TokenVectors, align, text_links, words
from evalkit.text import Token, fold, has_word, is_content_word, sentence_starts, similar, stem, stopwords, tokenize, zipf

Span = tuple[int, int]

# a sentence-initial capitalised word this common is an ordinary word ("Yesterday" 4.9, "However" 5.6);
# names that are also rare words stay below it ("Ferrari" 3.9, "Corona" 3.4). Set on the DEMETR tune half.
INITIAL_MAX_ZIPF = 4.0
LOOK_ALIKE = 0.75  # folded similarity at which a target name renders a source word (as single_name_flags)
_RUN_GAP = re.compile(r"[ \u00a0-]?")  # words of one name: adjacent, or joined by a space or hyphen ("Newton-John")


def has_source_counterpart(word: str, src: str, src_lang: str, tgt_lang: str,
                           dic: BilingualDictionary | None) -> bool:
    """The source holds this target word (or run of words): the same or a look-alike word, an
    equivalent or anagram acronym (HIV/VIH), or a known rendering (ISO country names, dictionary)."""
    from evalkit.flag.entities import acronyms, near_miss

    norm = fold(word)
    src_fold = fold(src)
    src_words = [t.norm for t in tokenize(src)]
    if norm in src_words or any(len(u) >= 4 and similar(norm, u) >= LOOK_ALIKE for u in src_words):
        return True
    if len(norm) >= 4 and norm in src_fold:
        return True
    if word.isupper() and any(a == word or near_miss(a, word) or word in acronym_equivalents().get(a, ())
                              for a, _, _ in acronyms(src)):
        return True
    if any(has_word(src_fold, n) for n in country_names(tgt_lang, src_lang).get(norm, ())):
        return True
    if dic is not None and " " not in word and dic.supports(tgt_lang, src_lang):
        src_stems = {stem(u, src_lang) for u in src_words}
        return bool(dic.translations(word, tgt_lang, src_lang) & src_stems)
    return False


def _name_like(tok: Token, starts: set[int], lang: str) -> bool:
    """Written as a name: capitalised, not a function word, and not merely the capital of a
    sentence's first word (a rare word there may be a name: "Ferrari has said...")."""
    if not tok.text[0].isupper() or len(tok.text) < 2 or tok.norm in stopwords(lang):
        return False
    return tok.start not in starts or zipf(tok.text.lower(), lang) < INITIAL_MAX_ZIPF


def capitalised_runs(tgt: str, tgt_lang: str) -> list[list[Token]]:
    """Runs of adjacent name-like target words ("Quentin Chabert", "Newton-John", "Ferrari");
    titles and honorifics ("President", "Mr") are not part of a name here and split runs.

    Unlike :func:`evalkit.flag.entities.name_runs` (multi-word names with connectors, for
    first-name checks), a single word is a run: most replaced names are one word."""
    from evalkit.flag.entities import HONORIFICS, NOT_GIVEN_NAMES, is_heading

    if is_heading(tgt):
        return []
    toks = tokenize(tgt)
    starts = sentence_starts(tgt)
    runs: list[list[Token]] = []
    prev = False
    for k, t in enumerate(toks):
        ok = _name_like(t, starts, tgt_lang) and t.norm not in HONORIFICS and t.norm not in NOT_GIVEN_NAMES
        if ok and prev and _RUN_GAP.fullmatch(tgt[toks[k - 1].end:t.start]):
            runs[-1].append(t)
        elif ok:
            runs.append([t])
        prev = ok
    return runs


def unmatched_names(src: str, tgt: str, src_lang: str, tgt_lang: str,
                    dic: BilingualDictionary | None = None) -> list[Span]:
    """Spans of target names none of whose words, nor the whole, has a source counterpart
    ("United States" for "Estados Unidos" has one: "States" looks like "Estados")."""
    out: list[Span] = []
    for run in capitalised_runs(tgt, tgt_lang):
        whole = tgt[run[0].start:run[-1].end]
        if any(has_source_counterpart(w, src, src_lang, tgt_lang, dic) for w in [whole] + [t.text for t in run]):
            continue
        out.append((run[0].start, run[-1].end))
    return out


def anchors(src: str, tgt: str, src_lang: str, tgt_lang: str, src_start: int,
            dic: BilingualDictionary | None = None) -> list[int]:
    """Target offsets where the missing item should sit: the target words lexically linked to the
    nearest linked source content word on each side of ``src_start`` (its neighbours are kept
    when it is replaced: "said Ricardo Salazar, a journalist" -> "said Quentin Chabert, a journalist")."""
    s_toks, t_toks, links = text_links(src, tgt, src_lang, tgt_lang, dic)
    partners: dict[int, list[int]] = {}
    for i, j in links:
        if is_content_word(s_toks[i].text, src_lang) and is_content_word(t_toks[j].text, tgt_lang):
            partners.setdefault(i, []).append(j)
    left = max((i for i in partners if s_toks[i].end <= src_start), default=None)
    right = min((i for i in partners if s_toks[i].start > src_start), default=None)
    out = [t_toks[j].end for j in partners.get(left, [])] if left is not None else []
    return out + ([t_toks[j].start for j in partners[right]] if right is not None else [])


def nearest(candidates: list[Span], src_start: int, src_len: int, tgt_len: int,
            near: list[int] | None = None) -> Span | None:
    """The candidate closest to the ``near`` anchors (characters), ties and no anchors broken by
    the relative position closest to the source item's (None if no candidate)."""
    if not candidates:
        return None
    at = src_start / max(src_len, 1)

    def key(c: Span) -> tuple[int, float]:
        gap = min((max(c[0] - a, a - c[1], 0) for a in near), default=0) if near else 0
        return gap, abs(c[0] / max(tgt_len, 1) - at)

    return min(candidates, key=key)


COMMON_ZIPF = 4.5  # a capitalised word this frequent is more likely a title word ("Hospital") than a name


def title_words_only(tgt: str, span: Span, lang: str) -> bool:
    """Every word of the span is a common word of ``lang`` ("Children", "Hospital", "Speaker")."""
    return all(zipf(t.text.lower(), lang) >= COMMON_ZIPF for t in tokenize(tgt[span[0]:span[1]]))


def name_stand_in(src: str, tgt: str, src_lang: str, tgt_lang: str, src_start: int,
                  dic: BilingualDictionary | None = None) -> Span | None:
    """The target name that most likely replaced the source name at ``src_start``, if any.

    Among several, a run holding a rare word ("Canary Islands") comes before capitalised common
    words ("Children's Hospital"), then the one nearest the missing name's linked neighbours."""
    cands = unmatched_names(src, tgt, src_lang, tgt_lang, dic)
    if len(cands) > 1:
        rare = [c for c in cands if not title_words_only(tgt, c, tgt_lang)]
        cands = rare or cands
    near = anchors(src, tgt, src_lang, tgt_lang, src_start, dic) if len(cands) > 1 else None
    return nearest(cands, src_start, len(src), len(tgt), near)


def acronym_stand_in(src: str, tgt: str, src_start: int, src_acronyms: set[str],
                     tgt_acronyms: list[tuple[str, int, int]]) -> Span | None:
    """The target acronym with no source counterpart nearest to the missing source acronym."""
    src_fold = fold(src)
    free = [(s, e) for a, s, e in tgt_acronyms if a not in src_acronyms and fold(a) not in src_fold]
    return nearest(free, src_start, len(src), len(tgt))


NEXT_WORDS = 2  # how far after a negation its verb may come ("n'a pas signé", "nicht unterschrieben")


def negated_words(src: str, neg: Span, src_lang: str) -> list[int]:
    """Indices (in :func:`wordalign.words`) of the source words a negation bears on: the
    content words between its ends ("ne signe pas"; a one-word cue, "kein", has none), else
    the content words just after it ("pas signé", "kein größeres Comeback"), nearest first."""
    toks = words(src)
    span = [i for i, t in enumerate(toks) if neg[0] <= t.start < neg[1]]
    inside = [i for i in span[1:-1] if is_content_word(toks[i].text, src_lang)]  # the cue's own words are its ends
    if inside:
        return inside
    after = [i for i, t in enumerate(toks) if t.start >= neg[1]][:NEXT_WORDS]
    return [i for i in after if is_content_word(toks[i].text, src_lang)]


def word_vectors(embedder: Any) -> TokenVectors | None:
    """Word vectors from ``embedder`` (None without one, or for one with no token vectors: USE)."""
    return TokenVectors(embedder) if embedder is not None and hasattr(embedder, "encode_tokens") else None


def negation_stand_in(src: str, tgt: str, src_lang: str, tgt_lang: str, neg: Span,
                      dic: BilingualDictionary | None = None,
                      vectors: Callable[[], TokenVectors | None] | None = None) -> Span | None:
    """The target word the word alignment links to the word the source negation bears on.

    Lexical links first (identical strings, dictionary, cognates: precise); when they find
    nothing, the embedder's vector links (``vectors``, called only then: a forward pass per side)
    for verbs the dictionary does not know ("rouvrira" / "reopen")."""
    which = negated_words(src, neg, src_lang)
    if not which:
        return None
    _, t_toks, links = text_links(src, tgt, src_lang, tgt_lang, dic)
    found = _first_partner(which, links, t_toks, tgt_lang)
    vecs = vectors() if found is None and vectors is not None else None
    if vecs is not None:
        found = _first_partner(which, align(src, tgt, src_lang, tgt_lang, vecs, dic).vector_links, t_toks, tgt_lang)
    return found


def _first_partner(which: list[int], links: set[tuple[int, int]], t_toks: list[Token], tgt_lang: str) -> Span | None:
    """The first target content word linked to the nearest of ``which`` that has a partner."""
    for i in which:
        linked = sorted(j for a, j in links if a == i and is_content_word(t_toks[j].text, tgt_lang))
        if linked:
            return t_toks[linked[0]].start, t_toks[linked[0]].end
    return None


__all__ = ["acronym_stand_in", "anchors", "capitalised_runs", "name_stand_in", "negated_words", "negation_stand_in", "nearest", "unmatched_names",
           "word_vectors"]
