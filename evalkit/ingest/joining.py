"""Join the lines of one block into running text, repairing words on the way."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from evalkit.ingest.lines import Line
from evalkit.ingest.mapped import MappedText
from evalkit.ingest.repair import line_break, lost_hyphens, visible_hyphen_break
from evalkit.text import WORD_RE

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_VISIBLE_HYPHEN = re.compile(r"[^\W\d_][-\u00ad\u2010\u2011]$")  # ASCII, soft, Unicode hyphens


def inner_words(lines: Sequence[Line]) -> Counter[str]:
    """Lower-cased words seen whole inside a line (not at either edge, where they may be halves)."""
    counts: Counter[str] = Counter()
    for ln in lines:
        words = _WORD.findall(ln.text)
        for w in words[1:-1]:
            counts[w.lower()] += 1
    return counts


def join_lines(
    lines: Sequence[Line],
    raw: str,
    lang: str,
    *,
    repair: bool,
    doc_words: Counter[str] | None = None,
    glued: frozenset[int] = frozenset(),
    dehyphenate: bool = False,
) -> MappedText:
    """One text from ``lines``; ``repair`` decides each line end with the lexicon.

    ``glued`` holds indices (into ``lines``) of lines to join to the next
    without a space, e.g. a drop cap ("C" + "ette"). ``dehyphenate`` alone
    (hard-wrapped plain text) only decides visible line-end hyphens.
    """
    mt = MappedText()
    for k, ln in enumerate(lines):
        if k == 0:
            mt.copy_raw(raw, ln.start, ln.end)
            continue
        prev = lines[k - 1]
        if k - 1 in glued:
            choice = "join"
        elif (repair or dehyphenate) and _VISIBLE_HYPHEN.search(prev.text):
            choice = visible_hyphen_break(prev.text[:-1], ln.text, lang, doc_words)
            if choice == "join":
                mt.chars.pop(), mt.starts.pop(), mt.ends.pop()  # drop the hyphen ...
                mt.absorb(prev.end)  # ... but keep it inside the span
            choice = "join"
        elif repair:
            choice = line_break(prev.text, ln.text, lang, doc_words)
        else:
            choice = "space"
        if choice == "space":
            mt.add(" ", prev.end, prev.end)
        elif choice == "hyphen":
            mt.add("-", prev.end, prev.end)
        mt.copy_raw(raw, ln.start, ln.end)
    return mt


def restore_inline_hyphens(mt: MappedText, lang: str) -> MappedText:
    """Insert hyphens lost inside words ("EtatsUnis" -> "Etats-Unis") in place."""
    text = mt.text
    inserts: list[int] = []
    for m in WORD_RE.finditer(text):
        s, e = m.span()
        # a piece of a word that already has hyphens ("a-t-il") is left alone
        if (s > 0 and text[s - 1] == "-") or (e < len(text) and text[e] == "-"):
            continue
        inserts.extend(s + i for i in lost_hyphens(m.group(0), lang))
    for pos in sorted(inserts, reverse=True):
        mt.insert(pos, "-")
    return mt
