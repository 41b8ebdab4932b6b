"""Turning measurements into pass/fail/skip checks: thresholds and baseline regressions."""

from __future__ import annotations

import math

import numpy as np

from evalkit.gate.policy import Policy
from evalkit.metrics import paired_corpus_test
from evalkit.records import Evaluation
from evalkit.score.names import lower_is_better
from evalkit.stats import paired_bootstrap

CORPUS = ("bleu", "chrf", "ter")


def _check(metric: str, op: str, bound: float, m: dict | None, missing: str) -> dict:
    value = None if m is None else m["value"]
    desc = f"{metric} {'≥' if op == '>=' else '≤'} {bound:g}"
    if value is None:
        status = "fail" if missing == "fail" else "skip"
        why = (m or {}).get("note") or "not measured"
        return {"name": desc, "metric": metric, "op": op, "threshold": bound, "value": None, "status": status,
                "message": f"{metric} not measured: {why}"}
    ok = value >= bound if op == ">=" else value <= bound
    return {"name": desc, "metric": metric, "op": op, "threshold": bound, "value": value,
            "status": "pass" if ok else "fail",
            "message": f"{metric} = {value:.4g} ({'meets' if ok else 'misses'} {op} {bound:g})"}


def threshold_checks(metrics: dict, policy: Policy) -> list[dict]:
    checks = []
    for t in policy.thresholds:
        if t.min is not None:
            checks.append(_check(t.metric, ">=", t.min, metrics.get(t.metric), policy.missing))
        if t.max is not None:
            checks.append(_check(t.metric, "<=", t.max, metrics.get(t.metric), policy.missing))
    return checks


def line_scores(ev: Evaluation, lines: list[int]) -> dict[str, dict[int, float]]:
    """Score name → {input line (0-based) → value} for the beads of a line-mode evaluation."""
    out: dict[str, dict[int, float]] = {}
    for sb in ev.beads:
        if sb.index >= len(lines):
            continue
        for k, v in sb.scores.items():
            if isinstance(v, (int, float)) and math.isfinite(v):
                out.setdefault(k, {})[lines[sb.index]] = float(v)
    return out


def _p(p: float) -> str:
    return f"p = {p:.3f}" if p >= 0.001 else "p < 0.001"


def verdict(name: str, r, rule, allowed: float) -> tuple[bool, str]:
    """Regression or not, and words that say what the statistics say (direction and p-value)."""
    significant = r.p_value < rule.alpha
    way = "worse" if r.delta < 0 else "better" if r.delta > 0 else "equal"
    stat = f"{_p(r.p_value)}, α = {rule.alpha:g}"
    if not significant:
        return False, f"no significant difference ({stat}; the system is {way} by {abs(r.delta):.3g})"
    if way == "better":
        return False, f"significantly better ({stat})"
    if -r.delta > allowed:
        return True, f"significantly worse ({stat}), by more than the {rule.describe_drop(name)} allowed"
    return False, f"significantly worse ({stat}) but within the {rule.describe_drop(name)} allowed"


def baseline_checks(seg_sys: dict[str, dict[int, float]], seg_base: dict[str, dict[int, float]],
                    corpus_sys: dict, corpus_base: dict, policy: Policy, tgt_lang: str) -> tuple[dict, list[dict]]:
    """Paired bootstrap of system vs baseline for each metric the policy names."""
    rule, results, checks = policy.baseline, {}, []
    for name in rule.metrics:
        if name in CORPUS:
            if name not in corpus_sys:
                checks.append({"name": f"no regression in {name} vs baseline", "metric": name, "op": "baseline",
                               "threshold": -rule.drop(name), "value": None, "status": "skip",
                               "message": f"{name} needs a reference (--ref)"})
                continue
            r = paired_corpus_test(name, corpus_sys[name], corpus_base[name], tgt_lang,
                                   samples=policy.samples, seed=policy.seed)
        else:
            score = name.rsplit("_", 1)[0]
            if not name.endswith("_mean"):
                continue
            a, b = seg_sys.get(score, {}), seg_base.get(score, {})
            keep = sorted(set(a) & set(b))
            if len(keep) < 2:
                checks.append({"name": f"no regression in {name} vs baseline", "metric": name, "op": "baseline",
                               "threshold": -rule.drop(name), "value": None, "status": "skip",
                               "message": f"{name}: not measured on both systems"})
                continue
            r = paired_bootstrap(np.array([a[i] for i in keep]), np.array([b[i] for i in keep]),
                                 higher_is_better=not lower_is_better(score), samples=policy.samples, seed=policy.seed)
        relative = rule.relative(name)
        # the tolerated drop in the metric's own units: a share of the baseline for per-segment scores
        allowed = rule.drop(name) * abs(r.baseline) if relative else rule.drop(name)
        worse, words = verdict(name, r, rule, allowed)
        results[name] = {"system": r.system, "baseline": r.baseline, "delta": r.delta, "delta_low": r.delta_low,
                         "delta_high": r.delta_high, "p_value": r.p_value, "n": r.n,
                         "significant": r.p_value < rule.alpha, "regression": worse,
                         "max_drop": rule.drop(name), "relative": relative,
                         "direction": "worse" if r.delta < 0 else "better" if r.delta > 0 else "equal"}
        rel = f" = {100 * r.delta / abs(r.baseline):+.2g}%" if relative and r.baseline else ""
        checks.append({"name": f"no regression in {name} vs baseline", "metric": name, "op": "baseline",
                       "threshold": -allowed, "value": r.delta, "status": "fail" if worse else "pass",
                       "message": f"{name}: {r.system:.4g} vs baseline {r.baseline:.4g} (Δ {r.delta:+.3g}{rel}, "
                                  f"95% CI {r.delta_low:+.3g}…{r.delta_high:+.3g}): {words}"})
    return results, checks


def decide(checks: list[dict]) -> str:
    return "fail" if any(c["status"] == "fail" for c in checks) else "pass"
