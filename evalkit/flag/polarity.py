"""Polarity and mood: a negation or a question that one side has and the other lacks.

"Rick Perry ... did not finish" for "ont terminé" reverses the meaning while every
word, name and number still matches, so embeddings and the other detectors barely
move. Negation is read as *presence*, not a count: French doubles it ("ne ... pas"),
English contracts it ("didn't"), and a translator may move it ("je ne pense pas
qu'il vienne" -> "I don't think he will come"), but a sentence that negates nothing
does not become one that negates something. Restrictive "ne ... que" (only), additive
"non seulement" / "not only", and "sans" / "without" (which translators render as
"-less", "un-", "free of") are not counted: they are where a faithful translation
changes form. The cues are data: each language profile's ``[negation]`` table
(``evalkit/data/lang/<code>.toml``); a language without one is reported as not checked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.standin import negation_stand_in, word_vectors
from evalkit.flag.wordalign import TokenVectors
from evalkit.ingest.sentences import split_sentences
from evalkit.text import WORD_RE, in_title, zipf
from evalkit.text.profiles import profile
from evalkit.records import Flag


@lru_cache(maxsize=32)
def _loose(lang: str) -> re.Pattern[str] | None:
    """Anything that can carry a negative meaning in ``lang`` ("sans", "without", "hardly"): a side
    with one of these may be rendering the other side's negation, so no flag is raised against it.
    The strict cues count too: "cannot" renders "nicht" though a looser list forgot it."""
    prof = profile(lang)
    parts = [p for p in (prof.get("negation.loose"), prof.get("negation.cue")) if p]
    if parts:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.I)
    return prof.regex("negation.second")  # a two-part negation's second word ("pas") when nothing else is given


_END = re.compile(r"([.?!…])[\s\"'’”»)]*$")
STEM_MIN_ZIPF = 3.0  # what follows the prefix must be a common word in its own right


def negatively_prefixed(word: str, lang: str) -> bool:
    """``word`` is a negative-prefix word of ``lang`` ("unhappy", "impossible").

    A prefix alone says nothing ("international", "increase", "interest" start the same way);
    the word is negative when the rest of it is a word (Zipf >= :data:`STEM_MIN_ZIPF`) more
    frequent than the whole, as a base is more frequent than its negation.
    """
    low = word.lower()
    for prefix in profile(lang).get("negation.negative_prefixes", ()):
        rest = low[len(prefix):]
        if low.startswith(prefix) and len(rest) >= 3:
            z_rest = zipf(rest, lang)
            if z_rest >= STEM_MIN_ZIPF and z_rest > zipf(low, lang):
                return True
    return False


def loosely_negative(text: str, lang: str) -> bool:
    """Whether ``text`` carries anything that may render a negation (see :func:`_loose`)."""
    rx = _loose(lang)
    if rx is not None and rx.search(text):
        return True
    return any(negatively_prefixed(m.group(), lang) for m in WORD_RE.finditer(text))


def negations(text: str, lang: str) -> list[tuple[int, int]] | None:
    """Spans of the negations in ``text`` (None: the language's profile has no negation cues).

    A profile gives either one ``negation.cue`` pattern (English "not", German "nicht", "kein")
    or a two-part negation (French "ne ... pas"): a ``particle``, then within ``window`` words a
    ``second`` part, not after a ``restrictive`` "que" (only), not in ``litotes``, plus
    ``standalone`` cues ("non").
    """
    prof = profile(lang)
    cue, particle = prof.regex("negation.cue"), prof.regex("negation.particle")
    if cue is None and particle is None:
        return None
    out = [m.span() for m in cue.finditer(text)] if cue is not None else []
    if particle is not None:
        second, que = prof.regex("negation.second"), prof.regex("negation.restrictive")
        restrictive_next = prof.regex("negation.restrictive_next")
        litotes, window = prof.regex("negation.litotes"), int(prof.get("negation.window", 8))
        not_after = {w.lower() for w in prof.get("negation.not_after", ())}
        for m in particle.finditer(text):
            after = text[m.end() :]
            words = list(re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)?", after))[:window]
            if words and words[0].group().lower() in not_after:
                continue  # "n'importe où/quel/qui": anywhere, any, anyone
            neg = next((w for w in words if second is not None and second.fullmatch(w.group())), None)
            q = next((w for w in words if que is not None and que.match(w.group())), None)
            if neg is not None and restrictive_next is not None and restrictive_next.match(after, neg.end()):
                continue  # "il ne reste plus qu'à attendre": only
            if neg is not None and (q is None or neg.start() < q.start()):
                k = words.index(neg)
                if litotes is not None and any(litotes.match(w.group()) for w in words[: k + 3]):
                    continue
                out.append((m.start(), m.end() + neg.end()))
        standalone = prof.regex("negation.standalone")
        out += [m.span() for m in standalone.finditer(text)] if standalone is not None else []
    return out


_TERMINATOR = re.compile(r"[.!?…]")


def rhetorical(text: str, lang: str) -> list[tuple[int, int]]:
    """Negative questions in ``text``: (start, end) of each profile ``negation.interrogative`` match
    ("Isn't it...", "have I not", ", won't they?", "N'avez-vous") whose sentence ends with "?",
    up to that "?". Such a question asks for agreement, so it asserts what a statement would: its
    negation is no reversal, and it is no change of mood against a statement."""
    rx = profile(lang).regex("negation.interrogative")
    out = []
    for m in rx.finditer(text) if rx is not None else ():
        end = _TERMINATOR.search(text, m.start() + 1)
        if end is not None and end.group() == "?":
            out.append((m.start(), end.end()))
    return out


def detect(pair: Pair) -> list[Flag]:
    """A negation present on one side only; a question on one side only."""
    return negation_flags(pair) + mood_flags(pair)


def negation_flags(pair: Pair, dic=None, vectors: Callable[[], TokenVectors | None] | None = None) -> list[Flag]:
    """A negation present on one side only (nothing when a side's language has no cues).

    A source negation missing from the target is put on the target word aligned to the
    negated source word, when one is (``dic``, a BilingualDictionary, adds dictionary links;
    ``vectors`` gives word vectors for the alignment when the lexical links find nothing)."""
    flags: list[Flag] = []
    ns, nt = negations(pair.src, pair.src_lang), negations(pair.tgt, pair.tgt_lang)
    if ns is not None and nt is not None:
        ns, nt = _asserting(ns, pair.src, pair.src_lang), _asserting(nt, pair.tgt, pair.tgt_lang)
        # words of a quoted title or a name ("We Won't Build It") are not the sentence's own
        ns = [(s, e) for s, e in ns if not in_title(pair.src, s, e)]
        nt = [(s, e) for s, e in nt if not in_title(pair.tgt, s, e)]
        loose_s = loosely_negative(pair.src, pair.src_lang)
        loose_t = loosely_negative(pair.tgt, pair.tgt_lang)
        if nt and not loose_s:
            s, e = nt[0]
            flags.append(
                make_flag(pair.index, pair.tgt, s, e, "polarity", "critical",
                          f"'{pair.tgt[s:e]}' negates a sentence the source states positively: the meaning is reversed",
                          "polarity", 0.6)
            )
        elif ns and not loose_t:
            s, e = ns[0]
            at = negation_stand_in(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, (s, e), dic, vectors)
            flags.append(
                make_flag(pair.index, pair.tgt, *(at or (0, 0)), "polarity", "critical",
                          f"the source's negation '{pair.src[s:e]}' has no counterpart: the translation states the opposite"
                          + (f" ('{pair.tgt[at[0]:at[1]]}' renders the negated word without it)" if at else ""),
                          "polarity", 0.6, src=pair.src, src_start=s, src_end=e)
            )
    return flags


def _asserting(spans: list[tuple[int, int]], text: str, lang: str) -> list[tuple[int, int]]:
    """The negations of ``spans`` that are not inside a negative question (:func:`rhetorical`)."""
    asks = rhetorical(text, lang)
    return [(s, e) for s, e in spans if not any(a <= s < b for a, b in asks)]


def mood_flags(pair: Pair) -> list[Flag]:
    """A question on one side only (punctuation: every language). A negative question
    (:func:`rhetorical`) counts as the statement it asserts."""
    flags: list[Flag] = []
    qs, qt = pair.src.count("?") + pair.src.count("¿"), pair.tgt.count("?") + pair.tgt.count("¿")
    qs -= len({e for _, e in rhetorical(pair.src, pair.src_lang)})
    qt -= len({e for _, e in rhetorical(pair.tgt, pair.tgt_lang)})
    es, et = _END.search(pair.src.strip()), _END.search(pair.tgt.strip())
    # one question against one plain statement: exclamations and multi-sentence beads
    # (a rhetorical question rendered as an exclamation) are a translator's choice
    plain = es is not None and et is not None and {es.group(1), et.group(1)} == {"?", "."}
    if plain and (qs == 0) != (qt == 0) and max(qs, qt) == 1:
        asking, stating = (pair.tgt, pair.src) if qt else (pair.src, pair.tgt)
        lang_a, lang_s = (pair.tgt_lang, pair.src_lang) if qt else (pair.src_lang, pair.tgt_lang)
        why = ("" if marked_question(asking, lang_a) else " (a question by its question mark only: a change of tone)")
        if not why and asks_indirectly(stating, lang_s):
            why = " (the other side asks it indirectly)"
        severity = "minor" if why else "major"
        if qt:
            k = pair.tgt.index("?") if "?" in pair.tgt else pair.tgt.index("¿")
            flags.append(make_flag(pair.index, pair.tgt, k, k + 1, "mood", severity,
                                   "the translation asks a question where the source makes a statement" + why,
                                   "polarity", 0.6))
        else:
            k = pair.src.index("?") if "?" in pair.src else pair.src.index("¿")
            flags.append(make_flag(pair.index, pair.tgt, 0, 0, "mood", severity,
                                   "the source asks a question; the translation makes a statement" + why, "polarity", 0.6,
                                   src=pair.src, src_start=k, src_end=k + 1))
    return flags


def _question(text: str, lang: str) -> str:
    """The sentence of ``text`` that holds its first "?" (with the one before when the "?" closes a
    quotation that ends in its own full stop: 'Did the family say, "... most."?')."""
    k = text.find("?")
    spans = split_sentences(text, lang)
    for n, (a, b) in enumerate(spans):
        if a <= k < b:
            if n and len(WORD_RE.findall(text[a:b])) < 2:
                a = spans[n - 1][0]
            return text[a:b].strip(" \t\n\"'“”«»—–-")
    return text


def marked_question(text: str, lang: str) -> bool:
    """The question in ``text`` is marked by more than its question mark (the profile's
    ``mood.marked``: inversion, a question word); True for a language without that data."""
    rx = profile(lang).regex("mood.marked")
    return rx is None or rx.search(_question(text, lang)) is not None


def asks_indirectly(text: str, lang: str) -> bool:
    """``text`` asks a question indirectly ("she asked why", "demanda pourquoi"): ``mood.indirect``."""
    rx = profile(lang).regex("mood.indirect")
    return rx is not None and rx.search(text) is not None


class PolarityDetector(BeadDetector):
    """A negation on one side only."""

    name = "polarity"

    def supports(self, ctx: FlagContext) -> str | None:
        missing = [lang for lang in (ctx.src_lang, ctx.tgt_lang) if negations("", lang) is None]
        return f"no negation cues for {', '.join(missing)}" if missing else None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return negation_flags(pair, ctx.dictionary, self._vectors(ctx))

    @staticmethod
    def _vectors(ctx: FlagContext) -> Callable[[], TokenVectors | None] | None:
        """Word vectors from the run's embedder, only where the omission check loads it anyway
        (an embedder and a dictionary for the pair): placing a flag must not load a model."""
        dic = ctx.dictionary
        if ctx.load_embedder is None or dic is None or not dic.supports(ctx.src_lang, ctx.tgt_lang):
            return None
        return lambda: word_vectors(ctx.embedder())


class MoodDetector(BeadDetector):
    """A question on one side only (any language: it reads punctuation)."""

    name = "mood"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return mood_flags(pair)
