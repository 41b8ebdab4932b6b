"""Words: tokens with offsets, folding, stems, frequencies, stopwords.

Every stage compares words (across languages, against lexicons, between a repair's
readings), so they all need the same notion of a token (letters only, offsets kept so
flags can point at the text), the same normalisation (lower case, accents and curly
apostrophes folded) and one cached frequency look-up.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

WORD_RE = re.compile(r"[^\W\d_]+")  # letters only: "d'éloges" -> "d", "éloges"
ALNUM_RE = re.compile(r"[^\W_]+")  # letters or digits: "COVID-19" -> "COVID", "19"
ELIDED_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # apostrophes kept: "aujourd'hui", "don't"
HYPHENATED_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # and hyphens: "grand-père"
# Sentence ends: . ! ? followed by space(s) and an upper-case letter, digit or quote.
_SENT_RE = re.compile(r"(?<=[.!?…])(?:[ \u00a0\u202f]?[\"»”’)])?\s+(?=(?:[\"«“(][ \u00a0\u202f]?)?[A-ZÀ-ÝÉÈ0-9])")


_ABBREV = frozenset("mr mrs ms dr mme mlle mm st ste jr sr inc co corp ltd vs etc cf no pr prof gen col sgt lt capt gov sen rep".split())


@dataclass(frozen=True)
class Token:
    """A word with its offsets in the text it came from and its folded form."""

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return fold(self.text)


class _Uncombined(dict):
    """``str.translate`` table that deletes combining marks and keeps every other character.

    Filled one code point at a time on first sight, so a text is folded by one C-level pass
    instead of a Python test per character (the aligner folds every sentence of a book)."""

    def __missing__(self, cp: int) -> int | None:
        out = None if unicodedata.combining(chr(cp)) else cp
        self[cp] = out
        return out


_UNCOMBINED = _Uncombined()


@lru_cache(maxsize=100_000)
def fold(s: str) -> str:
    """Lower case, strip accents, normalise apostrophes: 'Éloges' -> 'eloges'."""
    if s.isascii():
        return s.lower()
    s = s.replace("’", "'").replace("‘", "'").lower()
    return unicodedata.normalize("NFKD", s).translate(_UNCOMBINED)


def tokenize(text: str) -> list[Token]:
    """Letter-only tokens: elisions and hyphens split ("d'éloges" -> "d", "éloges")."""
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    """Every detector tokenises the same bead (about ten times a segment): the tokens, frozen,
    are built once per text."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text))


def sentence_breaks(text: str) -> list[int]:
    """Offsets where a new sentence starts after sentence punctuation ("Mr. Roche" is no break)."""
    out = []
    for m in _SENT_RE.finditer(text):
        prev = re.search(r"(\w+)\W*$", text[max(0, m.start() - 40): m.start()])
        if prev and (len(prev.group(1)) == 1 or prev.group(1).lower() in _ABBREV):
            continue  # "Mr. Roche", "Stephen E. Arnold": not a sentence break
        out.append(m.end())
    return out


def sentence_starts(text: str) -> set[int]:
    """Offsets where a sentence starts (0, after leading quotes or dashes, and after sentence punctuation)."""
    return set(_sentence_starts(text))


@lru_cache(maxsize=8192)
def _sentence_starts(text: str) -> frozenset[int]:
    """:func:`sentence_starts` once per text (asked by several checks of the same bead)."""
    starts = {0, *sentence_breaks(text)}
    lead = re.match(r"[\s\"«“(\-–—\d.]*", text)
    if lead:
        starts.add(lead.end())
    return frozenset(starts)


def has_word(text: str, word: str) -> bool:
    """``word`` occurs in ``text`` as a whole word (or phrase): "CEO" in "the CEO said", not in "CEOs"."""
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def in_title(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is part of a capitalised name or title ("We Will not Build It", "Will Smith").

    True when the span itself is capitalised away from a sentence start, or when the words
    on both sides of it are capitalised with only spaces between: the words of a title are not
    the sentence's own. Punctuation ends a title ("Gingrich, current Speaker": "current" is the
    sentence's word).
    """
    starts = sentence_starts(text)
    before = list(WORD_RE.finditer(text[:start]))
    after = WORD_RE.search(text, end)
    if text[start:end][:1].isupper() and start not in starts:
        return True
    if before and after:
        b = before[-1]
        if text[b.end():start].strip() or text[end:after.start()].strip():
            return False
        b_cap = b.group()[:1].isupper() and b.start() not in starts
        return b_cap and after.group()[:1].isupper()
    return False


_STEMMERS = threading.local()  # Snowball stemmers keep the word being stemmed in the object


def _stemmer(lang: str):
    """This thread's Snowball stemmer for the stemmer the language's profile names (English for a
    language without one). One per thread: a stemmer object is not safe to share (two threads
    stemming at once read each other's word), and serve/batch threads share one Engine."""
    cache = getattr(_STEMMERS, "by_lang", None)
    if cache is None:
        cache = _STEMMERS.by_lang = {}
    if lang not in cache:
        import snowballstemmer

        from evalkit.text.profiles import profile

        try:
            cache[lang] = snowballstemmer.stemmer(profile(lang).get("stemmer") or "english")
        except KeyError:  # pragma: no cover - a profile naming a stemmer Snowball lacks
            cache[lang] = snowballstemmer.stemmer("english")
    return cache[lang]


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Snowball stem of the folded word ("armes" -> "arm", "weapons" -> "weapon"); a word an earlier
    run stemmed is read from :mod:`evalkit.text.wordstore`."""
    from evalkit.text import wordstore

    return wordstore.answer("stem", word, lang, _snowball_stem, str)


def _snowball_stem(word: str, lang: str) -> str:
    return fold(_stemmer(lang).stemWord(fold(word)))


@lru_cache(maxsize=500_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq Zipf frequency (log10 per billion words; 0 = unknown, 7 = 'the'); case-insensitive."""
    if not word:
        return 0.0
    from evalkit.text import wordstore  # wordfreq itself is loaded only for a word no run asked about before

    return wordstore.zipf(word, lang)


@lru_cache(maxsize=64)
def stopwords(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (its profile's ``stopwords``; empty for a language without one)."""
    from evalkit.text.profiles import profile

    return profile(lang).words("stopwords")


def is_content_word(tok: str, lang: str) -> bool:
    """A word that carries meaning: letters, 3+ chars, not a function word."""
    f = fold(tok)
    return len(f) >= 3 and f not in stopwords(lang) and f.isalpha()


def similar(a: str, b: str) -> float:
    """Character similarity of two folded words (difflib ratio), for cognates and near-misses."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def cased_like(word: str, like: str) -> str:
    """``word`` with a capital first letter when ``like`` has one: a suggestion takes the case of
    the words it replaces ("Insects" -> "Bees", "She" -> "He")."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
