"""Aspect: an ongoing action in the translation that the source states as done (issue 10).

Written before the detector. "The committee was adopting the resolution" for "a adopté"
keeps every content word; only the progressive form changes what happened. The source side
is read loosely (an imperfect, "en train de", a gerund: no flag), and a plural noun that
merely ends like an imperfect ("nations", "questions") is not one. Sentences of my own.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def aspect_flags(lang: str, src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], lang, "en", embedder=None) if f.detector == "tense.aspect"]


@pytest.mark.parametrize("lang,src,tgt,span", [
    ("fr", "Le comité a adopté la résolution mardi après un long débat.",
     "The committee was adopting the resolution on Tuesday after a long debate.", "was adopting"),
    ("fr", "Les négociations entre les deux nations ont échoué la semaine dernière.",
     "The negotiations between the two nations were failing last week.", "were failing"),
    ("es", "El gobierno aprobó la nueva ley de vivienda el lunes.",
     "The government was approving the new housing law on Monday.", "was approving"),
    ("it", "La squadra ha vinto la partita grazie a un gol nel finale.",
     "The team was winning the match thanks to a late goal.", "was winning"),
])
def test_progressive_for_a_completed_action_is_flagged(lang, src, tgt, span):
    flags = aspect_flags(lang, src, tgt)
    assert [f.span for f in flags] == [span]
    assert flags[0].severity == "major"


@pytest.mark.parametrize("lang,src,tgt", [
    ("fr", "Les prix de l'énergie augmentaient rapidement depuis le début de l'hiver.",
     "Energy prices were rising quickly since the start of the winter."),
    ("fr", "Les enquêteurs sont en train d'examiner les documents saisis hier.",
     "Investigators are examining the documents seized yesterday."),
    ("fr", "Le comité a adopté la résolution mardi après un long débat.",
     "The committee adopted the resolution on Tuesday after a long debate."),
    ("es", "Los precios subían cada mes durante la crisis.",
     "Prices were rising every month during the crisis."),
])
def test_ongoing_source_or_simple_target_is_not_flagged(lang, src, tgt):
    assert aspect_flags(lang, src, tgt) == []
