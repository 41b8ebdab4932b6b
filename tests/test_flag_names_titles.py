"""Names in titles and translated honorifics (issue 10, false alarms on faithful translations).

Written before the fix. Published translations of novels drew "name changed" flags on chapter
titles set in title case ("What Befell Candide among the Bulgarians": "Befell" read as a first
name) and on honorifics the translator translated ("Maître Pangloss" -> "Master Pangloss").
Sentences of my own; the real detectors and the packaged FreeDict data run.
"""

from __future__ import annotations

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def name_flags(src: list[str], tgt: list[str]) -> list:
    beads = [ScoredBead(k, Bead((k,), (k,), 1.0, 1.0), s, t) for k, (s, t) in enumerate(zip(src, tgt))]
    return [f for f in find_flags(beads, "fr", "en", embedder=None) if f.category == "name" and f.severity == "critical"]


def test_title_case_heading_is_not_a_changed_first_name():
    src = ["Ce que devint Mirabelle parmi les Tartares.", "Cependant Mirabelle se mit à pleurer devant la porte."]
    tgt = ["What Became of Mirabelle among the Tartars", "Meanwhile Mirabelle began to weep at the door."]
    assert name_flags(src, tgt) == []


def test_translated_honorific_is_not_a_changed_first_name():
    src = ["Maître Renard enseignait la philosophie aux enfants du village.", "Ce Renard était rusé."]
    tgt = ["Master Renard taught philosophy to the village children.", "This Renard was cunning."]
    assert name_flags(src, tgt) == []


def test_a_replaced_first_name_is_still_critical():
    src = ["Le ministre Jean Dupont a présenté hier le budget.", "Jean Dupont a ensuite quitté la salle."]
    tgt = ["Minister Paul Dupont presented the budget yesterday.", "Jean Dupont then left the room."]
    flags = name_flags(src, tgt)
    assert [f.span for f in flags] == ["Paul Dupont"]
