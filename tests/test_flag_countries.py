"""A country replaced by another (issue 10, session 11; written before the check, my own sentences).

"Lebanon" for "le Japon" is a named entity replaced, but the single-name check leaves country
names alone: they have translations, so a missing "Giappone" looks like a translated word. The
ISO catalogues (pycountry) give every country's names in both languages: a source country none of
whose names (or a derived word: "Japanese") is in the translation, where the translation names
another country that renders nothing in the source, is a changed name. A country merely dropped
or rephrased ("the Dutch", "the UK") is left to the other checks.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")


def country_flags(src: str, tgt: str, lang: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], lang, "en", embedder=None) if f.category == "name" and f.severity in MAJOR]


@pytest.mark.parametrize("src,tgt,lang,span,suggestion", [
    ("Le Japon a annoncé de nouvelles sanctions contre la Corée du Nord.",
     "Lebanon announced new sanctions against North Korea.", "fr", "Lebanon", "Japan"),
    ("Il presidente è tornato in Giappone dopo il vertice.",
     "The president returned to Lebanon after the summit.", "it", "Lebanon", "Japan"),
    ("Los agricultores de los Países Bajos usan invernaderos de plástico.",
     "Farmers in China use plastic greenhouses.", "es", "China", "Netherlands"),
])
def test_a_country_replaced_by_another_is_flagged(src, tgt, lang, span, suggestion):
    flags = country_flags(src, tgt, lang)
    assert [f.span for f in flags] == [span]
    assert flags[0].suggestion == suggestion


@pytest.mark.parametrize("src,tgt,lang", [
    ("Le Japon et la Chine ont signé un accord commercial.", "Japan and China signed a trade agreement.", "fr"),
    ("Le Japon exporte de plus en plus vers la Chine.", "Japanese exports to China keep rising.", "fr"),
    ("Il Regno Unito ha lasciato l'Unione europea nel 2020.", "The UK left the European Union in 2020.", "it"),
    ("Les Pays-Bas ont battu l'Allemagne hier soir.", "The Dutch beat Germany last night.", "fr"),
    ("Le Japon a annoncé de nouvelles sanctions.", "Tokyo announced new sanctions.", "fr"),
])
def test_a_country_kept_derived_or_rephrased_is_not_flagged(src, tgt, lang):
    assert country_flags(src, tgt, lang) == []
