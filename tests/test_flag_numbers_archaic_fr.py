"""Classical French joins tens and a unit or a teen with "et" ("soixante et douze" = 72, "vingt
et deux" = 22), as Voltaire writes (session 9, written before the fix; seen in a TransRead
*tune* book). My own sentences."""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def number_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "number"]


@pytest.mark.parametrize("src,tgt", [
    ("Le vieux notaire avait soixante et douze ans.", "The old notary was seventy-two years old."),
    ("Il vécut cent soixante et douze ans, dit la légende.", "He lived for one hundred and seventy-two years, the legend says."),
    ("Elle attendit soixante et dix jours.", "She waited seventy days."),
    ("On compta vingt et deux chevaux dans l'écurie.", "Twenty-two horses were counted in the stable."),
])
def test_classical_compound_numbers_read_as_one(src, tgt):
    assert number_flags(src, tgt) == []


def test_a_changed_classical_number_is_flagged():
    assert number_flags("Le vieux notaire avait soixante et douze ans.", "The old notary was sixty-two years old.")
