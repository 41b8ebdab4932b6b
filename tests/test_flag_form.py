"""Sentence form against the source (final punctuation, capitals), spelling, copied words."""

from evalkit.flag.base import Pair
from evalkit.flag.form import pair_flags, spelling_flags
from evalkit.flag.language import copied_words

SRC = "Les conditions météorologiques peuvent se produire n'importe où dans le monde."
MT = "Severe weather conditions can occur anywhere in the world."


def test_form_against_the_source():
    assert pair_flags(Pair(0, SRC, MT, "fr", "en")) == []
    assert [f.message[:40] for f in pair_flags(Pair(0, SRC, MT[:-1], "fr", "en"))] == [
        "the source ends the sentence, the transl"]
    assert [f.span for f in pair_flags(Pair(0, SRC, "severe" + MT[6:], "fr", "en"))] == ["severe"]
    assert "all lower case" in pair_flags(Pair(0, "Le Monde et Paris.", "le monde and paris are here today.", "fr", "en"))[0].message


def test_spelling_flags_unknown_lowercase_words_only():
    assert [f.span for f in spelling_flags(0, "Severe weather can occur anyhwere in the world.", "en")] == ["anyhwere"]
    assert spelling_flags(0, "Endogenous cycles in Ouagadougou and post-9/11 era.", "en") == []
    assert spelling_flags(0, "The zorglub device", "en", source="le zorglub") == []


def test_copied_source_words():
    src = "De nombreux rythmes observés dans la physiologie et le comportement."
    out = copied_words(0, "Many rhythms observed in physiology and comportement.", "en", src, "fr")
    assert [f.span for f in out] == ["comportement"]
    assert copied_words(0, "Many rhythms observed in physiology and behaviour.", "en", src, "fr") == []
