"""Surface fluency and preservation cues react to the damage they are meant for, not to clean text."""

from evalkit.score.fluency import fluency_cues
from evalkit.score.preservation import negation_count, number_mismatches, preservation_cues

SRC = "Le comité a approuvé le projet de Marie Dubois le 14 mars, après 3,5 heures de débat."
CLEAN = "The committee approved Marie Dubois's project on 14 March, after 3.5 hours of debate."


def cues(hyp):
    return fluency_cues(SRC, hyp, "en", "fr")


def test_clean_translation_has_no_cues():
    assert sum(cues(CLEAN).values()) == 0
    assert sum(preservation_cues(SRC, CLEAN, "fr", "en").values()) == 0


def test_each_cue_fires_on_its_damage():
    assert cues(CLEAN.replace("approved", "aproved"))["unknown_words"] == 1
    assert cues(CLEAN.replace("debate", "debate debate"))["repeated_words"] == 1
    assert cues(CLEAN.rstrip("."))["missing_end_punct"] == 1
    assert cues(CLEAN.replace(",", " ,").replace(".", " ."))["tokenised_punct"] >= 2
    assert cues(CLEAN.lower())["case_anomalies"] >= 2  # sentence start + the names
    assert cues(CLEAN.replace("project", "projet de"))["untranslated"] == 1
    assert cues(CLEAN.replace(" after", "? after"))["stray_marks"] >= 1


def test_preservation_cues():
    assert number_mismatches(SRC, CLEAN) == 0  # 3,5 == 3.5
    assert number_mismatches(SRC, CLEAN.replace("14", "41")) >= 1
    assert number_mismatches("Il y a 48 000 habitants.", "There are 48,000 inhabitants.") == 0
    p = preservation_cues(SRC, CLEAN.replace("Marie Dubois", "Anne Martin"), "fr", "en")
    assert p["names_missing"] >= 1 and p["names_extra"] >= 1
    assert negation_count("Il ne viendra pas.", "fr") == negation_count("He will not come.", "en") == 1
    assert preservation_cues(SRC, CLEAN.replace("approved", "did not approve"), "fr", "en")["negation_mismatch"] == 1


def test_article_cue():
    from evalkit.score.fluency import article_errors

    assert article_errors("It is an important disease, a university and an hour away.", "en") == 0
    assert article_errors("It is a important disease and an serious one.", "en") == 2
    assert article_errors("Il a vu l'arbre et le héros.", "fr") == 0
    assert article_errors("Il a vu le arbre.", "fr") == 1
