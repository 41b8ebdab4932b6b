"""Gate policies: every key checked, so a typo can never switch a gate off silently."""

import pytest

from evalkit.errors import InputError
import numpy as np

from evalkit.gate.policy import DEFAULT_POLICY_FILE, load_policy, parse_policy
from evalkit.gate.checks import _check, baseline_checks, threshold_checks


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


def test_default_policy_is_the_packaged_file():
    p = load_policy(None)
    assert ("critical_flags", 0) in [(t.metric, t.max) for t in p.thresholds]
    assert p.source.startswith("default (") and "critical_flags ≤ 0" in p.source
    assert load_policy(DEFAULT_POLICY_FILE).thresholds == p.thresholds
    # similarity's drop is a share of the baseline, the corpus metrics' drops are points
    assert p.baseline.relative("similarity_mean") and 0 < p.baseline.drop("similarity_mean") < 0.05
    assert not p.baseline.relative("chrf") and p.baseline.drop("chrf") >= 0.5


def test_max_drop_per_metric_and_the_old_bare_number():
    p = parse_policy({"baseline": {"metrics": ["chrf", "similarity_mean"], "max_drop": {"chrf": 2, "similarity_mean": 0.01}}})
    assert p.baseline.drop("chrf") == 2 and p.baseline.drop("similarity_mean") == 0.01
    old = parse_policy({"baseline": {"metrics": ["chrf", "similarity_mean"], "max_drop": 0.5}})
    # a bare number is in points: it applies to the corpus metrics, never to a 0-1 similarity
    assert old.baseline.drop("chrf") == 0.5 and old.baseline.drop("similarity_mean") == 0.0


@pytest.mark.parametrize("drop, msg", [
    ({"bleu": 1}, "not in baseline.metrics"),
    ({"similarity_mean": 2}, "must be below 1"),
    ({"chrf": -1}, "must not be negative"),
    (-0.5, "must not be negative"),
])
def test_bad_max_drops(drop, msg):
    with pytest.raises(InputError, match=msg):
        parse_policy({"baseline": {"metrics": ["chrf", "similarity_mean"], "max_drop": drop}}, "p.toml")


def _similarities(shift, n=60, seed=1):
    rng = np.random.default_rng(seed)
    base = rng.uniform(0.88, 0.95, n)
    return {"similarity": dict(enumerate(base + shift + rng.normal(0, 0.001, n)))}, {"similarity": dict(enumerate(base))}


def test_relative_drop_fires_on_similarity_and_the_words_follow_the_statistics():
    sys_, base = _similarities(-0.006)  # -0.65% of ~0.915: small in points, large for e5
    strict = parse_policy({"baseline": {"metrics": ["similarity_mean"], "max_drop": {"similarity_mean": 0.002}}})
    results, (check,) = baseline_checks(sys_, base, {}, {}, strict, "en")
    r = results["similarity_mean"]
    assert r["significant"] and r["regression"] and r["direction"] == "worse" and check["status"] == "fail"
    assert "significantly worse" in check["message"] and "p < 0.001" in check["message"]
    # the old absolute 0.5 could never fire on a 0.8-0.95 score; a tolerant relative drop lets it
    # pass, and the message still says what the statistics say: significant, and which way
    loose = parse_policy({"baseline": {"metrics": ["similarity_mean"], "max_drop": {"similarity_mean": 0.02}}})
    results, (check,) = baseline_checks(sys_, base, {}, {}, loose, "en")
    assert results["similarity_mean"]["significant"] and not results["similarity_mean"]["regression"]
    assert check["status"] == "pass" and "no significant difference" not in check["message"]
    assert "significantly worse" in check["message"] and "within" in check["message"]


def test_no_significant_difference_gives_p_and_direction():
    sys_, base = _similarities(0.0)
    sys_ = {"similarity": {i: v + (0.003 if i % 2 else -0.003) for i, v in sys_["similarity"].items()}}
    pol = parse_policy({"baseline": {"metrics": ["similarity_mean"]}})
    results, (check,) = baseline_checks(sys_, base, {}, {}, pol, "en")
    assert not results["similarity_mean"]["significant"]
    assert "no significant difference (p = " in check["message"]
    assert f"the system is {results['similarity_mean']['direction']}" in check["message"]


def test_checks_pass_fail_skip():
    metrics = {"chrf": {"value": 55.0, "note": None}, "bleu": {"value": None, "note": "no reference (--ref) given"}}
    p = parse_policy({"thresholds": {"chrf": {"min": 50, "max": 54}, "bleu": {"min": 10}}})
    got = {(c["metric"], c["op"]): c["status"] for c in threshold_checks(metrics, p)}
    assert got == {("chrf", ">="): "pass", ("chrf", "<="): "fail", ("bleu", ">="): "skip"}
    strict = _check("bleu", ">=", 10, metrics["bleu"], "fail")
    assert strict["status"] == "fail" and "no reference" in strict["message"]
