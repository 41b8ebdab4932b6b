"""Guess the language of a text from its function words, with a confidence.

Why not a language-ID model: evalkit only needs to tell apart a handful of
European languages on texts that are sentences or whole documents, and to
catch *swapped* or *wrong* language declarations. Function words ("the", "de",
"und", "het") settle that reliably and need no model download: their
frequencies come from ``wordfreq``'s top words for each language, so adding a
language is one entry in :data:`LANGUAGES`.

The model is naive Bayes over those words. Long texts are cut into chunks of
:data:`CHUNK` function words; each chunk gets a (tempered) posterior over the
candidate languages and the confidence is the mean posterior of the winner,
weighted by chunk size. So a French document that quotes some English is
still French with a lower confidence, and a half-and-half text comes out
"unknown" (mixed) instead of a coin toss. Texts with fewer than ``min_words``
function words are "unknown" (too short).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

LANGUAGES: dict[str, str] = {
    "fr": "French",
    "en": "English",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
UNKNOWN = "unknown"
TOP_WORDS = 300  # per language: the function words and the most common verbs
CHUNK = 20  # function words per vote
TEMPERATURE = 4.0  # naive Bayes is overconfident: soften each chunk's posterior
FLOOR = 1e-6  # frequency of a word a language never uses (wordfreq's floor is ~1e-8)
MIXED_BELOW = 0.6  # a winner weaker than this means the text mixes languages

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Guess:
    """The guessed language (or "unknown"), its confidence in [0, 1], and why."""

    lang: str
    confidence: float
    words: int  # function words seen
    reason: str = ""

    @property
    def name(self) -> str:
        return language_name(self.lang)


def language_name(lang: str) -> str:
    """English name of a language code ("fr" -> "French"); the code itself if unknown."""
    return LANGUAGES.get(lang, lang)


@lru_cache(maxsize=64)
def _table(langs: tuple[str, ...], cache_dir: str | None = None) -> dict[str, tuple[float, ...]]:
    """word -> log-frequency in each of ``langs``: the union of their top words.

    Building it loads wordfreq's list for every candidate language (1-2 s), so the table is
    kept in evalkit's cache, keyed by the wordfreq version, the languages and this module."""
    from importlib.metadata import version

    from evalkit.models import derived

    key = derived.store_key([version("wordfreq"), ",".join(langs), str(TOP_WORDS), repr(FLOOR), Path(__file__)])
    return derived.cached("langid", key, lambda: _build_table(langs), decode=lambda v: _decode(v, len(langs)),
                          cache_dir=cache_dir)


def table_sets() -> list[tuple[str, ...]]:
    """The candidate sets a run asks about: every language (whole documents), and each ordered
    pair (a segment in one language that may read as another)."""
    langs = tuple(LANGUAGES)
    return [langs] + [(a, b) for a in langs for b in langs if a != b]


def _build_table(langs: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    import wordfreq  # loaded on first use: `evalkit --help` must stay fast

    vocab: set[str] = set()
    for lang in langs:
        vocab.update(w for w in wordfreq.top_n_list(lang, TOP_WORDS) if _WORD.fullmatch(w))
    return {
        w: tuple(math.log(max(wordfreq.word_frequency(w, lang), FLOOR)) for lang in langs) for w in sorted(vocab)
    }


def _decode(stored: dict, n: int) -> dict[str, tuple[float, ...]]:
    table = {w: tuple(float(x) for x in v) for w, v in stored.items()}
    if not table or any(len(v) != n for v in table.values()):
        raise ValueError("language-ID table of the wrong shape")
    return table


def function_words(text: str, langs: Sequence[str]) -> list[str]:
    """The words of ``text`` that are among the top words of one of ``langs`` (lower-cased)."""
    table = _table(tuple(langs))
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if w in table]


def _posterior(words: Iterable[str], table: dict[str, tuple[float, ...]], n: int) -> list[float]:
    scores = [0.0] * n
    for w in words:
        for i, lp in enumerate(table[w]):
            scores[i] += lp
    top = max(scores)
    exps = [math.exp((s - top) / TEMPERATURE) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def guess_language(text: str, candidates: Sequence[str] | None = None, *, min_words: int = 8) -> Guess:
    """The most likely of ``candidates`` (default: every supported language) for ``text``.

    Returns ``Guess("unknown", ...)`` when the text has fewer than ``min_words``
    function words or when no language wins clearly (mixed text).
    """
    langs = tuple(dict.fromkeys(candidates or LANGUAGES))
    supported = tuple(lang for lang in langs if lang in LANGUAGES)
    if len(supported) < 2:
        return Guess(UNKNOWN, 0.0, 0, "fewer than two supported candidate languages")
    table = _table(supported)
    words = function_words(text, supported)
    if len(words) < min_words:
        return Guess(UNKNOWN, 0.0, len(words), f"too short ({len(words)} function words)")
    chunks = [words[i:i + CHUNK] for i in range(0, len(words), CHUNK)]
    if len(chunks) > 1 and len(chunks[-1]) < CHUNK // 2:
        tail = chunks.pop()
        chunks[-1] = chunks[-1] + tail
    mass = [0.0] * len(supported)
    for chunk in chunks:
        for i, p in enumerate(_posterior(chunk, table, len(supported))):
            mass[i] += p * len(chunk)
    best = max(range(len(supported)), key=mass.__getitem__)
    confidence = mass[best] / len(words)
    if confidence < MIXED_BELOW:
        return Guess(UNKNOWN, confidence, len(words), f"mixed languages (best {supported[best]} at {confidence:.2f})")
    return Guess(supported[best], confidence, len(words))


WORDS_CAP = 200  # words looked up by guess_by_words: enough for a short text, bounded for a long one


def word_posterior(text: str, candidates: Sequence[str] | None = None) -> tuple[dict[str, float], int]:
    """P(language | every word of ``text``) over ``candidates`` (tempered naive Bayes on wordfreq
    frequencies), and the number of words read (the first :data:`WORDS_CAP`, one letter ones left out)."""
    from evalkit.text.wordstore import frequency  # wordfreq's answers, kept across runs

    langs = tuple(lang for lang in dict.fromkeys(candidates or LANGUAGES) if lang in LANGUAGES)
    words = [w for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) > 1][:WORDS_CAP]
    if not langs or not words:
        return {}, len(words)
    scores = [0.0] * len(langs)
    for w in words:
        for i, lang in enumerate(langs):
            scores[i] += math.log(max(frequency(w, lang), FLOOR))
    top = max(scores)
    exps = [math.exp((s - top) / TEMPERATURE) for s in scores]
    total = sum(exps)
    return {lang: e / total for lang, e in zip(langs, exps)}, len(words)


def guess_by_words(text: str, candidates: Sequence[str] | None = None, *, min_words: int = 2) -> Guess:
    """Like :func:`guess_language`, but over *every* word, for texts too short for function words.

    "Der Hund schläft." has one function word; its words together are German beyond doubt
    (wordfreq knows "hund" and "schläft" in German only). Names and numbers are shared by
    every language, so they weigh little.
    """
    post, n = word_posterior(text, candidates)
    if len(post) < 2:
        return Guess(UNKNOWN, 0.0, n, "fewer than two supported candidate languages")
    if n < min_words:
        return Guess(UNKNOWN, 0.0, n, f"too short ({n} words)")
    best = max(post, key=post.__getitem__)
    return Guess(best, post[best], n)
