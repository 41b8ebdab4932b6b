"""Calibrated similarity and meaning drift with the real embedder."""

from pathlib import Path

import numpy as np
import pytest

from evalkit.score import evaluate_lines
from evalkit.score.similarity import calibrate, margins, similarity_scores

pytestmark = pytest.mark.slow  # real embedder / subprocesses

DATA = Path(__file__).parent / "data" / "score"
SRC = DATA.joinpath("src.fr.txt").read_text().splitlines()
HYP = DATA.joinpath("hyp.en.txt").read_text().splitlines()


def test_margin_is_cosine_minus_nearest_competitors():
    s = np.eye(3, dtype=np.float32)
    t = np.array([[1, 0, 0], [0, 0.8, 0.6], [0, 0.6, 0.8]], dtype=np.float32)
    m = margins(s, t, k=1)
    # pair 1: cos 0.8; best competitor of s1 is t2 (0.6), of t1 is s2 (0.6)
    assert m[1] == pytest.approx(0.8 - 0.6)
    assert m[0] == pytest.approx(1.0)
    assert margins(s[:1], t[:1]) is None


def test_calibration_is_monotone():
    assert calibrate(0.80, None) < calibrate(0.88, None) < calibrate(0.95, None)
    assert calibrate(0.90, -0.02) < calibrate(0.90, 0.05)
    assert 0.0 <= calibrate(0.5, -1.0) <= calibrate(1.0, 1.0) <= 1.0


def test_wrong_translation_gets_lower_calibrated_similarity(embedder):
    src = SRC[:6]
    right = HYP[:6]
    wrong = list(right)
    wrong[3] = "The total cost of the party was paid by the neighbours' football club."
    vr = embedder.encode(src), embedder.encode(right)
    vw = embedder.encode(wrong)
    good, bad = similarity_scores(*vr), similarity_scores(vr[0], vw)
    assert bad.p_faithful[3] < good.p_faithful[3]
    assert bad.margin[3] < good.margin[3]
    assert good.p_faithful[3] > 0.5
    unrelated = list(right)
    unrelated[3] = "The mayor resigned after the scandal."
    assert similarity_scores(vr[0], embedder.encode(unrelated)).p_faithful[3] < 0.5


def test_drift_flag_on_unrelated_sentence(embedder):
    hyp = list(HYP)
    hyp[4] = "My grandmother keeps three goats and a very old tractor behind her house."
    ev = evaluate_lines(SRC, hyp, "fr", "en", embedder, engines="none")
    drift = [f for sb in ev.beads for f in sb.flags if f.category == "meaning-drift"]
    assert [f.bead for f in drift] == [4]
    f = drift[0]
    assert f.span == hyp[4] and (f.start, f.end) == (0, len(hyp[4]))
    assert "median" in f.message and f.severity in ("major", "critical")
    assert ev.beads[4].mqm > 0 and ev.doc_scores["mqm_score"] < 100
    clean = evaluate_lines(SRC, HYP, "fr", "en", embedder, engines="none")
    assert not [f for sb in clean.beads for f in sb.flags if f.category == "meaning-drift"]
    assert clean.doc_scores["p_faithful_min"] > 0.5
    assert clean.doc_scores["mqm_score"] == 100.0
