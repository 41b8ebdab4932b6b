"""Tense: a past for a future, read off Apertium's tagger on both sides (issue 10, session 18;
written before the check, my own sentences: museums, orchestras, trains, libraries).

"The museum reopened its rooms" for "Le musée rouvrira ses salles" keeps every content word; only
when it happens changes, and a reader takes a plan for a fact. The tense check already reads a past
for a present and a future the source does not have; a past for a source that speaks only in the
future was not read. It is flagged only where the source's verbs are all futures (no present, no
past form, no past time such as a year: French also narrates history in the future, "En 1905,
Einstein publiera...", which English tells in the past) and the translation has no future or
conditional of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

MAJOR = ("major", "critical")
MODES = Path("/usr/share/apertium/modes")
pytestmark = pytest.mark.skipif(not (MODES / "fr-es.mode").exists() or not (MODES / "eng-spa.mode").exists(),
                                reason="Debian apertium-fr-es / apertium-eng-spa are not installed")


def tense_flags(pairs: list[tuple[str, str]], lang: str = "fr") -> list:
    beads = [ScoredBead(k, Bead((k,), (k,), 1.0, 1.0), s, t) for k, (s, t) in enumerate(pairs)]
    return [f for f in find_flags(beads, lang, "en", embedder=None) if f.category == "tense" and f.severity in MAJOR]


@pytest.mark.parametrize("lang,src,tgt,span", [
    ("fr", "Le musée rouvrira ses salles au public.", "The museum reopened its rooms to the public.", "reopened"),
    ("fr", "L'orchestre jouera la symphonie en entier.", "The orchestra played the symphony in full.", "played"),
    ("fr", "Les chercheurs publieront leurs résultats dans une revue.",
     "The researchers published their results in a journal.", "published"),
    ("fr", "La bibliothèque prêtera ses manuscrits à l'exposition.",
     "The library lent its manuscripts to the exhibition.", "lent"),
    ("fr", "Le train partira de Lyon à l'aube.", "The train left Lyon at dawn.", "left"),
    ("es", "El museo abrirá una nueva sala.", "The museum opened a new room.", "opened"),
])
def test_a_past_for_a_future_is_flagged(lang, src, tgt, span):
    flags = tense_flags([(src, tgt)], lang)
    assert [f.span for f in flags] == [span]


@pytest.mark.parametrize("src,tgt,suggestion", [
    ("L'orchestre jouera la symphonie en entier.", "The orchestra played the symphony in full.", "will play"),
    ("Le train partira de Lyon à l'aube.", "The train left Lyon at dawn.", "will leave"),
])
def test_the_suggestion_is_the_future_of_the_same_verb(src, tgt, suggestion):
    assert [f.suggestion for f in tense_flags([(src, tgt)])] == [suggestion]


@pytest.mark.parametrize("src,tgt", [
    ("Le musée rouvrira ses salles au public.", "The museum will reopen its rooms to the public."),
    ("L'orchestre jouera la symphonie que le compositeur a écrite en 1820.",
     "The orchestra will play the symphony the composer wrote in 1820."),
    ("Le maire a annoncé que le musée rouvrira en mai.", "The mayor announced that the museum would reopen in May."),
    ("En 1905, Einstein publiera quatre articles décisifs.", "In 1905, Einstein published four decisive papers."),
    ("Le train partira quand les passagers seront montés.", "The train will leave once the passengers have boarded."),
    ("Le guide pense que la visite durera une heure.", "The guide thinks the tour will last an hour."),
    ("Vous verrez, le château vous plaira.", "You'll see, you'll like the castle."),
])
def test_a_future_kept_or_a_past_the_source_licenses_is_not_flagged(src, tgt):
    assert tense_flags([(src, tgt)]) == []


# A biography told in the historic future, rendered in the past throughout: the document's convention.
NARRATED = [
    ("Né à Lyon, le peintre quittera sa ville natale très jeune.", "Born in Lyon, the painter left his home town very young."),
    ("Il exposera ses toiles à Paris dès ses vingt ans.", "He exhibited his canvases in Paris from the age of twenty."),
    ("Ses tableaux voyageront jusqu'à New York.", "His paintings travelled as far as New York."),
]


def test_a_historic_future_rendered_in_the_past_throughout_is_not_flagged():
    assert tense_flags(NARRATED) == []
