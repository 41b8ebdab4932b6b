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
"""

from __future__ import annotations


from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import in_title
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


class TenseDetector(BeadDetector):
    """A future in the translation that the source does not have."""

    name = "tense"

    def supports(self, ctx: FlagContext) -> str | None:
        gaps = missing([ctx.tgt_lang], "tense.future") + missing([ctx.src_lang], "tense.future_context")
        return f"no future-tense cues for {', '.join(gaps)}" if gaps else None

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)
