"""A name whose first word is kept and whose last word is replaced (issue 10, session 11; written
before the change, my own sentences).

"Stephen Arnold" -> "Arnold" is news style: a dropped first name or title. The single-name check
excused every word of a source name run as soon as any word of it came back, so "Sheikh Hasina"
-> "Sheikh Chugoku" (the surname replaced) passed too. Now a run's last word (the surname, the
head) is excused only when it comes back itself; when it does not and another word stands in its
place, the name was changed.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def name_flags(src: str, tgt: str, lang: str = "fr") -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], lang, "en", embedder=None) if f.category == "name" and f.severity in MAJOR]


@pytest.mark.parametrize("src,tgt,lang,span", [
    ("Si attende il ritorno di Sheikh Hasina dopo il vertice di ottobre.",
     "Sheikh Chugoku is expected back after the October summit.", "it", "Chugoku"),
    ("Le capitaine Jean Valmont est arrivé au port hier soir.",
     "Captain Jean Dubreuil arrived at the port last night.", "fr", "Dubreuil"),
])
def test_a_replaced_surname_is_flagged(src, tgt, lang, span):
    assert [f.span for f in name_flags(src, tgt, lang)] == [span]


@pytest.mark.parametrize("src,tgt", [
    ("Le président Barack Obama a parlé hier soir.", "President Obama spoke last night."),
    ("L'avocat Stephen Arnold a refusé de commenter.", "Lawyer Arnold declined to comment."),
    ("Gilliatt le Malin regardait la mer.", "Gilliatt the Cunning was looking at the sea."),
    ("Le capitaine Jean Valmont est arrivé au port hier soir.", "Captain Valmont arrived at the port last night."),
])
def test_a_shortened_or_translated_name_is_not_flagged(src, tgt):
    assert name_flags(src, tgt) == []
