"""A name the translation spells its own way (an exonym or a transliteration) is not a changed name
(issue 10, session 10; written before the fix).

Published translations write "Padua" for "Padoue", "Seneca" for "Sénèque", "Jokul" for "Yocul":
a stand-in that begins with the same sound and shares most of its letters with the source name
is shown as minor (a spelling to check), not as a major "name changed". A different name in its
place stays major, and so does a look-alike that is another place entirely only when it is not
this close. My own sentences, translated closely (a loose short bead's claims are shown as minor
anyway, flag/literal.py); the real detectors run.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def major_names(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "name" and f.severity in MAJOR]


@pytest.mark.parametrize("src,tgt", [
    ("Il passa trois ans à Padoue avant de rentrer.", "He spent three years in Padua before coming home."),
    ("On lisait encore Sénèque dans les collèges.", "Seneca was still read in the colleges."),
    ("Le navire est arrivé à Reykjawik au mois de juin.", "The ship arrived in Rejkiavik in the month of June."),
    ("Nous sommes partis pour le Yocul le lendemain matin.", "We left for the Jokul the next morning."),
])
def test_a_name_spelled_another_way_is_not_a_major_name_change(src, tgt):
    assert major_names(src, tgt) == []


@pytest.mark.parametrize("src,tgt", [
    ("Il passa trois ans à Padoue avant de rentrer.", "He spent three years in Verona before coming home."),
    ("Le président Bush a annoncé son plan hier.", "President Obama announced his plan yesterday."),
    ("Le navire est arrivé à Reykjawik au mois de juin.", "The ship arrived in Bergen in the month of June."),
])
def test_another_name_in_its_place_is_still_major(src, tgt):
    assert major_names(src, tgt)
