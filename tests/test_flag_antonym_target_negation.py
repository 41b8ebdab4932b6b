"""Antonyms where the *translation* negates (issue 10, session 13; written before the change, my
own sentences).

A sentence whose source negates something is left to the polarity check ("pas grand" ->
"small"). The same holds the other way round: "not much" renders "wenig", "not far" renders
"près", "did not last long" renders "a duré peu": the translation's negation turns the word
into its opposite, so the opposite of the source word is the faithful choice. The richer German
dictionary (session 13) began to read "wenig" as "little" and flagged "much" in
"I didn't have to get used to the track much".
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags


def antonym_spans(lang: str, src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags(lang, src, tgt, category="antonym", major=True)]


@pytest.mark.parametrize("lang,src,tgt", [
    ("de", "Ich musste mich nur wenig an die neue Strecke gewöhnen.", "I did not have to get used to the new track much."),
    ("fr", "Le ministre a peu parlé pendant la réunion.", "The minister did not speak much during the meeting."),
    ("fr", "La gare est près du tribunal.", "The station is not far from the court."),
    ("es", "La reunión duró poco tiempo.", "The meeting did not last a long time."),
    ("it", "Il museo è vicino alla stazione.", "The museum is not far from the station."),
])
def test_an_opposite_under_the_translations_negation_is_not_flagged(lang, src, tgt):
    assert antonym_spans(lang, src, tgt) == []


@pytest.mark.parametrize("lang,src,tgt,word", [
    ("de", "Die Regierung reagierte schnell auf die Krise.", "The government reacted slowly to the crisis.", "slowly"),
    ("fr", "Le ministre a beaucoup parlé pendant la réunion.", "The minister spoke little during the meeting.", "little"),
])
def test_an_opposite_with_no_negation_anywhere_is_still_flagged(lang, src, tgt, word):
    assert word in antonym_spans(lang, src, tgt)
