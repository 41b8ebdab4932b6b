"""Antonyms: a target word whose opposite, not itself, is what the source says.

"Few rhythms" for "De nombreux rythmes", "mild weather" for "conditions très
défavorables" keep the sentence's shape and topic, so embeddings barely move. The
check is dictionary-bound: the target word ``w`` has a listed opposite ``a``
(``data/antonyms.tsv``), some source word translates (FreeDict) to ``a``, and no source
word translates to ``w`` itself. Words of capitalised titles and names are skipped, and
a sentence whose source negates something is left to the polarity check ("pas grand" ->
"small" is right). French source, English target only: the opposites are English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.bilingual import BilingualDictionary
from evalkit.flag.polarity import negations
from evalkit.flag.resources import data_path, read_tsv
from evalkit.text import in_title, stem, tokenize
from evalkit.records import Flag


@lru_cache(maxsize=1)
def opposites() -> dict[str, frozenset[str]]:
    """Stem of an English word -> stems of its opposites (both directions of every row)."""
    table: dict[str, set[str]] = {}
    for row in read_tsv(data_path("antonyms.tsv")):
        a = {stem(w.strip().lower(), "en") for w in row["a"].split("|") if w.strip()}
        b = {stem(w.strip().lower(), "en") for w in row["b"].split("|") if w.strip()}
        for x in a:
            table.setdefault(x, set()).update(b - a)
        for x in b:
            table.setdefault(x, set()).update(a - b)
    return {k: frozenset(v) for k, v in table.items()}


def _translations(word: str, dic: BilingualDictionary) -> set[str]:
    """FreeDict translations of a French word or of its masculine singular ("petites" -> "petit")."""
    w = word.lower()
    forms = [word, w]
    for suffix in ("s", "x"):
        if w.endswith(suffix):
            forms.append(w[: -len(suffix)])
    forms += [f[:-1] for f in list(forms) if f.endswith("e")]
    out: set[str] = set()
    for f in forms:
        out |= dic.translations(f, "fr", "en")
    return out


def detect(pair: Pair, dic: BilingualDictionary | None) -> list[Flag]:
    """Target words whose dictionary opposite, and not themselves, renders a source word."""
    if dic is None or pair.src_lang != "fr" or pair.tgt_lang != "en" or negations(pair.src, "fr"):
        return []
    if re.search(r"\bmoins\b", pair.src, re.I):
        return []  # "moins longue" -> "shorter", "moins cher" -> "cheaper": inverted comparisons
    table = opposites()
    src_words = [t for t in tokenize(pair.src) if len(t.text) > 1]
    trans = [(t, _translations(t.text, dic)) for t in src_words]
    rendered = set().union(*(tr for _, tr in trans)) if trans else set()
    tgt_stems = {stem(t.text.lower(), "en") for t in tokenize(pair.tgt)}
    flags: list[Flag] = []
    for t in tokenize(pair.tgt):
        st = stem(t.text.lower(), "en")
        opp = table.get(st)
        if not opp or st in rendered or in_title(pair.tgt, t.start, t.end):
            continue
        if opp & tgt_stems:
            continue  # the opposite is in the translation too ("from beginning to end"): both are accounted for
        source = next(((w, sorted(tr & opp)[0]) for w, tr in trans if tr & opp), None)
        if source is None:
            continue
        w, a = source
        flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "antonym", "major",
                               f"'{t.text}' says the opposite of the source: '{w.text}' means '{a}…', not '{t.text}'",
                               "antonyms", 0.6, src=pair.src, src_start=w.start, src_end=w.end))
    return flags


class AntonymDetector(BeadDetector):
    """A target word whose listed opposite renders a source word."""

    name = "antonyms"

    def supports(self, ctx: FlagContext) -> str | None:
        if (ctx.src_lang, ctx.tgt_lang) != ("fr", "en"):
            return "the antonym list and its dictionary cover fr->en only"
        if ctx.dictionary is None:
            return "needs the FreeDict dictionaries (dict-freedict-fra-eng), not installed"
        return None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair, ctx.dictionary)
