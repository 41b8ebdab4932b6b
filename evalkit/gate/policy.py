"""Gate policies: thresholds on corpus metrics, read from a TOML file.

A policy names metrics and bounds; anything it does not name is measured and
reported but never fails the build. Example (``examples/gate.toml``)::

    [thresholds]
    chrf = { min = 50 }
    ter = { max = 60 }
    similarity_mean = { min = 0.85 }
    critical_flags = { max = 0 }

    [baseline]                 # with --baseline: fail on a significant regression
    metrics = ["chrf", "bleu"]
    alpha = 0.05
    max_drop = 0.5

    [options]
    missing = "skip"           # or "fail": a threshold whose metric was not measured

Errors in a policy are :class:`~evalkit.errors.InputError` (exit 2), so a typo
never silently turns a gate off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.errors import InputError
from evalkit.tomlfile import read_toml

# Metrics the gate measures itself; "<score>_mean" / "<score>_min" also work for
# any per-segment score the scoring stage provides (e.g. comet_mean, "chrf:pseudo_mean").
KNOWN_METRICS = {
    "bleu": "corpus BLEU (sacreBLEU) against the reference",
    "chrf": "corpus chrF (sacreBLEU) against the reference",
    "ter": "corpus TER (sacreBLEU) against the reference; lower is better",
    "similarity_mean": "mean cross-lingual similarity of source and hypothesis segments",
    "similarity_min": "lowest segment similarity",
    "critical_flags": "number of critical flags",
    "major_flags": "number of major flags",
    "minor_flags": "number of minor flags",
    "mqm": "MQM-style score (100 = no penalty)",
    "empty_lines": "source lines whose hypothesis is empty (with --align: source sentences left unaligned)",
    "coverage": "share of source characters aligned (with --align)",
}
_SEGMENT_METRIC = re.compile(r"^[a-z][a-z0-9_+:\-]*_(mean|min)$")
LOWER_IS_BETTER = frozenset({"ter"})  # corpus metrics; segment scores: evalkit.report.scorenames


@dataclass(frozen=True)
class Threshold:
    metric: str
    min: float | None = None
    max: float | None = None

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"{self.metric} ≥ {self.min:g}")
        if self.max is not None:
            parts.append(f"{self.metric} ≤ {self.max:g}")
        return " and ".join(parts)


@dataclass(frozen=True)
class BaselineRule:
    metrics: tuple[str, ...] = ("bleu", "chrf", "ter", "similarity_mean")
    alpha: float = 0.05
    max_drop: float = 0.0


@dataclass(frozen=True)
class Policy:
    thresholds: tuple[Threshold, ...] = ()
    baseline: BaselineRule = field(default_factory=BaselineRule)
    missing: str = "skip"
    samples: int = 1000
    seed: int = 12345
    mqm_weights: dict[str, float] = field(default_factory=lambda: {"minor": 1.0, "major": 5.0, "critical": 10.0})
    source: str = "default"


DEFAULT_POLICY = Policy(thresholds=(Threshold("critical_flags", max=0),), source="default (critical_flags ≤ 0)")


def _lower_is_better(metric: str) -> bool:
    """Direction of a bare-number threshold: an upper bound for errors, counts and TER."""
    from evalkit.report.scorenames import lower_is_better

    if metric in LOWER_IS_BETTER or metric.endswith("_flags") or metric == "empty_lines":
        return True
    return bool(_SEGMENT_METRIC.match(metric)) and lower_is_better(metric.rsplit("_", 1)[0])


def _known(name: str) -> bool:
    return name in KNOWN_METRICS or bool(_SEGMENT_METRIC.match(name))


def _number(where: str, v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InputError(f"{where}: expected a number, got {v!r}")
    return float(v)


def parse_policy(data: dict, source: str = "<policy>") -> Policy:
    """A :class:`Policy` from parsed TOML, checking every key."""
    unknown = set(data) - {"thresholds", "baseline", "options", "version"}
    if unknown:
        raise InputError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    thresholds = []
    for name, bound in (data.get("thresholds") or {}).items():
        if not _known(name):
            raise InputError(f"{source}: unknown metric {name!r} (known: {', '.join(KNOWN_METRICS)}, or <score>_mean/_min)")
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            bound = {"max": bound} if _lower_is_better(name) else {"min": bound}
        if not isinstance(bound, dict) or not bound or set(bound) - {"min", "max"}:
            raise InputError(f"{source}: thresholds.{name} must be {{ min = N }} and/or {{ max = N }}")
        thresholds.append(Threshold(name, *(None if bound.get(k) is None else _number(f"{source}: thresholds.{name}.{k}", bound[k])
                                            for k in ("min", "max"))))
    b = data.get("baseline") or {}
    if set(b) - {"metrics", "alpha", "max_drop"}:
        raise InputError(f"{source}: [baseline] takes metrics, alpha, max_drop")
    metrics = tuple(b.get("metrics", BaselineRule.metrics))
    for m in metrics:
        if m not in ("bleu", "chrf", "ter") and not _SEGMENT_METRIC.match(str(m)):
            raise InputError(f"{source}: baseline metric {m!r} must be bleu, chrf, ter or <score>_mean")
    alpha = _number(f"{source}: baseline.alpha", b.get("alpha", 0.05))
    if not 0 < alpha < 1:
        raise InputError(f"{source}: baseline.alpha must be between 0 and 1")
    rule = BaselineRule(metrics, alpha, _number(f"{source}: baseline.max_drop", b.get("max_drop", 0.0)))
    o = data.get("options") or {}
    if set(o) - {"missing", "bootstrap_samples", "seed", "mqm_weights"}:
        raise InputError(f"{source}: [options] takes missing, bootstrap_samples, seed, mqm_weights")
    missing = o.get("missing", "skip")
    if missing not in ("skip", "fail"):
        raise InputError(f"{source}: options.missing must be \"skip\" or \"fail\"")
    samples = int(_number(f"{source}: options.bootstrap_samples", o.get("bootstrap_samples", 1000)))
    if samples < 100:
        raise InputError(f"{source}: options.bootstrap_samples must be at least 100")
    weights = dict(Policy().mqm_weights)
    for k, v in (o.get("mqm_weights") or {}).items():
        if k not in weights:
            raise InputError(f"{source}: options.mqm_weights takes minor, major, critical")
        weights[k] = _number(f"{source}: options.mqm_weights.{k}", v)
    return Policy(tuple(thresholds), rule, missing, samples, int(_number(f"{source}: options.seed", o.get("seed", 12345))),
                  weights, source)


def load_policy(path: str | Path | None) -> Policy:
    """The policy in ``path`` (TOML), or :data:`DEFAULT_POLICY` when None."""
    if path is None:
        return DEFAULT_POLICY
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such policy file")
    return parse_policy(read_toml(p), str(p))  # read_toml: regular files only, like every input
