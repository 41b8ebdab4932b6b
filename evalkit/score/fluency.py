"""Surface fluency cues of a translation, from word statistics rather than a model.

A language model is too heavy for a CPU tool, but most surface damage is
visible with word frequencies (wordfreq) and a few typographic rules: unknown
or misspelt words, repeated words, lost sentence-final punctuation, tokenised
punctuation (" ,"), broken casing (a name of the source written in lowercase)
and stray question/exclamation marks. Each cue is a count, so two candidate
translations of the same source compare directly.
"""

from __future__ import annotations

import re

from evalkit.text import ELIDED_WORD_RE, zipf
from evalkit.text.profiles import profile

END_PUNCT = tuple('.!?…:;"\'»)”’')


def words(text: str) -> list[str]:
    return ELIDED_WORD_RE.findall(text)


def unknown_words(text: str, lang: str, threshold: float = 1.5) -> list[str]:
    """Lowercase words wordfreq barely knows: misspellings, truncations, foreign words.

    Capitalised words are left out (names are legitimately rare).
    """
    return [w for w in words(text) if w.islower() and len(w) > 1 and zipf(w, lang) < threshold]


def rarity(text: str, lang: str) -> float:
    """Sum over lowercase words of how far below a common word's frequency they are."""
    return float(sum(max(0.0, 3.0 - zipf(w, lang)) for w in words(text) if w.islower()))


def repeated_words(text: str) -> int:
    ws = [w.lower() for w in words(text)]
    return sum(1 for a, b in zip(ws, ws[1:]) if a == b and a not in {"that", "had", "vous", "nous"})


def missing_end_punct(src: str, hyp: str) -> int:
    s, h = src.rstrip(), hyp.rstrip()
    return int(bool(s) and bool(h) and s.endswith(END_PUNCT) and not h.endswith(END_PUNCT))


def tokenised_punct(text: str, lang: str) -> int:
    # spacing only tokenised text has (profile ``fluency.tokenised``; English's rule by default:
    # French puts a space before ; : ? !, English before nothing)
    pat = profile(lang).regex("fluency.tokenised") or profile("en").regex("fluency.tokenised")
    return len(pat.findall(text))


def stray_marks(src: str, hyp: str) -> int:
    """'?' or '!' inside the translation beyond those of the source, and mood changes."""
    extra = sum(max(0, hyp.count(c) - src.count(c)) for c in "?!")
    mood = int(src.rstrip().endswith("?") != hyp.rstrip().endswith("?"))
    return extra + mood


# Words whose spelling misleads the a/an rule (silent h, "you"-sounding u/eu, "w"-sounding o).
AN_BEFORE = re.compile(r"^(?:hour|honest|honou?r|heir|herb)", re.I)
A_BEFORE = re.compile(r"^(?:u[bcdfgklmnprstvz][aeiou]|uni|use|usu|uti|ure|eu|one\b|once)", re.I)


def article_errors(text: str, lang: str) -> int:
    """English a/an before the wrong sound (profile ``fluency.article_rule = "a-an"``); words a
    language elides before a vowel left whole (profile ``fluency.unelided``: French le/la/de/que...)."""
    prof = profile(lang)
    if prof.get("fluency.article_rule") == "a-an":
        n = 0
        for art, word in re.findall(r"\b(a|an|A|An)\s+([A-Za-z][\w-]*)", text):
            if word.isupper() and len(word) > 1:  # acronyms are read letter by letter: skip
                continue
            vowel = word[0].lower() in "aeiou"
            if art.lower() == "an" and not vowel and not AN_BEFORE.match(word):
                n += 1
            elif art.lower() == "a" and vowel and not A_BEFORE.match(word):
                n += 1
        return n
    unelided = prof.regex("fluency.unelided")
    return len(unelided.findall(text)) if unelided is not None else 0


def extra_punct(src: str, hyp: str) -> int:
    """Commas, semicolons and colons beyond those of the source (inserted punctuation)."""
    return sum(max(0, hyp.count(c) - src.count(c)) for c in ",;:")


def untranslated_words(src: str, hyp: str, src_lang: str, tgt_lang: str) -> int:
    """Words copied from the source that belong to the source language, not the target one
    (code-mixing, untranslated words); names and numbers are not counted (lowercase only)."""
    src_words = {w.lower() for w in words(src)}
    return sum(1 for w in words(hyp) if w.islower() and len(w) > 2 and w in src_words
               and zipf(w, src_lang) > zipf(w, tgt_lang) + 1.0)


def case_anomalies(src: str, hyp: str) -> int:
    """Casing damage: a lowercase sentence start, or a capitalised/acronym word of the source
    that reappears in lowercase in the translation (names and acronyms are usually kept)."""
    n = 0
    first = next((c for c in hyp.lstrip() if c.isalpha()), "")
    src_first = next((c for c in src.lstrip() if c.isalpha()), "")
    if first and first.islower() and (not src_first or src_first.isupper()):
        n += 1
    hyp_words = set(words(hyp))
    src_words = words(src)
    for i, w in enumerate(src_words):
        if len(w) < 2 or not w[0].isupper() or (i == 0 and not w.isupper()):
            continue
        if w not in hyp_words and w.lower() in hyp_words:
            n += 1
    return n


def fluency_cues(src: str, hyp: str, tgt_lang: str, src_lang: str | None = None) -> dict[str, float]:
    """All cues for one segment (counts; 0 is clean)."""
    return {
        "untranslated": float(untranslated_words(src, hyp, src_lang, tgt_lang)) if src_lang else 0.0,
        "extra_punct": float(extra_punct(src, hyp)),
        "article_errors": float(article_errors(hyp, tgt_lang)),
        "unknown_words": float(len(unknown_words(hyp, tgt_lang))),
        "rarity": rarity(hyp, tgt_lang),
        "repeated_words": float(repeated_words(hyp)),
        "missing_end_punct": float(missing_end_punct(src, hyp)),
        "tokenised_punct": float(tokenised_punct(hyp, tgt_lang)),
        "stray_marks": float(stray_marks(src, hyp)),
        "case_anomalies": float(case_anomalies(src, hyp)),
    }
