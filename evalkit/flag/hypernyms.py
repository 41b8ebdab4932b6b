"""Hypernyms: a more general word where the source names something specific.

"The vehicle" for "l'avion", "insects" for "les abeilles", "a person" for "un artiste": the
sentence keeps its shape and topic, so embeddings barely move, yet a reader learns less than
the source says. The evidence is two installed resources, not a list of errors: FreeDict
translates a source word (``avion`` -> airplane, plane, aircraft) and WordNet's noun
hierarchy says the target word is an ancestor of every one of those translations that is a
noun (aircraft -> craft -> *vehicle*): "news" for "information" passes, as "information" is not
a kind of news though its translation "report" is. It is a flag only when nothing contradicts it:

- the target word renders no source word (no source word translates to it, none looks like it);
- the source word stands where the target word does: between the source words that the
  target word's linked neighbours render (:func:`evalkit.flag.wordalign.text_links`);
- the source word is a noun to the dictionary, and not rendered elsewhere: none of its
  translations is in the target;
- the specific term is a thing (a physical object or matter in WordNet), not an abstraction;
- the target word is a common noun as written (not a verb form, a name, a title word or a
  function word).

Flags are minor (see ``SEVERITY``); with the full checks the language-model scorer rescores
each suggestion in place, and a flag whose suggestion it prefers by the fitted margin is major
(:func:`evalkit.flag.contrastive.confirm_suggestions`). The suggestion is the commonest WordNet noun among the source word's translations that has the
target word as an ancestor. English targets only (WordNet is English); any source language
with a FreeDict dictionary into English. Without WordNet (Debian ``wordnet-base``) the check
says so and does not run.
"""

from __future__ import annotations

from collections.abc import Sequence

from evalkit.flag.antonyms import source_translations
from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.bilingual import NOUN_TAGS, BilingualDictionary
from evalkit.flag.glosses import Glosses, source_glosses
from evalkit.flag.wordalign import cognate, text_links
from evalkit.flag.wordnet import Hypernyms, has_hypernyms, hypernyms
from evalkit.records import Flag
from evalkit.text import cased_like, fold, in_title, sentence_starts, stem, stopwords, tokenize

TARGET_LANG = "en"
# Only things: a translation under WordNet's physical objects and matter. Abstract nouns
# (moment -> instant -> "time", émotion -> "feeling", idée -> "knowledge") are where faithful
# translators choose freely: with them the check flagged 18% of TransRead's literary segments.
CONCRETE = frozenset({"object", "matter", "substanc"})  # English stems
# Minor: a suggestion, not an error claim. Faithful literary translators generalise too ("the
# beasts" for "les loups", "jewels" for "diamants"): on the TransRead tune books the check
# fires on 2.6% of segments (6.3% before the every-translation rule), against 10 of 76 DEMETR
# hypernym perturbations (tune halves), and no depth or frequency of the general word
# separated the two. The language-model scorer (--checks full) is the judge that could make
# such a flag major.
SEVERITY = "minor"


def _plural(word: str, like: str) -> str:
    """The suggestion in the flagged word's number and case ("Insects" -> "Bees"). English's
    regular plurals and its -man/child forms; the suggestion is a hint for a reviewer, so a
    rarer irregular plural ("wolfs") is tolerable where a library would be a new dependency."""
    low = like.lower()
    if low.endswith("s") and not low.endswith("ss") and not word.endswith("s"):
        if word.endswith("man"):
            word = word[:-3] + "men"
        elif word == "child":
            word = "children"
        elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            word = word[:-1] + "ies"
        else:
            word += "es" if word.endswith(("sh", "ch", "x", "z")) else "s"
    return cased_like(word, like)


def _maybe_noun(tags: set[str]) -> bool:
    """A noun to the dictionary, or a word it has no part of speech for (its Spanish and Italian
    databases tag nothing)."""
    return not tags or bool(tags & NOUN_TAGS)


def _noun_form(word: str, table: Hypernyms) -> bool:
    """Is ``word`` a WordNet noun as written, or as the singular of a regular plural? Verb forms
    ("questioned", "opened") are not, even where their stem is a noun's ("question")."""
    low = word.lower()
    forms = [low]
    if low.endswith("ies"):
        forms.append(low[:-3] + "y")
    if low.endswith("es"):
        forms.append(low[:-2])
    if low.endswith("s"):
        forms.append(low[:-1])
    return any(table.is_noun(f) for f in forms)


def _windows(src: list, tgt: list, links: set[tuple[int, int]], stop: frozenset[str]) -> list[tuple[int, int]]:
    """Per target word, the source positions where its counterpart can be: between the source
    partners of its nearest linked content neighbours (two words of slack either side)."""
    partners: dict[int, list[int]] = {}
    for i, j in links:
        if fold(tgt[j].text) not in stop:
            partners.setdefault(j, []).append(i)
    out = []
    for j in range(len(tgt)):
        left = next((partners[k] for k in range(j - 1, -1, -1) if k in partners), None)
        right = next((partners[k] for k in range(j + 1, len(tgt)) if k in partners), None)
        lo = min(left) if left else 0
        hi = max(right) if right else len(src) - 1
        lo, hi = min(lo, hi), max(lo, hi)
        out.append((lo - 2, hi + 2))
    return out


def detect(pair: Pair, dic: BilingualDictionary | None, glosses: Glosses | None = None,
           table: Hypernyms | None = None, memo: dict | None = None) -> list[Flag]:
    """Target nouns that are WordNet ancestors of what a source word translates to (FreeDict, and
    Apertium's ``glosses`` of source words when given; ``memo``: see
    :func:`evalkit.flag.antonyms.source_translations`)."""
    if dic is None or pair.tgt_lang != TARGET_LANG or not pair.src.strip():
        return []
    sl, tl = pair.src_lang, pair.tgt_lang
    src_stop, tgt_stop = stopwords(sl), stopwords(tl)
    src_words = [t for t in tokenize(pair.src) if len(t.text) > 2 and t.text.isalpha() and fold(t.text) not in src_stop]
    glosses = glosses or {}
    trans = [(w, source_translations(w.text, dic, sl, tl, memo) | glosses.get(w.text, set())) for w in src_words]
    rendered = set().union(*(tr for _, tr in trans)) if trans else set()
    tgt_tokens = tokenize(pair.tgt)
    tgt_stems = {stem(t.text.lower(), tl) for t in tgt_tokens}
    # the source word: a noun to the dictionary, none of whose translations is in the target
    unrendered = [(w, tr) for w, tr in trans if tr and not tr & tgt_stems and _maybe_noun(dic.pos(w.text, sl))]
    if not unrendered:
        return []
    table = table if table is not None else hypernyms()  # loaded (0.25 s) only for a bead that needs it
    if not table:
        return []
    starts = sentence_starts(pair.tgt)
    placed: dict = {}  # the word alignment, made only for a bead with a candidate (most have none)

    def window(start: int) -> tuple[int, int, dict[int, int]]:
        if not placed:
            s_words, t_words, links = text_links(pair.src, pair.tgt, sl, tl, dic)
            placed["pos"] = {w.start: k for k, w in enumerate(s_words)}
            placed["win"] = dict(zip((w.start for w in t_words), _windows(s_words, t_words, links, tgt_stop)))
            placed["n"] = len(s_words)
        lo, hi = placed["win"].get(start, (0, placed["n"]))
        return lo, hi, placed["pos"]
    flags: list[Flag] = []
    for t in tgt_tokens:
        word = t.text
        if len(word) < 3 or not word.isalpha() or fold(word) in tgt_stop or in_title(pair.tgt, t.start, t.end):
            continue
        if word[0].isupper() and t.start not in starts:
            continue  # a name
        if not _noun_form(word, table):
            continue
        st = stem(word.lower(), tl)
        if st in rendered or any(cognate(word, w.text) for w in src_words):
            continue  # it renders a source word
        best = None  # (depth, source word, specific stem)
        for w, tr in unrendered:
            nouns = [x for x in tr if table.lemma_for(x)]
            found = [(table.ancestor_stems(x).get(st), x) for x in nouns]
            if not found or any(d is None for d, _ in found):
                continue  # some sense of the source word is not a kind of the target word: it may be right
            depth, x = min(found)
            if CONCRETE.isdisjoint(table.ancestor_stems(x)):
                continue
            lo, hi, src_pos = window(t.start)
            if not lo <= src_pos.get(w.start, lo) <= hi:
                continue  # not where the target word stands: another word's business
            if best is None or depth < best[0]:
                best = (depth, w, x)
        if best is None:
            continue
        depth, w, x = best
        specific = table.lemma_for(x) or x
        flags.append(make_flag(
            pair.index, pair.tgt, t.start, t.end, "mistranslation", SEVERITY,
            f"'{word}' is more general than the source: '{w.text}' means '{specific}', a kind of '{word.lower()}' "
            f"({depth} step{'s' if depth > 1 else ''} up WordNet's hierarchy), and nothing in the source says "
            f"'{word.lower()}'", "hypernyms", 0.6, src=pair.src, src_start=w.start, src_end=w.end,
            suggestion=_plural(specific, word)))
    return flags


class HypernymDetector(BeadDetector):
    """A target noun more general than the source word it stands for (FreeDict + WordNet)."""

    name = "hypernyms"

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.tgt_lang != TARGET_LANG:
            return f"WordNet's noun hierarchy is English; the target is {ctx.tgt_lang}"
        if ctx.dictionary is None or not ctx.dictionary.supports(ctx.src_lang, ctx.tgt_lang):
            return f"needs a FreeDict dictionary for {ctx.src_lang}->{ctx.tgt_lang}, not installed"
        if not has_hypernyms():
            return "needs WordNet (Debian wordnet-base), not installed"
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        glosses = source_glosses(pairs, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        flags = [f for p in pairs if p.src.strip() and p.tgt.strip()
                 for f in detect(p, ctx.dictionary, glosses, memo=ctx.translations_memo)]
        if flags and ctx.load_scorer is not None:  # full checks: the scorer judges each suggestion
            from evalkit.flag.contrastive import confirm_suggestions

            flags = confirm_suggestions(flags, pairs, ctx.scorer())
        return flags
