"""Undo the damage PDF text extraction does to words, using word frequencies.

Two kinds of damage are repaired:

* a line break where the typesetter hyphenated a word and the hyphen was lost
  ("orga" / "nisé"): :func:`line_break` chooses between joining, joining with a
  hyphen and keeping the space by comparing how likely each reading is;
* a hyphen lost inside a line ("EtatsUnis", "atil", "militaroindustriel"):
  :func:`lost_hyphens` finds where hyphens belong in a word that is unknown
  (or far rarer than its parts) from general rules of the language (clitic
  inversions, hyphenating prefixes, combining forms, camel case) checked
  against the lexicon.

Nothing here knows any particular article's words.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from evalkit.ingest.lexicon import compounds, is_compound, zipf
from evalkit.text.profiles import profile

Choice = Literal["space", "join", "hyphen"]

_LETTERS = r"[^\W\d_]"
_TRAIL = re.compile(rf"({_LETTERS}+)$")
_LEAD = re.compile(rf"^({_LETTERS}+)")
_ELISION = "'’"
# French words that elide before a vowel ("l'", "qu'", "jusqu'"): they start words, never end them.
_ELIDED = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu"}
# Prior against joining: most line ends in justified text are plain spaces
# (1.0 zipf = joined reading 10x likelier than two words; every seed split clears 1.29).
_JOIN_MARGIN = 1.0
# A joined form this much rarer (zipf) than both halves is read as two words.
_RARER_THAN_HALVES = 1.4
# Typesetters never leave fewer than two letters on either side of a hyphenation.
_MIN_FRAGMENT = 2
# French inversion pronouns and demonstrative particles are attached with a hyphen.
_FR_CLITICS = (
    "elles",
    "elle",
    "ils",
    "il",
    "on",
    "je",
    "tu",
    "nous",
    "vous",
    "ce",
    "ci",
    "là",
    "même",
    "mêmes",
    "moi",
    "toi",
)
_FR_T_CLITICS = ("elles", "elle", "ils", "il", "on")
# Prefixes that take a hyphen before a word (ex-président, non-lieu, e-mail): the profile's hyphen_prefixes.


def _unknown(word: str, lang: str, *parts: str) -> bool:
    """``word`` is missing from the lexicon or much rarer than its parts."""
    zw = zipf(word, lang)
    if zw < 1.0:
        return True
    return zw < 3.0 and zw < min(zipf(p, lang) for p in parts) - 1.5


def lost_hyphens(word: str, lang: str) -> list[int]:
    """Indices in ``word`` before which a lost hyphen belongs (empty: leave it alone)."""
    if len(word) < 4 or "-" in word:
        return []
    low = word.lower()
    # camel case inside a word: EtatsUnis, RoyaumeUni
    for i in range(1, len(word) - 1):
        if word[i - 1].islower() and word[i].isupper() and word[i + 1].islower():
            a, b = word[:i], word[i:]
            if (
                len(a) >= 2
                and len(b) >= 2
                and zipf(a, lang) >= 3.0
                and 3.0 <= zipf(b, lang) < 6.0
                and _unknown(word, lang, a, b)
            ):
                return [i]
            return []
    if word[0].isupper() and not word.isupper() and lang != "fr":
        return []
    if lang == "fr":
        # (stem frequency, insertion points): a-t-il, rétorque-t-on / dit-il, ceux-ci, lui-même
        readings: list[tuple[float, list[int]]] = []
        for pron in _FR_T_CLITICS:
            stem = low[: -len(pron) - 1]
            if low.endswith("t" + pron) and stem and stem[-1] in "aeéiu" and zipf(stem, lang) >= 3.0:
                readings.append((zipf(stem, lang), [len(stem), len(stem) + 1]))
        for pron in _FR_CLITICS:
            stem = low[: -len(pron)]
            if low.endswith(pron) and len(stem) >= 2 and zipf(stem, lang) >= 3.0:
                readings.append((zipf(stem, lang), [len(stem)]))
        if readings:
            z, where = max(readings, key=lambda r: r[0])
            if _unknown(low, lang, low[: where[0]]):
                return where
    if word[0].isupper() and not word.isupper():
        return []  # a proper name: only the camel-case and clitic rules apply
    for pre in profile(lang).get("hyphen_prefixes", ()):  # ex-consultante, non-traduit, e-commerce
        rest = low[len(pre) :]
        floor = 3.5 if len(pre) == 1 else 2.5
        if low.startswith(pre) and len(rest) >= 3 and zipf(rest, lang) >= floor and _unknown(low, lang, rest):
            return [len(pre)]
    for i in range(4, len(low) - 3):  # militaro-industriel, franco-allemand
        a, b = low[:i], low[i:]
        if a.endswith("o") and 1.5 <= zipf(a, lang) < 5.0 and zipf(b, lang) >= 3.5 and zipf(low, lang) < 1.0:
            return [i]
    if compounds(lang) and zipf(low, lang) < 2.0:  # porte-parole, grand-père
        for i in range(2, len(low) - 1):
            if is_compound(low[:i] + "-" + low[i:], lang):
                return [i]
    return []


def _edge_words(left: str, right: str) -> tuple[str, str, str]:
    """(last word of the left line, first word of the right line, what follows it)."""
    lm = _TRAIL.search(left)
    rm = _LEAD.search(right)
    a = lm.group(1) if lm else ""
    b = rm.group(1) if rm else ""
    after = right[len(b) : len(b) + 1] if b else ""
    return a, b, after


def line_break(left: str, right: str, lang: str, doc_words: Counter[str] | None = None) -> Choice:
    """How to join two lines of a column whose line-end hyphens were lost.

    ``doc_words`` counts the lower-cased words found whole inside lines of the
    same document: a form the document itself uses ("EtatsUnis" on one line)
    is the best evidence for the same form split across a line end.
    """
    a, b, after = _edge_words(left.rstrip(), right.lstrip())
    if not a or not b:
        return "space"
    if after and after in _ELISION and b.lower() in _ELIDED:  # "de" / "l'ordre": never a word's end
        return "space"
    if after == "." and len(b) == 1 and b.isupper():  # "Stephen" / "E. Arnold": an initial
        return "space"
    if len(a) < _MIN_FRAGMENT or len(b) < _MIN_FRAGMENT:  # "a" / "mené" is "a mené"
        return "space"
    joined = a + b
    evidence = bool(doc_words and doc_words.get(joined.lower(), 0) > 0)
    if b[0].isupper():  # only a compound of capitalised words (Etats / Unis) continues a word
        if a[0].isupper() and is_compound(f"{a}-{b}", lang):
            return "hyphen"
        return "join" if evidence and a[0].isupper() else "space"
    za, zb, zj = zipf(a, lang), zipf(b, lang), zipf(joined, lang)
    if zj < 2.0 and is_compound(f"{a}-{b}", lang):
        return "hyphen"
    if evidence:
        zj = max(zj, 3.0)
    space = za + zb - 9.0 if za > 0 and zb > 0 else -5.0
    if zj == 0.0 and space < 0 and lost_hyphens(joined, lang):
        zj = 2.5  # a half that is no word, and a compound whose own hyphen was lost too (militaroin / dustriel)
    if za >= 3.0 and zb >= 3.0 and zj < min(za, zb) - _RARER_THAN_HALVES:
        return "space"  # "hot" / "spot": a joined form far rarer than both words is two words
    if zj > 0 and zj >= space + _JOIN_MARGIN:
        return "join"
    return "space"


def visible_hyphen_break(stem: str, right: str, lang: str, doc_words: Counter[str] | None = None) -> Choice:
    """A line ending in a real hyphen ("orga-" / "nisé"): drop it (join) or keep it (hyphen)."""
    lm = _TRAIL.search(stem)
    rm = _LEAD.search(right.lstrip())
    if not lm or not rm:
        return "hyphen"
    a, b = lm.group(1), rm.group(1)
    if b[0].isupper() or is_compound(f"{a}-{b}", lang):
        return "hyphen"
    if doc_words and doc_words.get(f"{a}-{b}".lower(), 0) > doc_words.get((a + b).lower(), 0):
        return "hyphen"
    za, zb, zj = zipf(a, lang), zipf(b, lang), zipf(a + b, lang)
    # most line-end hyphens are the typesetter's: keep one only between two common
    # words whose joined form is unknown or far rarer (well-known, long-term)
    if za >= 3.0 and zb >= 3.0 and (zj < 1.0 or zj < min(za, zb) - 2.0):
        return "hyphen"
    return "join"
