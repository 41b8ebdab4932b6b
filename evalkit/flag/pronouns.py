"""Pronoun gender: a translation whose gendered pronouns all point the other way from the source.

"The judge said he had ruled" for "La juge a dit qu'elle avait tranché" keeps every content
word; only who is meant changes. The source's gendered mentions of people (subject pronouns
and titles: the source profile's ``pronouns.feminine`` / ``pronouns.masculine`` patterns,
impersonal "il y a", "il faut"... left out) are compared with the target's gendered pronouns
(``pronouns.feminine`` / ``pronouns.masculine`` word lists). A flag needs the evidence to be
one-sided on both sides: the source names only one gender, the translation uses only the
other. Anything mixed (two people, a possessive agreeing with a noun, a company as "it") is
left alone. The suggestion is the same pronoun of the other gender (``pronouns.swap``).
"""

from __future__ import annotations

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.records import Flag
from evalkit.text import tokenize
from evalkit.text.profiles import missing, profile


def detect(pair: Pair) -> list[Flag]:
    src_prof, tgt_prof = profile(pair.src_lang), profile(pair.tgt_lang)
    fem_src, masc_src = src_prof.regex("pronouns.feminine"), src_prof.regex("pronouns.masculine")
    fem_tgt, masc_tgt = tgt_prof.words("pronouns.feminine"), tgt_prof.words("pronouns.masculine")
    if fem_src is None or masc_src is None or not fem_tgt or not masc_tgt:
        return []
    src_f, src_m = bool(fem_src.search(pair.src)), bool(masc_src.search(pair.src))
    if src_f == src_m:
        return []  # no gendered mention, or both genders: nothing one-sided to compare
    toks = tokenize(pair.tgt)
    tgt_f = [t for t in toks if t.text.lower() in fem_tgt]
    tgt_m = [t for t in toks if t.text.lower() in masc_tgt]
    wrong = tgt_m if src_f else tgt_f
    if not wrong or (tgt_f if src_f else tgt_m):
        return []  # the translation also uses the source's gender: two people, or mixed
    t = wrong[0]
    swap = tgt_prof.get("pronouns.swap", {}) or {}
    other = swap.get(t.text.lower())
    suggestion = (other[:1].upper() + other[1:] if t.text[:1].isupper() else other) if other else None
    gender, opposite = ("feminine", "masculine") if src_f else ("masculine", "feminine")
    return [make_flag(pair.index, pair.tgt, t.start, t.end, "pronoun", "major",
                      f"'{t.text}' is {opposite} where the source's pronouns and titles are all {gender}",
                      "pronouns", 0.6, suggestion=suggestion)]


class PronounDetector(BeadDetector):
    """Gendered pronouns of the translation against the source's gendered mentions of people."""

    name = "pronouns"

    def supports(self, ctx: FlagContext) -> str | None:
        gaps = missing([ctx.src_lang], "pronouns.feminine") + missing([ctx.tgt_lang], "pronouns.swap")
        return f"no pronoun gender data for {', '.join(gaps)}" if gaps else None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)
