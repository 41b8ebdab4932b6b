"""Tense: a translation that puts in the future what the source does not.

"They will cancel the tour" for "Ils ont annulé la tournée" keeps every content word,
so neither embeddings nor the lexical detectors see it. English marks the future with
a few words (will, shall, 'll, won't); French has many ways to point at the future
(future and conditional endings, "aller" + infinitive, "demain", "prochain", "si" +
present, "pour que", verbs of intent and expectation), so the source side is read
loosely: any such cue and no flag. Only the added future is checked: an English
present for a French future ("the summit opens tomorrow") is good English, and past
vs present shifts are too often a translator's choice (French historic present).
The cues are data: the target profile's ``tense.future`` (a future marker) and the source
profile's ``tense.future_context`` (anything pointing at the future); a pair without both is
reported as not checked.

Aspect is the same kind of check: "The committee was adopting the resolution" for "a adopté"
puts an ongoing action where the source states a completed one. English progressives
(``tense.progressive``) beyond the source's imperfective forms (``tense.imperfective``:
imperfect endings, "en train de", "estaba ... -ndo") are flagged. The imperfect endings
are read off the word's shape, so a word the bilingual dictionary knows only as a noun,
adjective or adverb ("nations", "jamais") is not counted as one. Against a source with no
completed action (``tense.completed``: passé composé, pretérito...) only the progressives
English does not use for a plain present count (``tense.progressive_marked``: "can be
occurring", "been being", "was being removed"): "prices are rising" for "les prix
augmentent" is good English. German has no imperfective form: its profile lists the words that
say "ongoing" (gerade, dabei, während...; ``tense.imperfective_words``: no part-of-speech
filter) and reads a completed action off past auxiliaries, Perfekt and Präteritum forms.
"""

from __future__ import annotations


import re
from collections.abc import Sequence

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.glosses import source_gloss_words
from evalkit.text import cased_like, in_title, stem, stopwords, tokenize, zipf
from evalkit.text.profiles import missing, profile
from evalkit.records import Flag


def detect(pair: Pair) -> list[Flag]:
    """A future ("will ...") in the translation of a source sentence with no future in sight."""
    future = profile(pair.tgt_lang).regex("tense.future")
    in_sight = profile(pair.src_lang).regex("tense.future_context")
    if future is None or in_sight is None:
        return []
    m = next((m for m in future.finditer(pair.tgt) if not in_title(pair.tgt, *m.span())), None)
    if m is None or in_sight.search(pair.src):
        return []  # no future of the sentence's own ("Will Smith", "We Will not Build It"), or one in sight
    s, e = m.span()
    while s < e and pair.tgt[s].isspace():
        s += 1
    return [
        make_flag(pair.index, pair.tgt, s, e, "tense", "major",
                  f"'{pair.tgt[s:e]}' puts in the future what the source states in the past or present",
                  "tense", 0.5)
    ]


def imperfective_count(text: str, lang: str, dic=None) -> int:
    """Imperfective forms of ``text`` by its profile; with a dictionary, single words it knows
    only as other parts of speech are left out (the shared reading of the score stage's
    ``aspect_excess``, which calls this without one)."""
    prof = profile(lang)
    pat = prof.regex("tense.imperfective")
    if pat is None:
        return 0
    by_shape = not prof.get("tense.imperfective_words")  # German lists words ("gerade"), not verb endings
    conditional = prof.regex("tense.conditional_count") if by_shape else None  # "aiderait": -r + imperfect ending
    n = 0
    for m in pat.finditer(text):
        word = m.group()
        if conditional is not None and conditional.fullmatch(word):
            continue
        if by_shape and dic is not None and " " not in word:
            # a plural noun in -ions ("élections", "millions") is known to the dictionary in the singular
            forms = [word] + [word[: -len(e)] for e in prof.get("antonyms.plural_endings", ()) if word.endswith(e)]
            pos = next((p for p in (dic.pos(f, lang) for f in forms) if p), set())
            if pos and not any(p.startswith("v") for p in pos):
                continue
        n += 1
    return n


_FUTURE_BEFORE = re.compile(r"(?:\b(?:will|shall)|['’]ll)\s+(?:\w+ly\s+|also\s+|still\s+|not\s+)?$", re.I)


def progressive_excess(src: str, tgt: str, src_lang: str, tgt_lang: str, dic=None) -> list[tuple[int, int]]:
    """Spans of the target's progressive forms beyond the source's imperfective count (the last ones:
    which progressive renders the source's imperfect cannot be told, and a flag needs one span)."""
    prog = profile(tgt_lang).regex("tense.progressive")
    if prog is None or not profile(src_lang).has("tense.imperfective"):
        return []
    spans = [m.span() for m in prog.finditer(tgt) if not in_title(tgt, *m.span())]
    in_sight = profile(src_lang).regex("tense.future_context")
    completed = profile(src_lang).regex("tense.completed")
    done = completed is not None and bool(completed.search(src))
    if not done and in_sight is not None and in_sight.search(src):
        # "will be leaving" for "tritt morgen zurück": a future progressive renders a source that
        # points at the future and states nothing as done (its aspect is English's choice)
        spans = [(s, e) for s, e in spans if not _FUTURE_BEFORE.search(tgt[:s])]
    extra = len(spans) - imperfective_count(src, src_lang, dic)
    if extra <= 0:
        return []
    spans = spans[len(spans) - extra:]
    if done:
        return spans
    # a present-tense source: English often says "prices are rising" for "les prix augmentent", so
    # only the progressives English does not use for a plain present count
    marked = profile(tgt_lang).regex("tense.progressive_marked")
    marks = [m.span() for m in marked.finditer(tgt)] if marked is not None else []
    return [(s, e) for s, e in spans if any(a < e and s < b for a, b in marks)]


# The form a progressive's verb takes without it, by the auxiliary that carried the aspect.
SIMPLE_FORM = {"was": "VBD", "were": "VBD", "is": "VBZ", "am": "VBP", "are": "VBP", "be": "VB", "been": "VBN"}


def aspect_suggestion(span: str) -> str | None:
    """The simple form for an English progressive: "was signing" -> "signed", "is depending" ->
    "depends", "been acquitting" -> "acquitted" (after "has"), "be helping" -> "help" (after
    "would"), "was being" -> "was" (a passive: "was being removed" -> "was removed"). Adverbs
    inside stay ("were still rising" -> "still rose"). None when the span is no such form."""
    from evalkit.text.inflect import verb_form

    words = span.split()
    if len(words) < 2 or words[0].lower() not in SIMPLE_FORM:
        return None
    aux, last = words[0], words[-1]
    if last.lower() == "being":
        out = " ".join(words[:-1])  # the passive or copula stays, its progressive goes
    else:
        lemma = verb_lemma(last)
        form = verb_form(lemma, SIMPLE_FORM[aux.lower()]) if lemma else None
        if form is None:
            return None
        out = " ".join(words[1:-1] + [form])
    return cased_like(out, aux)


def verb_lemma(form: str) -> str | None:
    """The verb an -ing form belongs to, by WordNet's rules for it (morphy: WordNet's exceptions,
    then the form less "ing", or less "ing" plus "e", the commoner when both are verbs):
    "signing" -> sign, "taking" -> take, "hoping" -> hope, "stopping" -> stop, "occuring" -> occur.
    None when no WordNet verb fits."""
    from evalkit.flag.wordnet import verb_forms

    lemmas, exceptions = verb_forms()
    low = form.lower()
    if low in exceptions:
        return exceptions[low]
    if not low.endswith("ing"):
        return None
    base = low[:-3]
    fits = [c for c in (base, base + "e") if c in lemmas]  # "hoping": hop or hope; "singing": sing or singe
    return max(fits, key=lambda c: zipf(c, "en")) if fits else None  # the commoner verb


def detect_aspect(pair: Pair, dic=None) -> list[Flag]:
    """A progressive in the translation beyond the source's imperfective forms."""
    out = []
    for s, e in progressive_excess(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, dic)[:1]:
        out.append(make_flag(pair.index, pair.tgt, s, e, "tense", "major",
                             f"'{pair.tgt[s:e]}' makes an ongoing action of what the source states as done "
                             "(no imperfect or ongoing form there)", "tense.aspect", 0.5,
                             suggestion=aspect_suggestion(pair.tgt[s:e])))
    return out


def _simple_present(toks: list, k: int, prof, verbs: frozenset[str], forms: dict[str, str]) -> bool:
    """Target word ``k`` reads as a simple present of a verb: a WordNet verb ("works" from "work"),
    not an -ed/-ing form or an irregular past ("gave"), and what precedes it is a subject rather than
    a function word that makes it a noun or an infinitive ("her work", "to work"). A bare form needs
    a plural subject ("researchers discover", "they work")."""
    w = toks[k].text.lower()
    if not w.isalpha() or w.endswith(("ed", "ing")) or w in forms or w in stopwords(prof.code):
        return False
    third = w.endswith("s") and not w.endswith("ss")
    bases = {w[:-1], w[:-2], w[:-3] + "y"} if third else {w}
    if not bases & verbs:
        return False
    prev = toks[k - 1].text.lower() if k else ""
    if prev in prof.words("tense.present_subjects"):
        return third != (prev in prof.words("tense.present_subjects_plural"))
    if not prev.isalpha() or prev in stopwords(prof.code):
        return False
    return third or prev.endswith("s")


def _past_stems(gloss: tuple[str, ...], forms: dict[str, str], lang: str) -> set[str]:
    """Stems of the past forms in a participle's rendering ("worked" -> "work", "gave" -> "give"):
    a rendering without one ("mois" -> "month", "jamais" -> "never") is no verb of the past."""
    out = set()
    for g in gloss:
        if g.endswith("ed") and len(g) > 4:
            out.add(stem(g, lang))
        elif forms.get(g, g) != g:
            out.add(stem(forms[g], lang))
    return out


def present_for_completed(pair: Pair, gloss: dict[str, tuple[str, ...]]) -> list[Flag]:
    """A simple present of the verb that renders a source participle of a completed past ("she works"
    for "elle a travaillé"). The verb is found by Apertium's rendering of the participle, which must
    be an English past ("worked"); a rephrased verb is not matched, reporting verbs are left alone
    ("studies show"), and an auxiliary that also forms a present passive ("sont dispersés") says nothing."""
    from evalkit.flag.wordnet import verb_forms

    completed = profile(pair.src_lang).regex("tense.completed")
    prof = profile(pair.tgt_lang)
    if completed is None or not prof.has("tense.present_subjects") or not gloss:
        return []
    verbs, forms = verb_forms()
    if not verbs:
        return []
    passive = profile(pair.src_lang).words("tense.present_auxiliaries")
    rendered: dict[str, str] = {}  # target stem -> the source's completed form
    for m in completed.finditer(pair.src):
        words = m.group().split()
        participle = words[-1]
        if words[0].lower() in passive or participle.lower() in stopwords(pair.src_lang):
            continue
        for st in _past_stems(gloss.get(participle, ()), forms, pair.tgt_lang):
            rendered.setdefault(st, m.group())
    if not rendered:
        return []
    reporting = set(prof.words("tense.reporting_present"))
    toks = tokenize(pair.tgt)
    for k, t in enumerate(toks):
        st = stem(t.text.lower(), pair.tgt_lang)
        if st in rendered and st not in reporting and not in_title(pair.tgt, t.start, t.end) \
                and _simple_present(toks, k, prof, verbs, forms):
            return [make_flag(pair.index, pair.tgt, t.start, t.end, "tense", "major",
                              f"'{t.text}' is a present where the source's '{rendered[st]}' is a completed past",
                              "tense.completed", 0.5)]
    return []


class TenseDetector(BeadDetector):
    """A future in the translation that the source does not have; a progressive for a completed action;
    a present for a completed past."""

    name = "tense"

    def supports(self, ctx: FlagContext) -> str | None:
        gaps = missing([ctx.tgt_lang], "tense.future") + missing([ctx.src_lang], "tense.future_context")
        return f"no future-tense cues for {', '.join(gaps)}" if gaps else None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        both = [p for p in pairs if p.tgt.strip() and p.src.strip()]
        gloss = source_gloss_words(both, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        out: list[Flag] = []
        for p in both:
            mine = detect(p) + detect_aspect(p, ctx.dictionary)
            out += mine or present_for_completed(p, gloss)
        return out
