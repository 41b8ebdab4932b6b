"""German capitalises every noun: a dictionary noun is not a missing name (session 9, written
before the fix). FreeDict's German entries tag a noun by its gender (masc/fem/neut), not "n".
My own sentences."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.entities import capitalised_common_noun, single_name_flags

dic = load_dictionary("de", "en")
pytestmark = pytest.mark.skipif(dic is None, reason="FreeDict deu-eng not installed")


@pytest.mark.parametrize("word", ["Kind", "Dollar", "Jahr", "Eltern"])
def test_gendered_dictionary_nouns_are_common_nouns(word):
    assert capitalised_common_noun(word, "de", "en", dic)


def test_an_unknown_surname_stays_a_name():
    assert not capitalised_common_noun("Merkel", "de", "en", dic)


@pytest.mark.parametrize("src,tgt", [
    ("Als Kind wohnte sie mit ihren Eltern in Hamburg.", "As a little girl she lived with her parents in Hamburg."),
    ("Der Preis stieg gestern auf zwölf Dollar pro Barrel.", "The price rose to $12 a barrel yesterday."),
])
def test_a_common_noun_rendered_freely_is_not_a_missing_name(src, tgt):
    assert not single_name_flags(Pair(0, src, tgt, "de", "en"), dic)


def test_a_dropped_surname_is_still_flagged():
    flags = single_name_flags(Pair(0, "Am Montag besuchte Kanzlerin Merkel die Fabrik in Leipzig.",
                                    "On Monday the chancellor visited the factory in Leipzig.", "de", "en"), dic)
    assert any(f.src_span == "Merkel" for f in flags)
