"""The combined quality estimate: stored models are sane and rank damaged translations lower."""

from pathlib import Path

import pytest

from evalkit.score import evaluate_lines
from evalkit.score.engines import ApertiumEngine
from evalkit.score.qe import load_models, pick_model

pytestmark = pytest.mark.slow  # real embedder / subprocesses

DATA = Path(__file__).parent / "data" / "score"
SRC = DATA.joinpath("src.fr.txt").read_text().splitlines()
HYP = DATA.joinpath("hyp.en.txt").read_text().splitlines()


def test_stored_models_have_known_signs():
    models = load_models()
    assert [m.name for m in models] == ["full", "no-engine", "no-apertium", "e5-only"]
    for m in models:
        assert len(m.features) == len(m.weights) == len(m.mean) == len(m.std)
        for f, w in zip(m.features, m.weights):
            if f.startswith(("similarity", "chrf", "bleu")):
                assert w >= 0, f
            else:
                assert w <= 0, f


def test_pick_model_follows_available_signals():
    full = load_models()[0]
    assert pick_model(full.features).name == "full"
    lean = [f for f in full.features if "pseudo" not in f and "roundtrip" not in f]
    assert pick_model(lean).name == "no-engine"
    assert pick_model([f for f in lean if "pos_" not in f]).name == "no-apertium"
    assert pick_model(["similarity"]) is None


@pytest.mark.parametrize("engines", ["none", "auto"])
def test_damaged_segments_get_lower_qe(embedder, engines):
    if engines == "auto" and not ApertiumEngine().supports("fr", "en"):
        pytest.skip("apertium not installed")
    damaged = list(HYP)
    damaged[0] = "the municipal library will remain closed for the the whole month of agust"
    damaged[3] = "The total cost of the works is estimated at 530,000 euros ."
    damaged[6] = "The opening hours will change."
    clean = evaluate_lines(SRC, HYP, "fr", "en", embedder, engines=engines)
    bad = evaluate_lines(SRC, damaged, "fr", "en", embedder, engines=engines)
    for i in (0, 3, 6):
        assert bad.beads[i].scores["qe"] < clean.beads[i].scores["qe"], i
    assert any(s.startswith("qe:") for s in clean.signals)
    assert bad.doc_scores["qe_mean"] < clean.doc_scores["qe_mean"]
