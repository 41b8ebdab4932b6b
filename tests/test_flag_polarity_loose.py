"""A negation rendered by a looser negative is not a reversal (session 9, written before the fix).

A strict negation ("cannot", "nicht") is also a loose one: a target that says "cannot" renders a
source "nicht". And "little"-words (wenig, peu, poco) license "not ... much" in the translation, as
English "little" and "few" already do in the other direction. My own sentences.
"""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.polarity import detect, loosely_negative, negations

STRICT = [
    ("en", "We cannot accept this offer."),
    ("de", "Wir können das Angebot nicht annehmen."),
    ("fr", "Nous ne pouvons pas accepter cette offre."),
    ("es", "No podemos aceptar esta oferta."),
    ("it", "Non possiamo accettare questa offerta."),
]


@pytest.mark.parametrize("lang,text", STRICT)
def test_a_strict_negation_is_loosely_negative(lang, text):
    assert negations(text, lang), text
    assert loosely_negative(text, lang), text


RENDERED = [
    ("de", "Wir können das Angebot leider nicht annehmen.", "Unfortunately we cannot accept the offer."),
    ("fr", "Nous ne pouvons pas accepter l'offre du syndicat.", "We cannot accept the union's offer."),
    ("de", "Ich musste mich wenig an das neue Team gewöhnen.", "I didn't have to adapt much to the new team."),
    ("fr", "Il a peu dormi avant le match.", "He didn't sleep much before the match."),
    ("es", "Durmió poco antes del partido.", "He didn't sleep much before the match."),
    ("it", "Ha dormito poco prima della partita.", "He didn't sleep much before the match."),
]


@pytest.mark.parametrize("lang,src,tgt", RENDERED)
def test_a_negation_rendered_loosely_is_not_flagged(lang, src, tgt):
    assert not [f for f in detect(Pair(0, src, tgt, lang, "en")) if f.category == "polarity"]


DROPPED = [
    ("de", "Wir werden die Steuern im nächsten Jahr nicht erhöhen.", "We will raise taxes next year."),
    ("fr", "Le club ne vendra pas son attaquant cet été.", "The club will sell its striker this summer."),
]


@pytest.mark.parametrize("lang,src,tgt", DROPPED)
def test_a_dropped_negation_is_still_flagged(lang, src, tgt):
    assert [f for f in detect(Pair(0, src, tgt, lang, "en")) if f.category == "polarity"]
