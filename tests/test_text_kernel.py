"""The text kernel and the single sources of truth: every stage must read a number, weigh a flag
and build a metric the same way. Written to kill mutants of duplicated code (a parser returning
its input, a stage with its own weights, a detector unhooked from the runner)."""

import pytest

from evalkit.align.anchors import features
from evalkit.flag import find_flags
from evalkit.flag.numbers import extract
from evalkit.records import Alignment, Bead, Document, Evaluation, Flag, ScoredBead
from evalkit.score.preservation import number_mismatches
from evalkit.text import fold, sentence_starts, tokenize, zipf
from evalkit.text.numbers import number_key, parse_number


@pytest.mark.parametrize("a, b", [("1 200", "1,200"), ("1 500,25", "1,500.25"), ("1.500,25", "1,500.25"),
                                  ("3,5", "3.5"), ("10\u202f000", "10000")])
def test_one_number_reader_for_every_stage(a, b):
    """Align, score and flag agree that two spellings are one value."""
    assert number_key(a, "fr") == number_key(b, "en")
    assert number_mismatches(f"Il a payé {a} euros.", f"He paid {b} euros.") == 0
    assert {f for f in features(f"x {a} y") if f.startswith("#")} == {f for f in features(f"x {b} y") if f.startswith("#")}
    assert [q.value for q in extract(f"Il a payé {a} euros.", "fr")] == [q.value for q in extract(f"He paid {b} euros.", "en")]


def test_numbers_that_differ_stay_different():
    assert number_key("1 200") != number_key("1 300")
    assert number_mismatches("Il a payé 1 200 euros.", "He paid 1,300 euros.") > 0


def test_ambiguous_separators_keep_the_other_reading():
    assert parse_number("1,500", "fr") == (1.5, 1500.0)
    assert parse_number("1,500", "en") == (1500.0, 1.5)
    assert parse_number("1.500,25", "en") == (1500.25, None)


def test_words_and_frequencies():
    assert fold("États-Unis’") == "etats-unis'"
    assert [t.text for t in tokenize("d'éloges, COVID-19")] == ["d", "éloges", "COVID"]
    assert zipf("Paris", "fr") == zipf("paris", "fr") > 4
    assert sentence_starts("Oui. Non.") == {0, 5}
    assert sentence_starts("Mr. Roche est là.") == {0}  # an abbreviation is no sentence end


def _evaluation(beads: list[ScoredBead]) -> Evaluation:
    src = Document("s", "fr", "", [])
    tgt = Document("t", "en", "", [])
    return Evaluation(Alignment(src, tgt, [b.bead for b in beads], "parallel", 1.0, 1.0), beads)


def _flag(bead: int, severity: str) -> Flag:
    return Flag(bead, "x", "x", 0, 1, "test", severity, "m", "t", confidence=1.0)


def test_gate_report_and_score_weigh_flags_alike():
    """One critical flag outweighs four majors in the score, the report's risk order and the gate."""
    from evalkit.score.summary import mqm_score
    from evalkit.gate.policy import Policy
    from evalkit.gate.run import worst_segments
    from evalkit.report.model import build_report
    from evalkit.severity import document_mqm

    words = " ".join(["word"] * 50)
    majors = ScoredBead(0, Bead((0,), (0,), 1, 1), "a", words, flags=[_flag(0, "major")] * 4)
    critical = ScoredBead(1, Bead((1,), (1,), 1, 1), "b", words, flags=[_flag(1, "critical")])
    ev = _evaluation([majors, critical])
    assert worst_segments(ev, k=1)[0]["index"] == 1
    score = document_mqm(ev.beads)["mqm_score"]
    assert mqm_score(ev)[0] == pytest.approx(score)
    assert mqm_score(ev, Policy().mqm_weights)[0] == pytest.approx(score)  # the default policy uses the same weights
    assert mqm_score(ev, {"minor": 1, "major": 5, "critical": 50})[0] < score  # and a policy's own weights are used
    report = build_report(ev, name="w")
    risks = {b["index"]: b["risk"] for b in report["beads"]}
    assert risks[1] > risks[0]


def test_bleu_signature_is_the_same_in_score_and_gate():
    from evalkit.metrics import corpus_metric
    from evalkit.score.reference import reference_scores

    hyps, refs = ["Le chat est sur le tapis.", "Il pleut."], ["Le chat est assis sur le tapis.", "Il pleut fort."]
    gate = corpus_metric("bleu", hyps, refs, "fr")
    score = reference_scores(hyps, refs, "fr")
    assert gate.score == pytest.approx(score.corpus["bleu"])
    assert gate.signature.replace("bs:1000|seed:12345|", "") == score.signatures["bleu"]
    assert "tok:13a" in score.signatures["bleu"]


def test_tense_detector_runs_in_the_pipeline():
    b = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Le gouvernement réduit les impôts.", "The government will cut taxes.")
    assert "tense" in [f.category for f in find_flags([b], "fr", "en", embedder=None)]
