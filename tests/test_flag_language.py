"""Untranslated source-language text in the target."""

from evalkit.flag.language import detect


def test_french_phrase_left_in_english_is_flagged():
    flags = detect(0, "The report stresses that la situation reste très préoccupante for families.", "en", ("fr",))
    assert flags and flags[0].category == "untranslated"
    assert "situation reste très préoccupante" in flags[0].span


def test_english_names_in_french_are_not_flagged():
    assert detect(0, "Elle a créé l'outil Falcon Search and Analysis pour les autorités.", "fr") == []
    assert detect(0, "The museum is currently closed for renovation.", "en", ("fr",)) == []


def test_whole_segment_in_the_wrong_language():
    flags = detect(0, "Le ministre a dit que la décision sera prise la semaine prochaine par le gouvernement.", "en", ("fr",))
    assert flags and flags[0].severity == "major"
