"""Pronoun person: a translation that moves who speaks or is spoken to (issue 10, session 10;
written before the check).

"They decided to close the factory" for "Nous avons décidé de fermer l'usine" keeps every content
word; only the speaker changes. A flag needs the source to use a person (je/nous, tu/vous) the
translation never uses, and the translation to put a pronoun of a person the source does not use
in its place; "on" (we, you, they, one) and formulas ("s'il vous plaît") say nothing. My own
sentences; the real detectors run.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def pronoun_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "pronoun" and f.severity in MAJOR]


@pytest.mark.parametrize("src,tgt,span,suggestion", [
    ("Nous avons décidé de fermer l'usine de Lille au mois de mars.",
     "They decided to close the Lille factory in the month of March.", "They", "We"),
    ("Je pense que le projet du nouveau pont sera retardé d'un an.",
     "He thinks that the new bridge project will be delayed by a year.", "He", "I"),
    ("Vous devez remplir ce formulaire avant lundi prochain.",
     "We must fill in this form before next Monday.", "We", "You"),
])
def test_a_changed_person_is_flagged_with_the_source_person(src, tgt, span, suggestion):
    assert [(f.span, f.suggestion) for f in pronoun_flags(src, tgt)] == [(span, suggestion)]


@pytest.mark.parametrize("src,tgt", [
    ("Nous avons décidé de fermer l'usine de Lille au mois de mars.",
     "We decided to close the Lille factory in the month of March."),
    ("On a décidé de fermer l'usine de Lille au mois de mars.",
     "They decided to close the Lille factory in the month of March."),
    ("Il nous a dit que l'usine fermerait au mois de mars.", "He told us that the factory would close in March."),
    ("Je vous remercie de votre patience et de votre confiance.", "Thank you for your patience and your trust."),
    ("S'il vous plaît, fermez la porte en sortant.", "Please close the door on your way out."),
    ("Ils nous ont accueillis comme des amis.", "They welcomed us like friends."),
])
def test_the_same_person_or_an_uninformative_source_is_not_flagged(src, tgt):
    assert pronoun_flags(src, tgt) == []
