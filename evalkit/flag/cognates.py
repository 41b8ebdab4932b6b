"""False friends from look-alike words: a general trigger, the scorer as judge (full checks).

The sense lexicon (:mod:`evalkit.flag.lexicon`) knows the false friends someone listed. This
check looks for any: a target word that *looks like* a source word (accent-folded spelling and
regular suffix changes, :func:`evalkit.flag.wordalign.cognate`: achever/achieve,
prétendre/pretend) while the bilingual dictionary, asked both ways, says neither renders the
other, the source word is rendered nowhere else in the target and the target word renders no
other source word. That is only a suspicion: FreeDict misses senses and true cognates alike
("grand", "excellent"), and on the TransRead tune books the trigger alone fires on ~5% of
faithful literary segments. So the trigger never flags by itself. With the full checks the
language-model scorer, given the source, rescores the sentence with each of the source word's
dictionary renderings in the look-alike's place (:meth:`Scorer.edit_deltas`), and the flag is
major when one wins by the margin already fitted for other checks' suggestions
(``[confirm] suggestion`` in ``data/flag_contrastive.toml``); the winner is the suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from evalkit.flag.antonyms import source_translations
from evalkit.flag.base import FlagContext, Pair, make_flag
from evalkit.flag.wordalign import cognate
from evalkit.records import Flag
from evalkit.text import cased_like, fold, in_title, stem, stopwords, tokenize, zipf

MIN_LETTERS = 4  # shorter look-alikes are mostly chance ("main"/"mine")
ALTERNATIVES = 6  # renderings of the source word rescored per candidate (the commonest words)
VOCABULARY = 60_000  # the target language's commonest words: where a rendering's stem finds its word
COMMON_ZIPF = 3.0  # rarer look-alikes are loans or archaisms ("repast", "abbe", "seance"), not false friends


@dataclass(frozen=True)
class Candidate:
    pair: Pair
    src_start: int
    src_end: int
    start: int
    end: int
    alternatives: tuple[str, ...]


@lru_cache(maxsize=4)
def surface_words(lang: str) -> dict[str, tuple[str, ...]]:
    """Stem -> the language's words with that stem, commonest first (wordfreq's list). The
    dictionary keeps stems; the scorer needs words. Built on the first candidate of a run (the
    trigger is rare), ~0.5 s."""
    from wordfreq import top_n_list

    out: dict[str, list[str]] = {}
    for w in top_n_list(lang, VOCABULARY):
        if w.isalpha():
            out.setdefault(stem(w, lang), []).append(w)
    return {k: tuple(v) for k, v in out.items()}


INFLECTIONS = ("ing", "ed", "s")  # English endings a rendering copies from the word it replaces


def _word_for(st: str, like: str, words: dict[str, tuple[str, ...]]) -> str | None:
    """A word with stem ``st`` in the form of ``like``: the same inflection ("attending" ->
    "expecting", "achieved" -> "finished", "raisin" -> "grapes" only if it were plural), else the
    commonest form without one ("prevent" -> "warn"). None when the language has no such word."""
    forms = words.get(st, ())
    if not forms:
        return None
    ending = next((e for e in INFLECTIONS if like.endswith(e) and not like.endswith("ss")), "")
    if ending:
        same = [f for f in forms if f.endswith(ending)]
        return same[0] if same else None
    bare = [f for f in forms if not f.endswith(INFLECTIONS) or f.endswith("ss")]
    return bare[0] if bare else forms[0]


def candidates(pair: Pair, dic, memo: dict | None = None,
               gloss: dict[str, tuple[str, ...]] | None = None) -> list[Candidate]:
    """Look-alike source/target word pairs that nothing links: the source word's renderings
    (FreeDict, and Apertium's words in ``gloss``: "attendons" -> "wait", a form FreeDict does not
    list) do not include the target word, and FreeDict's renderings of the target word back do not
    include the source word. Apertium's words come first among the alternatives (they are words in
    context, not stems)."""
    sl, tl = pair.src_lang, pair.tgt_lang
    if dic is None or not dic.supports(sl, tl) or not pair.src.strip() or not pair.tgt.strip():
        return []
    src_toks, tgt_toks = tokenize(pair.src), tokenize(pair.tgt)
    src_stems = {stem(t.text.lower(), sl) for t in src_toks}
    tgt_stems = {stem(t.text.lower(), tl) for t in tgt_toks}
    s_stop, t_stop = stopwords(sl), stopwords(tl)
    sources = [t for t in src_toks if len(t.text) >= MIN_LETTERS and t.text.isalpha() and t.text.islower()
               and fold(t.text) not in s_stop]
    out: list[Candidate] = []
    words = None
    for t in tgt_toks:
        w = t.text
        if len(w) < MIN_LETTERS or not w.isalpha() or not w[1:].islower() or fold(w) in t_stop \
                or in_title(pair.tgt, t.start, t.end):
            continue
        if w[0].isupper() and t.start != 0:
            continue  # a name
        if zipf(w.lower(), tl) < COMMON_ZIPF:
            continue  # a loan or an archaism
        look = [s for s in sources if cognate(s.text, w)]
        if len(look) != 1:
            continue
        s = look[0]
        glossed = tuple(g for g in (gloss or {}).get(s.text, ()) if g not in t_stop)
        renders = source_translations(s.text, dic, sl, tl, memo) | {stem(g, tl) for g in glossed}
        back = dic.translations(w, tl, sl)
        if not renders:
            continue  # a word nothing renders: no evidence either way
        if stem(w.lower(), tl) in renders or stem(s.text.lower(), sl) in back:
            continue  # a true cognate
        if renders & tgt_stems or back & src_stems:
            continue  # the source word is rendered elsewhere, or the target word renders another one
        words = words if words is not None else surface_words(tl)

        # Apertium's own word (a form in context: "reading"), then its form like the look-alike's
        in_context = [a for g in glossed for a in (g if words.get(stem(g, tl)) else None,
                                                   _word_for(stem(g, tl), w.lower(), words)) if a]
        # each rendering in the look-alike's form, and a bare form's plural ("raisin" -> "grapes")
        bare = not w.lower().endswith(INFLECTIONS) or w.lower().endswith("ss")
        listed = sorted({a for st in renders for a in (_word_for(st, w.lower(), words),
                                                       _word_for(st, w.lower() + "s", words) if bare else None) if a},
                        key=lambda a: (-zipf(a, tl), a))
        ranked = [a for a in dict.fromkeys(in_context + listed) if a != w.lower() and not cognate(a, w)][:ALTERNATIVES]
        if ranked:
            out.append(Candidate(pair, s.start, s.end, t.start, t.end, tuple(cased_like(a, w) for a in ranked)))
    return out


def confirm(cands: Sequence[Candidate], scorer, margin: float, max_chars: int, words_after: int) -> list[Flag]:
    """Each candidate's renderings rescored in its place (one batched scorer call for every bead,
    :func:`~evalkit.models.scorer.edit_deltas_many`); a major flag when the best wins by ``margin``."""
    from evalkit.models.scorer import Edit, edit_deltas_many

    by_bead: dict[int, list[Candidate]] = {}
    for c in cands:
        if len(c.pair.tgt) <= max_chars:
            by_bead.setdefault(c.pair.index, []).append(c)
    groups = list(by_bead.values())
    items = [(g[0].pair.src, g[0].pair.tgt, g[0].pair.src_lang, g[0].pair.tgt_lang) for g in groups]
    edits = [[Edit(c.start, c.end, a) for c in g for a in c.alternatives] for g in groups]
    flags: list[Flag] = []
    for group, scored in zip(groups, edit_deltas_many(scorer, items, edits, words_after=words_after)):
        p = group[0].pair
        deltas = iter(scored)
        for c in group:
            best, alt = max(zip([next(deltas) for _ in c.alternatives], c.alternatives))
            if best < margin:
                continue
            word, src_word = p.tgt[c.start:c.end], p.src[c.src_start:c.src_end]
            flags.append(make_flag(
                p.index, p.tgt, c.start, c.end, "false-friend", "major",
                f"'{word}' looks like the source's '{src_word}' but does not render it (the dictionary links neither "
                f"way); the language model, given the source, prefers '{alt}' by {best:.1f} nats",
                "cognates", 0.7, src=p.src, src_start=c.src_start, src_end=c.src_end, suggestion=alt))
    return flags


class CognateDetector:
    """A target word that looks like a source word it does not translate, confirmed by the scorer."""

    name = "cognates"
    per_bead = True
    modes = frozenset({"pair"})

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.load_scorer is None:
            return "needs the language-model scorer to confirm a look-alike (full checks)"
        return None  # without a dictionary for the pair it finds no candidate

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        from evalkit.flag.glosses import source_gloss_words

        gloss = source_gloss_words(pairs, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        cands = [c for p in pairs for c in candidates(p, ctx.dictionary, ctx.translations_memo, gloss)]
        if not cands:
            return []
        scorer = ctx.scorer()
        if scorer is None:
            return []
        from evalkit.flag.contrastive import settings

        cfg = settings()
        return confirm(cands, scorer, cfg.confirm, cfg.max_chars, cfg.words_after)


__all__ = ["Candidate", "CognateDetector", "candidates", "confirm", "surface_words"]
