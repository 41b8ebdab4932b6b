"""Archaic English compound numbers ("four and twenty" = 24), as older published translations
write them (issue 10, false alarms on faithful translations). Written before the fix."""

from __future__ import annotations

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def number_flags(src: str, tgt: str) -> list:
    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=None) if f.category == "number"]


def test_units_and_tens_read_as_one_number():
    assert number_flags("Ils marchèrent pendant vingt-quatre heures sans s'arrêter.",
                        "They walked for four and twenty hours without stopping.") == []
    assert number_flags("Il avait alors trente-cinq ans.", "He was then five and thirty years old.") == []


def test_a_changed_archaic_number_is_still_flagged():
    flags = number_flags("Ils marchèrent pendant vingt-quatre heures sans s'arrêter.",
                         "They walked for five and twenty hours without stopping.")
    assert flags and flags[0].severity == "critical"


def test_two_numbers_joined_by_and_stay_two():
    assert number_flags("Il a eu deux et trois enfants de ses deux mariages.",
                        "He had two and three children from his two marriages.") == []


def test_regnal_numbers_and_bare_numeral_headings():
    # written before the fix: "Jacques Ier" -> "James I." and a heading "III" -> "CHAPTER III."
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "III", "CHAPTER III."),
             ScoredBead(1, Bead((1,), (1,), 1.0, 1.0), "Le savant roi Jacques Ier aimait la chasse.",
                        "The learned King James I. loved hunting."),
             ScoredBead(2, Bead((2,), (2,), 1.0, 1.0), "Louis XIV régna longtemps.", "Louis XIV reigned for a long time.")]
    flags = [f for f in find_flags(beads, "fr", "en", embedder=None) if f.category == "number"]
    assert flags == []


def test_a_changed_regnal_number_is_flagged():
    flags = number_flags("Louis XIV régna longtemps sur la France.", "Louis XVI reigned over France for a long time.")
    assert flags
