"""Word order: a translation whose words keep no sensible order against the source.

A scrambled segment ("Around from vehicle the crash the site was same GMT removed 1200 day
the itself.") keeps every content word, so the lexical checks and the embeddings find
nothing missing. What it loses is order. The words matched across the bead by lexical
evidence alone (identical strings, FreeDict translations, cognates: the same links the
omission check uses, :func:`evalkit.flag.wordalign.lexical_links`) are read in target order,
and the share of matched pairs whose source order is inverted is Kendall's discordance: a
faithful translation between French, Spanish or Italian and English reorders locally
(adjective and noun, a fronted adverb) and stays low; words in random order sit near 0.5.

Apertium's word glosses add links where FreeDict is thin (Italian, Spanish), as for the
omission check, and with the same call (a hit in Apertium's cache when both run).

Only one-to-one links between words longer than three letters (or numbers) count: short
words and words matched several times are where chance links come from. German verb-final
clauses reorder too much for one threshold (DEMETR-de human references reach 0.7), so the
threshold is pair data (``word_order_discordance`` in the pair profile), fitted on the
DEMETR tune halves.

**Word salad** is also caught from the target side: a translation whose English is no sentence
(a mean surprisal per word of at least the language's ``word_salad_surprisal`` under the
part-of-speech model of :mod:`evalkit.text.fluency`) *and* whose matched words are out of order
beyond a looser share (``SALAD_DISCORDANCE``). Neither alone is evidence enough (literary
dialogue and questions read as odd prose; German clauses reorder), both together are: fitted
on the DEMETR tune halves of all four languages and the TransRead tune books, the lowest
surprisal (grid of 0.25) at which no tune reference and no tune literary bead gains a flag
(scrambles found: 48% -> 82% of the tune halves' shuffled items). This is what checks German,
which has no discordance threshold of its own. A pair with neither is reported as not checked.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from evalkit.flag.base import FlagContext, Pair, make_flag
from evalkit.flag.wordalign import Glosses, text_links
from evalkit.records import Flag
from evalkit.text.fluency import load_model, mean_surprisals
from evalkit.text.profiles import pair_profile, profile

MIN_LINKS = 5  # fewer matched words cannot tell a scramble from one moved phrase
MIN_LETTERS = 4  # shorter words (and, the, de, la) link by chance
SALAD_DISCORDANCE = 0.25  # with a disfluent target (see the module docstring)


def matched_order(src: str, tgt: str, src_lang: str, tgt_lang: str, dic=None,
                  glosses: tuple[Glosses, Glosses] = ({}, {})) -> list[int]:
    """Source positions of the one-to-one lexically matched words, read in target order."""
    s_words, _, all_links = text_links(src, tgt, src_lang, tgt_lang, dic, glosses)
    links = {(i, j) for i, j in all_links if len(s_words[i].text) >= MIN_LETTERS or s_words[i].text.isdigit()}
    per_src = Counter(i for i, _ in links)
    per_tgt = Counter(j for _, j in links)
    return [i for _, i in sorted((j, i) for i, j in links if per_src[i] == 1 and per_tgt[j] == 1)]


def discordance(order: list[int]) -> float:
    """Share of pairs in inverted order (Kendall's discordance; 0 for fewer than two items).

    Written out rather than scipy.stats.kendalltau: a segment has a few dozen links at most,
    and importing scipy.stats costs more than every count in a document."""
    n = len(order)
    if n < 2:
        return 0.0
    inverted = sum(1 for a in range(n) for b in range(a + 1, n) if order[a] > order[b])
    return inverted / (n * (n - 1) / 2)


def threshold(src_lang: str, tgt_lang: str) -> float | None:
    value = pair_profile(src_lang, tgt_lang).get("word_order_discordance")
    return float(value) if value is not None else None


def salad_surprisal(tgt_lang: str) -> float | None:
    """The target language's word-salad surprisal, when it has a fluency model to read it with."""
    value = profile(tgt_lang).get("word_salad_surprisal")
    return float(value) if value is not None and load_model(tgt_lang) is not None else None


def detect(pair: Pair, dic=None, glosses: tuple[Glosses, Glosses] = ({}, {}), fluency: float | None = None) -> list[Flag]:
    """``fluency``: the target's mean surprisal per word (:func:`evalkit.text.fluency.mean_surprisals`),
    None when unknown."""
    limit = threshold(pair.src_lang, pair.tgt_lang)
    salad = salad_surprisal(pair.tgt_lang) if fluency is not None else None
    if (limit is None and salad is None) or not pair.src.strip() or not pair.tgt.strip():
        return []
    order = matched_order(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, dic, glosses)
    if len(order) < MIN_LINKS:
        return []
    share = discordance(order)
    inverted = f"{share:.0%} of the pairs among the {len(order)} words matched to the source come in inverted order"
    if limit is not None and share >= limit:
        message = (f"the words follow no sensible order: {inverted} (faithful {pair.src_lang}->{pair.tgt_lang} "
                   f"translations stay under {limit:.0%})")
    elif salad is not None and fluency >= salad and share >= SALAD_DISCORDANCE:
        message = (f"the sentence reads as word salad: {fluency:.1f} nats per word under a part-of-speech model of "
                   f"{pair.tgt_lang} prose (faithful translations stay under {salad:.1f}), and {inverted}")
    else:
        return []
    start = len(pair.tgt) - len(pair.tgt.lstrip())
    end = len(pair.tgt.rstrip())
    return [make_flag(pair.index, pair.tgt, start, end, "word-order", "major", message, "word-order",
                      round(min(0.95, 0.5 + share), 2))]


class WordOrderDetector:
    """A segment whose words, matched to the source, come in no sensible order (a scramble).

    Each bead's flag depends on that bead alone; the beads are looked at together only to
    ask Apertium for every word's gloss in one call."""

    name = "word-order"
    per_bead = True
    modes = frozenset({"pair"})

    def supports(self, ctx: FlagContext) -> str | None:
        if threshold(ctx.src_lang, ctx.tgt_lang) is None and salad_surprisal(ctx.tgt_lang) is None:
            return (f"no word-order threshold for {ctx.src_lang}->{ctx.tgt_lang} (pair profile) and no fluency "
                    f"model for {ctx.tgt_lang}")
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        from evalkit.flag.omissions import content_glosses

        mine = [p for p in pairs if p.src.strip() and p.tgt.strip()]
        if not mine:
            return []
        glosses = content_glosses(mine, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        fluency = (mean_surprisals([p.tgt for p in mine], ctx.tgt_lang) if salad_surprisal(ctx.tgt_lang) is not None
                   else [None] * len(mine))
        return [f for p, x in zip(mine, fluency) for f in detect(p, ctx.dictionary, glosses, x)]
