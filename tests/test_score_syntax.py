"""The part-of-speech bigram fluency cue (Apertium tagger + stored TransRead model)."""

import pytest

from evalkit.score.syntax import coarse_tag, load_model, pos_scores, tag_lines, tagger_paths

needs_tagger = pytest.mark.skipif(tagger_paths("en") is None or load_model("en") is None,
                                  reason="apertium-eng-spa tagger or the stored model missing")


def test_coarse_tags():
    assert coarse_tag("be<vbser><past><p3><sg>") == "vbser.past"
    assert coarse_tag("vehicle<n><sg>") == "n"
    assert coarse_tag("*smae") == "UNK"


@needs_tagger
def test_batch_tagging_keeps_lines():
    tags = tag_lines(["The cat [sleeps].", "", "They were eating apples."], "en")
    assert len(tags) == 3 and tags[1] == []
    assert "vbser.past" in tags[2] and tags[0][0].startswith("det")


@needs_tagger
def test_broken_word_order_is_more_surprising():
    good = ["The new library will open its doors on Monday morning.",
            "Their advice is tailored to their own citizens."]
    bad = ["The new library will its open doors on Monday morning.",
           "They advice is tailored to they own citizens."]
    g, b = pos_scores(good, "en"), pos_scores(bad, "en")
    for x, y in zip(g, b):
        assert y["pos_excess"] > x["pos_excess"]


@needs_tagger
def test_tense_agreement_with_the_source():
    from evalkit.score.syntax import syntax_cues

    if tagger_paths("fr") is None:
        pytest.skip("apertium-fr-es tagger missing")
    src = ["Ils ont annulé la tournée.", "Il avait déjà mangé."]
    good = syntax_cues(src, ["They cancelled the tour.", "He had already eaten."], "fr", "en")
    bad = syntax_cues(src, ["They cancel the tour.", "He has already eaten."], "fr", "en")
    assert good[0]["past_mismatch"] == good[1]["pluperfect_mismatch"] == 0
    assert bad[0]["past_mismatch"] == 1 and bad[1]["pluperfect_mismatch"] == 1


@needs_tagger
def test_pronoun_case_cue():
    from evalkit.score.syntax import pronoun_case_errors

    good = tag_lines(["Their production was good.", "I gave them food.", "We saw him leave.",
                      "They often go there."], "en")
    bad = tag_lines(["They production was good.", "Them can go.", "Him fell."], "en")
    assert [pronoun_case_errors(t, "en") for t in good] == [0, 0, 0, 0]
    assert [pronoun_case_errors(t, "en") for t in bad] == [1, 1, 1]
