"""Classify the lines of extracted print text: headings, bylines, drop caps, front matter.

Each test looks at one line and its neighbours only, with general typographic
cues (capitals, length against the column's usual line, punctuation) and the
lexicon, so it works on pages nobody has seen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from evalkit.ingest.lexicon import zipf
from evalkit.ingest.lines import Line

TERMINAL = re.compile(r"([.!?…]|\.\.\.)[\s»”\"')\]]*$")
DROP_CAP = re.compile(r"^[A-ZÀ-ÝŒ]$")


def letters(s: str) -> str:
    """The alphabetic characters of ``s``."""
    return "".join(c for c in s if c.isalpha())


def is_caps_heading(text: str) -> bool:
    """An all-capitals short line: a section heading (or a rubric)."""
    only = letters(text)
    return len(only) >= 3 and only.isupper() and len(text.split()) <= 10 and not TERMINAL.search(text)


def is_byline(text: str) -> bool:
    """Small-caps bylines come out lower-cased: bare names, maybe "(city, correspondent)"."""
    core = re.sub(r"\s*\([^()]{1,60}\)\s*$", "", text)
    words = core.replace(",", " ").split()
    return (
        text == text.lower()
        and 2 <= len(words) <= 8
        and all(re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", w) for w in words)
    )


def is_sentence_case_heading(text: str, next_text: str, typical: float, lang: str) -> bool:
    """A short unpunctuated line between two paragraphs: an intertitle set in sentence case.

    Only after a sentence end and before a capital, and only when its last word is a
    lower-case content word: a line ending in a name or a function word ("Selon Jean" /
    "Dupont", "les experts de" / "Bercy") is a sentence running on.
    """
    words = text.split()
    if not (2 <= len(words) <= 8) or len(text) >= 0.8 * typical or TERMINAL.search(text):
        return False
    if (
        not text[:1].isupper()
        or text.rstrip()[-1:] in ",;:-–"
        or not next_text[:1].isupper()
        and next_text[:1] not in '«"“'
    ):
        return False
    if "," in text:
        return False
    last = words[-1]
    first_next = re.match(r"[«\"“\s]*([^\W\d_]+)", next_text)
    # the paragraph after an intertitle starts a sentence, most often with a common word
    # ("Le", "Selon", "The"); a name there may as well continue the line before
    if not first_next or zipf(first_next.group(1), lang) < 5.0:
        return False
    return last.isalpha() and last.islower() and len(last) >= 3 and zipf(last, lang) < 5.5


def ends_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text))


def repeated_lines(lines: Sequence[Line]) -> set[int]:
    """Lines repeated 3+ times once digits are ignored: running headers/footers of several pages."""
    norm = [re.sub(r"\d+", "#", ln.text.lower()) for ln in lines]
    counts = Counter(norm)
    return {ln.index for ln, n in zip(lines, norm) if counts[n] >= 3 and len(n) >= 10}


def front_matter(lines: Sequence[Line], furniture: dict[int, str]) -> list[list[int]]:
    """Title and standfirst: blocks before the body starts (a drop cap, or the first sentence)."""
    drop = next(
        (
            ln.index
            for ln in lines[:25]
            if DROP_CAP.match(ln.text) and ln.index + 1 < len(lines) and lines[ln.index + 1].text[:1].islower()
        ),
        None,
    )
    blocks: list[list[int]] = []
    for ln in lines[: drop if drop is not None else 25]:
        if ln.index in furniture:
            continue
        if blocks and (ln.text[:1].islower() or lines[blocks[-1][-1]].text.rstrip().endswith((",", "-", "–"))):
            blocks[-1].append(ln.index)
        else:
            blocks.append([ln.index])
    if drop is not None:
        return blocks
    out = []
    for b in blocks:  # without a drop cap: unpunctuated blocks before the first sentence end
        text = " ".join(lines[i].text for i in b)
        if re.search(r"[.!?…](\s|$)", text) or len(b) > 3 or len(text.split()) > 40:
            break
        out.append(b)
    return out[:-1] if out and len(out) == len(blocks) else out
