"""A word missing from the target's own grammar: an article with nothing to determine, an adjective
with no noun, a subject or a modal with no verb, a statement with no subject.

"The of the train braked", "The has opened a new ward", "The, which dates from 1890, ...", "Is the
largest port in the country.": a noun or a subject was lost on the way, and the sentence says so
itself. The evidence is the target's grammar as Apertium's tagger reads it, not a list of errors:

- an article (the profile's ``grammar.articles``) followed directly by a word of a class that never
  follows one: a preposition, an auxiliary or a form of *be*/*have*, a conjunction, a relative pronoun,
  a comma or a sentence end (``NOT_AFTER_ARTICLE``), or a finite form of the profile's
  ``grammar.auxiliary_lemmas`` that the tagger read as a lexical verb ("The has opened"); or an article
  and a lower-case adjective followed by a modal, be/have or a preposition ("The new will be", "the
  internal of"), unless the adjective stands for a noun (a WordNet noun as written, "the poor"; a
  superlative; ``grammar.pronominal_adjectives``, "the former") or names a group with a plural verb
  (``grammar.group_verbs``, "the vulnerable are"). A capital
  "A" inside a sentence and a lone "a" before punctuation are letters ("Plan A of", "option a,"); a
  capitalised word after an article is a title ("The In Crowd"); a unit of several words ("the more
  than 35 million": the tagger reads "more than" as one preposition) is the tagger's phrase. None is a gap;
- where the profile says ``grammar.subject_required`` (English, not Spanish or Italian, which drop
  their subjects): a statement (no "?" in the segment) whose sentence opens with a finite auxiliary,
  a form of *be*/*have*, a modal, or a verb in the third-person present ("Says that..."), and not with the
  inversions English writes without a question (``grammar.inversion_starts``: "Had the train
  left earlier, ..."), nor before a pronoun, a name, an adverb or a capitalised word ("Said Candide",
  "Had not Pangloss been hanged"). Imperatives ("Take the train") and participles opening a clause
  ("Signed in 1957, the treaty...") are not finite third-person forms, so they never count;
- in a statement, a subject pronoun (``grammar.verb_subjects``) followed directly by an article, a
  possessive or a name ("they the tour"), or a modal after its subject followed by one, adverbs
  skipped ("Visitors can the gardens"), unless a word of ``grammar.inversion_cues`` earlier in the
  clause inverted them ("in none of these cases would the earth weigh"): a verb was lost.

The flag is major: the segment has lost a word the reader needs, in any text. Its category is
omission; it needs no source, so `evalkit check` runs it too. It is the target's own grammar, not a
word-by-word comparison, so a freely translated bead does not make it minor (flag/literal.py). Measured on the DEMETR *tune* halves
and the TransRead *tune* books before the code was written (docs/flags.md, session 17): no human
reference, no clean MT and two of 2,275 literary beads matched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from evalkit.flag.base import FlagContext, Pair, make_flag
from evalkit.records import Flag
from evalkit.text.profiles import profile
from evalkit.text.tagging import lemma, tag_words, tagger_paths, unit_tags, word_spans

# Apertium classes that never directly follow an article (the tagset is shared by its languages).
NOT_AFTER_ARTICLE = frozenset({"pr", "vbser", "vbhaver", "vaux", "vbmod", "cnjsub", "cnjcoo", "rel", "cm", "sent"})
# Classes an adjective-headed noun phrase does not end before ("The new will be", "The municipal of the
# town"): its noun was lost.
# (Not a relative or a conjunction: "the vulnerable who", "the poor that" name a group.)
NOT_AFTER_ADJECTIVE = frozenset({("vaux",), ("vbser",), ("vbhaver",), ("vbmod",), ("pr",)})
# A statement's first word of these classes, finite, has a subject before it in a language that
# needs one; a lexical verb only in the third person (a base form may be an imperative).
AUXILIARY_CLASSES = frozenset({"vbser", "vbhaver", "vaux", "vbmod"})
FINITE = frozenset({"pri", "pres", "past"})
# What may follow an inverted first verb: its subject ("Is it", "Had he"), a name, "not".
SUBJECT_CLASSES = frozenset({"prn", "np", "adv"})
CONFIDENCE = 0.7
# What a verb's absence leaves after a subject pronoun or a modal: an article (a, an, the), a
# demonstrative, a possessive; after a pronoun also a name ("they Lisbon"). "any", "some", "all" may
# follow a modal in good English ("could any day now"), so of the indefinites only a/an count.
DETERMINER_KINDS = frozenset({"def", "dem", "pos"})
INDEFINITE_ARTICLES = frozenset({"a", "an"})


def _article_gap(words: list[tuple[str, str]], articles: frozenset[str], auxiliaries: frozenset[str],
                 nominal: Callable[[str], bool] | None = None,
                 group_verbs: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """(first, last) indices of the first article followed directly by a word no article precedes, or by
    an adjective and then a word no noun phrase ends before ("The new will be": a noun lost after its
    adjective); None without one. ``auxiliaries``: lemmas whose finite forms count as auxiliaries when the
    tagger reads them as lexical verbs ("The has opened": has<vblex>). ``nominal``: whether an adjective
    stands for a noun in good English ("the poor", "the former"); without it the adjective rule is off.
    ``group_verbs``: plural verbs after which the adjective names a group ("the vulnerable are")."""
    for k in range(len(words) - 1):
        surface, unit = words[k]
        if surface.lower() not in articles or unit_tags(unit)[0][:1] != ("det",):
            continue
        if surface == "A" and k and unit_tags(words[k - 1][1])[0][:1] != ("sent",):
            continue  # a letter: "Plan A of", "an A to Z"
        after, unit = words[k + 1]
        tags = unit_tags(unit)[0]
        if " " in after or not tags or after[:1].isupper() or (len(surface) == 1 and surface.islower()
                                                                and tags[0] in ("cm", "sent")):
            continue  # the tagger's phrase; a title ("The In Crowd"); a letter ("option a,")
        if tags[0] in NOT_AFTER_ARTICLE or (tags[0] == "vblex" and FINITE & set(tags)
                                            and lemma(unit).lower() in auxiliaries):
            return k, k + 1
        if nominal is not None and tags[0] == "adj" and not {"sup", "comp"} & set(tags) and k + 2 < len(words) \
                and " " not in words[k + 2][0] and unit_tags(words[k + 2][1])[0][:1] in NOT_AFTER_ADJECTIVE \
                and words[k + 2][0].lower() not in group_verbs and not nominal(after):
            return k, k + 2
    return None


def _determines(surface: str, tags: tuple[str, ...]) -> bool:
    """An article, a demonstrative or a possessive (``DETERMINER_KINDS``), as the tagger reads it."""
    if tags[:1] == ("det",):
        return bool(DETERMINER_KINDS & set(tags)) or ("ind" in tags and surface.lower() in INDEFINITE_ARTICLES)
    return tags[:2] == ("prn", "pos")  # the tagger reads "his" after "he" as a pronoun


def _inverted(words: list[tuple[str, str]], k: int, cues: frozenset[str]) -> bool:
    """The clause before word ``k`` (since the last comma, conjunction or sentence start) holds a word that
    inverts subject and verb after it: "in none of these cases would the earth weigh", "not only could"."""
    for surface, unit in reversed(words[:k]):
        if unit_tags(unit)[0][:1] in (("cm",), ("sent",), ("cnjcoo",)):
            return False
        if surface.lower() in cues:
            return True
    return False


def _verb_gap(words: list[tuple[str, str]], subjects: frozenset[str],
              inversion_cues: frozenset[str] = frozenset()) -> int | None:
    """Index of a word after which a verb is missing; None without one: a subject pronoun (``subjects``:
    the profile's ``grammar.verb_subjects``, those never an object or in apposition) followed directly by
    a determiner or a name ("they the room", "they Lisbon"); a modal followed, adverbs skipped, by a
    determiner, after its subject (a noun, name or pronoun: not an inversion, "Only then could the",
    "Nor will the"). The caller leaves questions alone ("Will the museum open?")."""
    for k in range(len(words) - 1):
        surface, unit = words[k]
        tags = unit_tags(unit)[0]
        after, next_unit = words[k + 1]
        following = unit_tags(next_unit)[0] if not next_unit.startswith("*") else ()
        if tags[:2] == ("prn", "subj") and surface.lower() in subjects:
            if " " not in after and (_determines(after, following) or following[:1] == ("np",)
                                     or (next_unit.startswith("*") and after[:1].isupper())):
                return k
            continue
        if tags[:1] != ("vaux",) or not k:
            continue
        before = unit_tags(words[k - 1][1])[0] if not words[k - 1][1].startswith("*") else ("unknown",)
        if before[:1] not in (("n",), ("np",), ("prn",)) or _inverted(words, k, inversion_cues):
            continue
        j = k + 1
        while j < len(words) and unit_tags(words[j][1])[0][:1] in (("adv",), ("preadv",)):
            j += 1
        if j < len(words) and " " not in words[j][0] and _determines(words[j][0], unit_tags(words[j][1])[0]):
            return k
    return None


def _missing_subject(words: list[tuple[str, str]], inversions: frozenset[str]) -> int | None:
    """Index of a sentence's first word that is a finite verb with no subject before it; None without one."""
    starts = [0] + [k + 1 for k, (_, unit) in enumerate(words[:-1]) if unit_tags(unit)[0][:1] == ("sent",)]
    for k in starts:
        if k >= len(words):
            continue
        surface, tags = words[k][0], unit_tags(words[k][1])[0]
        if not tags or not surface[:1].isupper() or surface.lower() in inversions:
            continue
        # a lexical verb's past is also a participle opening a clause ("Signed in 1957, ..."): only its
        # third-person present counts
        finite = (tags[0] in AUXILIARY_CLASSES and bool(FINITE & set(tags))) or \
            (tags[0] == "vblex" and "p3" in tags and "past" not in tags)
        if not finite:
            continue
        if k + 1 < len(words):
            after, unit = words[k + 1]
            following = unit_tags(unit)[0]
            if (following and following[0] in SUBJECT_CLASSES) or after[:1].isupper():
                continue  # an inversion: "Is it", "Said Candide", "Had not"
        return k
    return None


def _lowered(prof, key: str) -> frozenset[str]:
    """The profile's word list ``key``, lower-cased (the rules compare lower-cased surfaces)."""
    return frozenset(w.lower() for w in prof.words(key))


def _nominal_adjectives(prof) -> Callable[[str], bool] | None:
    """Whether an adjective stands for a noun in good English: a WordNet noun as written ("the poor",
    "the wounded", "the elderly") or one of the profile's ``grammar.pronominal_adjectives`` ("the
    former", "the next"). None without WordNet or the list (the adjective rule is then off)."""
    from evalkit.flag.wordnet import has_hypernyms, hypernyms

    listed = _lowered(prof, "grammar.pronominal_adjectives")
    if not listed or not has_hypernyms():
        return None
    # WordNet's table loads on the first adjective that needs it, not on every run (as flag/hypernyms.py)
    return lambda word: word.lower() in listed or hypernyms().is_noun(word)


def gap_flags(pairs: Sequence[Pair], lang: str) -> list[Flag]:
    """The flags of :mod:`evalkit.flag.gaps` for the target segments of ``pairs`` (one tagger call)."""
    prof = profile(lang)
    articles = _lowered(prof, "grammar.articles")
    if not articles or not pairs:
        return []
    subject_required = bool(prof.get("grammar.subject_required", False))
    inversions = _lowered(prof, "grammar.inversion_starts")
    auxiliaries = _lowered(prof, "grammar.auxiliary_lemmas")
    subjects = _lowered(prof, "grammar.verb_subjects")
    inversion_cues = _lowered(prof, "grammar.inversion_cues")
    nominal = _nominal_adjectives(prof)
    group_verbs = _lowered(prof, "grammar.group_verbs")
    tagged = tag_words([p.tgt for p in pairs], lang)
    if tagged is None:
        return []
    out: list[Flag] = []
    for p, words in zip(pairs, tagged):
        spans = word_spans(p.tgt, words)
        found = _article_gap(words, articles, auxiliaries, nominal, group_verbs)
        if found is not None and spans[found[0]] and spans[found[1]]:
            k, last = found
            start, end = spans[k][0], spans[last][1]
            what = (f"an article cannot be followed by '{words[k + 1][0]}'" if last == k + 1 else
                    f"a noun is missing after '{words[k + 1][0]}' before '{words[last][0]}'")
            out.append(make_flag(p.index, p.tgt, start, end, "omission", "major",
                                 f"a word is missing after '{words[k][0]}': {what}", "gaps", CONFIDENCE))
            continue
        if "?" in p.tgt:
            continue
        k = _verb_gap(words, subjects, inversion_cues)
        if k is not None and spans[k] and spans[k + 1]:
            out.append(make_flag(p.index, p.tgt, spans[k][0], spans[k + 1][1], "omission", "major",
                                 f"a verb is missing after '{words[k][0]}': it cannot be followed by "
                                 f"'{words[k + 1][0]}'", "gaps", CONFIDENCE))
            continue
        if not subject_required:
            continue
        k = _missing_subject(words, inversions)
        if k is not None and spans[k]:
            out.append(make_flag(p.index, p.tgt, *spans[k], "omission", "major",
                                 f"the sentence has no subject: it opens with the verb '{words[k][0]}' and asks "
                                 "no question", "gaps", CONFIDENCE))
    return out


class GapDetector:
    """A word missing from the target's own grammar (:mod:`evalkit.flag.gaps`); in both modes."""

    name = "gaps"
    modes = frozenset({"pair", "check"})

    def supports(self, ctx: FlagContext) -> str | None:
        if not profile(ctx.tgt_lang).has("grammar.articles"):
            return f"no grammar.articles in the {ctx.tgt_lang} profile"
        if tagger_paths(ctx.tgt_lang) is None:
            return f"no Apertium tagger for {ctx.tgt_lang}"
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        return gap_flags([p for p in pairs if p.tgt.strip()], ctx.tgt_lang)
