"""Sentence boundaries, with character offsets (abbreviations from each language's profile).

Rule-based on purpose: measured on our gold (see docs/ingest.md) it beats the
pysbd library on what this project meets most — guillemets « » that close
after the full stop, quotes spanning several sentences, ellipses, initials
("Stephen E. Arnold"), "M." before a name, "10 000" and decimal commas — and
it keeps exact offsets without re-searching the text. Ambiguous abbreviations
("U.S.", "etc.", "Inc.") end a sentence only when the next word is a function
word ("The", "Le"), which wordfreq tells us for any language it knows.
"""

from __future__ import annotations

import re

from evalkit.ingest.lexicon import is_function_word
from evalkit.text.profiles import profile

# Abbreviations that may also end a sentence: they do when a function word follows.
_AMBIGUOUS = {"etc", "inc", "ltd", "co", "corp", "cie", "sa", "llc", "plc", "bros", "av", "ave", "jr"}

_END = re.compile(r"\.{2,}|…|[.!?]+")
_CLOSERS = "»”’)]\"'"
_OPENERS = "«“‘([\"'¿¡—–-"
_WORD_BEFORE = re.compile(r"([^\W_]+(?:\.[^\W_]+)*)$")
_WORD_AFTER = re.compile(r"[«“\"'(\[\s]*([^\W\d_]+)")


def _closing_quote_end(text: str, j: int, para_start: int) -> int:
    """Extend a boundary over closing quotes/brackets, even after a space (French "fin. »")."""
    n = len(text)
    while True:
        k = j
        while k < n and text[k] in " \u00a0\u202f":
            k += 1
        if k < n and text[k] in _CLOSERS:
            ch = text[k]
            if ch in "\"'":
                # a straight quote closes only when one is open and it is followed by space/punct
                if text.count(ch, para_start, k) % 2 == 0:
                    return j
                if k + 1 < n and not (text[k + 1].isspace() or text[k + 1] in ".,;:!?)»"):
                    return j
            j = k + 1
            continue
        return j


def _is_boundary(text: str, m: re.Match[str], nxt: int, lang: str) -> bool:
    punct = m.group(0)
    ch = text[nxt]
    if ch.islower() or ch in ",;:":
        return False
    if not (ch.isupper() or ch.isdigit() or ch in _OPENERS or not ch.isalnum()):
        return False
    if punct != ".":
        # "(...)" inside a quotation is an omission mark, not an end
        return not (m.start() > 0 and text[m.start() - 1] == "(")
    before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    word = before.group(1) if before else ""
    low = word.lower()
    after = _WORD_AFTER.match(text, nxt)
    next_word = after.group(1) if after else ""
    # abbreviations that never end a sentence when a capital follows: the language profile's list
    if low in profile(lang).words("abbreviations") and low not in _AMBIGUOUS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "Stephen E. Arnold"
        return False
    if "." in word or low in _AMBIGUOUS:  # U.S., e.g., etc., Inc.
        return bool(next_word) and is_function_word(next_word, lang)
    return True


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, whitespace trimmed; newlines are hard breaks."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        end = para.end()
        cur = start
        for m in _END.finditer(text, start, end):
            j = _closing_quote_end(text, m.end(), start)
            if j >= end:
                break
            if not text[j].isspace():
                continue
            nxt = j
            while nxt < end and text[nxt].isspace():
                nxt += 1
            if nxt >= end:
                break
            if _is_boundary(text, m, nxt, lang):
                spans.append((cur, j))
                cur = nxt
        spans.append((cur, end))
    return [t for s, e in spans if (t := trim_span(text, s, e)) is not None]


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` narrowed past surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
