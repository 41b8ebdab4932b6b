"""An added future ("will ...") when the source's only "future cues" are a name or a preposition
(issue 10, session 12; written before the profile change, my own sentences).

The future check reads the source loosely: any word pointing at the future and no flag. But a
country that ends like a future verb ("Irán", "Teherán"), a name that starts like "plan"
("Planck") and a preposition of purpose used with a noun ("para México", "per la squadra",
"pour la France") point at nothing. A real future ("dictará", "entrará", "sarà"), a condition
("si") or a purpose with an infinitive ("para reducir") still keeps the check quiet.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

def future_flags(lang: str, src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags(lang, src, tgt, category="tense", major=True)]


@pytest.mark.parametrize("lang,src,tgt", [
    ("es", "El fracaso de las negociaciones con Irán contribuyó a la derrota del gobierno.",
     "The failure of the negotiations with Iran will contribute to the government's defeat."),
    ("es", "El tribunal de Madrid dictó una sentencia ejemplar para los acusados.",
     "The Madrid court will hand down an exemplary sentence for the defendants."),
    ("es", "Los investigadores del Instituto Max Planck publicaron el estudio en marzo.",
     "Researchers at the Max Planck Institute will publish the study in March."),
    ("it", "Il presidente ha firmato un decreto per la ricostruzione delle scuole.",
     "The president will sign a decree for the reconstruction of schools."),
    ("fr", "Le club a recruté un nouvel entraîneur pour la saison.",
     "The club will recruit a new coach for the season."),
])
def test_future_added_where_the_source_only_names_or_prepositions_is_flagged(lang, src, tgt):
    assert future_flags(lang, src, tgt)


@pytest.mark.parametrize("lang,src,tgt", [
    ("es", "El tribunal dictará sentencia la próxima semana.", "The court will hand down its sentence next week."),
    ("es", "El ministro viajó a Bruselas para negociar un acuerdo.", "The minister travelled to Brussels to negotiate an agreement that will help farmers."),
    ("es", "Si el banco sube los tipos, las hipotecas costarán más.", "If the bank raises rates, mortgages will cost more."),
    ("it", "Il nuovo stadio sarà pronto a settembre.", "The new stadium will be ready in September."),
    ("it", "Il governo ha stanziato fondi per ricostruire le scuole.", "The government has allocated funds that will rebuild the schools."),
    ("fr", "Le club a recruté un entraîneur pour remonter en première division.",
     "The club has hired a coach who will take it back to the first division."),
])
def test_future_with_a_real_cue_in_the_source_is_not_flagged(lang, src, tgt):
    assert future_flags(lang, src, tgt) == []
