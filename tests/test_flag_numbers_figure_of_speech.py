"""A bare "hundred" or "thousand" in words is often a figure of speech (issue 10, session 12;
written before the change, my own sentences).

"a thousand times" for "cent fois", "nearly a thousand soldiers" for "près de huit cents
soldats": literary translators render "many" by the round number their language uses. When
one side is a bare power of ten in words (cent, mille, a hundred, a thousand) and the other is
round too, the change is shown as minor, not as a changed number. Specific figures stay
critical: "three hundred" for "deux cents", "eight" for "sept", digits.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags


def number_flags(src: str, tgt: str) -> list:
    return pair_flags("fr", src, tgt, category="number")


@pytest.mark.parametrize("src,tgt", [
    ("Il a répété cent fois la même histoire au juge.", "He told the judge the same story a thousand times."),
    ("Près de huit cents soldats ont déserté pendant l'hiver.", "Nearly a thousand soldiers deserted during the winter."),
    ("Elle lui a fait mille reproches avant de partir.", "She reproached him a hundred times before leaving."),
])
def test_round_figure_of_speech_is_not_a_major_change(src, tgt):
    flags = number_flags(src, tgt)
    assert all(f.severity not in ("major", "critical") for f in flags), [(f.span, f.severity) for f in flags]


@pytest.mark.parametrize("src,tgt", [
    ("Deux cents personnes ont manifesté devant le tribunal.", "Three hundred people demonstrated outside the court."),
    ("Le tribunal a condamné sept prévenus.", "The court convicted eight defendants."),
    ("L'entreprise a supprimé 1 200 emplois cette année.", "The company cut 2,100 jobs this year."),
    ("La clinique compte cent lits.", "The clinic has two hundred beds."),
])
def test_specific_figures_stay_critical(src, tgt):
    flags = number_flags(src, tgt)
    assert any(f.severity == "critical" for f in flags), [(f.span, f.severity) for f in flags]
