"""Content that a translation should carry over: numbers, names, negation, tense.

Cheap, language-pair-general checks used as quality-estimation features (the
span-level flags with evidence come from :mod:`evalkit.flag`). Each returns a
count of mismatches, so that two candidates of one source compare directly.
"""

from __future__ import annotations

import re
from collections import Counter

from evalkit.score.fluency import words
from evalkit.text import zipf
from evalkit.text.numbers import NUMBER_RE, number_key

NEGATION = {
    "en": re.compile(r"\b(?:not|no|never|none|nothing|nobody|neither|nor|without|cannot)\b|n['’]t\b", re.I),
    # "ne" is left out: it always comes with one of these ("ne ... pas" is one negation).
    "fr": re.compile(r"\b(?:pas|jamais|aucun|aucune|rien|nul|nulle|sans|ni|non)\b", re.I),
}


def numbers(text: str) -> Counter:
    """Digit numbers of ``text`` by value ('1 200' and '1,200' are one number)."""
    return Counter(number_key(m.group()) for m in NUMBER_RE.finditer(text))


def number_mismatches(src: str, hyp: str) -> int:
    """Numbers of one side missing from the other (0 when the digits read the same in order,
    which forgives '12 h 00' vs '1200' and '3,5' vs '3.5')."""
    if re.sub(r"\D", "", src) == re.sub(r"\D", "", hyp):
        return 0
    a, b = numbers(src), numbers(hyp)
    return max(1, sum(((a - b) + (b - a)).values()))


# Words English capitalises that French writes in lowercase (so they are not names).
CAPITALISED_COMMON = {
    "en": {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
           "sunday", "i"},
}


def _strip_possessive(w: str) -> str:
    return re.sub(r"['’]s$", "", w)


def name_like(text: str, lang: str) -> set[str]:
    """Capitalised words that are not a sentence-initial common word: names, acronyms."""
    out = set()
    ws = [_strip_possessive(w) for w in words(text)]
    skip = CAPITALISED_COMMON.get(lang, set())
    for i, w in enumerate(ws):
        if len(w) < 2 or not w[0].isupper() or w.lower() in skip:
            continue
        if i == 0 and not w.isupper() and zipf(w.lower(), lang) >= 3.0:
            continue
        out.add(w)
    return out


def name_mismatches(src: str, hyp: str, src_lang: str, tgt_lang: str) -> tuple[int, int]:
    """(source names absent from the translation, translation names absent from the source).

    Names are compared case-insensitively; a name translated on purpose
    ('Allemagne' -> 'Germany') counts too, which is harmless when comparing
    two translations of one source (both pay it) and small noise otherwise.
    """
    s, h = name_like(src, src_lang), name_like(hyp, tgt_lang)
    hyp_low = {_strip_possessive(w).lower() for w in words(hyp)}
    src_low = {_strip_possessive(w).lower() for w in words(src)}
    missing = sum(1 for w in s if w.lower() not in hyp_low)
    extra = sum(1 for w in h if w.lower() not in src_low)
    return missing, extra


def negation_count(text: str, lang: str) -> int:
    pat = NEGATION.get(lang)
    if pat is None:
        return 0
    return len(pat.findall(text))


def negation_mismatch(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    return abs(negation_count(src, src_lang) - negation_count(hyp, tgt_lang))


# Tense and aspect markers. French marks future and conditional in the verb ending; English
# with auxiliaries. An English progressive needs an imperfective source (imparfait, "en train de").
FUTURE = {
    "en": re.compile(r"\b(?:will|shall|won['’]t)\b|['’]ll\b|\bgoing to\b", re.I),
    "fr": re.compile(r"\b[a-zàâçéèêëîïôûù]{2,}(?:rai|ras|ra|rons|rez|ront)\b"),
}
CONDITIONAL = {
    "en": re.compile(r"\bwould\b|['’]d\b", re.I),
    "fr": re.compile(r"\b[a-zàâçéèêëîïôûù]{2,}r(?:ais|ait|ions|iez|aient)\b"),
}
PROGRESSIVE = {"en": re.compile(r"\b(?:am|is|are|was|were|be|been|being)\s+(?:(?:\w+ly|often|also|still|now|"
                                r"always|never|not|just|already|even)\s+)?\w{2,}ing\b", re.I)}
IMPERFECTIVE = {"fr": re.compile(r"\b[a-zàâçéèêëîïôûù]{2,}(?:ais|ait|ions|iez|aient)\b|\ben train de\b", re.I)}


def _count(table: dict, text: str, lang: str) -> int:
    pat = table.get(lang)
    return len(pat.findall(text)) if pat is not None else 0


def tense_mismatch(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    """Future / conditional markers present on one side and not the other."""
    return (abs(_count(FUTURE, src, src_lang) - _count(FUTURE, hyp, tgt_lang))
            + abs(_count(CONDITIONAL, src, src_lang) - _count(CONDITIONAL, hyp, tgt_lang)))


def aspect_excess(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    """Progressive forms of the translation beyond the imperfective forms of the source."""
    if tgt_lang not in PROGRESSIVE or src_lang not in IMPERFECTIVE:
        return 0
    return max(0, _count(PROGRESSIVE, hyp, tgt_lang) - _count(IMPERFECTIVE, src, src_lang))


def preservation_cues(src: str, hyp: str, src_lang: str, tgt_lang: str) -> dict[str, float]:
    missing, extra = name_mismatches(src, hyp, src_lang, tgt_lang)
    return {
        "number_mismatches": float(number_mismatches(src, hyp)),
        "names_missing": float(missing),
        "names_extra": float(extra),
        "negation_mismatch": float(negation_mismatch(src, hyp, src_lang, tgt_lang)),
        "tense_mismatch": float(tense_mismatch(src, hyp, src_lang, tgt_lang)),
        "aspect_excess": float(aspect_excess(src, hyp, src_lang, tgt_lang)),
    }
