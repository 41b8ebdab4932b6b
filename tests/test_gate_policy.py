"""Gate policies: every key checked, so a typo can never switch a gate off silently."""

import pytest

from evalkit.errors import InputError
from evalkit.gate.policy import DEFAULT_POLICY, load_policy, parse_policy
from evalkit.gate.checks import _check, threshold_checks


def test_example_policy_parses():
    from pathlib import Path

    p = load_policy(Path(__file__).resolve().parent.parent / "examples" / "gate.toml")
    names = {t.metric for t in p.thresholds}
    assert {"chrf", "critical_flags", "similarity_mean"} <= names
    assert p.baseline.alpha == 0.05


def test_bare_numbers_take_the_natural_direction():
    p = parse_policy({"thresholds": {"chrf": 50, "ter": 60, "major_flags": 3}})
    by = {t.metric: t for t in p.thresholds}
    assert by["chrf"].min == 50 and by["chrf"].max is None
    assert by["ter"].max == 60 and by["major_flags"].max == 3


def test_segment_score_metrics_are_accepted():
    p = parse_policy({"thresholds": {"comet_mean": {"min": 0.8}, "chrf:pseudo_mean": 40, "ter:ref_mean": 50}})
    by = {t.metric: t for t in p.thresholds}
    assert by["comet_mean"].min == 0.8
    assert by["chrf:pseudo_mean"].min == 40 and by["ter:ref_mean"].max == 50


@pytest.mark.parametrize("data, msg", [
    ({"thresholds": {"blue": {"min": 1}}}, "unknown metric"),
    ({"thresholds": {"chrf": {"minimum": 1}}}, "must be"),
    ({"thresholds": {"chrf": {"min": "high"}}}, "expected a number"),
    ({"threshold": {}}, "unknown section"),
    ({"baseline": {"alpha": 2}}, "between 0 and 1"),
    ({"baseline": {"metrics": ["mqm"]}}, "baseline metric"),
    ({"options": {"missing": "ignore"}}, "skip"),
    ({"options": {"bootstrap_samples": 5}}, "at least 100"),
])
def test_bad_policies_are_input_errors(data, msg):
    with pytest.raises(InputError, match=msg):
        parse_policy(data, "p.toml")


def test_invalid_toml_is_an_input_error(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("[thresholds\nchrf = 1")
    with pytest.raises(InputError, match="not valid TOML"):
        load_policy(f)


def test_default_policy_fails_only_on_critical_flags():
    assert [(t.metric, t.max) for t in DEFAULT_POLICY.thresholds] == [("critical_flags", 0)]


def test_checks_pass_fail_skip():
    metrics = {"chrf": {"value": 55.0, "note": None}, "bleu": {"value": None, "note": "no reference (--ref) given"}}
    p = parse_policy({"thresholds": {"chrf": {"min": 50, "max": 54}, "bleu": {"min": 10}}})
    got = {(c["metric"], c["op"]): c["status"] for c in threshold_checks(metrics, p)}
    assert got == {("chrf", ">="): "pass", ("chrf", "<="): "fail", ("bleu", ">="): "skip"}
    strict = _check("bleu", ">=", 10, metrics["bleu"], "fail")
    assert strict["status"] == "fail" and "no reference" in strict["message"]
