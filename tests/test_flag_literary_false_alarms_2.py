"""Faithful literary translations, second batch (issue 10, session 10; written before the fixes, my
own sentences in patterns read on the TransRead *tune* books).

- English litotes are not negations of the source: "not a few", "not without", "none other
  than", "could not fail to".
- French restrictive "ne ... plus qu'à" / "ne ... plus qu'un(e)" means "only (now)", as "ne ... que".
- "Quinze jours" is a fortnight (fourteen days), "huit jours" a week.
- A 'First Surname' pair is two words of one name: not across a full stop ("Cacambo. Candide"),
  and not when the first word is one the document writes in lower case ("Thither Candide").
- An opposite is evidence only from a word's specific sense: a polysemous dictionary entry
  ("donner": give, present, exit...) that Apertium reads otherwise is no evidence.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def major(beads, category: str, k: int = 0) -> list:
    scored = [ScoredBead(i, Bead((i,), (i,), 1.0, 1.0), s, t) for i, (s, t) in enumerate(beads)]
    return [f for f in find_flags(scored, "fr", "en", embedder=None)
            if f.bead == k and f.category == category and f.severity in MAJOR]


@pytest.mark.parametrize("src,tgt", [
    ("Il y a plusieurs médecins de cette espèce dans la région.", "The region has not a few doctors of this kind."),
    ("Elle répondit avec une certaine ironie.", "She answered, not without irony."),
    ("C'était le directeur en personne.", "It was none other than the director himself."),
    ("Grâce à ce plan, je trouvai aussitôt la maison.", "With this plan I could not fail to find the house at once."),
])
def test_english_litotes_are_not_reversals(src, tgt):
    assert major([(src, tgt)], "polarity") == []


@pytest.mark.parametrize("src,tgt", [
    ("Il ne nous reste plus qu'à attendre le train.", "All we can do now is wait for the train."),
    ("Sa vie n'était plus qu'une longue attente.", "Her life had become one long wait."),
])
def test_restrictive_ne_plus_que_is_not_a_negation(src, tgt):
    assert major([(src, tgt)], "polarity") == []


@pytest.mark.parametrize("src,tgt", [
    ("Le directeur n'a plus signé de contrat depuis mars.", "The director has signed contracts since March."),
    ("Il ne croit plus que la Terre est plate.", "He believes that the Earth is flat."),
])
def test_a_real_ne_plus_is_still_critical(src, tgt):
    assert major([(src, tgt)], "polarity")


@pytest.mark.parametrize("src,tgt", [
    ("Ils discutèrent quinze jours sans rien décider.", "They argued for a fortnight without deciding anything."),
    ("Ils discutèrent quinze jours sans rien décider.", "They argued for fourteen days without deciding anything."),
    ("Il revint huit jours plus tard.", "He came back a week later."),
])
def test_a_fortnight_and_a_week_are_what_the_source_says(src, tgt):
    assert major([(src, tgt)], "number") == []


def test_a_changed_number_of_days_is_still_flagged():
    assert major([("Ils discutèrent quinze jours sans rien décider.", "They argued for fifty days without deciding anything.")],
                 "number")


DOC = [
    ("Candide et Cacambo marchèrent longtemps vers la ville.", "Candide and Cacambo walked a long time toward the town."),
    ("Ils allèrent là-bas le lendemain matin.", "Thither they went the next morning; it was thither that all roads led."),
    ("Le valet se tut. Candide reprit la parole.", "The valet fell silent, as Cacambo. Candide spoke again."),
    ("Là-bas, Candide retrouva ses amis.", "Thither Candide found his friends again."),
]


@pytest.mark.parametrize("k", [2, 3])
def test_a_name_pair_does_not_cross_a_full_stop_or_start_with_a_common_word(k):
    assert major(DOC, "name", k) == []


def test_a_changed_first_name_is_still_flagged():
    doc = [("Jean Valjean entra dans la ville.", "Jean Valjean entered the town."),
           ("Le lendemain, Jean Valjean repartit.", "The next day, Pierre Valjean left again.")]
    assert major(doc, "name", 1)


@pytest.mark.parametrize("src,tgt", [
    ("Le colonel donna l'ordre de partir avant l'aube.", "The former colonel gave the order to leave before dawn."),
    ("Elle donnait des leçons de piano aux enfants du village.", "She entered the village school to teach the children piano."),
])
def test_an_opposite_of_a_stray_sense_is_no_antonym(src, tgt):
    assert major([(src, tgt)], "antonym") == []


@pytest.mark.parametrize("src,tgt", [
    ("La soupe était chaude quand on l'a servie.", "The soup was cold when it was served."),
    ("Les prix ont augmenté cette année.", "Prices have decreased this year."),
])
def test_a_plain_antonym_is_still_flagged(src, tgt):
    assert major([(src, tgt)], "antonym")


# (added before the fix: the standalone "non" matched the start of "nonchalamment", "nonne")
@pytest.mark.parametrize("src,tgt", [
    ("Il fumait nonchalamment sa longue pipe courbe.", "He was smoking his long curved pipe."),
    ("Une nonne entra dans la chapelle avec un cierge.", "A nun came into the chapel with a candle."),
])
def test_words_that_begin_with_non_are_not_negations(src, tgt):
    assert major([(src, tgt)], "polarity") == []


def test_a_dropped_non_is_still_critical():
    assert major([("Il a répondu non à la proposition du maire.", "He answered yes to the mayor's proposal.")], "polarity")


# (added before the change: English idioms with a negative word that negate nothing)
@pytest.mark.parametrize("src,tgt", [
    ("Il ne mange que du pain et des pommes.", "He eats nothing but bread and apples."),
    ("Elle ne pouvait que sourire à cette idée.", "She could not but smile at the idea."),
    ("Il est parti furieux, ce qui n'est pas surprenant.", "He left in a fury, and no wonder."),
    ("Le projet coûtera cher, sans parler des retards.", "The project will be costly, not to mention the delays."),
    ("Il était fatigué ; il continua cependant à marcher.", "He was tired; he went on walking none the less."),
])
def test_english_idioms_with_a_negative_word_are_not_reversals(src, tgt):
    assert major([(src, tgt)], "polarity") == []
