"""Numbers written in digits: one locale-aware reader for every stage.

A French "1 500,25", a German "1.500,25" and an English "1,500.25" are one value; a lone
"1,500" is 1500 in English but could be 1.5 in French. The aligner's anchors, the scoring
stage's preservation counts and the number detector all read digits here, so they agree on
what a number is. Spelt-out numbers, scales ("10 milliards"), currencies and times are the
number detector's business (:mod:`evalkit.flag.numbers`), built on this reader.

Why not Babel's ``parse_decimal``: it rejects the mixed conventions real translations
carry ("10 000" in an English text, "1,5" in an English copy of a French figure), and a
flag needs the *other* reading of an ambiguous string, which a strict parser cannot give.
"""

from __future__ import annotations

import re

# Spaces that group thousands: plain, no-break, narrow no-break, thin.
GROUP_SPACE = "[ \u00a0\u202f\u2009]"
NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:{GROUP_SPACE}\d{{3}})+(?:,\d+)?"  # 1 500 / 1 500,25
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"  # 1,500 / 1,500.25
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])"  # 1.500 / 1.500,25
    r"|\d+(?:[.,]\d+)?)(?![\d])"  # 1500 / 3,5 / 3.5
)
# Languages that write a decimal point and group with commas; the others write a decimal comma.
DECIMAL_POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ga", "mt"})


def parse_number(token: str, lang: str | None = None) -> tuple[float, float | None]:
    """The value of a digit string under ``lang``'s conventions, and another reading if ambiguous.

    ``lang=None`` reads a lone separator followed by three digits as grouping ("1.500",
    "1,500" -> 1500, alternative 1.5), the safer guess when the language is unknown.
    """
    t = re.sub(GROUP_SPACE, "", token)
    point_lang = lang in DECIMAL_POINT_LANGS and t == token  # "1 500,25": space groups, so the comma is decimal
    if "," in t and "." in t:  # both: the last one is the decimal separator
        decimal = "," if t.rfind(",") > t.rfind(".") else "."
        group = "." if decimal == "," else ","
        return float(t.replace(group, "").replace(decimal, ".")), None
    if "," in t:
        head, _, tail = t.rpartition(",")
        grouped = float(t.replace(",", ""))
        if point_lang or (len(tail) == 3 and (t.count(",") > 1 or lang is None)):
            return grouped, (float(t.replace(",", ".")) if t.count(",") == 1 else None)
        return float(head.replace(",", "") + "." + tail), (grouped if len(tail) == 3 else None)
    if "." in t:
        head, _, tail = t.rpartition(".")
        if not point_lang and len(tail) == 3 and not head.startswith("0"):
            return float(t.replace(".", "")), (float(t) if t.count(".") == 1 else None)
        if t.count(".") > 1:
            return float(t.replace(".", "")), None
        return float(t), (float(t.replace(".", "")) if len(tail) == 3 else None)
    return float(t), None


def number_key(token: str, lang: str | None = None) -> str:
    """A canonical string of the value: '10 000', '10,000' and '10000' -> '10000'; '3,5' -> '3.5'."""
    value, _ = parse_number(token, lang)
    return str(int(value)) if value.is_integer() else repr(value)


def digit_numbers(text: str, lang: str | None = None) -> list[tuple[int, int, float, float | None]]:
    """(start, end, value, alternative) of every digit number in ``text``."""
    out = []
    for m in NUMBER_RE.finditer(text):
        value, alt = parse_number(m.group(), lang)
        out.append((m.start(), m.end(), value, alt))
    return out
