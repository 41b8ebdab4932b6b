"""Polarity and mood: a negation or a question that one side has and the other lacks.

"Rick Perry ... did not finish" for "ont terminé" reverses the meaning while every
word, name and number still matches, so embeddings and the other detectors barely
move. Negation is read as *presence*, not a count: French doubles it ("ne ... pas"),
English contracts it ("didn't"), and a translator may move it ("je ne pense pas
qu'il vienne" -> "I don't think he will come"), but a sentence that negates nothing
does not become one that negates something. Restrictive "ne ... que" (only), additive
"non seulement" / "not only", and "sans" / "without" (which translators render as
"-less", "un-", "free of") are not counted: they are where a faithful translation
changes form. Languages without cue lists here (anything but French and English)
get no flags.
"""

from __future__ import annotations

import re

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import in_title
from evalkit.records import Flag

_FR_NE = re.compile(r"\b(?:ne|n['’])(?=\s*\w)", re.I)
_FR_NEG_WORD = re.compile(r"\b(?:pas|plus|jamais|rien|personne|aucun|aucune|aucuns|aucunes|guère|nullement|point|ni)\b", re.I)
_FR_QUE = re.compile(r"\bqu(?:e|['’])", re.I)
_FR_STANDALONE = re.compile(r"\b(?:non(?![-‐]|\s+seulement\b)|ni\b(?=.*\bni\b))", re.I)
_EN_NEG = re.compile(
    r"\b(?:not(?!\s+only\b)|never|nothing|nobody|none|neither|nor|cannot|no(?![.\s]*\d)(?=\s+(?:one\b|longer\b|[a-z]))|no(?=[,!;]|\.(?!\s*\d)))\b|n\s?['’]t\b",
    re.I,
)
_WINDOW = 8  # words after "ne" in which its second part must come
# Litotes: negated verbs that say something positive ("ne cessent de" kept, "n'a pas fini
# de" will keep, "ne tarissent pas d'éloges" are full of praise, "ne manquera pas de" will
# surely, "ne tarde pas à" soon, "n'empêche" nevertheless, "pas moins" no less): a good
# translation drops the negation.
_LITOTES = re.compile(r"^(?:cess|fini|tari|manqu|tard|empêch|moins|laiss)", re.I)
# Anything that can carry a negative meaning, negation or not ("sans", "jamais vus", "pas
# moins de", "faute de", "without", "hardly", "fail"): a side with one of these may be
# rendering the other side's negation, so no flag is raised against it.
_FR_LOOSE = re.compile(
    r"\b(?:ne|n['’]|pas|jamais|rien|aucun\w*|guère|ni|non|sans|peine|nul\w*|faute|manque\w*|refus\w*|impossible\w*)\b", re.I
)
_EN_LOOSE = re.compile(
    r"\b(?:not|no|never|nothing|nobody|none|neither|nor|without|hardly|scarcely|barely|rarely|seldom|few|little|"
    r"fail\w*|lack\w*|refus\w*|den(?:y|ies|ied)|unable|impossible|absen\w*|instead|rather|only|ever|any\w*)\b|n\s?['’]t\b|\b(?:un|in|im|dis|non)[a-z]{3,}",
    re.I,
)
_LOOSE = {"fr": _FR_LOOSE, "en": _EN_LOOSE}
_END = re.compile(r"([.?!…])[\s\"'’”»)]*$")


def negations(text: str, lang: str) -> list[tuple[int, int]] | None:
    """Spans of the negations in ``text`` (None: no cue list for this language)."""
    if lang == "en":
        return [m.span() for m in _EN_NEG.finditer(text)]
    if lang == "fr":
        out = []
        for m in _FR_NE.finditer(text):
            after = text[m.end() :]
            words = list(re.finditer(r"[^\W\d_]+(?:['’][^\W\d_]+)?", after))[:_WINDOW]
            if words and words[0].group().lower() == "importe":
                continue  # "n'importe où/quel/qui": anywhere, any, anyone
            neg = next((w for w in words if _FR_NEG_WORD.fullmatch(w.group())), None)
            que = next((w for w in words if _FR_QUE.match(w.group())), None)
            if neg is not None and (que is None or neg.start() < que.start()):
                k = words.index(neg)
                if any(_LITOTES.match(w.group()) for w in words[: k + 3]):
                    continue
                out.append((m.start(), m.end() + neg.end()))
        out += [m.span() for m in _FR_STANDALONE.finditer(text)]
        return out
    return None


def detect(pair: Pair) -> list[Flag]:
    """A negation present on one side only; a question on one side only."""
    flags: list[Flag] = []
    ns, nt = negations(pair.src, pair.src_lang), negations(pair.tgt, pair.tgt_lang)
    if ns is not None and nt is not None:
        # words of a quoted title or a name ("We Won't Build It") are not the sentence's own
        ns = [(s, e) for s, e in ns if not in_title(pair.src, s, e)]
        nt = [(s, e) for s, e in nt if not in_title(pair.tgt, s, e)]
        loose_s = _LOOSE[pair.src_lang].search(pair.src) is not None
        loose_t = _LOOSE[pair.tgt_lang].search(pair.tgt) is not None
        if nt and not loose_s:
            s, e = nt[0]
            flags.append(
                make_flag(pair.index, pair.tgt, s, e, "polarity", "major",
                          f"'{pair.tgt[s:e]}' negates a sentence the source states positively: the meaning is reversed",
                          "polarity", 0.6)
            )
        elif ns and not loose_t:
            s, e = ns[0]
            flags.append(
                make_flag(pair.index, pair.tgt, 0, 0, "polarity", "major",
                          f"the source's negation '{pair.src[s:e]}' has no counterpart: the translation states the opposite",
                          "polarity", 0.6, src=pair.src, src_start=s, src_end=e)
            )
    qs, qt = pair.src.count("?") + pair.src.count("¿"), pair.tgt.count("?") + pair.tgt.count("¿")
    es, et = _END.search(pair.src.strip()), _END.search(pair.tgt.strip())
    # one question against one plain statement: exclamations and multi-sentence beads
    # (a rhetorical question rendered as an exclamation) are a translator's choice
    plain = es is not None and et is not None and {es.group(1), et.group(1)} == {"?", "."}
    if plain and (qs == 0) != (qt == 0) and max(qs, qt) == 1:
        if qt:
            k = pair.tgt.index("?") if "?" in pair.tgt else pair.tgt.index("¿")
            flags.append(make_flag(pair.index, pair.tgt, k, k + 1, "mood", "major",
                                   "the translation asks a question where the source makes a statement", "polarity", 0.6))
        else:
            k = pair.src.index("?") if "?" in pair.src else pair.src.index("¿")
            flags.append(make_flag(pair.index, pair.tgt, 0, 0, "mood", "major",
                                   "the source asks a question; the translation makes a statement", "polarity", 0.6,
                                   src=pair.src, src_start=k, src_end=k + 1))
    return flags


class PolarityDetector(BeadDetector):
    """A negation or a question on one side only."""

    name = "polarity"

    def supports(self, ctx: FlagContext) -> str | None:
        missing = [lang for lang in (ctx.src_lang, ctx.tgt_lang) if lang not in _LOOSE]
        return f"no negation cues for {', '.join(missing)} (questions are still compared)" if missing else None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)
