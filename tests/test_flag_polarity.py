"""Negation and question mismatches between source and translation."""

import pytest

from evalkit.flag import find_flags, polarity
from evalkit.flag.base import Pair
from evalkit.records import Bead, ScoredBead


def flags(src, tgt, sl="fr", tl="en"):
    return polarity.detect(Pair(0, src, tgt, sl, tl))


def test_added_negation_is_flagged_on_the_negating_word():
    src = "Rick Perry et Michele Bachmann ont terminé respectivement à la cinquième et sixième place."
    tgt = "Rick Perry and Michele Bachmann did not finish in fifth and sixth place respectively."
    (f,) = flags(src, tgt)
    assert f.category == "polarity" and f.span == "not"
    assert f.severity == "critical"  # a meaning reversal


def test_dropped_negation_points_at_the_source():
    (f,) = flags("Le ministre n'a jamais signé ce décret.", "The minister signed this decree.")
    # issue 10: the flag now sits on the target verb aligned to the negated source verb (was an empty span)
    assert f.src_span == "n'a jamais" and f.span == "signed" and f.severity == "critical"


@pytest.mark.parametrize(
    "src,tgt",
    [
        ("Le ministre n'a jamais signé ce décret.", "The minister never signed this decree."),
        ("Il ne reste que deux semaines.", "Only two weeks remain."),  # restrictive ne ... que
        ("Les critiques ne tarissent pas d'éloges sur ce roman.", "Critics are full of praise for this novel."),  # litotes
        ("Cette affaire n'a pas fini de faire parler d'elle.", "This affair will keep people talking."),
        ("Il est parti sans dire au revoir.", "He left without saying goodbye."),
        ("Pas moins de 20 % de l'eau vient de l'Amazone.", "No less than 20% of the water comes from the Amazon."),
        ("N'importe qui peut s'inscrire.", "Anyone can register."),
        ("Il n'a pas plu.", "It didn 't rain."),  # a tokenised contraction
        ("Non seulement il pleut, mais il vente.", "Not only is it raining, it is windy."),
    ],
)
def test_faithful_renderings_are_not_flagged(src, tgt):
    assert flags(src, tgt) == []


def test_statement_turned_into_a_question_and_back():
    (f,) = flags("Vous pouvez demander conseil à d'autres gouvernements.", "Can you ask other governments for advice?")
    assert f.category == "mood" and f.span == "?" and f.severity == "major"  # not a reversal
    (g,) = flags("Pouvez-vous demander conseil ?", "You can ask for advice.")
    assert g.category == "mood" and g.src_span == "?"
    assert flags("Que n'es-tu ici avec moi ?", "I wish you were here with me!") == []  # exclamation: a choice


def test_languages_without_cue_lists_are_left_alone():
    assert flags("Hij is niet gekomen.", "Il est venu.", "nl", "fr") == []  # no Dutch profile
    # German has cues now (evalkit/data/lang/de.toml): its dropped negation is seen
    assert [f.src_span for f in flags("Er ist nicht gekommen.", "Il est venu.", "de", "fr")] == ["nicht"]


def test_the_runner_reports_polarity_flags():
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 0.99), "La France est le septième pays touché.", "France is not the seventh country affected.")
    got = find_flags([bead], "fr", "en", embedder=None)
    assert [f.category for f in got] == ["polarity"]


def test_future_added_to_a_past_source_is_flagged_but_a_real_future_is_not():
    from evalkit.flag import tense

    (f,) = tense.detect(Pair(0, "Ils ont annulé la tournée après la chute du chanteur.", "They will cancel the tour after the singer's fall.", "fr", "en"))
    assert f.category == "tense" and f.span == "will"
    for src, tgt in [
        ("Ils annuleront la tournée.", "They will cancel the tour."),
        ("Le sommet aura lieu demain.", "The summit will take place tomorrow."),
        ("S'il pleut, le match est annulé.", "If it rains, the match will be cancelled."),
        ("Il croit au libre arbitre.", "He believes in free will."),
    ]:
        assert tense.detect(Pair(0, src, tgt, "fr", "en")) == [], tgt
    assert tense.detect(Pair(0, "They cancelled the tour.", "Ils annuleront la tournée.", "en", "fr")) == []


def test_negations_and_futures_inside_titles_are_not_the_sentence_s_own():
    from evalkit.flag import tense

    src = "Des employés ont lancé la campagne We Won’t Build It contre le projet."
    tgt = "Employees launched the We Will not Build It campaign against the project."
    assert flags(src, tgt) == []
    assert tense.detect(Pair(0, src, tgt, "fr", "en")) == []
    assert tense.detect(Pair(0, "Le film avec Will Smith est sorti.", "The film with Will Smith came out.", "fr", "en")) == []


# Written before the fix (issue 10): a word that merely starts like a negative prefix
# ("international", "increase", "interest", "discuss") must not veto a polarity flag; a real
# negative prefix on a word whose stem is itself a common word ("unhappy", "impossible") still does.
@pytest.mark.parametrize("src,tgt", [
    ("Le commerce international a augmenté l'an dernier.", "International trade did not increase last year."),
    ("Les taux d'intérêt ont augmenté en mars.", "Interest rates have not risen in March."),
    ("Les ministres ont discuté du budget.", "The ministers did not discuss the budget."),
    ("Le tribunal a confirmé la condamnation.", "The court did not confirm the conviction."),
])
def test_a_word_that_only_looks_prefixed_does_not_veto_an_added_negation(src, tgt):
    assert [f.category for f in flags(src, tgt)] == ["polarity"]


@pytest.mark.parametrize("src,tgt", [
    ("Le commerce international n'a pas augmenté l'an dernier.", "International trade increased last year."),
    ("Les taux d'intérêt n'ont pas baissé en mars.", "Interest rates fell in March."),
    ("Les ministres n'ont pas discuté du budget.", "The ministers discussed the budget."),
    ("Le gouvernement n'a pas inclus cette mesure.", "The government included this measure."),
])
def test_a_word_that_only_looks_prefixed_does_not_veto_a_dropped_negation(src, tgt):
    assert [f.category for f in flags(src, tgt)] == ["polarity"]


@pytest.mark.parametrize("src,tgt", [
    ("Il n'est pas content du résultat.", "He is unhappy with the result."),
    ("Ce n'est pas possible avant lundi.", "It is impossible before Monday."),
    ("Elle n'était pas d'accord avec le juge.", "She disagreed with the judge."),
])
def test_a_real_negative_prefix_still_renders_a_negation(src, tgt):
    assert flags(src, tgt) == []
