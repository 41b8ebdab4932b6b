"""Pronoun gender against the source (issue 10: "pronouns, gender and person against the
antecedent"). Written before the detector; sentences of my own.

French marks a person's gender on its subject pronouns (il/elle) and titles (M., Mme);
English on he/she/his/her. A translation whose gendered pronouns all point the other way
from every gendered mention in the source has changed who is meant."""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def pronoun_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "pronoun"]


@pytest.mark.parametrize("src,tgt,span", [
    ("La directrice a annoncé qu'elle quitterait ses fonctions en juin.",
     "The director announced that he would leave the post in June.", "he"),
    ("Le maire a répété qu'il ne se représenterait pas aux prochaines élections.",
     "The mayor repeated that she would not stand at the next election.", "she"),
    ("Mme Leroy, 75 ans, a été blessée dans sa chute au marché.",
     "Mrs Leroy, 75, was injured in his fall at the market.", "his"),
])
def test_a_pronoun_of_the_other_gender_is_flagged(src, tgt, span):
    flags = pronoun_flags(src, tgt)
    assert [f.span for f in flags] == [span]
    assert flags[0].severity in ("major", "critical") and flags[0].suggestion


@pytest.mark.parametrize("src,tgt", [
    ("La banque a annoncé qu'elle réduirait ses effectifs l'an prochain.",
     "The bank announced that it would cut its workforce next year."),
    ("Il y a deux ans, elle a fondé sa propre entreprise de transport.",
     "Two years ago she founded her own transport company."),
    ("Elle a remercié son mari, qui l'a toujours soutenue dans sa carrière.",
     "She thanked her husband, who always supported her in her career."),
    ("Le ministre a présenté son plan avec sa collègue de la Santé.",
     "The minister presented his plan with his colleague from Health."),
    ("Il faut que la présidente explique pourquoi elle a changé d'avis.",
     "The president must explain why she changed her mind."),
])
def test_agreeing_or_ungendered_pronouns_are_not_flagged(src, tgt):
    assert pronoun_flags(src, tgt) == []
