"""Pronoun gender: a translation whose gendered pronouns all point the other way from the source.

"The judge said he had ruled" for "La juge a dit qu'elle avait tranché" keeps every content
word; only who is meant changes. Two kinds of evidence, from the profiles (``pronouns``):

* subject pronouns: the source's il / elle (impersonal "il y a", "il faut", "il est difficile
  de" left out) against the target's he / she;
* titles: the source's M. / Mme against every gendered pronoun of the target, possessives
  included ("Mme Leroy ... his fall"). Without a title, a French possessive (son, sa) agrees
  with the thing possessed, so "his" / "her" say nothing the source can contradict;
* possessives where the source language marks the possessor (German "sein-": a masculine or
  neuter one) against every gendered pronoun of the target;
* a sentence's only person, named by a gendered noun ("La directrice du musée a présenté son
  projet" -> "her project"; :func:`person_genders`, French and Spanish), against every gendered pronoun of a
  translation that names no other person.

A language may mark one gender only, and words that may or may not be gendered (German "sie",
"ihr": she or they, her or their) make the evidence mixed (``pronouns.<kind>_unsure``).

A flag needs the evidence to be one-sided on both sides: the source shows one gender only,
the translation uses the other only. Anything mixed (two people, a company as "it") is left
alone. The suggestion is the same pronoun of the other gender (``pronouns.swap``).
"""

from __future__ import annotations

from collections.abc import Sequence

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.records import Flag
from evalkit.text import cased_like, tokenize
from evalkit.text.profiles import missing, profile
from evalkit.text.tagging import lemma, tag_words, unit_tags


def _one_gender(text: str, lang: str, key: str) -> str | None:
    """"feminine" / "masculine" when ``text`` has source mentions of that gender only (``key``: subject |
    title | possessive). A language may mark one gender only (German's "er" and "sein-": "sie" and
    "ihr" are also they, their, you); whatever its ``{key}_unsure`` pattern finds (those words) makes
    the evidence mixed."""
    prof = profile(lang)
    fem, masc = prof.regex(f"pronouns.{key}_feminine"), prof.regex(f"pronouns.{key}_masculine")
    if fem is None and masc is None:
        return None
    unsure = prof.regex(f"pronouns.{key}_unsure")
    if unsure is not None and unsure.search(text):
        return None
    f, m = bool(fem and fem.search(text)), bool(masc and masc.search(text))
    return "feminine" if f and not m else "masculine" if m and not f else None


def _wrong_pronoun(tgt: str, lang: str, gender: str, prefix: str) -> object | None:
    """The first target pronoun of the other gender, when the target has none of ``gender``
    (``prefix``: "subject_" for the subject pronoun lists, "" for all gendered pronouns)."""
    prof = profile(lang)
    same = prof.words(f"pronouns.{prefix}{gender}")
    other = prof.words(f"pronouns.{prefix}{'masculine' if gender == 'feminine' else 'feminine'}")
    toks = tokenize(tgt)
    if any(t.text.lower() in same for t in toks):
        return None
    return next((t for t in toks if t.text.lower() in other), None)


def detect(pair: Pair, person: str | None = None) -> list[Flag]:
    """``person``: the gender of the one person the source's nouns name (:func:`person_genders`)."""
    # titles, possessives and a sentence's only person settle the gender of every pronoun ("Mme Leroy
    # ... his fall", "seine Musiker" -> "her musicians", "La directrice ... son projet" -> "her
    # project"), subject pronouns that of the subject pronouns
    evidence = [(key, prefix, _one_gender(pair.src, pair.src_lang, key))
                for key, prefix in (("title", ""), ("possessive", ""), ("subject", "subject_"))]
    evidence.insert(2, ("person", "", person))
    if len({gender for _, _, gender in evidence if gender}) > 1:
        return []  # a man and a woman: nothing one-sided
    found = None
    for _, prefix, gender in evidence:
        if gender and (found is None or found[1] is None):
            found = (gender, _wrong_pronoun(pair.tgt, pair.tgt_lang, gender, prefix))
    if found is None or found[1] is None:
        return []
    gender, t = found
    swap = profile(pair.tgt_lang).get("pronouns.swap", {}) or {}
    other = swap.get(t.text.lower())
    suggestion = cased_like(other, t.text) if other else None
    opposite = "masculine" if gender == "feminine" else "feminine"
    return [make_flag(pair.index, pair.tgt, t.start, t.end, "pronoun", "major",
                      f"'{t.text}' is {opposite} where the source's pronouns, titles and people are all {gender}",
                      "pronouns", 0.6, suggestion=suggestion)]


PERSONS = ("first", "second", "third")


def _persons(text: str, lang: str) -> set[str] | None:
    """The grammatical persons ``text`` uses, from the profile's ``pronouns.person_*`` (a regex
    in a source profile, a word list in a target one); None without the data."""
    prof = profile(lang)
    out = set()
    for person in PERSONS:
        key = f"pronouns.person_{person}"
        if isinstance(prof.get(key), list):
            words = set(prof.words(key))
            if any(t.text.lower() in words for t in tokenize(text)):
                out.add(person)
        elif (rx := prof.regex(key)) is not None:
            if rx.search(text):
                out.add(person)
        else:
            return None
    return out


def person_flags(pair: Pair) -> list[Flag]:
    """The translation moves who speaks or is spoken to: the source uses a first or second person
    the translation never uses, and the translation has a pronoun of a person the source does not
    use where it should be ("They decided" for "Nous avons décidé"). A source with "on" (we, you,
    they, one) is not checked. The suggestion is the subject form of the source's person."""
    src_prof, tgt_prof = profile(pair.src_lang), profile(pair.tgt_lang)
    indefinite = src_prof.regex("pronouns.person_indefinite")
    if indefinite is not None and indefinite.search(pair.src):
        return []
    src, tgt = _persons(pair.src, pair.src_lang), _persons(pair.tgt, pair.tgt_lang)
    if src is None or tgt is None:
        return []
    lost = [p for p in ("first", "second") if p in src and p not in tgt]
    if not lost:
        return []
    subjects = set(tgt_prof.words("pronouns.person_stand_ins")) or None
    strangers = set()
    for person in PERSONS:
        if person not in src:
            strangers |= {w for w in tgt_prof.words(f"pronouns.person_{person}") if subjects is None or w in subjects}
    t = next((t for t in tokenize(pair.tgt) if t.text.lower() in strangers), None)
    if t is None:
        return []
    person = lost[0]
    forms = tgt_prof.get("pronouns.person_subject", {}) or {}
    plural = src_prof.regex("pronouns.person_first_plural")
    key = "first_plural" if person == "first" and plural is not None and plural.search(pair.src) else person
    want = forms.get(key)
    suggestion = cased_like(want, t.text) if want else None  # "I" is a capital either way
    return [make_flag(pair.index, pair.tgt, t.start, t.end, "pronoun", "major",
                      f"the source speaks in the {person} person; the translation has '{t.text}' and no "
                      f"{person}-person pronoun: who speaks or is spoken to has changed", "pronouns", 0.6,
                      suggestion=suggestion)]


GENDERS = {"f": "feminine", "m": "masculine"}


def _noun_gender(words: list[tuple[str, str]], k: int) -> str | None:
    """"f" / "m" when source word ``k`` names a person of that gender by its form: a singular noun's
    feminine form of a masculine lemma ("directrice" <- directeur, "avocate" <- avocat), or a noun of
    either gender ("ministre" <mf>) after an article that shows it ("la pianiste", "le juge"). A noun
    that is feminine for anyone ("la victime", "la personne": lemma = form) says nothing, nor does a
    word the analyser does not know: read by its article, it was mostly a thing ("la chaloupe", "sa
    métairie": 7 of 2,275 literary tune beads flagged)."""
    surface, unit = words[k]
    tags = unit_tags(unit)[0] if not unit.startswith("*") else ()
    if tags[:1] != ("n",) or "sg" not in tags or " " in surface:
        return None  # a phrase the analyser joins ("salle à manger") has its head as lemma
    if "f" in tags and lemma(unit).lower() != surface.lower():
        return "f"
    before = unit_tags(words[k - 1][1])[0] if k and "mf" in tags else ()
    if before[:1] == ("det",) and "sg" in before:
        return "f" if "f" in before else "m" if "m" in before else None
    return None


def _singular_people(words: list[tuple[str, str]], nouns) -> int:
    """How many target words name one person: a singular noun (or a word the tagger does not know)
    whose first WordNet sense is a person, as written ("pianist", "client")."""
    count = 0
    for surface, unit in words:
        tags = unit_tags(unit)[0] if not unit.startswith("*") else ("unknown",)
        if (tags[:1] == ("n",) and "pl" not in tags) or tags == ("unknown",):
            count += nouns.is_person(surface)
    return count


def person_genders(pairs: Sequence[Pair], src_lang: str, tgt_lang: str) -> dict[int, str]:
    """{pair index: "feminine" | "masculine"} where the source names exactly one person by a gendered noun
    (:func:`_noun_gender`; all such nouns of one gender), no name, and the translation has at most one
    singular person noun: then every gendered pronoun of the translation is that person's. Where the
    source profile says ``pronouns.person_nouns`` (its tagger shows a noun's gender) and WordNet is
    installed; one tagger call per side."""
    from evalkit.flag.wordnet import has_hypernyms, hypernyms

    if not profile(src_lang).get("pronouns.person_nouns", False) or not pairs or not has_hypernyms():
        return {}
    src_words = tag_words([p.src for p in pairs], src_lang)
    tgt_words = tag_words([p.tgt for p in pairs], tgt_lang)
    if src_words is None or tgt_words is None:
        return {}
    out: dict[int, str] = {}
    for p, sw, tw in zip(pairs, src_words, tgt_words):
        names = any(unit_tags(u)[0][:1] == ("np",) or (u.startswith("*") and k and s[:1].isupper())
                    for k, (s, u) in enumerate(sw))
        genders = {g for k in range(len(sw)) if (g := _noun_gender(sw, k))}
        # WordNet's table loads only once a segment has the evidence (most have none)
        if names or len(genders) != 1 or _singular_people(tw, hypernyms()) > 1:
            continue
        out[p.index] = GENDERS[genders.pop()]
    return out


class PronounDetector(BeadDetector):
    """Gendered pronouns of the translation against the source's gendered mentions of people."""

    name = "pronouns"

    def supports(self, ctx: FlagContext) -> str | None:
        src = profile(ctx.src_lang)
        gaps = ([] if src.has("pronouns.subject_feminine") or src.has("pronouns.subject_masculine") else [ctx.src_lang]) \
            + missing([ctx.tgt_lang], "pronouns.swap")
        return f"no pronoun gender data for {', '.join(gaps)}" if gaps else None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        pairs = [p for p in pairs if p.src.strip() and p.tgt.strip()]
        people = person_genders(pairs, ctx.src_lang, ctx.tgt_lang)
        return [f for p in pairs for f in detect(p, people.get(p.index)) + person_flags(p)]

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair) + person_flags(pair)
