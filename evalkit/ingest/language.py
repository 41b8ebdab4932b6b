"""Refuse a document whose text is clearly not in its declared language.

Swapped ``--src-lang``/``--tgt-lang`` or a wrong ``lang`` in pair.toml would
otherwise run the whole pipeline and produce a plausible-looking but
meaningless report. The check is deliberately conservative: it only fires on
documents with enough function words (:data:`MIN_WORDS`) that another language
wins with high confidence (:data:`MIN_CONFIDENCE`); mixed texts, and a French
document quoting some English, pass.

A text too short for that (a test set of a few lines, "Der Hund schläft.") is judged
on every word instead (:func:`evalkit.langid.word_posterior`): refused when another
language is near-certain and the declared one all but excluded (:data:`SHORT_REFUSE`),
otherwise a warning on the ``evalkit`` logger when the declared language is unlikely
(:data:`SHORT_WARN`), since a German test set run with the default ``--src-lang fr``
once passed with "source name 'Hund' is missing" flags.
"""

from __future__ import annotations

import logging
from pathlib import Path

from evalkit.errors import InputError, LanguageMismatchError
from evalkit.langid import LANGUAGES, UNKNOWN, guess_language, language_name, word_posterior

log = logging.getLogger(__name__)

MIN_WORDS = 40  # function words: about three ordinary sentences
MIN_CONFIDENCE = 0.9
DETECT_MIN_WORDS = 8  # function words: one ordinary sentence or two
DETECT_CONFIDENCE = 0.9  # below this a document's language is asked for, not guessed
# Shorter texts, all words read: (least words, best language at least, declared language at most).
# Calibrated on DEMETR-fr: whole French sources give P(fr) >= 0.92, English MT P(en) >= 0.998
# (the two DEMETR "French" sources that are Italian get P(fr) <= 0.0002); their first 2-5
# words alone never go below 0.0026 except those two. "Der Hund schläft." gives P(fr) 0.024.
SHORT_REFUSE = (3, 0.95, 0.01)
SHORT_WARN = (2, 0.8, 0.05)


def check_language_code(lang: str, declared_by: str = "lang") -> None:
    """Refuse a language code the word lists do not know ("zz", "FR", "french").

    Every stage looks words up by language (wordfreq, stemmers, lexicons), so an
    unknown code would otherwise fail deep inside with a traceback.
    """
    known = wordfreq_languages()
    if lang in known:
        return
    hint = f"use {lang.lower()!r}" if lang.lower() in known else "use an ISO 639-1 code such as fr, en, es, de, it, pt, nl"
    raise InputError(f"unknown language code {lang!r} ({declared_by}): {hint}")


def wordfreq_languages() -> set[str]:
    """The languages wordfreq has a list for (``wordfreq.available_languages()``'s codes), read from
    its data folder as wordfreq does, without importing it (~0.2 s a run)."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:  # pragma: no cover - an unusual wordfreq install: ask it
        import wordfreq

        return set(wordfreq.available_languages())
    known = set()
    for path in (Path(folders[0]) / "data").glob("*.msgpack.gz"):
        if not path.name.startswith("_"):
            name, lang = path.name.split(".")[0].split("_")
            if name in ("small", "large"):
                known.add(lang)
    return known


def check_declared_language(text: str, lang: str, name: str, declared_by: str | None = None) -> str | None:
    """Raise :class:`LanguageMismatchError` when ``text`` is clearly not in ``lang``; warn (log, and
    return the warning) when a text too short to be sure looks like another language.
    ``declared_by`` names the option that declared ``lang`` in the warning ("--src-lang fr")."""
    if lang not in LANGUAGES:
        return None  # no profile for the declared language: nothing reliable to compare with
    guess = guess_language(text, min_words=MIN_WORDS)
    if guess.lang in LANGUAGES and guess.lang != lang and guess.confidence >= MIN_CONFIDENCE:
        raise LanguageMismatchError(name, lang, guess.lang, guess.confidence)
    if guess.words >= MIN_WORDS:
        return None  # long enough, and not clearly another language
    post, n = word_posterior(text)
    best = max(post, key=post.__getitem__) if post else lang
    if best == lang:
        return None
    least, sure, excluded = SHORT_REFUSE
    if n >= least and post[best] >= sure and post[lang] <= excluded:
        raise LanguageMismatchError(name, lang, best, post[best])
    least, sure, excluded = SHORT_WARN
    if n >= least and post[best] >= sure and post[lang] <= excluded:
        warning = (f"{name}: looks like {language_name(best)} (confidence {post[best]:.2f}), not "
                   f"{language_name(lang)} as declared ({declared_by or f'lang {lang}'}), but {n} words are too few "
                   "to be sure: check the language (or pass --no-lang-check)")
        log.warning("warning: %s", warning)
        return warning
    return None


def detect_language(text: str, name: str, option: str = "--lang") -> str:
    """The language of a document given without one (``evalkit segment``/``check``), or a
    one-line error asking for ``option`` when the text is too short or too mixed to be sure:
    a wrong guess would silently run the wrong language's rules, so it is never a coin toss."""
    guess = guess_language(text, min_words=DETECT_MIN_WORDS)
    if guess.lang == UNKNOWN or guess.confidence < DETECT_CONFIDENCE:
        why = guess.reason or f"best guess {language_name(guess.lang)} at {guess.confidence:.2f}"
        raise InputError(f"{name}: cannot tell the language of this text ({why}): give it with {option}")
    log.info("%s: language: %s (detected, %s, confidence %.2f; %s to set it)", name, guess.lang,
             language_name(guess.lang), guess.confidence, option)
    return guess.lang


def check_lines_language(path, lines: list[str], lang: str, option: str, other_lang: str) -> str | None:
    """Refuse a line-aligned file clearly in another language than ``lang`` (declared by ``option``),
    with a hint when the two languages look swapped; the warning for a file too short to be sure,
    if any (``gate`` also puts it in its result)."""
    try:
        return check_declared_language("\n".join(lines), lang, str(path), f"{option} {lang}")
    except LanguageMismatchError as exc:
        hint = ("are --src-lang and --tgt-lang swapped?" if exc.guessed == other_lang
                else f"use {option} {exc.guessed} (or --no-lang-check)")
        raise InputError(exc.explain(f"{option} {lang}", hint)) from None
