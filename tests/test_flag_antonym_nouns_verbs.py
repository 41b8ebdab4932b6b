"""Opposite nouns and verbs, when Apertium renders the source word by exactly the opposite
(issue 10, session 12; written before the change, my own sentences).

WordNet's noun and verb opposites were left out (come/go, day/night drew flags on faithful
literary text). Session 11 made a WordNet opposite major only when Apertium renders the source
word by exactly that opposite; that confirmation is what noun and verb opposites need too
("success" for "fracaso", which Apertium renders "failure"; "son" for "hija", "daughter"). Without
the confirmation they give no flag at all, minor or major. Inflected forms are read by their
lemma ("rejected" / "refused" -> reject / refuse).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flagcase import pair_flags

DROPPED = ("built and dropped after the first run: confirmed noun and verb opposites found 1 more DEMETR tune item "
           "(es) and gave 22 more TransRead tune beads a major flag (come/go, give/take, day/night: Apertium renders "
           "'entra' as 'go', 'prit' as 'take', words a multi-sentence literary bead holds elsewhere)")
pytestmark = pytest.mark.skipif(not Path("/usr/share/wordnet/data.noun").exists(), reason="WordNet not installed")


def antonym_flags(lang: str, src: str, tgt: str) -> list:
    return pair_flags(lang, src, tgt, category="antonym")


@pytest.mark.parametrize("lang,src,tgt,word", [
    pytest.param("es", "El fracaso de la reforma sorprendió al gobierno.", "The success of the reform surprised the government.",
                 "success", marks=pytest.mark.xfail(strict=True, reason=DROPPED)),
    pytest.param("es", "La jueza tiene una hija de diez años.", "The judge has a son aged ten.", "son",
                 marks=pytest.mark.xfail(strict=True, reason=DROPPED + "; and FreeDict's spa-eng entry for 'hija' "
                                         "lists 'son' too, so 'son' renders a source word and is no claim")),
    ("fr", "Le tribunal a accepté la demande de la défense.", "The court rejected the defence's request.", "rejected"),
])
def test_confirmed_noun_or_verb_opposite_is_major(lang, src, tgt, word):
    flags = antonym_flags(lang, src, tgt)
    assert any(f.span == word and f.severity in ("major", "critical") for f in flags), [(f.span, f.severity) for f in flags]


@pytest.mark.parametrize("lang,src,tgt", [
    ("es", "La mujer y el hombre llegaron juntos al juzgado.", "The woman and the man arrived at the court together."),
    ("fr", "Les pertes ont été compensées par des gains exceptionnels.", "The losses were offset by exceptional gains."),
    ("fr", "Le jour se levait quand le navire quitta le port.", "Day was breaking when the ship left the harbour."),
    ("es", "El hijo del alcalde ganó la carrera.", "The mayor's son won the race."),
])
def test_faithful_renderings_give_no_opposite_flag(lang, src, tgt):
    assert antonym_flags(lang, src, tgt) == []
