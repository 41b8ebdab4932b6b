"""sacreBLEU scores inside evalkit match sacreBLEU called directly; signatures are kept."""

from pathlib import Path

import pytest
import sacrebleu

from evalkit.score.reference import reference_scores, sentence_scores

DATA = Path(__file__).parent / "data" / "score"
HYP = DATA.joinpath("hyp.en.txt").read_text().splitlines()
REF = DATA.joinpath("ref.en.txt").read_text().splitlines()


def test_sentence_scores_match_sacrebleu():
    got = sentence_scores(HYP, REF, "en")
    for i, (h, r) in enumerate(zip(HYP, REF)):
        assert got["bleu"][i] == pytest.approx(sacrebleu.sentence_bleu(h, [r]).score)
        assert got["chrf"][i] == pytest.approx(sacrebleu.sentence_chrf(h, [r]).score)
        assert got["ter"][i] == pytest.approx(sacrebleu.sentence_ter(h, [r]).score)
        assert got["chrf++"][i] == pytest.approx(sacrebleu.metrics.CHRF(word_order=2).sentence_score(h, [r]).score)


def test_sentence_bleu_uses_effective_order():
    # A 3-word hypothesis has no 4-gram: plain BLEU would be 0, effective order is not.
    assert sentence_scores(["Opening hours stay."], ["Opening hours stay the same."], "en")["bleu"][0] > 0


def test_corpus_scores_and_signatures():
    rs = reference_scores(HYP, REF, "en")
    assert rs.corpus["bleu"] == pytest.approx(sacrebleu.corpus_bleu(HYP, [REF]).score)
    assert rs.corpus["chrf"] == pytest.approx(sacrebleu.corpus_chrf(HYP, [REF]).score)
    assert rs.corpus["ter"] == pytest.approx(sacrebleu.corpus_ter(HYP, [REF]).score)
    assert rs.signatures["bleu"].startswith("nrefs:1|") and "version:" in rs.signatures["bleu"]
    assert "nc:6" in rs.signatures["chrf"] and "nw:2" in rs.signatures["chrf++"]
