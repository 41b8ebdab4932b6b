"""Aspect: the Italian passato remoto is a completed action, and "being" with an adjective or a
noun is marked English (issue 10, session 12; written before the change, my own sentences).
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

def aspect_spans(lang: str, src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags(lang, src, tgt, category="tense", major=True)]


@pytest.mark.parametrize("lang,src,tgt", [
    ("it", "Il ministro firmò il decreto poche ore dopo il terremoto.",
     "The minister was signing the decree a few hours after the earthquake."),
    ("it", "I deputati approvarono la legge sul lavoro con una larga maggioranza.",
     "The deputies were approving the labour law with a large majority."),
    ("fr", "Le musée est aussi ouvert le lundi pendant l'été.", "The museum is also being open on Mondays in summer."),
    ("es", "El nuevo hospital es uno de los más modernos del país.", "The new hospital is being one of the most modern in the country."),
])
def test_progressive_for_a_completed_or_stative_source_is_flagged(lang, src, tgt):
    assert aspect_spans(lang, src, tgt)


@pytest.mark.parametrize("lang,src,tgt", [
    ("it", "Però i prezzi degli affitti salgono rapidamente.", "But rents are rising quickly."),
    ("it", "Il sindaco può contare sul sostegno della maggioranza.", "The mayor is counting on the support of the majority."),
    ("fr", "Le bâtiment du tribunal est en train d'être rénové.", "The court building is being renovated."),
    ("es", "La ley se está aplicando en todas las regiones.", "The law is being applied in all regions."),
])
def test_faithful_progressives_are_not_flagged(lang, src, tgt):
    assert aspect_spans(lang, src, tgt) == []
