"""Pseudo-reference engines: Apertium used and reported when installed; clear errors otherwise."""

from pathlib import Path

import pytest
import sacrebleu

from evalkit.errors import EvalkitError
from evalkit.score.engines import ApertiumEngine, resolve_engines

pytestmark = pytest.mark.slow  # real embedder / subprocesses

DATA = Path(__file__).parent / "data" / "score"
SRC = DATA.joinpath("src.fr.txt").read_text().splitlines()
HYP = DATA.joinpath("hyp.en.txt").read_text().splitlines()
REF = DATA.joinpath("ref.en.txt").read_text().splitlines()
HAS_APERTIUM = ApertiumEngine().supports("fr", "en") and ApertiumEngine().supports("en", "fr")
needs_apertium = pytest.mark.skipif(not HAS_APERTIUM, reason="apertium with fr-es/spa-eng/eng-spa/es-fr not installed")


@needs_apertium
def test_apertium_batch_keeps_one_line_per_segment():
    out = ApertiumEngine().translate(SRC + ["", "Il pleut."], "fr", "en")
    assert len(out) == len(SRC) + 2
    assert out[-2] == "" and "rain" in out[-1].lower()
    assert "library" in out[0].lower()


@needs_apertium
def test_batch_translation_equals_one_by_one():
    # A segment without final punctuation must not run on into the next one.
    segs = ['so resist the temptation to remove "just one"',
            "Plants look their best in a natural environment.", "The library opens at nine"]
    eng = ApertiumEngine()
    assert eng.translate(segs, "en", "fr") == [eng.translate([s], "en", "fr")[0] for s in segs]


@needs_apertium
def test_pseudo_reference_and_round_trip_in_evaluation(embedder):
    from evalkit.score import evaluate_lines

    ev = evaluate_lines(SRC, HYP, "fr", "en", embedder, engines="auto")
    assert "apertium:pseudo-reference" in ev.signals and "apertium:round-trip" in ev.signals
    pseudo = ApertiumEngine().translate(SRC, "fr", "en")
    for sb, p in zip(ev.beads, pseudo):
        assert sb.scores["chrf:pseudo"] == pytest.approx(sacrebleu.sentence_chrf(sb.tgt_text, [p]).score)
        assert 0 < sb.scores["chrf:roundtrip"] <= 100
    assert "pseudo-ref:apertium" in ev.signatures["chrf:pseudo"]
    assert ev.doc_scores["chrf:pseudo"] == pytest.approx(sacrebleu.corpus_chrf(HYP, [pseudo]).score)


def test_no_engine_still_scores(embedder):
    from evalkit.score import evaluate_lines

    ev = evaluate_lines(SRC, HYP, "fr", "en", embedder, engines="none", ref_lines=REF)
    assert not any("pseudo" in s or "round-trip" in s for s in ev.signals)
    assert all("chrf:pseudo" not in sb.scores for sb in ev.beads)
    assert all("p_faithful" in sb.scores and "qe" in sb.scores for sb in ev.beads)
    assert "sacrebleu:reference" in ev.signals
    assert ev.beads[2].scores["bleu:ref"] == pytest.approx(sacrebleu.sentence_bleu(HYP[2], [REF[2]]).score)
    assert ev.doc_scores["bleu:ref"] == pytest.approx(sacrebleu.corpus_bleu(HYP, [REF]).score)
    assert ev.signatures["bleu:ref"].startswith("nrefs:1|")


def test_engine_spec_errors(tmp_path):
    assert resolve_engines("none", "fr", "en") == []
    with pytest.raises(EvalkitError, match="unknown engine"):
        resolve_engines("babelfish", "fr", "en")
    with pytest.raises(EvalkitError, match="not found"):
        resolve_engines(f"marian:{tmp_path / 'missing'}", "fr", "en")
    with pytest.raises(EvalkitError, match="model folder"):
        resolve_engines("marian:", "fr", "en")


def test_marian_engine_on_a_folder_without_model_fails_clearly(tmp_path):
    (eng,) = resolve_engines(f"marian:{tmp_path}", "fr", "en")
    with pytest.raises(EvalkitError) as exc:  # transformers missing, or no model files in the folder
        eng.translate(["Bonjour."], "fr", "en")
    assert "transformers" in str(exc.value) or str(tmp_path) in str(exc.value)
