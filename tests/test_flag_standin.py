"""Line-level flags put on the target words that stand in for a missing source item (issue 10).

Hand-written fr->en and de->en pairs; every test runs the real detectors through
``find_flags`` (no embedder: the fast checks), and asserts where the flag points.
"""

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead


def flags(src: str, tgt: str, lang: str = "fr", category: str | None = None) -> list:
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)]
    out = find_flags(beads, lang, "en", embedder=None)
    return [f for f in out if category is None or f.category == category]


def test_replaced_name_is_flagged_on_the_target_name_with_the_source_name_as_suggestion():
    tgt = "The report was presented by Martin in Lyon yesterday."
    [f] = flags("Le rapport a été présenté par Dupont à Lyon hier.", tgt, category="name")
    assert (f.span, tgt[f.start:f.end]) == ("Martin", "Martin")
    assert f.suggestion == "Dupont" and f.src_span == "Dupont"
    assert f.severity == "major"  # severity unchanged: only the place is new


def test_dropped_name_without_a_stand_in_stays_line_level():
    [f] = flags("Le ministre a rencontré Dupont à Lyon.", "The minister met him in Lyon.", category="name")
    assert f.start == f.end and f.src_span == "Dupont" and f.severity == "major"


def test_a_common_sentence_initial_word_is_not_a_stand_in():
    [f] = flags("Hier, Dupont a signé l'accord.", "Yesterday, the mayor signed the agreement.", category="name")
    assert f.start == f.end


def test_a_target_name_with_a_source_counterpart_is_not_the_stand_in():
    tgt = "Yesterday, Martin went to Germany with Paul."
    [f] = flags("Hier, Dupont est allé en Allemagne avec Paul.", tgt, category="name")
    assert f.span == "Martin" and f.suggestion == "Dupont"


def test_a_two_word_name_replaced_by_another_is_one_flag_on_the_whole_name():
    tgt = "According to Rosa Parks, the discovery was important."
    found = flags("Selon Marie Curie, la découverte était importante.", tgt, category="name")
    assert [f.span for f in found] == ["Rosa Parks"]
    assert found[0].suggestion in ("Marie", "Curie", "Marie Curie")


def test_german_name_replaced():
    tgt = "Yesterday Merkel met the president in Paris."
    [f] = flags("Gestern traf Scholz den Präsidenten in Paris.", tgt, lang="de", category="name")
    assert f.span == "Merkel" and f.suggestion == "Scholz"


def test_dropped_negation_points_at_the_target_verb_aligned_to_the_negated_source_verb():
    tgt = "The government signed the agreement."
    [f] = flags("Le gouvernement n'a pas signé l'accord.", tgt, category="polarity")
    assert f.span == "signed" and f.severity == "critical" and f.src_span == "n'a pas"


def test_dropped_german_negation_points_at_the_aligned_verb():
    tgt = "The government signed the treaty."
    [f] = flags("Die Regierung hat den Vertrag nicht unterschrieben.", tgt, lang="de", category="polarity")
    assert f.start == f.end or f.span == "signed"  # the dictionary may not link unterschrieben; never another word


def test_dropped_negation_with_no_aligned_verb_stays_line_level():
    [f] = flags("Il ne pleut pas ce matin.", "The sun is shining this morning.", category="polarity")
    assert f.start == f.end


def test_missing_acronym_points_at_an_unmatched_target_acronym():
    tgt = "The agreement was signed by the UNO yesterday."
    [f] = flags("L'accord a été signé par l'OTAN hier.", tgt, category="acronym")
    assert f.span == "UNO" and f.suggestion == "NATO" and f.severity == "minor"


def test_missing_acronym_with_nothing_in_its_place_stays_line_level():
    [f] = flags("L'accord a été signé par l'OTAN hier.", "The agreement was signed yesterday.", category="acronym")
    assert f.start == f.end


def test_faithful_translations_keep_no_name_or_polarity_flag():
    for src, tgt in [("Hier, Dupont est allé en Allemagne.", "Yesterday, Dupont went to Germany."),
                     ("Le gouvernement n'a pas signé l'accord.", "The government did not sign the agreement.")]:
        assert not [f for f in flags(src, tgt) if f.category in ("name", "polarity")]
