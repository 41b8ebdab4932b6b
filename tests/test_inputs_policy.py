"""Gate policies that crashed after scoring, were misread, or could never pass (issue 13, item 2).

A policy is read before anything else, so each of these fails as one line with exit 2
before any model library is imported: CI must never read a bad policy as exit 1
("policy failed") or find out after minutes of scoring.
"""

import pytest

from evalkit.errors import InputError
from evalkit.gate.policy import MAX_BOOTSTRAP_SAMPLES, parse_policy
from inputs_support import DATA, assert_one_line_error, evalkit_before_models


@pytest.mark.parametrize("toml, fragment", [
    ("[thresholds]\nchrf = nan\n", "thresholds.chrf.min: expected a finite number, got nan"),
    ("[thresholds]\nchrf = { min = 1e400 }\n", "thresholds.chrf.min: expected a finite number, got inf"),
    ("[thresholds]\nter = { max = -inf }\n", "expected a finite number, got -inf"),
    ("thresholds = 5\n", "[thresholds] must be a table (e.g. chrf = { min = 50 }), not 5"),
    ("baseline = \"chrf\"\n", "[baseline] must be a table"),
    ("options = [1]\n", "[options] must be a table"),
    ("[baseline]\nmetrics = \"chrf\"\n", "baseline.metrics must be a list of names such as [\"chrf\", \"bleu\"], not 'chrf'"),
    ("[baseline]\nmetrics = [1, 2]\n", "baseline.metrics must be a list of names"),
    ("[thresholds]\nchrf = { min = 60, max = 50 }\n", "thresholds.chrf: min 60 is above max 50, so the gate could never pass"),
    ("[thresholds]\ncritical_flags = { max = -1 }\n", "max = -1 can never be met (critical_flags is never below 0)"),
    ("[thresholds]\nempty_lines = -1\n", "max = -1 can never be met (empty_lines is never below 0)"),
    ("[thresholds]\nchrf = 101\n", "min = 101 can never be met (chrf is never above 100)"),
    ("[thresholds]\ncoverage = { min = 1.5 }\n", "coverage is never above 1"),
    ("[options]\nbootstrap_samples = 1e12\n", f"at most {MAX_BOOTSTRAP_SAMPLES:,}"),
    ("[options]\nmqm_weights = 3\n", "options.mqm_weights must be a table"),
    ("[options]\nmqm_weights = { major = -5 }\n", "options.mqm_weights.major must not be negative"),
    ("[baseline]\nmax_drop = nan\n", "baseline.max_drop: expected a finite number"),
])
def test_bad_policies_fail_before_any_model_with_one_line(tmp_path, toml, fragment):
    policy = tmp_path / "gate.toml"
    policy.write_text(toml)
    r = evalkit_before_models("gate", DATA / "fr.txt", DATA / "en.txt", "--policy", policy,
                              "--out-dir", tmp_path / "out")
    assert_one_line_error(r, str(policy), fragment)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("data", [
    {"thresholds": {"chrf": {"min": 50, "max": 50}, "critical_flags": {"max": 0}, "coverage": {"min": 1}}},
    {"thresholds": {"mqm": {"min": -20}, "similarity_min": {"min": -1}, "comet_mean": {"min": -5}}},
    {"baseline": {"metrics": ["chrf"], "max_drop": 0.0}, "options": {"bootstrap_samples": MAX_BOOTSTRAP_SAMPLES}},
])
def test_policies_at_the_edges_are_still_accepted(data):
    parse_policy(data, "p.toml")


def test_a_policy_that_is_not_a_table_at_all_is_refused():
    with pytest.raises(InputError, match="mqm_weights must be a table"):
        parse_policy({"options": {"mqm_weights": ["major"]}}, "p.toml")
