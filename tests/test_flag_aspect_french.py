"""Aspect from French: what counts as an imperfective form, and which English progressives are
marked (issue 10, session 12; written before the change, my own sentences).

The imperfect endings are read off the word's shape, so plural nouns in "-ions" ("élections",
"millions") and conditionals in "-rait" ("aiderait") counted as imperfects and allowed an
English progressive. And against a present-tense source only marked progressives count: a
stative verb in the progressive ("is depending", "are belonging") is marked English too.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

def aspect_spans(src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags("fr", src, tgt, category="tense", major=True)]


@pytest.mark.parametrize("src,tgt", [
    ("Les élections municipales ont eu lieu en mars dans toutes les communes.",
     "Municipal elections were taking place in March in every town."),
    ("Des millions de patients ont reçu une troisième dose du vaccin.",
     "Millions of patients were receiving a third dose of the vaccine."),
    ("Ce rapport aiderait les juges à mieux comprendre le dossier.",
     "This report would be helping judges understand the case better."),
    ("Le prix du pain dépend du cours du blé sur les marchés mondiaux.",
     "The price of bread is depending on the price of wheat on world markets."),
    ("Ces terrains appartiennent à la commune depuis le siècle dernier.",
     "This land is belonging to the municipality since the last century."),
])
def test_progressive_without_a_source_imperfective_is_flagged(src, tgt):
    assert aspect_spans(src, tgt)


@pytest.mark.parametrize("src,tgt", [
    ("Les prix des loyers augmentent rapidement dans les grandes villes.", "Rents are rising quickly in the big cities."),
    ("Nous parlions de la réforme quand le ministre est arrivé.", "We were talking about the reform when the minister arrived."),
    ("Elle mangeait quand le téléphone a sonné.", "She was eating when the phone rang."),
    ("Les négociations sur le budget se poursuivent cette semaine.", "Budget negotiations are continuing this week."),
])
def test_faithful_progressives_are_not_flagged(src, tgt):
    assert aspect_spans(src, tgt) == []
