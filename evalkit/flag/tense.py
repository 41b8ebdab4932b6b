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

Where Apertium has a tagger for both languages (fr, es, it -> en), :func:`tense_shifts` reads the
verbs' tenses off it and checks the shifts the word lists cannot see: a past, present perfect or
pluperfect for a present, a present for a past, a future the source does not have. French does
narrate in the present, so a document's consistent shift is taken as its convention, and a
segment as part of its passage (see :func:`past_for_present`).

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
from typing import NamedTuple

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.glosses import gloss_words, source_gloss_words
from evalkit.text import cased_like, in_title, stem, stopwords, tokenize, zipf
from evalkit.text.profiles import missing, profile
from evalkit.text.tagging import lemma, tag_words, unit_tags, word_spans
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


# Apertium's tags (one tag set for all its languages): the source forms that put a sentence in the
# past (imperfect, simple past, imperfect subjunctive, a participle after an auxiliary), the forms
# that are no past (future, conditional, imperative, present subjunctive), and the verbs whose forms
# count.
SOURCE_PAST_TAGS = frozenset({"pii", "ifi", "pis", "pp"})
VERB_TAGS = frozenset({"vblex", "vbser", "vbhaver", "vbmod", "vbdo"})
NON_PAST_TAGS = frozenset({"fti", "cni", "imp", "prs"})
# A document that renders this many of its present-tense segments as pasts, and this share of them,
# follows a narrative present (the translator's convention), not an error of one segment.
CONVENTION_MIN = 2
CONVENTION_SHARE = 0.3


def _finite(tags: Sequence[str], tense: str) -> bool:
    return bool(tags) and tags[0] in VERB_TAGS and tense in tags


class SourceTenses(NamedTuple):
    """What the tagger reads in a source segment."""

    remote: bool  # an imperfect, passé simple or imperfect subjunctive (a pluperfect's auxiliary too)
    past: bool  # any past form: those, or a participle after an auxiliary
    present: Sequence[str] | None  # the tags of the first present-tense verb
    auxiliary: Sequence[str] | None  # the tags of the first present auxiliary before a participle ("ont saisi")
    participles: tuple[str, ...]  # participles without an auxiliary ("touché par le virus", "fondée par")
    main_present: bool  # a present (or future, conditional, imperative) verb that is not a perfect's auxiliary
    futures: int = 0  # future tenses, and verbs that point at one ("va signer", "doit annoncer")
    conditional: bool = False  # a conditional ("pénaliserait")
    future_tense: int = 0  # the future tenses alone ("rouvrira")


def _source_reading(units: list[tuple[str, str]], future_verbs: frozenset[str] = frozenset(),
                    future_shape: re.Pattern[str] | None = None,
                    purpose: frozenset[str] = frozenset()) -> SourceTenses:
    """``future_verbs``: lemmas that point at a future; ``future_shape``: the profile's future endings,
    read only on words the analyser does not know ("l'épouserai"); ``purpose``: prepositions of
    purpose, whose infinitive is an aim ("pour remonter": "who will take it back")."""
    remote = past = conditional = False
    present = auxiliary = None
    participles: list[str] = []
    presents = perfects = futures = future_tense = 0  # present-tense verbs; present auxiliaries of a participle; futures
    last_aux = None  # the last word was a present of avoir/être (haber, avere...): its tags
    after_aux = False  # the last word was any form of avoir/être ("avaient été baptisées")
    aim = False  # the last word was a preposition of purpose
    for surface, unit in units:
        if unit.startswith("*"):
            futures += future_shape is not None and bool(future_shape.fullmatch(surface))
            if last_aux:  # an auxiliary before a word the analyser does not know: a participle ("ont récolté")
                past = True
                auxiliary = auxiliary or last_aux
                perfects += 1
            last_aux, after_aux, aim = None, False, False
            continue
        name = lemma(unit).lower()
        for tags in unit_tags(unit):
            if not tags or tags[0] not in VERB_TAGS:
                continue
            # a future, an imperative ("passons": a wish), a verb that points at one, an aim
            futures += "fti" in tags or "imp" in tags or (name in future_verbs and "inf" not in tags)
            future_tense += "fti" in tags
            futures += aim and "inf" in tags
            conditional = conditional or "cni" in tags
            if "pp" in tags and not after_aux:
                participles.append(surface)  # a state ("touché par"); its verb may be a relative clause's past
            elif SOURCE_PAST_TAGS.intersection(tags):
                past = True
                remote = remote or "pp" not in tags
                if "pp" in tags:
                    auxiliary = auxiliary or last_aux
                    perfects += last_aux is not None
            elif "pri" in tags:
                presents += 1
                present = present or tags
            elif NON_PAST_TAGS.intersection(tags):
                presents += 1  # a future, conditional, imperative or present subjunctive: not a past either
        aim = name in purpose
        first = unit_tags(unit)[0]
        if first and first[0] != "adv":
            last_aux = first if first[0] in ("vbhaver", "vbser") and "pri" in first else None
            after_aux = first[0] in ("vbhaver", "vbser")
    return SourceTenses(remote, past, present, auxiliary, tuple(participles), presents > perfects, futures,
                        conditional, future_tense)


def _word_before(words: list[tuple[str, str]], k: int) -> tuple[str, ...]:
    """The tags of the word before word ``k``, adverbs skipped ("remains fully engaged"); ("unknown",)
    for a word the analyser does not know ("freighters"), () at the start."""
    for _, unit in reversed(words[:k]):
        if unit.startswith("*"):
            return ("unknown",)
        tags = unit_tags(unit)[0]
        if tags and tags[0] != "adv":
            return tags
    return ()


def _after_subject(words: list[tuple[str, str]], k: int) -> bool:
    """Word ``k`` follows what can be its subject (adverbs skipped): a noun, a name, a word the analyser
    does not know, or a subject pronoun; not "these hints", where the tagger read a noun as a verb."""
    tags = _word_before(words, k)
    return bool(tags) and (tags[0] in ("n", "np", "unknown") or (tags[0] == "prn" and "subj" in tags))


ADJECTIVE_BEFORE = (("vbser",), ("vbhaver",), ("pr",), ("det",), ("adj",), ("vblex",))


def _finite_pasts(words: list[tuple[str, str]]) -> list[int]:
    """Indices of the target's finite pasts. The tagger reads a past without an auxiliary before it as
    a participle when it can ("Farmers harvested wheat": harvest<pp>); in a sentence with no finite
    verb at all, such a participle is the sentence's verb, so it is read as the past it is."""
    tags = [unit_tags(unit)[0] for _, unit in words]
    # a verb's past after a form of be or have is its participle ("being renovated"), and after a
    # preposition, determiner, adjective or another verb it is an adjective ("for specialized phones",
    # "take specialized phones")
    # a past spelled as its base ("cost", "put") is no evidence of one
    pasts = [k for k, t in enumerate(tags) if _finite(t, "past")
             and not (t[0] == "vblex" and _word_before(words, k)[:1] in ADJECTIVE_BEFORE)
             and words[k][0].lower() != lemma(words[k][1]).lower()]
    if pasts or any(t and (t[0] == "vaux" or _finite(t, "pri") or _finite(t, "pres")) for t in tags):
        return pasts
    # only a regular form ("harvested") is both: "come" and "seen" are participles only
    return [k for k, t in enumerate(tags)
            if t[:2] == ("vblex", "pp") and not (k and tags[k - 1] and tags[k - 1][0] in VERB_TAGS)
            and words[k][0].lower().endswith("ed")][:1]


def _present_form(lemma: str, person: Sequence[str]) -> str | None:
    """The English present of ``lemma`` for the source verb's person and number ("be", [p3, sg] -> "is")."""
    from evalkit.text.inflect import verb_form

    if lemma == "be" and "p1" in person and "sg" in person:
        return "am"
    return verb_form(lemma, "VBZ" if "p3" in person and "sg" in person else "VBP")


def tense_shifts(pairs: Sequence[Pair], src_lang: str, tgt_lang: str, memo: dict | None = None) -> dict[int, Flag]:
    """{pair index: flag} of :func:`past_for_present`, :func:`present_for_past`, :func:`future_added` and
    :func:`past_for_future` (one flag a segment, in that order), from one tagger call per side; nothing when either side has
    no tagger or the source profile no ``tense.past_time``."""
    if profile(src_lang).regex("tense.past_time") is None or not profile(tgt_lang).has("tense.perfect_context") \
            or not pairs:
        return {}  # the target side is read as English (its tags, its verb forms: tense.perfect_context)
    src_words = tag_words([p.src for p in pairs], src_lang)
    tgt_words = tag_words([p.tgt for p in pairs], tgt_lang)
    if src_words is None or tgt_words is None:
        return {}
    prof = profile(src_lang)
    future_verbs, shape, purpose = (prof.words("tense.future_verbs"), prof.regex("tense.future_count"),
                                    prof.words("tense.future_purpose"))
    readings = [_source_reading(sw, future_verbs, shape, purpose) for sw in src_words]
    spans = [word_spans(p.tgt, tw) for p, tw in zip(pairs, tgt_words)]
    out = past_for_present(pairs, readings, tgt_words, spans, src_lang, tgt_lang, memo)
    for rule in (present_for_past(pairs, readings, tgt_words, spans, tgt_lang),
                 future_added(pairs, readings, tgt_words, spans, src_lang, tgt_lang),
                 past_for_future(pairs, readings, tgt_words, spans, src_lang)):
        for k, f in rule.items():
            out.setdefault(k, f)
    return out


def future_added(pairs: Sequence[Pair], readings: list[SourceTenses], tgt_words: list[list[tuple[str, str]]],
                 spans: list[list[tuple[int, int] | None]], src_lang: str, tgt_lang: str) -> dict[int, Flag]:
    """A future in the translation ("will", "shall", "'ll" before a verb) where the source has none: no
    future tense, conditional ("lirait" -> "will read" is how English renders some), imperative
    ("passons": a wish), verb that points at a future ("va signer", "doit annoncer": the source
    profile's ``tense.future_verbs``) or aim ("pour remonter": ``tense.future_purpose``), no future
    time (``tense.future_time``: "demain", a weekday), and the target no word of a habit ("you will
    sometimes come upon": ``tense.habitual``). A count against the source's futures flagged
    English's habitual and volitional "will" in novels. The
    word-list check (:func:`detect`) reads any future-like word as a cue, including "opéra" and
    "prefería"; the tagger reads the forms."""
    future_time = profile(src_lang).regex("tense.future_time")
    habitual = profile(tgt_lang).regex("tense.habitual")
    if future_time is None:
        return {}
    found: dict[int, Flag] = {}
    for p, src, tw, where in zip(pairs, readings, tgt_words, spans):
        if future_time.search(p.src) or (habitual is not None and habitual.search(p.tgt)):
            continue
        wills = [k for k, (_, unit) in enumerate(tw)
                 if any(lemma(part).lower() in ("will", "shall") and "<vaux>" in part
                        for part in unit.split("+")) and _verb_follows(tw, k)]  # "We'll", "won't"
        if not wills or src.futures or src.conditional:
            continue  # English also says "will" for a habit, a wish or a conditional ("will read" for "lirait")
        k = wills[0]
        span = where[k]
        if span is None or in_title(p.tgt, *span):
            continue
        at = max(tw[k][0].find("'"), tw[k][0].find("’"))
        if at > 0 and tw[k][0][at:].lower() in ("'ll", "’ll"):  # "We'll": the future's own letters
            span = (span[0] + at, span[1])
        found[p.index] = make_flag(p.index, p.tgt, span[0], span[1], "tense", "major",
                                   f"'{p.tgt[span[0]:span[1]]}' puts in the future what the source does not "
                                   "(no future form or future time there)", "tense.future", 0.5)
    return found


def past_for_future(pairs: Sequence[Pair], readings: list[SourceTenses], tgt_words: list[list[tuple[str, str]]],
                    spans: list[list[tuple[int, int] | None]], src_lang: str) -> dict[int, Flag]:
    """A finite past in the translation of a source whose verbs are all futures ("The museum reopened its
    rooms" for "Le musée rouvrira ses salles"): no present, past form, conditional, imperative or verb
    that only points at a future, and no past time (a year: French tells history in the future too, "En
    1905, Einstein publiera...", which English tells in the past). A translation with a modal of its own
    (will, would, could...) has put the time somewhere else and is left alone. The historic future is
    also a document's convention: a document that renders several of its future-only segments as pasts
    (``CONVENTION_*``) gets no flag, nor does a segment beside one whose source is in the past.
    Returns {pair index: flag}; the suggestion is "will" and the target verb's base form."""
    past_time = profile(src_lang).regex("tense.past_time")
    found: dict[int, Flag] = {}
    candidates = 0
    for p, src, tw, where in zip(pairs, readings, tgt_words, spans):
        if not src.future_tense or src.futures != src.future_tense or src.present is not None or src.past \
                or src.conditional or (past_time is not None and past_time.search(p.src)):
            continue
        candidates += 1
        if any("<vaux>" in unit for _, unit in tw):
            continue  # "will reopen", "would reopen", "could leave": the translation's own time
        pasts = [k for k in _finite_pasts(tw) if where[k] is not None and not in_title(p.tgt, *where[k])]
        if not pasts:
            continue
        surface, unit = tw[pasts[0]]
        found[p.index] = make_flag(p.index, p.tgt, *where[pasts[0]], "tense", "major",
                                   f"'{surface}' is a past where the source speaks only of the future (no "
                                   "present, past form or past time there)", "tense.past", 0.5,
                                   suggestion=cased_like(f"will {lemma(unit).lower()}", surface))
    return _settled(found, len(found), candidates, pairs, lambda j, i: readings[j].past)


def _verb_follows(words: list[tuple[str, str]], k: int) -> bool:
    """A verb follows word ``k``, adverbs and "not" skipped ("will not sign"; not "the will of")."""
    for _, unit in words[k + 1:]:
        tags = unit_tags(unit)[0]
        if tags[:1] == ("adv",):
            continue
        return bool(tags) and tags[0] in VERB_TAGS
    return False


def _neighbours(pairs: Sequence[Pair], i: int) -> list[int]:
    """Positions of the segments right before and after position ``i`` in the document."""
    return [j for j in (i - 1, i + 1) if 0 <= j < len(pairs) and abs(pairs[j].index - pairs[i].index) == 1]


def present_for_past(pairs: Sequence[Pair], readings: list[SourceTenses], tgt_words: list[list[tuple[str, str]]],
                     spans: list[list[tuple[int, int] | None]], tgt_lang: str) -> dict[int, Flag]:
    """A simple present as the translation's first verb where the source states only pasts ("The museum
    acquires three paintings" for "Le musée a acquis trois tableaux"): no present-tense verb in the
    source but the perfects' auxiliaries. Reporting verbs are idiom in the present ("studies show":
    the target profile's ``tense.reporting_present``); a verb after a past in the target is reported
    ("said the company plans"); a document told in the present throughout, or a segment beside one
    whose source is in the present, follows the translator's tense (as in :func:`past_for_present`)."""
    from evalkit.flag.wordnet import verb_forms
    from evalkit.text.inflect import verb_form

    reporting = profile(tgt_lang).words("tense.reporting_present")
    forms = verb_forms()[1]  # irregular forms -> their verb
    candidates = 0
    found: dict[int, Flag] = {}
    for p, src, tw, where in zip(pairs, readings, tgt_words, spans):
        if not src.past or src.main_present:
            continue
        candidates += 1
        for k, (surface, unit) in enumerate(tw):
            tags = unit_tags(unit)[0]
            if tags[:1] == ("vaux",) or (tags[:1] != ("vblex",)
                                        and any(_finite(tags, t) for t in ("past", "pri", "pres"))):
                break  # the first verb is a modal, or a form of be, have or do: "has acquired", "Gone are"
            if tags[:1] != ("vblex",) or not {"pri", "pres", "past"} & set(tags):  # "acquires", "buy"
                continue
            if "past" in tags:
                break  # the first verb is a past: a present after it is reported ("said the company plans")
            verb = lemma(unit).lower()
            if where[k] is None or in_title(p.tgt, *where[k]) or stem(surface.lower(), tgt_lang) in reporting \
                    or not _after_subject(tw, k) or forms.get(surface.lower(), verb) != verb:
                break  # ... or a present that is also another verb's past ("lay": lie)
            form = verb_form(verb, "VBD")
            found[p.index] = make_flag(p.index, p.tgt, *where[k], "tense", "major",
                                       f"'{surface}' is a present where the source states only pasts",
                                       "tense.present", 0.5, suggestion=cased_like(form, surface) if form else None)
            break
    # a past told in the present throughout is the translator's convention; so is a segment beside a
    # present-tense one
    return _settled(found, len(found), candidates, pairs,
                    lambda j, _: not readings[j].past and readings[j].main_present)


def _settled(found: dict[int, Flag], shifted: int, candidates: int, pairs: Sequence[Pair], beside) -> dict[int, Flag]:
    """``found``, or nothing when the document shifts the tense of ``shifted`` of its ``candidates``
    segments (``CONVENTION_*``: its convention), less the flags of segments beside one that
    ``beside(neighbour position, own position)`` says is told in the other tense (its passage's)."""
    if shifted >= CONVENTION_MIN and shifted >= CONVENTION_SHARE * candidates:
        return {}
    position = {p.index: i for i, p in enumerate(pairs)}
    return {k: f for k, f in found.items()
            if not any(beside(j, position[k]) for j in _neighbours(pairs, position[k]))}


def past_for_present(pairs: Sequence[Pair], readings: list[SourceTenses], tgt_words: list[list[tuple[str, str]]],
                     spans: list[list[tuple[int, int] | None]], src_lang: str, tgt_lang: str,
                     memo: dict | None = None) -> dict[int, Flag]:
    """A finite past in the translation of a source that has only present-tense verbs, no past form
    and no past time ("The port was the largest" for "Le port est le plus grand"), by Apertium's
    analyser and tagger on both sides. Session 10 tried this from word shapes and dropped it: French
    narrates in the present, and a passé simple cannot be told from a present by its shape. The tagger
    reads the passé simple; the narrative present is a document's convention, so a document that
    renders several of its present-tense segments as pasts (``CONVENTION_*``) gets no flag, nor does a
    segment beside one whose source is in the past (a passage English tells in one tense). Also a
    pluperfect for a perfect ("had seized" for "ont saisi", the source with no remote past, and no
    past before "had" in the target: "said they had seized" moves the tense back as English does).
    A participle without an auxiliary ("touché par le virus") is a state, not a past, but its own verb
    may come back as a relative clause's past ("which the Romans founded" for "fondée par les
    Romains"): Apertium's rendering of it is no error. ``memo``: the run's gloss memo.
    Returns {pair index: flag}."""
    past_time = profile(src_lang).regex("tense.past_time")
    since = profile(src_lang).regex("tense.since")
    perfect_context = profile(tgt_lang).regex("tense.perfect_context")
    present_only = 0
    found: dict[int, Flag] = {}
    shifted = 0  # present-tense segments rendered in the past (the convention's count; not the pluperfects)
    rendered = gloss_words([w for r in readings for w in r.participles], src_lang, tgt_lang, memo)
    for p, src, tw, where in zip(pairs, readings, tgt_words, spans):
        states = {stem(g, tgt_lang) for w in src.participles for g in rendered.get(w, ())}
        pasts = [k for k in _finite_pasts(tw) if where[k] is not None and not in_title(p.tgt, *where[k])
                 and stem(tw[k][0].lower(), tgt_lang) not in states
                 and not (src.participles and unit_tags(tw[k][1])[0][:1] == ("vblex",)
                          and _word_before(tw, k)[:1] in (("n",), ("np",)))]
        # (after a noun, where the source has a participle, the past may be that participle: "the
        # partnerships formed in the United States" for "les partenariats noués aux Etats-Unis")
        if not src.past and src.present is not None and not past_time.search(p.src):
            present_only += 1
            if pasts:
                surface, unit = tw[pasts[0]]
                form = _present_form(lemma(unit).lower(), src.present)
                found[p.index] = make_flag(p.index, p.tgt, *where[pasts[0]], "tense", "major",
                                           f"'{surface}' is a past where the source states a present (no past form "
                                           "or past time there)", "tense.past", 0.5,
                                           suggestion=cased_like(form, surface) if form else None)
            elif (perfect := _present_perfect(tw, where)) is not None and not (since and since.search(p.src)) \
                    and not (perfect_context and perfect_context.search(p.tgt)):
                start, end, verb = perfect
                form = _present_form(verb, src.present)
                found[p.index] = make_flag(p.index, p.tgt, start, end, "tense", "major",
                                           f"'{p.tgt[start:end]}' is a present perfect where the source states a "
                                           "present (no past form, past time or 'since' there)", "tense.past", 0.5,
                                           suggestion=cased_like(form, p.tgt[start:end]) if form else None)
            shifted += p.index in found
        elif src.auxiliary is not None and not src.remote and pasts and _pluperfect(tw, pasts[0]):
            # the target's first past is "had" + participle: a past before a past the source does not
            # have (after "said" the first past is "said", and English moves the tense back)
            surface = tw[pasts[0]][0]
            form = _present_form("have", src.auxiliary)
            found[p.index] = make_flag(p.index, p.tgt, *where[pasts[0]], "tense", "major",
                                       f"'{surface}' makes a pluperfect of the source's perfect (no imperfect, "
                                       "passé simple or pluperfect there)", "tense.past", 0.5,
                                       suggestion=cased_like(form, surface) if form else None)
    # a narrative present rendered in the past throughout; a passage told in the past (a neighbouring
    # segment's source has a past form): English keeps its tense through it where French moves
    return _settled(found, shifted, present_only, pairs,
                    lambda j, i: readings[j].remote or (readings[j].past and not readings[i].past))


def _present_perfect(words: list[tuple[str, str]], spans: list[tuple[int, int] | None]) -> tuple[int, int, str] | None:
    """(start, end, the participle's verb) of the target's first present perfect, "has" or "have" before a
    participle, adverbs skipped ("has been", "have also examined"); None without one."""
    for k, (_, unit) in enumerate(words):
        tags = next((t for t in unit_tags(unit) if t[:1] == ("vbhaver",)), ())  # "hasn't": have<...>+not<adv>
        if not {"pri", "pres"} & set(tags) or spans[k] is None:
            continue
        for j in range(k + 1, len(words)):
            nxt = unit_tags(words[j][1])[0]
            if nxt[:1] == ("adv",):
                continue
            if nxt[:2] in (("vblex", "pp"), ("vbser", "pp")) and spans[j] is not None:
                start = spans[k][0] + max(0, words[k][0].lower().rfind("ha"))  # "has"; "They've" whole
                return start, spans[j][1], lemma(words[j][1]).lower()
            break
    return None


def _pluperfect(words: list[tuple[str, str]], k: int) -> bool:
    """Target word ``k`` is "had" before a participle (adverbs and "been" between: "had also been pledged")."""
    if not words[k][1].startswith("have<vbhaver><past>"):
        return False
    for _, unit in words[k + 1:]:
        tags = unit_tags(unit)[0]
        if tags[:1] == ("adv",) or tags[:2] == ("vbser", "pp"):
            continue
        return tags[:2] == ("vblex", "pp") or tags[:2] == ("vbser", "pp")
    return False


class TenseDetector(BeadDetector):
    """A future in the translation that the source does not have; a progressive for a completed action;
    a present for a completed past; where Apertium tags both languages, the tense shifts of
    :func:`tense_shifts`."""

    name = "tense"

    def supports(self, ctx: FlagContext) -> str | None:
        gaps = missing([ctx.tgt_lang], "tense.future") + missing([ctx.src_lang], "tense.future_context")
        return f"no future-tense cues for {', '.join(gaps)}" if gaps else None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        both = [p for p in pairs if p.tgt.strip() and p.src.strip()]
        gloss = source_gloss_words(both, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        shifted = tense_shifts(both, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        out: list[Flag] = []
        for p in both:
            mine = detect(p) + detect_aspect(p, ctx.dictionary)
            mine = mine or present_for_completed(p, gloss)
            out += mine or ([shifted[p.index]] if p.index in shifted else [])
        return out
