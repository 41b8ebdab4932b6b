"""With the full checks, every segment gets the LM scorer's ``lm:logprob`` (mean log-probability of
the translation's tokens given the source) and ``qe`` uses a model that weighs it; the fast checks
neither load nor need the scorer. Real packaged Gemma-3-270M; the sentence pairs are our own."""

from __future__ import annotations

import math

import pytest

pytestmark = pytest.mark.slow

# (source, faithful, wrong): a number, a relative, a direction of change.
GERMAN = [
    ("Der Zug fährt um acht Uhr ab.", "The train leaves at eight o'clock.", "The train leaves at nine o'clock."),
    ("Sie hat gestern ihre Schwester in Berlin besucht.", "Yesterday she visited her sister in Berlin.",
     "Yesterday she visited her brother in Berlin."),
    ("Die Preise sind dieses Jahr stark gestiegen.", "Prices rose sharply this year.", "Prices fell sharply this year."),
]


@pytest.fixture(scope="module")
def models():
    from evalkit.models import load_embedder
    from evalkit.pipeline import scorer_for

    return load_embedder(device="cpu"), scorer_for("full", "cpu")


def _evaluate(models, pairs, scorer=True):
    from evalkit.score import evaluate_lines

    embedder, lm = models
    return evaluate_lines([s for s, _ in pairs], [t for _, t in pairs], "de", "en", embedder, engines="none",
                          scorer=lm if scorer else None)


def test_full_checks_give_every_segment_the_lm_signal_and_a_qe_that_uses_it(models):
    pairs = [(s, good) for s, good, _ in GERMAN] + [(s, bad) for s, _, bad in GERMAN]
    ev = _evaluate(models, pairs)
    lps = [sb.scores["lm:logprob"] for sb in ev.beads]
    assert all(math.isfinite(v) and v < 0 for v in lps)
    assert any(s.startswith("lm:") for s in ev.signals)
    qe_model = next(s for s in ev.signals if s.startswith("qe:"))
    assert "lm" in qe_model.split(":", 1)[1]
    n = len(GERMAN)
    for k in range(n):  # the faithful translation ranks above its damaged copy
        assert ev.beads[k].scores["qe"] > ev.beads[n + k].scores["qe"], GERMAN[k]


def test_fast_checks_have_no_lm_signal(models):
    ev = _evaluate(models, [(s, good) for s, good, _ in GERMAN], scorer=False)
    assert all("lm:logprob" not in sb.scores for sb in ev.beads)
    assert not any(s.startswith("lm:") for s in ev.signals)
    assert not any("lm" in s.split(":", 1)[1] for s in ev.signals if s.startswith("qe:"))
