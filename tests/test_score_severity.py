"""MQM arithmetic: weights, risk ranking, segment and document penalties."""

import pytest

from evalkit.records import Bead, Flag, ScoredBead
from evalkit.severity import WEIGHTS, document_mqm, rank_flags, risk, segment_penalty


def flag(sev, conf=1.0, bead=0, start=0):
    return Flag(bead, "x", "x", start, start + 1, "test", sev, "m", "t", confidence=conf)


def test_weights_follow_mqm_convention():
    assert (WEIGHTS["minor"], WEIGHTS["major"], WEIGHTS["critical"]) == (1, 5, 25)


def test_risk_and_ranking():
    flags = [flag("minor", 1.0), flag("critical", 0.1), flag("major", 0.8, start=3)]
    assert [risk(f) for f in flags] == pytest.approx([1.0, 2.5, 4.0])
    assert [f.severity for f in rank_flags(flags)] == ["major", "critical", "minor"]


def test_segment_and_document_penalty():
    b1 = ScoredBead(0, Bead((0,), (0,), 1, 1), "a b", "one two three four five", flags=[flag("major"), flag("minor")])
    b2 = ScoredBead(1, Bead((1,), (1,), 1, 1), "c", " ".join(["w"] * 15), flags=[flag("critical", 0.5, bead=1)])
    for b in (b1, b2):
        b.mqm = segment_penalty(b.flags)
    assert b1.mqm == 6 and b2.mqm == 12.5
    d = document_mqm([b1, b2])
    assert d["mqm_penalty"] == 18.5
    assert d["words"] == 20
    assert d["mqm_per_100_words"] == pytest.approx(92.5)
    assert d["mqm_score"] == pytest.approx(7.5)
    assert (d["flags_minor"], d["flags_major"], d["flags_critical"]) == (1, 1, 1)


def test_mqm_score_floors_at_zero():
    b = ScoredBead(0, Bead((0,), (0,), 1, 1), "a", "one", flags=[flag("critical")])
    b.mqm = segment_penalty(b.flags)
    assert document_mqm([b])["mqm_score"] == 0.0
