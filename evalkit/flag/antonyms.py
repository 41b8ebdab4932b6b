"""Antonyms: a target word whose opposite, not itself, is what the source says.

"Few rhythms" for "De nombreux rythmes", "mild weather" for "conditions très
défavorables" keep the sentence's shape and topic, so embeddings barely move. The
check is dictionary-bound: the target word ``w`` has a listed opposite ``a``
(``data/antonyms.tsv``), some source word translates (FreeDict) to ``a``, and no source
word translates to ``w`` itself. Words of capitalised titles and names are skipped, and
a sentence where either side negates something is left to the polarity check ("pas grand" ->
"small", "not much" -> "wenig" are right). The opposites are English, so the target must be English; the source
needs a FreeDict dictionary into English and ``antonyms = true`` in its pair profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.bilingual import BilingualDictionary
from evalkit.flag.glosses import Glosses, source_gloss_words, source_glosses
from evalkit.flag.polarity import negations
from evalkit.flag.resources import data_path, read_tsv
from evalkit.text import fold, in_title, stem, stopwords, tokenize
from evalkit.records import Flag
from evalkit.text.profiles import pair_profile, profile

OPPOSITES_LANG = "en"  # data/antonyms.tsv lists English opposites: the target side must be English


@lru_cache(maxsize=1)
def opposites() -> dict[str, frozenset[str]]:
    """Stem of an English word -> stems of its opposites (both directions of every row)."""
    table: dict[str, set[str]] = {}
    for row in read_tsv(data_path("antonyms.tsv")):
        a = {stem(w.strip().lower(), OPPOSITES_LANG) for w in row["a"].split("|") if w.strip()}
        b = {stem(w.strip().lower(), OPPOSITES_LANG) for w in row["b"].split("|") if w.strip()}
        for x in a:
            table.setdefault(x, set()).update(b - a)
        for x in b:
            table.setdefault(x, set()).update(a - b)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=4)
def wordnet_opposites(cache_dir: str | None = None) -> dict[str, frozenset[str]]:
    """Stems of WordNet's adjective and adverb opposites (:mod:`evalkit.flag.wordnet`; empty without
    Debian's wordnet-base). Weaker evidence than the hand-written list: their flags are minor.

    Stemming WordNet's ~2,600 words cost ~0.2 s of every run, so the stemmed table is kept in the
    derived store, keyed by WordNet's files, this module, the stemming code and the English
    profile (which names the stemmer); ``evalkit models install`` builds it."""
    from evalkit.flag import wordnet

    folder = wordnet.wordnet_dir()
    files = [folder / f"data.{pos}" for pos in wordnet.POS_FILES if (folder / f"data.{pos}").exists()]
    if not files:
        return {}
    import snowballstemmer

    from evalkit.models.derived import cached, store_key
    from evalkit.text import words

    key = store_key([*(f"{f}:{f.stat().st_size}:{int(f.stat().st_mtime)}" for f in files),
                     f"{OPPOSITES_LANG}|{getattr(snowballstemmer, '__version__', '')}", Path(__file__),
                     Path(wordnet.__file__), Path(words.__file__),
                     Path(__file__).parent.parent / "data" / "lang" / f"{OPPOSITES_LANG}.toml"])
    return cached("wordnet-opposite-stems", key, lambda: _stem_opposites(wordnet.antonyms(cache_dir=cache_dir)),
                  encode=lambda t: {k: sorted(v) for k, v in t.items()},
                  decode=lambda t: {k: frozenset(v) for k, v in t.items()}, cache_dir=cache_dir)


def _stem_opposites(antonyms: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for word, opps in antonyms.items():
        key = stem(word, OPPOSITES_LANG)
        table.setdefault(key, set()).update(stem(o, OPPOSITES_LANG) for o in opps if stem(o, OPPOSITES_LANG) != key)
    return {k: frozenset(v) for k, v in table.items() if v}


def source_translations(word: str, dic: BilingualDictionary, src_lang: str, tgt_lang: str,
                        memo: dict | None = None) -> frozenset[str]:
    """FreeDict translations of a source word or of its base form ("petites" -> "petit"): the source
    profile's ``antonyms.plural_endings`` then ``antonyms.gender_endings`` are stripped. ``memo``:
    one run's answers (``FlagContext.translations_memo``), shared by the antonym and hypernym checks."""
    if memo is None:
        return _source_translations(word, dic, src_lang, tgt_lang)
    key = (word, src_lang, tgt_lang)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _source_translations(word, dic, src_lang, tgt_lang)
    return hit


def _source_translations(word: str, dic: BilingualDictionary, src_lang: str, tgt_lang: str) -> frozenset[str]:
    prof = profile(src_lang)
    w = word.lower()
    forms = [word, w]
    for suffix in prof.get("antonyms.plural_endings", ()):
        if w.endswith(suffix):
            forms.append(w[: -len(suffix)])
    for suffix in prof.get("antonyms.gender_endings", ()):
        forms += [f[: -len(suffix)] for f in list(forms) if f.endswith(suffix)]
    out: set[str] = set()
    for f in forms:
        out |= dic.translations(f, src_lang, tgt_lang)
    return frozenset(out)


def detect(pair: Pair, dic: BilingualDictionary | None, glosses: Glosses | None = None,
           memo: dict | None = None, gloss: dict[str, tuple[str, ...]] | None = None) -> list[Flag]:
    """Target words whose dictionary opposite, and not themselves, renders a source word.
    ``glosses``: Apertium's renderings of source words (stems), counted as translations too; ``memo``:
    see :func:`source_translations`; ``gloss``: the same renderings as words, which make a WordNet
    opposite major when one of them is exactly the target word's opposite."""
    if dic is None or pair.tgt_lang != OPPOSITES_LANG or negations(pair.src, pair.src_lang) \
            or negations(pair.tgt, pair.tgt_lang):
        return []  # either side's negation may turn a word into its opposite: "not much" renders "wenig"
    compared = _inverted_words(pair.src, pair.src_lang)
    table, extra = opposites(), wordnet_opposites()
    src_words = [t for t in tokenize(pair.src) if len(t.text) > 1 and t.start not in compared]
    glosses = glosses or {}
    senses = [(t, source_translations(t.text, dic, pair.src_lang, pair.tgt_lang, memo), glosses.get(t.text, set()))
              for t in src_words]
    trans = [(t, fd | ap) for t, fd, ap in senses]
    rendered = set().union(*(tr for _, tr in trans)) if trans else set()
    tgt_stems = {stem(t.text.lower(), OPPOSITES_LANG) for t in tokenize(pair.tgt)}
    flags: list[Flag] = []
    for t in tokenize(pair.tgt):
        st = stem(t.text.lower(), OPPOSITES_LANG)
        opp, curated = table.get(st), True
        if not opp:
            opp, curated = extra.get(st), False
        if not opp or st in rendered or in_title(pair.tgt, t.start, t.end):
            continue
        if opp & tgt_stems:
            continue  # the opposite is in the translation too ("from beginning to end"): both are accounted for
        # evidence comes from content words: FreeDict glosses function words loosely (Italian "di" -> "above")
        source = next(((w, sorted(evidence)[0]) for w, fd, ap in senses
                       if (evidence := _specific(fd, ap, opp)) and fold(w.text) not in stopwords(pair.src_lang)), None)
        if source is None:
            continue
        w, a = source
        confirmed = not curated and _confirmed(t.text.lower(), (gloss or {}).get(w.text, ()), pair.tgt_lang)
        severity = "critical" if curated else "major" if confirmed else "minor"
        note = ("" if curated else " (WordNet opposites, confirmed by Apertium's rendering of the source word)"
                if confirmed else " (WordNet opposites: weaker evidence than evalkit's own list, shown as minor)")
        flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "antonym", severity,
                               f"'{t.text}' says the opposite of the source: '{w.text}' means '{a}…', not '{t.text}'"
                               + note, "antonyms", 0.6 if curated else 0.5 if confirmed else 0.4,
                               src=pair.src, src_start=w.start, src_end=w.end))
    return flags


def _confirmed(word: str, rendering: tuple[str, ...], lang: str) -> bool:
    """WordNet's opposites are weaker evidence than the hand list, unless Apertium renders the source
    word by exactly the target word's WordNet opposite ("premières" -> "first" against "last").
    Whole words, not stems ("useless" is no opposite of "use"); not for function words, which both
    render loosely ("Ahí están" -> "There are"), nor for negations ("plus que jamais" -> "than
    ever": "jamais" is "never" only with "ne", the polarity check's business)."""
    from evalkit.flag import wordnet

    if word in stopwords(lang):
        return False
    cue = profile(lang).regex("negation.cue")
    opposite = set(wordnet.antonyms().get(word, ()))
    return any(g in opposite and not (cue is not None and cue.fullmatch(g)) for g in rendering)


COMPARED_WORDS = 2  # words after an inverted-comparison marker that it compares ("moins | très long")


def _inverted_words(src: str, lang: str) -> set[int]:
    """Starts of the source words an inverted comparison compares ("moins longue" -> "shorter",
    "moins cher" -> "cheaper"): the next words after the profile's ``antonyms.inverted_comparison``
    marker. They are no evidence of an opposite; the rest of the sentence still is."""
    inverted = profile(lang).regex("antonyms.inverted_comparison")
    if inverted is None:
        return set()
    toks = tokenize(src)
    out: set[int] = set()
    for m in inverted.finditer(src):
        out |= {t.start for t in [t for t in toks if t.start >= m.end()][:COMPARED_WORDS]}
    return out


POLYSEMOUS = 8  # a FreeDict entry with more senses ("donner": give, present, exit, talent...) needs Apertium's word


def _specific(fd: frozenset[str] | set[str], ap: set[str], opp: set[str]) -> set[str]:
    """The opposites ``opp`` that a source word's *specific* sense renders: Apertium's reading
    (``ap``), and FreeDict's (``fd``) unless the entry is polysemous and Apertium reads the word
    otherwise. (Apertium alone is trusted: FreeDict lacks many senses, "incremento" -> increase.)"""
    out = ap & opp
    if fd & opp and (len(fd) <= POLYSEMOUS or not ap or ap & opp):
        out |= fd & opp
    return out


class AntonymDetector(BeadDetector):
    """A target word whose listed opposite renders a source word."""

    name = "antonyms"

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.tgt_lang != OPPOSITES_LANG or not pair_profile(ctx.src_lang, ctx.tgt_lang).get("antonyms"):
            return f"no antonym data for {ctx.src_lang}->{ctx.tgt_lang} (pair profile 'antonyms')"
        if ctx.dictionary is None or not ctx.dictionary.supports(ctx.src_lang, ctx.tgt_lang):
            return f"needs a FreeDict dictionary for {ctx.src_lang}->{ctx.tgt_lang}, not installed"
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        glosses = source_glosses(pairs, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        gloss = source_gloss_words(pairs, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        return [f for p in pairs if p.src.strip() and p.tgt.strip()
                for f in detect(p, ctx.dictionary, glosses, ctx.translations_memo, gloss)]
