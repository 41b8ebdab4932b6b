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


def test_segment_scores_sentence_values_are_sacrebleus_to_the_bit():
    """segment_scores reads chrF, chrF++ and TER sentence scores off the rows it extracted for the
    corpus sums instead of extracting them twice: the floats must be sentence_score's exactly (the
    JSON is compared byte for byte across runs), on real pairs, an identical pair and odd ones."""
    from evalkit.score.reference import segment_scores

    gate = Path(__file__).parent / "data" / "gate" / "demetr"
    hyps = HYP + gate.joinpath("damaged.en.txt").read_text().splitlines() + ["Same words.", "a", "Hello ,  world!!"]
    refs = REF + gate.joinpath("ref.en.txt").read_text().splitlines() + ["Same words.", "x", "hello world"]
    got = segment_scores(hyps, refs, "en")
    assert list(got.sentence) == ["bleu", "chrf", "chrf++", "ter"]  # the order the JSON writes them in
    assert len(got.stats["ter"]) == len(hyps) and got.sentence["ter"][len(HYP) + 25] == 0.0
    expected = sentence_scores(hyps, refs, "en")
    for name, values in expected.items():
        assert [repr(v) for v in got.sentence[name]] == [repr(v) for v in values], name
