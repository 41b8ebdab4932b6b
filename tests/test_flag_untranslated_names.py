"""Source-language connectors inside a kept proper name are not untranslated words (issue 10).

Written before the fix: published translations keep place names as they are ("the Roque qui
Chante", "the Bû de la Rue"), and their French connectors drew major "untranslated" flags.
Sentences of my own; the real detectors run.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def untranslated(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "untranslated"]


@pytest.mark.parametrize("src,tgt", [
    ("Les pêcheurs se retrouvaient chaque soir près de la Pierre qui Pleure, au bout du port.",
     "The fishermen met every evening near the Pierre qui Pleure, at the end of the harbour."),
    ("Elle habitait seule la vieille maison du Clos de la Fontaine depuis la mort de son mari.",
     "She had lived alone in the old house of the Clos de la Fontaine since her husband died."),
])
def test_connectors_inside_a_kept_name_are_not_flagged(src, tgt):
    assert untranslated(src, tgt) == []


def test_a_copied_common_word_is_still_flagged():
    flags = untranslated("Les chercheurs ont étudié le comportement des abeilles pendant trois ans.",
                         "The researchers studied the comportement of bees for three years.")
    assert [f.span for f in flags] == ["comportement"]
