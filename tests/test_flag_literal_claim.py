"""A claim's own words are no evidence that a translation is free (issue 10, session 11; written
before the change).

literal.py shows a reversal claim as minor when few of the source's content words have a
lexical counterpart. The word the claim is about ("Gladbach", replaced by "Kovac") has none by
definition, so counting it pulled close translations under the threshold: on the DEMETR-it tune
half, 12 perturbed items had their only on-span flag demoted this way. Coverage is now counted
without the claimed source words. Sentences of my own; the real detectors, FreeDict and Apertium run.
"""

from __future__ import annotations

import pytest

from evalkit.flag import find_flags
from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.literal import coverage
from evalkit.flag.omissions import content_glosses
from evalkit.records import Bead, ScoredBead

DIC = load_dictionary("it", "en")
pytestmark = pytest.mark.skipif(DIC is None, reason="FreeDict ita-eng is not installed")


def name_flags(src: str, tgt: str) -> list[tuple[str, str]]:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [(f.span, f.severity) for f in find_flags([bead], "it", "en", embedder=None) if f.category == "name"]


def test_a_replaced_name_in_a_close_translation_is_major():
    src = "I tifosi del Gladbach hanno festeggiato la vittoria in piazza."
    tgt = "The Kovac fans celebrated the victory in the square."
    assert name_flags(src, tgt) == [("Kovac", "major")]


@pytest.mark.xfail(strict=True, reason="marked in session 16, item unchanged: written when every Italian Apertium "
                   "rendering was silently empty (cg-proc, Debian package cg3, was not installed). With the renderings "
                   "('giocatore' -> player, 'tiro' -> shot) 60% of the other content words have a counterpart, above "
                   "it-en's 0.45, so the bead is a close translation and the replaced name is major; the premise "
                   "that it is loose held only without Apertium")
def test_a_loose_translation_stays_minor_without_the_claimed_word_too():
    src = "Il giocatore del Gladbach ha fallito un tiro sulla traversa."
    tgt = "The Kovac player missed a shot on the crossbar."
    assert name_flags(src, tgt) == [("Kovac", "minor")]


def test_coverage_without_the_claimed_word_counts_the_others_only():
    src = "I tifosi del Gladbach hanno festeggiato la vittoria in piazza."
    p = Pair(0, src, "The Kovac fans celebrated the victory in the square.", "it", "en")
    gl = content_glosses([p], "it", "en")
    start = src.index("Gladbach")
    full, without = coverage(p, DIC, gl), coverage(p, DIC, gl, without=(start, start + len("Gladbach")))
    assert without > full
    assert coverage(p, DIC, gl, without=(0, 0)) == full
