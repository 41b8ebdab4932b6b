"""A verb missing from the English itself (issue 10, session 18; written before the check, my own
sentences: libraries, parks, gardens).

"Last year they the reading room", "Visitors can the gardens from nine to five": a verb was lost on
the way, and the English says so itself. The evidence is Apertium's English tagger, as for the
article and subject rules of the same check: a subject pronoun (he, she, they) followed directly by an
article, a demonstrative, a possessive or a name; a modal followed (adverbs skipped) by an article,
a demonstrative or a possessive in a statement, after its subject. Inversions ("Only then could the
gardeners...", "Nor will the library..."), questions and appositions ("We the undersigned") are no gap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")
pytestmark = pytest.mark.skipif(not Path("/usr/share/apertium/modes/eng-spa.mode").exists(),
                                reason="Debian apertium-eng-spa (the English tagger) is not installed")


def gap_flags(src: str, tgt: str, lang: str = "fr") -> list:
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)]
    return [f for f in find_flags(beads, lang, "en", embedder=None) if f.detector == "gaps"]


@pytest.mark.parametrize("src,tgt,span", [
    ("L'an dernier, ils ont rénové la salle de lecture de la bibliothèque.",
     "Last year they the library's reading room.", "they the"),
    ("Après la tempête, elle a posé un nouveau toit sur la grange.",
     "After the storm, she a new roof on the barn.", "she a"),
    ("Quand il a publié son premier roman, l'éditeur l'a refusé.",
     "When he his first novel, the publisher turned it down.", "he his"),
    ("En 2019, ils ont visité Lisbonne pour le festival.", "In 2019 they Lisbon for the festival.", "they Lisbon"),
    ("Les visiteurs peuvent parcourir les jardins de neuf heures à dix-sept heures.",
     "Visitors can the gardens from nine to five.", "can the"),
    ("Les nouvelles règles imposeront une interdiction des voitures dans la vieille ville.",
     "The new rules will a ban on cars in the old town.", "will a"),
    ("Les lecteurs peuvent rendre leurs livres dans n'importe quelle annexe.",
     "Readers may their books at any branch.", "may their"),
])
def test_a_missing_verb_is_flagged_major_where_it_was_lost(src, tgt, span):
    flags = gap_flags(src, tgt)
    assert [f.span for f in flags] == [span]
    assert flags[0].severity in MAJOR and flags[0].category == "omission"


@pytest.mark.parametrize("src,tgt", [
    ("Nous, soussignés, demandons au conseil d'agir.", "We the undersigned ask the council to act."),
    ("Ils sont tous partis tôt.", "They all left early."),
    ("Elle a ouvert la porte elle-même.", "She herself opened the door."),
    ("Le maire, lui, a inauguré le parc.", "He, the mayor, opened the park."),
    ("Si le temps tourne, le pique-nique se fera à l'intérieur.", "Should the weather turn, the picnic moves indoors."),
    ("La bibliothèque ne fermera pas non plus le dimanche.", "Nor will the library close on Sundays."),
    ("Ce n'est qu'alors que les jardiniers ont pu planter les roses.", "Only then could the gardeners plant the roses."),
    ("Le musée ouvrira-t-il lundi ?", "Will the museum open on Monday?"),
    ("Les visiteurs peuvent parcourir les jardins de neuf heures à dix-sept heures.",
     "Visitors can tour the gardens from nine to five."),
    ("Ils l'ont nommée directrice de la bibliothèque.", "They made her the director of the library."),
    ("Elle lui a donné les clés du parc.", "She gave him the keys to the park."),
])
def test_a_sentence_with_its_verb_is_not_flagged(src, tgt):
    assert gap_flags(src, tgt) == []
