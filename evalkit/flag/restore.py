"""A dropped word, restored: the scorer as judge of the omission check's candidates (full checks).

The omission check (:mod:`evalkit.flag.omissions`) finds source content words with no
counterpart in the translation, and its fast confirmation (the embedder's deletion test and a
fitted model) must stay cautious: faithful translations leave many source words without a
word-for-word counterpart, so one dropped adjective or verb rarely reaches a major flag there
(on the DEMETR-fr tune half, none of 71 dropped adjectives, verbs and nouns did). The issue's
question is sharper: does the translation become more likely, given the source, when the dropped
content is restored? Each candidate's renderings (Apertium's word in context, then FreeDict's
commonest words, in the form Apertium chose) are put back beside the target word where it
belongs (the renderings of its nearest linked neighbours, left and right), before and after each, and the
language-model scorer rescores the sentence (:meth:`Scorer.edit_deltas`, every bead's edits in
one batched call). When the best restoration wins by the margin already fitted for the
contrastive check's insertions (``[margin.major] insert`` in ``data/flag_contrastive.toml``) the
omission is major and the restored wording is the flag's suggestion.

The mirror question for a target word with no counterpart in the source (an addition
candidate): is the translation likelier without it? Shortening a sentence alone raises its
likelihood, and free translations add words as style, so this judgement has its own margin and
runs only on closely translated beads (``[restore]`` in the same file: 12 nats, literal coverage
of at least 0.7, chosen on development data; a flag with an empty suggestion: delete the word).

The restoration's margin was not refitted here. On the development data (DEMETR tune halves: fr, es, de;
three TransRead tune books, 224 beads) it kept every human reference and literary bead below it
while 3 nats caught about a third of the dropped nouns and verbs (figures in docs/flags.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from evalkit.flag.antonyms import source_translations
from evalkit.flag.base import make_flag
from evalkit.flag.cognates import surface_words, _word_for
from evalkit.flag.contrastive import deletion
from evalkit.models.scorer import Edit, edit_deltas_many
from evalkit.records import Flag
from evalkit.text import fold, stopwords, zipf

RENDERINGS = 4  # words tried per missing word besides the capitalised forms of Apertium's (each before and after its anchors)
CLASSES = ("core", "modifier")  # names and numbers are missing as themselves: the identity verdict says so


def renderings(word: str, gloss: Sequence[str], dic, src_lang: str, tgt_lang: str, memo: dict | None = None) -> list[str]:
    """Target words that may render ``word``: Apertium's content words for it (a form in context:
    "travaillé" -> "worked"), each also capitalised (English capitalises "French", "Gothic";
    Apertium's output reaches us lower-cased), then FreeDict's renderings as the language's
    commonest word of each stem, in the form of Apertium's word where it gave one."""
    stop = stopwords(tgt_lang)
    glossed = [g for g in gloss if fold(g) not in stop]
    out = list(dict.fromkeys(glossed + [g[:1].upper() + g[1:] for g in glossed]))
    stems = source_translations(word, dic, src_lang, tgt_lang, memo) if dic is not None else frozenset()
    if stems:
        words = surface_words(tgt_lang)
        like = glossed[0] if glossed else "x"
        listed = {w for st in stems for w in (_word_for(st, like, words),) if w and fold(w) not in stop}
        out += sorted(listed - set(out), key=lambda w: (-zipf(w, tgt_lang), w))
    return out[: RENDERINGS + len(glossed)]


def restore(cands: Sequence, flags: Sequence[Flag], scorer, gloss: dict[str, tuple[str, ...]], dic, cfg, *,
            memo: dict | None = None, glosses_memo: dict | None = None) -> list[Flag]:
    """``flags`` (the fast confirmation's) with the omissions and additions the scorer confirms made major.

    ``cfg``: the contrastive check's settings (:func:`evalkit.flag.contrastive.settings`, the
    same data file). An omission candidate is restored (its renderings beside its neighbours'
    renderings) and judged by the insert margin; an addition candidate, in a closely translated
    bead only (``cfg.restore_coverage``), is taken out and judged by ``cfg.restore_addition``. A confirmed restoration replaces the candidate's fast flag, if any (a major one gains the
    suggestion and the scorer's evidence); an unconfirmed one leaves the fast flag as it was. One
    scorer call for all beads (``edit_deltas_many``)."""
    todo = [c for c in cands if c.cls in CLASSES and len(c.pair.tgt) <= cfg.max_chars
            and (c.kind == "addition" or c.beside or c.anchor.end > c.anchor.start)]
    by_bead: dict[int, list] = {}
    for c in todo:
        by_bead.setdefault(c.pair.index, []).append(c)
    close = _close_beads([g[0].pair for g in by_bead.values() if any(c.kind == "addition" for c in g)],
                         dic, cfg.restore_coverage, glosses_memo)
    items, edits, owners = [], [], []
    for group in by_bead.values():
        p = group[0].pair
        mine, who = [], []
        for c in group:
            if c.kind == "addition":
                if p.index in close:
                    mine.append(deletion(p.tgt, c.word.start, c.word.end))
                    who.append((c, c.word, ""))
                continue
            words = renderings(c.word.text, gloss.get(c.word.text, ()), dic, p.src_lang, p.tgt_lang, memo)
            for a in c.beside or (c.anchor,):
                for w in words:
                    mine += [Edit(a.start, a.start, w + " "), Edit(a.end, a.end, " " + w)]
                    who += [(c, a, f"{w} {a.text}"), (c, a, f"{a.text} {w}")]
        if mine:
            items.append((p.src, p.tgt, p.src_lang, p.tgt_lang))
            edits.append(mine)
            owners.append(who)
    if not items:
        return list(flags)
    best: dict[tuple[str, int, int], tuple[float, str, object, object]] = {}
    for who, deltas in zip(owners, edit_deltas_many(scorer, items, edits, words_after=cfg.words_after)):
        for (c, a, wording), d in zip(who, deltas):
            key = (c.kind, c.pair.index, c.word.start)
            if key not in best or d > best[key][0]:
                best[key] = (d, wording, c, a)
    margin = {"omission": cfg.major["insert"], "addition": cfg.restore_addition}
    won = {k: v for k, v in best.items() if v[0] >= margin[k[0]]}
    out = [f for f in flags if not (f.category == "omission" and ("omission", f.bead, f.src_start) in won)
           and not (f.category == "addition" and ("addition", f.bead, f.start) in won)]
    for gain, wording, c, a in won.values():
        out.append(_flag(c, a, gain, wording))
    return out


def _close_beads(pairs: Sequence, dic, floor: float, memo: dict | None) -> set[int]:
    """Indices of the beads translated closely enough (literal coverage >= ``floor``) for an added
    word to be a claim rather than style (:func:`evalkit.flag.literal.coverage`)."""
    if not pairs:
        return set()
    from evalkit.flag.literal import coverage
    from evalkit.flag.omissions import content_glosses

    glosses = content_glosses(pairs, pairs[0].src_lang, pairs[0].tgt_lang, memo)
    return {p.index for p in pairs if (coverage(p, dic, glosses) or 0.0) >= floor}


def _flag(c, a, gain: float, wording: str) -> Flag:
    p, w = c.pair, c.word
    if c.kind == "addition":
        return make_flag(
            p.index, p.tgt, w.start, w.end, "addition", "major",
            f"{w.text!r} has no counterpart in the source; without it the translation is likelier given the source "
            f"by {gain:.1f} nats (language model)", "omissions", 0.7, suggestion="")
    return make_flag(
        p.index, p.tgt, a.start, a.end, "omission", "major",
        f"source word {w.text!r} has no counterpart in the translation; restored ({wording!r} for {a.text!r}) the "
        f"translation is likelier given the source by {gain:.1f} nats (language model)",
        "omissions", 0.7, src=p.src, src_start=w.start, src_end=w.end, suggestion=wording)


__all__ = ["CLASSES", "RENDERINGS", "renderings", "restore"]
