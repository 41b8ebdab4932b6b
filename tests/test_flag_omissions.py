"""Omissions: dictionary/cognate candidates confirmed by the embedder's deletion test."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.omissions import _cognate, candidates, confirm

pytestmark = pytest.mark.skipif(load_dictionary() is None, reason="FreeDict fra-eng/eng-fra not installed")


@pytest.fixture(scope="module")
def embedder():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return load_embedder()


def test_cognates_with_regular_suffixes():
    assert _cognate("chimiques", "chemical") and _cognate("qualité", "quality")
    assert not _cognate("armes", "nuclear")


def test_dropped_head_noun_is_flagged_on_the_kept_modifier(embedder):
    p = Pair(0, "Les inspecteurs ont contrôlé les armes chimiques du régime.",
             "The inspectors checked the regime's chemical stocks.", "fr", "en")
    flags = confirm(candidates(p, load_dictionary()), embedder)
    assert [(f.span, f.src_span, f.severity) for f in flags] == [("chemical", "armes", "major")]


def test_complete_translation_is_not_flagged(embedder):
    p = Pair(0, "Les inspecteurs ont contrôlé les armes chimiques du régime.",
             "The inspectors checked the regime's chemical weapons.", "fr", "en")
    assert confirm(candidates(p, load_dictionary()), embedder) == []


def test_no_embedder_no_omission_flags():
    p = Pair(0, "Les inspecteurs ont contrôlé les armes chimiques du régime.",
             "The inspectors checked the regime's chemical stocks.", "fr", "en")
    assert confirm(candidates(p, load_dictionary()), None) == []
