"""Aspect from German: an English progressive where the German source states a completed action
(issue 10, session 12; written before the German profile keys, my own sentences).

German has no progressive form, so "was signing" for "unterzeichnete" turns a completed act
into an ongoing one. German marks the ongoing with words ("gerade", "dabei", "während",
"noch") rather than with a verb form, and a present source allows the progressives English
uses for a plain present ("prices have been rising"). The real detectors run through the
registry; German had no aspect check before (no ``tense.imperfective`` in its profile).
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

def aspect_flags(src: str, tgt: str) -> list:
    return pair_flags("de", src, tgt, category="tense", major=True)


@pytest.mark.parametrize("src,tgt,span", [
    ("Die Ministerin unterzeichnete am Montag das Abkommen mit den Nachbarländern.",
     "On Monday the minister was signing the agreement with the neighbouring countries.", "was signing"),
    ("Der Verteidiger legte gestern Berufung gegen das Urteil des Landgerichts ein.",
     "Yesterday the defence lawyer was lodging an appeal against the regional court's verdict.", "was lodging"),
    ("Das Gericht hat den Angeklagten aus Mangel an Beweisen freigesprochen.",
     "The court has been acquitting the defendant for lack of evidence.", "been acquitting"),
    ("Im zweiten Quartal stiegen die Umsätze des Konzerns um zwölf Prozent.",
     "In the second quarter the group's sales were rising by twelve percent.", "were rising"),
    ("Der Trainer wechselte in der Halbzeit zwei Spieler aus.",
     "At half-time the coach was substituting two players.", "was substituting"),
])
def test_progressive_for_a_completed_german_action_is_flagged(src, tgt, span):
    flags = aspect_flags(src, tgt)
    assert flags, "no aspect flag"
    assert any(span in tgt[f.start:f.end] or tgt[f.start:f.end] in span for f in flags), [f.span for f in flags]


@pytest.mark.parametrize("src,tgt", [
    # the same sentences rendered faithfully
    ("Die Ministerin unterzeichnete am Montag das Abkommen mit den Nachbarländern.",
     "On Monday the minister signed the agreement with the neighbouring countries."),
    ("Das Gericht hat den Angeklagten aus Mangel an Beweisen freigesprochen.",
     "The court acquitted the defendant for lack of evidence."),
    # German marks the ongoing with words: the English progressive renders them
    ("Während die Ärzte noch operierten, fiel im ganzen Krankenhaus der Strom aus.",
     "While the doctors were still operating, the power went out across the whole hospital."),
    ("Der Angeklagte war gerade dabei, das Land zu verlassen, als die Polizei ihn festnahm.",
     "The defendant was just leaving the country when the police arrested him."),
    # a present source: English progressives for a plain present are good English
    ("Die Preise für Lebensmittel steigen seit Monaten deutlich.",
     "Food prices have been rising sharply for months."),
    ("Die Regierung prüft derzeit mehrere Vorschläge zur Reform der Pflegeversicherung.",
     "The government is currently examining several proposals to reform long-term care insurance."),
])
def test_faithful_progressives_are_not_flagged(src, tgt):
    assert aspect_flags(src, tgt) == []
