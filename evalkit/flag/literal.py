"""How closely a translation follows its source, and what that makes a reversal claim worth.

The polarity, mood, antonym, name, tense, pronoun and omission/addition checks compare the two
sides word by word: a negation, a name, a future or a content word on one side only. On a close translation (news, MT, most
technical text) that is strong evidence of a changed meaning. On a free one, where the
translator rewrote the sentence ("ne disait jamais rien" -> "kept silent", "Candide rougit"
-> "he blushed"), the same comparison mostly finds rephrasing: published literary
translations drew 14% of their segments into a major flag this way, most of them these claims.

*Coverage* measures the closeness: the share of the source's content words that have a
counterpart in the translation by lexical evidence (identical strings, FreeDict, cognates,
Apertium glosses; the links of :func:`evalkit.flag.wordalign.lexical_links`). Below the pair
profile's ``literal_coverage_min`` (fitted on development data: DEMETR tune halves and the
TransRead tune books, see docs/flags.md) these claims are kept but shown as minor, with the
reason in the message. A pair without the setting is left as it is. Only this severity
changes: no flag is removed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from evalkit.flag.base import FlagContext, Pair
from evalkit.flag.wordalign import Glosses, text_links
from evalkit.records import Flag
from evalkit.text.profiles import pair_profile

CLAIMS = frozenset({"polarity", "mood", "antonym", "name", "tense", "pronoun", "omission", "addition"})  # read off a word-by-word comparison
SEVERE = ("major", "critical")
# Claims about one source word that has no counterpart by definition (the name replaced, the
# opposite's source word): coverage is counted without it. Not a negation or a question, whose span
# holds the words around it ("ne songeait déjà plus"), which should have counterparts; not an
# omission, whose model already weighs how loosely the bead is translated (with it, the TransRead
# tune books drew one more major flag and DEMETR tune one more hit: no gain, so the stricter rule).
OWN_WORD_CLAIMS = frozenset({"name", "antonym"})
# Detectors whose omission flags read the target's own grammar, not a word-by-word comparison ("The of
# the train": flag/gaps.py): a free translation is no excuse for them.
OWN_GRAMMAR = frozenset({"gaps"})


def coverage(pair: Pair, dic=None, glosses: tuple[Glosses, Glosses] = ({}, {}),
             without: tuple[int, int] = (0, 0)) -> float | None:
    """Share of the source's content words with a lexical counterpart in the target (None: no content
    words). ``without``: a source character span whose words are left out of the count: a claim's
    own words (the name replaced, the opposite's source word) have no counterpart by definition, so they say
    nothing about how freely the rest is translated."""
    from evalkit.flag.omissions import is_content

    src, _, links = text_links(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, dic, glosses)
    a, b = without
    content = [i for i, w in enumerate(src) if is_content(w, pair.src_lang) and not (w.start < b and a < w.end)]
    if not content:
        return None
    linked = {i for i, _ in links}
    return sum(1 for i in content if i in linked) / len(content)


def minimum(src_lang: str, tgt_lang: str) -> float | None:
    value = pair_profile(src_lang, tgt_lang).get("literal_coverage_min")
    return float(value) if value is not None else None


def temper(flags: list[Flag], pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
    """The flags, with severe reversal claims on loosely translated beads shown as minor."""
    limit = minimum(ctx.src_lang, ctx.tgt_lang)
    if limit is None or ctx.mode != "pair":
        return flags
    by_index = {p.index: p for p in pairs if p.src.strip() and p.tgt.strip()}

    def is_claim(f: Flag) -> bool:
        return f.bead in by_index and f.category in CLAIMS and f.severity in SEVERE and f.detector not in OWN_GRAMMAR

    claimed = sorted({f.bead for f in flags if is_claim(f)})
    if not claimed:
        return flags
    from evalkit.flag.omissions import content_glosses

    # glosses of every bead with both sides, not of the claimed ones only: the omission and
    # word-order checks asked Apertium for exactly these words, so this is a hit in its cache
    glosses = content_glosses(list(by_index.values()), ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
    shares: dict[tuple[int, int, int], float | None] = {}  # (bead, claimed source span) -> coverage
    out = []
    for f in flags:
        if is_claim(f):
            own = f.category in OWN_WORD_CLAIMS and f.src_span and f.src_start is not None and f.src_end is not None
            span = (f.src_start, f.src_end) if own else (0, 0)
            key = (f.bead, *span)
            if key not in shares:
                shares[key] = coverage(by_index[f.bead], ctx.dictionary, glosses, without=span)
            share = shares[key]
            if share is not None and share < limit:
                f = replace(f, severity="minor", message=(
                    f"{f.message} (shown as minor: the translation follows the source freely here, only "
                    f"{share:.0%} of its content words have a counterpart, so this may be rephrasing)"))
        out.append(f)
    return out
