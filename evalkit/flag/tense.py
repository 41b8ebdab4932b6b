"""Tense: a translation that puts in the future what the source does not.

"They will cancel the tour" for "Ils ont annulé la tournée" keeps every content word,
so neither embeddings nor the lexical detectors see it. English marks the future with
a few words (will, shall, 'll, won't); French has many ways to point at the future
(future and conditional endings, "aller" + infinitive, "demain", "prochain", "si" +
present, "pour que", verbs of intent and expectation), so the source side is read
loosely: any such cue and no flag. Only the added future is checked: an English
present for a French future ("the summit opens tomorrow") is good English, and past
vs present shifts are too often a translator's choice (French historic present).
Source French, target English only (no reliable cue list elsewhere).
"""

from __future__ import annotations

import re

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import in_title
from evalkit.records import Flag

# "will" as a noun (free will, his will) is not a tense
_EN_FUTURE = re.compile(
    r"(?<!free )(?<!good )(?<!ill )(?<!the )(?<!own )(?<!his )(?<!her )(?<!my )(?<!their )(?<!a )"
    r"\b(?:will|shall|won['’]t|wo\s?n['’]t)\b|\s?['’]ll\b",
    re.I,
)
_FR_FUTURE_CUES = re.compile(
    r"\b(?:[a-zàâçéèêëîïôûùüÿœ]+(?:ra|ront|rai|ras|rez|rons|rait|raient|rais|riez|rions)"
    r"|va|vont|vais|vas|allons|allez|aller|allait|allaient|prochaine?s?|demain|bientôt|futur\w*|avenir"
    r"|prévu\w*|prévoi\w*|doi[st]|doivent|devoir|dev\w*|compte\w*|désormais|dorénavant|souhait\w*|veu[tx]"
    r"|veulent|voul\w*|si|s['’]ils?|lorsque|quand|dès|jusqu\w*|pour|afin|promet\w*|promis\w*|menace\w*"
    r"|annonc\w*|attend\w*|esp[éè]r\w*|espoir|projet\w*|plan\w*|objectif|d['’]ici|venir|veille|fini\w*|cess\w*|tard\w*)\b",
    re.I,
)


def detect(pair: Pair) -> list[Flag]:
    """A future ("will ...") in the English translation of a French sentence with no future in sight."""
    if pair.src_lang != "fr" or pair.tgt_lang != "en":
        return []
    m = next((m for m in _EN_FUTURE.finditer(pair.tgt) if not in_title(pair.tgt, *m.span())), None)
    if m is None or _FR_FUTURE_CUES.search(pair.src):
        return []  # no future of the sentence's own ("Will Smith", "We Will not Build It"), or one in sight
    s, e = m.span()
    while s < e and pair.tgt[s].isspace():
        s += 1
    return [
        make_flag(pair.index, pair.tgt, s, e, "tense", "major",
                  f"'{pair.tgt[s:e]}' puts in the future what the source states in the past or present",
                  "tense", 0.5)
    ]


class TenseDetector(BeadDetector):
    """A future in the translation that the source does not have."""

    name = "tense"

    def supports(self, ctx: FlagContext) -> str | None:
        return None if (ctx.src_lang, ctx.tgt_lang) == ("fr", "en") else "tense cues exist for fr->en only"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)
