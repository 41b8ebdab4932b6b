"""Dates written with month names in Italian, Spanish and Portuguese sources (issue 10, false
alarms on faithful references: "17 ottobre" -> "October 17" read as 17 against 1017).
Written before the fix; sentences of my own; the real number detector runs."""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def number_flags(lang: str, src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], lang, "en", embedder=None) if f.category == "number"]


@pytest.mark.parametrize("lang,src,tgt", [
    ("it", "Il vertice si terrà il 17 ottobre a Bruxelles.", "The summit will be held on October 17 in Brussels."),
    ("es", "La ley entró en vigor el 5 de mayo de 2020.", "The law came into force on 5 May 2020."),
    ("pt", "O acordo foi assinado em 3 de março de 2019.", "The agreement was signed on March 3, 2019."),
])
def test_same_date_in_both_languages_is_not_flagged(lang, src, tgt):
    assert number_flags(lang, src, tgt) == []


def test_a_changed_day_is_still_flagged():
    flags = number_flags("it", "Il vertice si terrà il 17 ottobre a Bruxelles.",
                         "The summit will be held on October 19 in Brussels.")
    assert flags and flags[0].severity == "critical"
