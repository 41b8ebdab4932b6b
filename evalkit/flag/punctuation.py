"""Punctuation and typography of the target language, doubled words, unbalanced pairs.

Machine translation often keeps the source's typographic habits (a space before ":" or
"," in English, « » in English) or breaks sentences apart ("étrangers.qui"). These
checks need the target text only, so they run in `evalkit check` as well.
"""

from __future__ import annotations

import re

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import fold, stopwords
from evalkit.text.profiles import profile
from evalkit.records import Flag

_DOUBLE_PERIOD = re.compile(r"(?<![.])\.\.(?![.])")
_NO_SPACE_AFTER_STOP = re.compile(r"(?<=[a-zà-ÿ]{3})[.;](?=[a-zà-ÿ]{2,})")
_NO_SPACE_AFTER_PAREN = re.compile(r"\)(?=[^\W\d_])")
_JOINED = re.compile(r"(?<=[a-zà-ÿ]{3})([A-ZÀ-Ý][a-zà-ÿ]{1,4})\b")
_MIDSTOP_LOWER = re.compile(r"(?<=[A-Za-zà-ÿ]{2})\.\s+([a-zà-ÿ]+)")
_MID_QUESTION = re.compile(r"(?<=[a-zà-ÿ]{2})[ \u00a0]?[?!]\s+(?=(?:[a-zà-ÿ]{2,})\b)")
_DOUBLED = re.compile(r"\b([^\W\d_]+)(\s+|,\s+)\1\b(?:\2\1\b)*", re.I)
_TLD = re.compile(r"^(?:com|org|net|fr|uk|de|io|gov|edu|eu|be|ch|ca|info|html?|php|js|py|txt|pdf)$")
_QUOTES = re.compile(r"\"")
# Language typography comes from each profile's [punctuation] table: ``space_before`` (a space
# the typography never puts before , . ; ...), ``legit_doubles`` ("that that", "nous nous") and
# ``guillemets`` (« » are normal quotes in French, Spanish, Italian...; German uses » «): « »
# are flagged only where the profile says ``guillemets = false``.


def detect(index: int, text: str, lang: str) -> list[Flag]:
    """Typography flags for one target segment."""
    flags: list[Flag] = []

    def add(s: int, e: int, sev: str, msg: str, conf: float, cat: str = "punctuation", sugg: str | None = None) -> None:
        flags.append(make_flag(index, text, s, e, cat, sev, msg, "punctuation", conf, suggestion=sugg))

    prof = profile(lang)
    rx = prof.regex("punctuation.space_before")
    if rx:
        for m in rx.finditer(text):
            add(m.start(), m.end(), "minor", f"space before {m.group(1)!r} (not used in {lang} typography)", 0.75, sugg=m.group(1))
    if prof.get("punctuation.guillemets") is False:
        for m in re.finditer(r"[«»]", text):
            add(m.start(), m.end(), "minor", f"quotation mark « » (not used in {lang} typography)", 0.8, sugg='"')
    for m in _DOUBLE_PERIOD.finditer(text):
        add(m.start(), m.end(), "minor", "doubled full stop", 0.8, sugg=".")
    for m in _NO_SPACE_AFTER_STOP.finditer(text):
        after = re.match(r"[a-zà-ÿ]+", text[m.end():]).group()
        before = re.search(r"[\w.]+$", text[: m.start()]).group()
        if _TLD.match(after) or "www" in before or "@" in text[max(0, m.start() - 30): m.start()]:
            continue
        add(m.start(), m.end(), "minor", "missing space after punctuation (two sentences run together)", 0.7, sugg=m.group() + " ")
    for m in _NO_SPACE_AFTER_PAREN.finditer(text):
        add(m.start(), m.end() + 1, "minor", "missing space after closing bracket", 0.6)
    sw = stopwords(lang)
    for m in _JOINED.finditer(text):
        if fold(m.group(1)) in sw:
            add(m.start(1) - 1, m.end(1), "minor", "missing space between sentences (words run together)", 0.7)
    for m in _MIDSTOP_LOWER.finditer(text):
        prev = re.search(r"[^\W\d_]+$", text[: m.start()]).group()
        nxt = fold(m.group(1))
        if (len(prev) <= 3 and not prev.isupper()) or fold(prev) in {"etc", "env", "approx", "cf", "vol", "ibid", "inc", "corp", "ltd"}:
            continue
        if nxt in sw or len(nxt) > 2:
            add(m.start(), m.end(), "minor", "full stop inside a sentence (sentence broken in two)", 0.55)
    for m in _MID_QUESTION.finditer(text):
        add(m.start(), m.end(), "minor", "question or exclamation mark inside a sentence", 0.5)
    legit = prof.words("punctuation.legit_doubles")
    for m in _DOUBLED.finditer(text):
        w = m.group(1)
        if fold(w) in legit or (m.group(2).strip() == "," and not w[0].isupper()):
            continue
        add(m.start(), m.end(), "minor", f"doubled word {w!r}", 0.8, cat="repetition", sugg=w)
    flags.extend(_quote_flags(index, text, lang))
    flags.extend(_bracket_flags(index, text))
    return flags


def _quote_flags(index: int, text: str, lang: str) -> list[Flag]:
    """Straight quotes: unbalanced, or spaced the wrong way round (read by open/close parity)."""
    flags: list[Flag] = []
    pos = [m.start() for m in _QUOTES.finditer(text)]
    if not pos:
        return flags
    if len(pos) % 2:
        return flags  # a quotation running over several segments: parity unknown, say nothing
    for k, p in enumerate(pos):
        opening = k % 2 == 0
        before = text[p - 1] if p else " "
        after = text[p + 1] if p + 1 < len(text) else " "
        if opening and after == " " and p + 1 < len(text):
            flags.append(make_flag(index, text, p, p + 2, "punctuation", "minor", "space after opening quote", "punctuation", 0.6))
        elif opening and (before.isalpha()):
            flags.append(make_flag(index, text, p - 1, p + 2, "punctuation", "minor", "missing space before opening quote", "punctuation", 0.6))
        elif not opening and before in " \u00a0" and p > 0:
            flags.append(make_flag(index, text, p - 1, p + 1, "punctuation", "minor", "space before closing quote", "punctuation", 0.6))
        elif not opening and after.isalpha():
            flags.append(make_flag(index, text, p - 1, p + 2, "punctuation", "minor", "missing space after closing quote", "punctuation", 0.6))
    return flags


def _bracket_flags(index: int, text: str) -> list[Flag]:
    flags: list[Flag] = []
    for o, c in (("(", ")"), ("[", "]"), ("«", "»")):
        depth, first_bad = 0, None
        for i, ch in enumerate(text):
            if ch == o:
                depth += 1
            elif ch == c:
                depth -= 1
                if depth < 0 and first_bad is None:
                    first_bad = i
        if first_bad is not None or depth > 0:
            at = first_bad if first_bad is not None else text.rfind(o)
            flags.append(make_flag(index, text, at, at + 1, "punctuation", "minor", f"unbalanced {o}{c}", "punctuation", 0.5))
    return flags


class PunctuationDetector(BeadDetector):
    """Spacing, quotes, doubled words and punctuation of the target language (works without a source)."""

    name = "punctuation"
    modes = frozenset({"pair", "check"})
    needs_source = False

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair.index, pair.tgt, ctx.tgt_lang)
