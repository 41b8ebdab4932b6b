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


# A noun lost after its adjective (written before the rule): an article and an adjective, then a word no
# adjective-headed noun phrase ends before (a modal, a form of be or have, a preposition, a conjunction).
# Adjectives that stand for a noun in good English are no gap: a WordNet noun as written ("the poor",
# "the wounded", "the elderly"), a superlative ("the best of"), one of grammar.pronominal_adjectives
# ("the former", "the next", "the same").
@pytest.mark.parametrize("src,tgt,span", [
    ("La nouvelle gare sera inaugurée le mois prochain.", "The new will be inaugurated next month.", "The new will"),
    ("Le parc municipal de la ville a fermé.", "The municipal of the town has closed.", "The municipal of"),
    ("Une usine désaffectée a été transformée en musée.", "A disused was converted into a museum.", "A disused was"),
    ("La bibliothèque régionale de Lyon attire des chercheurs.", "The regional of Lyon attracts researchers.",
     "The regional of"),
])
def test_a_noun_lost_after_its_adjective_is_flagged(src, tgt, span):
    flags = gap_flags(src, tgt)
    assert [f.span for f in flags] == [span]
    assert flags[0].severity in MAJOR


@pytest.mark.parametrize("src,tgt", [
    ("La première a fermé en 1990, la seconde en 2001.", "The former was closed in 1990, the latter in 2001."),
    ("Les blessés ont été conduits à l'hôpital.", "The wounded were taken to hospital."),
    ("Le prochain est prévu à midi.", "The next is due at noon."),
    ("Les personnes âgées du village ont besoin d'aide.", "The elderly in the village need help."),
    ("Il en va de même pour la bibliothèque.", "The same is true of the library."),
    ("La nouvelle bibliothèque ouvrira le mois prochain.", "The new library will open next month."),
    ("Les plus beaux tableaux sont exposés dans la salle.", "The best of the paintings hang in the hall."),
    ("Les pauvres du quartier reçoivent des colis.", "The poor of the district receive parcels."),
])
def test_an_adjective_that_stands_for_a_noun_is_not_flagged(src, tgt):
    assert gap_flags(src, tgt) == []


# Added after the adjective rule, before narrowing it (session 18 review): a group named by an adjective
# that WordNet does not list as a noun takes a plural verb, or a relative clause.
@pytest.mark.parametrize("src,tgt", [
    ("Les plus vulnérables sont les plus exposés.", "The vulnerable are most at risk."),
    ("Les courageux ont été récompensés.", "The brave were rewarded."),
    ("Les puissants qui gouvernent ont toujours gagné.", "The powerful who govern have always won."),
])
def test_a_group_named_by_an_adjective_is_not_flagged(src, tgt):
    assert gap_flags(src, tgt) == []


# Added at the final review, after the code (disclosed): no other test reached grammar.inversion_cues (the
# controls above are excused by the word before the modal). Here the modal follows a noun, and only the
# negative phrase opening the clause makes it an inversion.
def test_a_modal_inverted_by_a_negative_phrase_is_not_flagged():
    assert gap_flags("Dans aucune de ces salles la bibliothèque ne garderait ses livres rares.",
                     "In none of these rooms would the library keep its rare books.") == []
