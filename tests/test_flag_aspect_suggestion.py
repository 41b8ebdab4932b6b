"""Aspect flags carry a suggestion: the simple form the source's completed or plain action calls
for, in the tense of the progressive's auxiliary (issue 10: every flag shows its suggestion, the
review page lets the reviewer accept it). Written before the change (session 12), my own sentences.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags


def aspect_flag(lang: str, src: str, tgt: str):
    flags = pair_flags(lang, src, tgt, detector="tense.aspect")
    assert len(flags) == 1, [(f.span, f.detector) for f in flags]
    return flags[0]


@pytest.mark.parametrize("lang,src,tgt,suggestion", [
    ("de", "Die Ministerin unterzeichnete am Montag das Abkommen mit den Nachbarländern.",
     "On Monday the minister was signing the agreement with the neighbouring countries.", "signed"),
    ("de", "Im zweiten Quartal stiegen die Umsätze des Konzerns um zwölf Prozent.",
     "In the second quarter the group's sales were rising by twelve percent.", "rose"),
    ("de", "Das Gericht hat den Angeklagten aus Mangel an Beweisen freigesprochen.",
     "The court has been acquitting the defendant for lack of evidence.", "acquitted"),
    ("fr", "Le prix du pain dépend du cours du blé sur les marchés mondiaux.",
     "The price of bread is depending on the price of wheat on world markets.", "depends"),
    ("fr", "Ces terrains appartiennent à la commune depuis le siècle dernier.",
     "These plots are belonging to the municipality since the last century.", "belong"),
    ("fr", "Les élections municipales ont eu lieu en mars dans toutes les communes.",
     "Municipal elections were taking place in March in every town.", "took"),
    ("fr", "Ce rapport aiderait les juges à mieux comprendre le dossier.",
     "This report would be helping judges understand the case better.", "help"),
    ("it", "Il ministro firmò il decreto poche ore dopo il terremoto.",
     "The minister was signing the decree a few hours after the earthquake.", "signed"),
])
def test_aspect_flag_suggests_the_simple_form(lang, src, tgt, suggestion):
    flag = aspect_flag(lang, src, tgt)
    assert flag.suggestion == suggestion, (flag.span, flag.suggestion)


def test_passive_progressive_suggests_the_plain_passive():
    tgt = "The vehicle was being removed from the scene of the accident in the morning."
    flag = aspect_flag("fr", "Le véhicule a été enlevé du lieu de l'accident dans la matinée.", tgt)
    assert flag.suggestion is not None, flag.span
    fixed = tgt[:flag.start] + flag.suggestion + tgt[flag.end:]
    assert fixed == "The vehicle was removed from the scene of the accident in the morning.", fixed
