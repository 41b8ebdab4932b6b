"""Spanish and Italian looser negatives: a prefix alone is not a negation (session 9, written
before the fix). "inició", "desarrolló", "incremento", "investito", "discussione" begin like
negative-prefixed words but are not; "sin embargo" is "however". A translation that negates
such a sentence reverses it. Words whose rest is a more frequent word ("desaprobada",
"insostenibile") still license a negation. My own sentences."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.polarity import detect

REVERSED = [
    ("es", "El gobierno inició las obras del nuevo hospital en marzo.", "The government did not start work on the new hospital in March."),
    ("es", "Sin embargo, el equipo desarrolló una vacuna eficaz.", "However, the team did not develop an effective vaccine."),
    ("es", "El incremento de los precios afectó a las familias.", "The price increase did not affect families."),
    ("es", "El negocio familiar creció durante la crisis.", "The family business did not grow during the crisis."),
    pytest.param("it", "Il governo ha investito molto nella ricerca.", "The government has not invested much in research.",
                 marks=pytest.mark.xfail(strict=True, reason="session 9, marked after the first run: 'vestito' (dress, Zipf "
                                         "4.5) is more frequent than 'investito' (4.2), so the frequency rule reads in+vestito "
                                         "as negatively prefixed; telling the two apart needs a morphological analyser")),
    ("it", "La discussione è durata tre ore.", "The discussion did not last three hours."),
]


@pytest.mark.parametrize("lang,src,tgt", REVERSED)
def test_a_negation_added_to_a_prefixed_looking_sentence_is_flagged(lang, src, tgt):
    assert [f for f in detect(Pair(0, src, tgt, lang, "en")) if f.category == "polarity"]


LICENSED = [
    ("es", "Es imposible terminar el proyecto a tiempo.", "We can't finish the project on time."),
    ("es", "La propuesta fue desaprobada por el comité.", "The committee did not approve the proposal."),
    ("it", "Il progetto è insostenibile.", "The project is not sustainable."),
    ("it", "La proposta è stata disapprovata dal comitato.", "The committee did not approve the proposal."),
]


@pytest.mark.parametrize("lang,src,tgt", LICENSED)
def test_a_negatively_prefixed_word_still_licenses_a_negation(lang, src, tgt):
    assert not [f for f in detect(Pair(0, src, tgt, lang, "en")) if f.category == "polarity"]
