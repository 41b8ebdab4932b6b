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
from evalkit.text.profiles import profile
from evalkit.text.numbers import NUMBER_RE, number_key

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


def _strip_possessive(w: str) -> str:
    return re.sub(r"['’]s$", "", w)


def name_like(text: str, lang: str) -> set[str]:
    """Capitalised words that are not a sentence-initial common word: names, acronyms."""
    out = set()
    ws = [_strip_possessive(w) for w in words(text)]
    skip = profile(lang).words("fluency.capitalised_common")  # English "Monday", "I": not names
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
    pat = profile(lang).regex("negation.count")
    if pat is None:
        return 0
    return len(pat.findall(text))


def negation_mismatch(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    return abs(negation_count(src, src_lang) - negation_count(hyp, tgt_lang))


# Tense and aspect markers (each profile's ``tense`` table). French marks future and conditional
# in the verb ending, English with auxiliaries. An English progressive needs an imperfective
# source (imparfait, "en train de").
def _count(key: str, text: str, lang: str) -> int:
    pat = profile(lang).regex(f"tense.{key}")
    return len(pat.findall(text)) if pat is not None else 0


def tense_mismatch(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    """Future / conditional markers present on one side and not the other."""
    return (abs(_count("future_count", src, src_lang) - _count("future_count", hyp, tgt_lang))
            + abs(_count("conditional_count", src, src_lang) - _count("conditional_count", hyp, tgt_lang)))


def aspect_excess(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    """Progressive forms of the translation beyond the imperfective forms of the source."""
    if not profile(tgt_lang).has("tense.progressive") or not profile(src_lang).has("tense.imperfective"):
        return 0
    from evalkit.flag.tense import imperfective_count

    return max(0, _count("progressive", hyp, tgt_lang) - imperfective_count(src, src_lang))


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
