"""The contrastive span detector on the real packaged scorer (Gemma-3-270M).

The sentence pairs are our own (farming, cooking, travel: a domain the detector was never
tuned on), written before its margins were fitted; they are not to be edited to make it pass.
Thresholds here are shares, not single items: a small model misses some, and a test that
needed all of them would test luck.
"""

from __future__ import annotations

import pytest

from evalkit.flag.base import FlagContext, Pair
from evalkit.text import fold

pytestmark = pytest.mark.slow

# (source, faithful translation, the same with one wrong word, that word)
ITEMS = [
    ("Le chef a ajouté une pincée de sel à la sauce.", "The chef added a pinch of salt to the sauce.",
     "The chef added a pinch of sugar to the sauce.", "sugar"),
    ("Les agriculteurs ont récolté le blé en août.", "The farmers harvested the wheat in August.",
     "The farmers harvested the wheat in March.", "March"),
    ("Le vol pour Madrid a été annulé à cause du brouillard.", "The flight to Madrid was cancelled because of the fog.",
     "The flight to Lisbon was cancelled because of the fog.", "Lisbon"),
    ("La boulangerie ouvre tous les jours sauf le dimanche.", "The bakery opens every day except Sunday.",
     "The bakery opens every day except Monday.", "Monday"),
    ("Il faut arroser les tomates chaque soir.", "The tomatoes must be watered every evening.",
     "The tomatoes must be watered every morning.", "morning"),
    ("Les randonneurs ont atteint le sommet avant midi.", "The hikers reached the summit before noon.",
     "The hikers reached the summit after noon.", "after"),
    ("Le musée est fermé le mardi.", "The museum is closed on Tuesdays.", "The museum is open on Tuesdays.", "open"),
    ("Sa fille travaille dans une ferme près de Lyon.", "His daughter works on a farm near Lyon.",
     "His son works on a farm near Lyon.", "son"),
]


@pytest.fixture(scope="module")
def results(scorer):
    from evalkit.flag.contrastive import ContrastiveDetector

    det = ContrastiveDetector()
    ctx = FlagContext("fr", "en", "pair", load_scorer=lambda: scorer)
    out = []
    for k, (src, good, bad, word) in enumerate(ITEMS):
        pairs = [Pair(0, src, good, "fr", "en"), Pair(1, src, bad, "fr", "en")]
        flags = det.detect(pairs, ctx)
        start = bad.index(word)
        out.append(([f for f in flags if f.bead == 0], [f for f in flags if f.bead == 1], (start, start + len(word))))
    return out


@pytest.mark.xfail(strict=True, reason=(
    "measured after fitting (not edited since): 0/8 at the fitted margins. The scorer prefers the right "
    "word on 7 of 8 (salt +4.4, August +6.9, Madrid +6.5, before +4.3, closed +5.0 nats), below the "
    "margins that keep faithful news references and literary translations clean (12 nats for a word "
    "the source backs); strict: this fails loudly the day the detector catches them"))
def test_most_wrong_words_are_flagged_on_the_word_with_a_different_suggestion(results):
    hits = 0
    for _, bad_flags, (s, e) in results:
        on = [f for f in bad_flags if f.start < e and s < f.end]
        if on:
            hits += 1
            assert all(f.suggestion is not None and fold(f.suggestion) != fold(f.span) for f in on)
            assert all(f.detector == "contrastive" and "nats" in f.message for f in on)
    assert hits >= 5, f"{hits}/8 wrong words flagged"


def test_faithful_translations_are_left_alone(results):
    alarms = sum(any(f.severity in ("major", "critical") for f in good) for good, _, _ in results)
    assert alarms <= 1, f"{alarms}/8 faithful translations got a major flag"


def test_the_fast_rescoring_path_gives_the_whole_variant_numbers(scorer):
    from evalkit.models.scorer import Edit, _TorchScorer

    src, tgt = ITEMS[7][0], ITEMS[7][2]
    edits = [Edit(4, 7, "daughter"), Edit(0, 4, ""), Edit(17, 17, "big "), Edit(25, 33, "Paris."), Edit(4, 24, "x")]
    fast = scorer.edit_deltas(src, tgt, edits, "fr", "en")
    slow = _TorchScorer.edit_deltas(scorer, src, tgt, edits, "fr", "en")
    assert fast == pytest.approx(slow, abs=2e-3)
    assert fast[0] > 0 > fast[4]  # the right word wins; a garbled one loses


def test_without_a_scorer_the_check_says_why():
    from evalkit.flag.contrastive import ContrastiveDetector
    from evalkit.flag.runner import flag_beads
    from evalkit.records import Bead, ScoredBead

    assert ContrastiveDetector().supports(FlagContext("fr", "en")) is not None
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), ITEMS[0][0], ITEMS[0][2])]
    run = flag_beads(beads, "fr", "en", embedder=None, scorer=None)
    assert not any(f.detector == "contrastive" for f in run.flags)
    assert any(n.startswith("contrastive:") for n in run.not_run)


def test_checks_option_turns_the_scorer_on_for_score_aligned(tmp_path):
    """The real CLI: fast checks say the contrastive check did not run; full checks run it."""
    import json

    from inputs_support import evalkit

    src, hyp = tmp_path / "src.fr.txt", tmp_path / "hyp.en.txt"
    src.write_text("\n".join(s for s, _, _, _ in ITEMS[:2]) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(b for _, _, b, _ in ITEMS[:2]) + "\n", encoding="utf-8")
    out = {}
    for checks in ("fast", "full"):
        r = evalkit("score", src, hyp, "--aligned", "--checks", checks, "-q", "--engines", "none")
        assert r.returncode == 0, r.stderr
        out[checks] = json.loads(r.stdout)
    assert any(n.startswith("contrastive:") for n in out["fast"]["checks_not_run"])
    assert not any(n.startswith("contrastive:") for n in out["full"]["checks_not_run"])


@pytest.mark.parametrize("cmd", ["review", "score", "gate"])
def test_a_bad_checks_value_is_one_line_before_any_model(tmp_path, cmd):
    from inputs_support import assert_one_line_error, evalkit_before_models

    src, hyp = tmp_path / "src.fr.txt", tmp_path / "hyp.en.txt"
    src.write_text(ITEMS[0][0] + "\n", encoding="utf-8")
    hyp.write_text(ITEMS[0][1] + "\n", encoding="utf-8")
    files = {"review": [src, hyp, "--out-dir", tmp_path / "out"], "score": [src, hyp, "--aligned"],
             "gate": [src, hyp, "--out-dir", tmp_path / "out"]}[cmd]
    assert_one_line_error(evalkit_before_models(cmd, *files, "--checks", "everything"), "--checks")
    assert not (tmp_path / "out").exists()


def test_edits_that_cannot_flag_are_not_rescored_and_the_flags_stay_the_same(scorer):
    """The detector rescores only what ``can_flag`` lets through (kinds whose margin is OFF, and
    edits that make no error claim, are skipped); deciding on every rescored edit gives the same flags."""
    import math

    from evalkit.flag.contrastive import OFF, ContrastiveDetector, can_flag, contrasts, decide, settings

    cfg = settings()
    assert any(v >= OFF for v in cfg.major.values())  # some kind is off in the shipped margins
    pairs = [Pair(k, src, bad, "fr", "en") for k, (src, _, bad, _) in enumerate(ITEMS)]
    every = contrasts(pairs, scorer, cfg)
    some = contrasts(pairs, scorer, cfg, keep=lambda c, p: can_flag(c, p, cfg))
    assert all(not math.isnan(c.delta) for c in every)
    assert 0 < len(some) < len(every)
    assert all(can_flag(c, pairs[c.bead], cfg) for c in some)
    pair_of = {p.index: p for p in pairs}
    ctx = FlagContext("fr", "en", "pair", load_scorer=lambda: scorer)
    assert ContrastiveDetector().detect(pairs, ctx) == decide(every, pair_of, cfg) == decide(some, pair_of, cfg)
