"""Numbers, amounts, percentages and years: changed, missing or added, locale-aware.

Each side is parsed with its own language's conventions ("10 000" and "1,5" in French,
"10,000" and "1.5" in English), scale words are applied ("10 milliards" = "10 billion"),
number words are read ("seize" = "sixteen" = 16; each language profile's ``[numbers]``
table), then the two multisets of values are matched. Left-over values become flags: a source and a target value left in the same
bead is a *changed* number (critical), otherwise a *missing* or *added* one.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import fold, sentence_starts
from evalkit.text.profiles import languages, profile
from evalkit.text.numbers import GROUP_SPACE, NUMBER_RE, parse_number
from evalkit.records import Flag

_SP = GROUP_SPACE


@lru_cache(maxsize=64)
def _scale(lang: str) -> dict[str, float]:
    """Scale words ("milliards", "bn") of ``lang``'s profile, then those of every other profile
    (English first) for words it does not define: a figure's scale is often written the English way."""
    table: dict[str, float] = {}
    for code in (lang, "en", *languages()):
        for word, value in profile(code).section("numbers").get("scale", {}).items():
            table.setdefault(word, float(value))
    return table


def _numbers(lang: str, key: str) -> dict[str, int]:
    """A number table of ``lang``'s profile: ``words`` (seize = 16), ``ordinals``, ``optional_values``."""
    return profile(lang).section("numbers").get(key, {})


_CURRENCY_BEFORE = re.compile(r"(US\$|C\$|A\$|\$|€|£|¥|USD|EUR|GBP)\s?$")
_CURRENCY_AFTER = re.compile(
    r"^\s?(?:(?:de|d'|d’)\s?)?(\$|€|£|¥|dollars?|euros?|livres?(?: sterling)?|pounds?|francs?|yens?|yuans?|USD|EUR|GBP)\b", re.I
)
_CURRENCY_NAMES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "€": "EUR",
                   "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "livre": "GBP", "livres": "GBP",
                   "livre sterling": "GBP", "livres sterling": "GBP", "pound": "GBP", "pounds": "GBP",
                   "gbp": "GBP", "¥": "JPY", "yen": "JPY", "yens": "JPY", "yuan": "CNY", "yuans": "CNY",
                   "franc": "CHF", "francs": "CHF", "c$": "CAD", "a$": "AUD"}
_PERCENT_AFTER = re.compile(r"^\s?(%|pour\s?cent|per\s?cent|percent|pc\b|points?\b|pts?\b)", re.I)
_SCALE_AFTER = re.compile(r"^[\s\u00a0\u202f]?(?:de\s)?([^\W\d_]+)\b")  # any letters: "millones", "milhões"


@dataclass
class Quantity:
    value: float
    alt: float | None  # another reading when the separators are ambiguous
    start: int
    end: int
    text: str
    kind: str  # number | year | percent | amount | word
    currency: str | None = None
    optional: bool = False


JOINERS = ("and", "et")


def _joins(words: list[str], i: int, j: int, table: dict[str, int]) -> bool:
    """"and"/"et" inside one number, not between two ("two and three", "deux et trois"):
    after hundred/thousand ("three hundred and fifty", "a thousand and one"), between tens and
    one or eleven ("vingt et un", "soixante et onze") or, as classical French writes, a unit or
    (after soixante) a teen ("vingt et deux", "soixante et douze"), and between a unit and tens,
    as older English writes ("four and twenty" = 24)."""
    if words[j] not in JOINERS or j <= i or j + 1 >= len(words):
        return False
    prev, nxt = table.get(words[j - 1]), table.get(words[j + 1])
    if words[j - 1] in ("hundred", "thousand"):
        return True
    if prev in (20, 30, 40, 50, 60, 70) and nxt in (1, 11):
        return True
    if prev in (20, 30, 40, 50, 60) and nxt is not None and (1 <= nxt <= 9 or prev == 60 and 10 <= nxt <= 19):
        return True  # classical French: "vingt et deux" = 22, "soixante et douze" = 72 (Voltaire)
    return prev is not None and 1 <= prev <= 9 and nxt is not None and nxt % 10 == 0 and 20 <= nxt <= 90


def _word_number(parts: list[str], table: dict[str, int]) -> int | None:
    total, cur = 0, 0
    joined = False
    for p in parts:
        if p in JOINERS:
            joined = True
            continue
        v = table.get(p)
        if v is None:
            return None
        if v == 100:
            cur = max(cur, 1) * 100
        elif v == 1000:
            total += max(cur, 1) * 1000
            cur = 0
        elif v == 20 and cur == 4 and not joined:  # quatre-vingts, not "four and twenty"
            cur = 80
        else:
            cur += v
        joined = False
    return total + cur or None


_TIME_PATTERNS = [
    # 12 h 00, 12h, 23 h 35 (French)
    re.compile(r"(?<![\w.,])([01]?\d|2[0-3])\s?h\s?([0-5]\d)?(?![\w])"),
    # 11:35 pm, 9 a.m., 23:35
    re.compile(r"(?<![\w.,:])([01]?\d|2[0-3])(?::([0-5]\d))?\s?([ap])\.?m\b\.?", re.I),
    re.compile(r"(?<![\w.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"),
    # 1200 GMT, 0830 hours (military time)
    re.compile(r"(?<![\w.,])([01]\d|2[0-3])([0-5]\d)\s?(?:GMT|UTC|Z|hours|hrs|h)\b"),
    # 15.00 GMT, "at 3.30" (British style: a full stop between hours and minutes, read as a
    # time only with a time zone after it or "at/from/until" before it, never alone: 3.50 is a number)
    re.compile(r"(?<![\w.,])([01]?\d|2[0-3])[.:]([0-5]\d)\s?(?:GMT|UTC|Z|BST|CET|hours|hrs|Uhr)\b"),
    # 15 Uhr (German: the hour alone)
    re.compile(r"(?<![\w.,:])([01]?\d|2[0-3])\s?Uhr\b()"),
    re.compile(r"\b(?:at|from|until|till)\s([01]?\d|2[0-3])\.([0-5]\d)(?!\d|[.,]\d)"),
]
_ROMAN_ORDINAL = re.compile(r"(?<![\w])([IVX]+)(?:e|er|ème|eme|è)(?![\w])")
# "CHAPITRE III" / "Chapter 3", "Acte II", "article IV": a Roman numeral that numbers a part
_ROMAN_PART = re.compile(
    r"\b(?:chapitre|chapter|livre|book|tome|volume|partie|part|acte|act|sc[èe]ne|article|titre|title|section)\s+([IVXLC]+)\b(?![.'’]\w)",
    re.I,
)
# A reference mark ("degrees [1]", "ce pic [2]"): where the note is, not a quantity of the text
_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# a regnal number after a capitalised name ("Louis XIV", "James I."; the French "Ier" is an ordinal
# above), and a heading that is nothing but a Roman numeral ("III")
_ROMAN_REGNAL = re.compile(r"\b[A-Z][a-zà-ÿ]{2,}\s([IVX]{1,5})\b(?![\w'’-])")
_ROMAN_HEADING = re.compile(r"^\s*([IVXLC]{1,6})\s*[.:]?\s*$")


def _roman(r: str) -> int:
    total = 0
    for a, b in zip(r, r[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES.get(b, 0) > v else v
    return total


def _times(text: str) -> list[Quantity]:
    """Clock times as minutes since midnight; 12-hour ambiguity is resolved when matching."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for rx in _TIME_PATTERNS:
        for m in rx.finditer(text):
            start = m.start(1)  # the hour: a pattern may need a word before it ("at 3.30")
            if any(a < m.end() and start < b for a, b in taken):
                continue
            h = int(m.group(1))
            mins = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else 0
            if rx is _TIME_PATTERNS[1] and m.group(3).lower() == "p" and h < 12:
                h += 12
            out.append(Quantity(float(h * 60 + mins), None, start, m.end(), text[start : m.end()], "time"))
            taken.append((start, m.end()))
    return out


@lru_cache(maxsize=16)
def _months(lang: str) -> dict[str, int]:
    """Folded month name -> 1..12 from the language profile ("numbers.months", "numbers.months_short")."""
    prof = profile(lang)
    out: dict[str, int] = {}
    for key in ("numbers.months", "numbers.months_short"):
        for k, name in enumerate(prof.get(key, []) or []):
            out.setdefault(fold(name), k + 1)
    return out


_DAY = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th|\.)?"  # 1er, 1st; German writes the ordinal "19. Juli"
_YEAR = r"(?P<year>1[0-9]{3}|20[0-9]{2})"


@lru_cache(maxsize=16)
def _date_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    names = sorted(_months(lang), key=len, reverse=True)
    if not names:
        return ()
    month = r"(?P<month>" + "|".join(re.escape(n) for n in names) + r")\.?"
    return (
        # 11 septembre 2001, 5 de mayo de 2020 (Spanish and Portuguese put "de" between), the 24th of May, 1863
        re.compile(rf"(?<![\w/.]){_DAY}\s+(?:(?:de|of)\s+)?{month}(?:,?\s+(?:de\s+)?{_YEAR})?(?![\w])", re.I),
        re.compile(rf"(?<![\w]){month}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w])", re.I),  # September 11, 2001
    )


# 9/11, 14/07/1989, 2001-09-11: day and month order is ambiguous, both readings kept
_NUMERIC_DATE = re.compile(r"(?<![\w/.,])(?:(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<y>(?:1[0-9]|20)?\d{2}))?"
                           r"|(?P<iy>1[0-9]{3}|20[0-9]{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?![\w/]|[.,]\d)")


def _date_value(month: int, day: int, year: int | None) -> float | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return float((year or 0) * 10000 + month * 100 + day)


def _dates(text: str, lang: str) -> list[Quantity]:
    """Dates as year*10000 + month*100 + day (year 0 when not given); a numeric date whose
    day and month could be either way round ("9/11") keeps the other reading in ``alt``.
    Why not dateparser: it reads whole strings, not dates inside running text with offsets."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)  # same length as text for the Latin scripts the profiles cover
    months = _months(lang)
    if len(folded) == len(text):
        for rx in _date_patterns(lang):
            for m in rx.finditer(folded):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                year = int(m.group("year")) if m.group("year") else None
                value = _date_value(months[m.group("month").lower()], int(m.group("day")), year)
                if value is not None:
                    out.append(Quantity(value, None, m.start(), m.end(), text[m.start() : m.end()], "date"))
                    taken.append((m.start(), m.end()))
    for m in _NUMERIC_DATE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.group("iy"):
            value, alt = _date_value(int(m.group("im")), int(m.group("id")), int(m.group("iy"))), None
        else:
            y = m.group("y")
            year = None if y is None else int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
            a, b = int(m.group("a")), int(m.group("b"))
            value, alt = _date_value(a, b, year), _date_value(b, a, year)  # month/day, day/month
            if value is None:
                value, alt = alt, None
        if value is not None:
            out.append(Quantity(value, alt, m.start(), m.end(), m.group(), "date"))
            taken.append((m.start(), m.end()))
    return out


def _same_date(a: float, b: float) -> bool:
    """Same month and day; same year when both sides give one (a year dropped is not a change)."""
    ya, yb = int(a) // 10000, int(b) // 10000
    return int(a) % 10000 == int(b) % 10000 and (ya == yb or not ya or not yb)


def extract(text: str, lang: str) -> list[Quantity]:
    """All quantities of a text with offsets, kind, currency and scale applied."""
    return [copy(q) for q in _extract(text, lang)]  # callers may change their quantities


@lru_cache(maxsize=4096)
def _extract(text: str, lang: str) -> tuple[Quantity, ...]:
    """:func:`extract`, once per text: a test set repeats its sources (DEMETR: 50 sources under
    1,000 translations), and the number check reads each side once a bead."""
    out: list[Quantity] = _times(text)
    out += [d for d in _dates(text, lang) if not any(t.start < d.end and d.start < t.end for t in out)]
    for m in _ROMAN_ORDINAL.finditer(text):
        out.append(Quantity(float(_roman(m.group(1))), None, m.start(), m.end(), m.group(), "number"))
    for m in _ROMAN_PART.finditer(text):
        if m.group(1).isupper() and not (m.group(1) == "I" and lang == "en" and not m.group(0)[:1].isupper()):
            out.append(Quantity(float(_roman(m.group(1))), None, m.start(1), m.end(1), m.group(1), "number"))
    taken = [(q.start, q.end) for q in out]
    starts = sentence_starts(text)
    for rx in (_ROMAN_REGNAL, _ROMAN_HEADING):
        for m in rx.finditer(text):
            if rx is _ROMAN_REGNAL and m.group(1) == "I" and (text[m.end(1):m.end(1) + 1] != "." or m.start() in starts):
                continue  # "Yesterday I saw", "Mary I think": the pronoun; "King James I." is the number
            if not any(a < m.end(1) and m.start(1) < b for a, b in taken):
                out.append(Quantity(float(_roman(m.group(1))), None, m.start(1), m.end(1), m.group(1), "number"))
                taken.append((m.start(1), m.end(1)))
    covered = [(q.start, q.end) for q in out] + [m.span() for m in _FOOTNOTE.finditer(text)]
    for m in NUMBER_RE.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        raw = m.group()
        value, alt = parse_number(raw, lang)
        start, end = m.start(), m.end()
        kind = "year" if re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", raw) else "number"
        after = text[end:]
        sm = _SCALE_AFTER.match(after)
        if sm and fold(sm.group(1)) in _scale(lang) and kind != "year":
            word = fold(sm.group(1))
            if not (word == "m" and not _CURRENCY_BEFORE.search(text[:start])):
                value *= _scale(lang)[word]
                alt = alt * _scale(lang)[word] if alt is not None else None
                end += sm.end()
                after = text[end:]
        quantity = Quantity(value, alt, start, end, text[start:end], kind)
        cm = _CURRENCY_AFTER.match(after)
        cb = _CURRENCY_BEFORE.search(text[:start])
        if cb:
            quantity.currency = _CURRENCY_NAMES.get(cb.group(1).lower(), cb.group(1).upper())
            quantity.start = cb.start()
        elif cm:
            quantity.currency = _CURRENCY_NAMES.get(fold(cm.group(1)), cm.group(1).upper())
        if quantity.currency:
            quantity.kind = "amount"
        elif _PERCENT_AFTER.match(after):
            quantity.kind = "percent"
        quantity.text = text[quantity.start:quantity.end]
        out.append(quantity)
    out.extend(_word_quantities(text, lang, out))
    idiom = profile(lang).regex("numbers.idiomatic")
    for m in idiom.finditer(text) if idiom is not None else ():
        for q in out:
            if q.start == m.start(1) and q.alt is None:
                q.alt = float(_numbers(lang, "idiomatic_values").get(fold(m.group(1)), q.value))
    return tuple(sorted(out, key=lambda q: q.start))


def _word_quantities(text: str, lang: str, digits: list[Quantity]) -> list[Quantity]:
    table = _numbers(lang, "words")
    if not table:
        return []
    out: list[Quantity] = []
    optional_spans = set()
    optional = profile(lang).regex("numbers.optional")
    if optional is not None:
        for m in optional.finditer(text):
            k = next(i for i in range(1, (m.lastindex or 0) + 1) if m.group(i))
            g, gs = m.group(k), m.start(k)
            optional_spans.add(gs)
            value = _numbers(lang, "optional_values").get(fold(g)) or _numbers(lang, "ordinals").get(fold(g), 0)
            out.append(Quantity(float(value), None, gs, gs + len(g), g, "word", optional=True))
    covered = [(q.start, q.end) for q in digits]
    for m in re.finditer(r"[^\W\d_]+(?:[-\s](?:et[-\s])?[^\W\d_]+)*", text):
        words = re.split(r"[-\s]+", fold(m.group()))
        i, pos = 0, m.start()
        # walk the run, reading maximal sequences of number words
        offsets = [(w.start(), w.end()) for w in re.finditer(r"[^\W\d_]+", m.group())]
        while i < len(words):
            j = i
            while j < len(words) and ((words[j] in table and words[j] not in JOINERS) or _joins(words, i, j, table)):
                j += 1
            if j > i:
                value = _word_number(words[i:j], table)
                s, e = pos + offsets[i][0], pos + offsets[j - 1][1]
                if value and s not in optional_spans and not any(a <= s < b for a, b in covered):
                    sm = _SCALE_AFTER.match(text[e:])
                    if sm and fold(sm.group(1)) in _scale(lang) and fold(sm.group(1)) not in ("m", "k", "mille", "thousand"):
                        value *= _scale(lang)[fold(sm.group(1))]
                        e += sm.end()
                    q = Quantity(float(value), None, s, e, text[s:e], "word")
                    cm = _CURRENCY_AFTER.match(text[e:])
                    if cm:
                        q.currency, q.kind = _CURRENCY_NAMES.get(fold(cm.group(1))), "amount"
                    elif _PERCENT_AFTER.match(text[e:]):
                        q.kind = "percent"
                    out.append(q)
                i = j
            else:
                i += 1
    return out


def _same(a: Quantity, b: Quantity) -> bool:
    if (a.kind == "time") != (b.kind == "time") or (a.kind == "date") != (b.kind == "date"):
        return False
    if a.kind == "time":
        return abs(a.value - b.value) % 720 == 0
    if a.kind == "date":
        return any(_same_date(x, y) for x in (a.value, a.alt) if x is not None for y in (b.value, b.alt) if y is not None)
    va = {a.value} | ({a.alt} if a.alt is not None else set())
    vb = {b.value} | ({b.alt} if b.alt is not None else set())
    return any(abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1) for x in va for y in vb)


def _round(value: float) -> bool:
    """A digit times a power of ten from a hundred up (300, 2,000, 50,000)."""
    if value < 100 or value != int(value):
        return False
    v = int(value)
    while v % 10 == 0:
        v //= 10
    return v < 10


def _figure_of_speech(s: Quantity, t: Quantity) -> bool:
    """The target says a bare hundred or thousand in words ("a thousand times", "nearly a hundred")
    for a round source number: literary English's "many" (cent fois, près de huit cents), not a
    figure the reader takes as exact. "two hundred" for "cent" is a figure and stays critical."""
    bare = t.kind == "word" and t.value in (100.0, 1000.0) and len(t.text.split()) == 1
    return bare and _round(s.value)


def detect(pair: Pair) -> list[Flag]:
    """Flags for numbers changed, missing or added between the two sides of a bead."""
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    src_q, tgt_q = extract(pair.src, pair.src_lang), extract(pair.tgt, pair.tgt_lang)
    flags: list[Flag] = []
    used: set[int] = set()
    left_src: list[Quantity] = []
    for s in src_q:
        match = next((i for i, t in enumerate(tgt_q) if i not in used and _same(s, t)), None)
        if match is None:
            left_src.append(s)
            continue
        used.add(match)
        t = tgt_q[match]
        if s.currency and t.currency and s.currency != t.currency:
            flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "number", "critical",
                                   f"currency changed: source {s.text!r} ({s.currency}), target {t.text!r} ({t.currency})",
                                   "numbers", 0.85, src=pair.src, src_start=s.start, src_end=s.end))
    left_tgt = [t for i, t in enumerate(tgt_q) if i not in used]
    left_src = [s for s in left_src if not s.optional]
    left_tgt = [t for t in left_tgt if not t.optional]
    # pair the leftovers in order: a value on each side at the same place = a changed number
    while left_src and left_tgt:
        s, t = left_src.pop(0), left_tgt.pop(0)
        figure = _figure_of_speech(s, t)
        flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "number", "minor" if figure else "critical",
                               f"number changed: source says {s.text!r} ({s.value:g}), target says {t.text!r} ({t.value:g})"
                               + (" (a round number in words, probably a figure of speech: 'a thousand times' "
                                  "for 'cent fois')" if figure else ""),
                               "numbers", 0.5 if figure else 0.8, src=pair.src, src_start=s.start, src_end=s.end,
                               suggestion=None))
    for s in left_src:
        sev = "major" if s.kind in ("amount", "percent", "year", "number") and s.kind != "word" else "minor"
        flags.append(make_flag(pair.index, pair.tgt, 0, 0, "number", sev,
                               f"source number {s.text!r} ({s.value:g}) has no counterpart in the translation",
                               "numbers", 0.65 if s.kind == "word" else 0.75, src=pair.src, src_start=s.start, src_end=s.end))
    for t in left_tgt:
        flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "number", "minor" if t.kind == "word" else "major",
                               f"number {t.text!r} ({t.value:g}) is not in the source", "numbers", 0.6))
    return flags


_FR_GROUP = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_SP}\d{{3}})+(?![\d])")
_EN_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d,])")
_EN_PERCENT_SPACE = re.compile(r"\d[ \u00a0\u202f]%")
_CUR_SPACE = re.compile(r"(?<![\w])(\$|€|£)[ \u00a0](?=\d)")
_FR_DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")
_FR_THOUSANDS_COMMA = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_DOUBLE_CURRENCY = re.compile(r"(\$|US\$)\s?\d[\d.,\s\u00a0]*(?:\s?(?:millions?|milliards?|billions?|mds?))?\s+(?:de\s|d')?dollars", re.I)
_DOUBLE_EURO = re.compile(r"€\s?\d[\d.,\s\u00a0]*(?:\s?(?:millions?|milliards?|billions?))?\s+(?:d')?euros", re.I)


def locale_flags(index: int, text: str, lang: str) -> list[Flag]:
    """Number formats of another locale left in the target ("10 000" or "47 %" in English)."""
    flags: list[Flag] = []

    def add(m: re.Match, sev: str, msg: str, conf: float, sugg: str | None = None) -> None:
        flags.append(make_flag(index, text, m.start(), m.end(), "locale", sev, msg, "numbers.locale", conf, suggestion=sugg))

    if lang == "en":
        for m in _FR_GROUP.finditer(text):
            add(m, "minor", "French-style digit grouping with spaces in English text",
                0.7, re.sub(_SP, ",", m.group()))
        for m in _EN_DECIMAL_COMMA.finditer(text):
            add(m, "major", "decimal comma in English text (reads as thousands or a list)", 0.6, m.group().replace(",", "."))
        for m in _EN_PERCENT_SPACE.finditer(text):
            add(m, "minor", "space before % (French habit) in English text", 0.7)
        for m in _CUR_SPACE.finditer(text):
            add(m, "minor", "space between currency sign and amount", 0.7, m.group(1))
    if lang == "fr":
        for m in _FR_DECIMAL_POINT.finditer(text):
            add(m, "minor", "decimal point in French text (French uses a comma)", 0.55, m.group().replace(".", ","))
        for m in _FR_THOUSANDS_COMMA.finditer(text):
            add(m, "major", "English thousands comma in French text (reads as a decimal)", 0.6)
    for rx in (_DOUBLE_CURRENCY, _DOUBLE_EURO):
        for m in rx.finditer(text):
            add(m, "minor", "currency given twice (sign and word)", 0.8)
    return flags


class NumberDetector(BeadDetector):
    """Numbers, amounts, percentages, years and times changed, missing or added."""

    name = "numbers"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)


class LocaleDetector(BeadDetector):
    """Number formats of another locale left in the translation (works without a source)."""

    name = "locale"
    modes = frozenset({"pair", "check"})
    needs_source = False

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return locale_flags(pair.index, pair.tgt, ctx.tgt_lang)
