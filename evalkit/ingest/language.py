"""Refuse a document whose text is clearly not in its declared language.

Swapped ``--src-lang``/``--tgt-lang`` or a wrong ``lang`` in pair.toml would
otherwise run the whole pipeline and produce a plausible-looking but
meaningless report. The check is deliberately conservative: it only fires on
documents with enough function words (:data:`MIN_WORDS`) that another language
wins with high confidence (:data:`MIN_CONFIDENCE`); short or mixed texts, and
a French document quoting some English, pass.
"""

from __future__ import annotations

from evalkit.errors import InputError, LanguageMismatchError
from evalkit.langid import LANGUAGES, guess_language

MIN_WORDS = 40  # function words: about three ordinary sentences
MIN_CONFIDENCE = 0.9


def check_language_code(lang: str, declared_by: str = "lang") -> None:
    """Refuse a language code the word lists do not know ("zz", "FR", "french").

    Every stage looks words up by language (wordfreq, stemmers, lexicons), so an
    unknown code would otherwise fail deep inside with a traceback.
    """
    import wordfreq

    known = wordfreq.available_languages()
    if lang in known:
        return
    hint = f"use {lang.lower()!r}" if lang.lower() in known else "use an ISO 639-1 code such as fr, en, es, de, it, pt, nl"
    raise InputError(f"unknown language code {lang!r} ({declared_by}): {hint}")


def check_declared_language(text: str, lang: str, name: str) -> None:
    """Raise :class:`LanguageMismatchError` when ``text`` is clearly not in ``lang``."""
    if lang not in LANGUAGES:
        return  # no profile for the declared language: nothing reliable to compare with
    guess = guess_language(text, min_words=MIN_WORDS)
    if guess.lang in LANGUAGES and guess.lang != lang and guess.confidence >= MIN_CONFIDENCE:
        raise LanguageMismatchError(name, lang, guess.lang, guess.confidence)
