"""A name the neighbouring segments name is pronominalised, not omitted (session 10, written before
the fix).

Literary translators replace a character's name by "he" or "she" where the reader has just met
it; the single-name check already makes that minor ("the neighbouring segments name it"), but the
omission check still called the same word a major omission. One rule for both. My own sentences;
the real packaged embedder runs.
"""

import pytest

from evalkit.flag import find_flags
from evalkit.flag.bilingual import load_dictionary
from evalkit.records import Bead, ScoredBead

pytestmark = pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict not installed")


@pytest.fixture(scope="module")
def embedder():
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def major_on(beads, embedder, k):
    scored = [ScoredBead(i, Bead((i,), (i,), 1.0, 1.0), s, t) for i, (s, t) in enumerate(beads)]
    return [f for f in find_flags(scored, "fr", "en", embedder=embedder)
            if f.bead == k and f.severity in ("major", "critical") and f.category in ("omission", "name")]


CONTEXT = ("Mirabelle entra dans la cuisine où l'attendait sa vieille tante.",
           "Mirabelle went into the kitchen, where her old aunt was waiting for her.")
BEAD = ("Mirabelle répondit qu'elle partirait le lendemain pour la ville.",
        "She answered that she would leave for the town the next day.")


def test_a_name_the_previous_segment_names_is_not_a_major_omission(embedder):
    assert major_on([CONTEXT, BEAD], embedder, 1) == []


def test_the_same_name_dropped_without_context_is_still_major(embedder):
    assert major_on([BEAD], embedder, 0)
