"""Gate policies: thresholds on corpus metrics, read from a TOML file.

A policy names metrics and bounds; anything it does not name is measured and
reported but never fails the build. Example (``examples/gate.toml``)::

    [thresholds]
    chrf = { min = 50 }
    ter = { max = 60 }
    similarity_mean = { min = 0.85 }
    critical_flags = { max = 0 }

    [baseline]                 # with --baseline: fail on a significant regression
    metrics = ["chrf", "bleu", "similarity_mean"]
    alpha = 0.05
    max_drop = { chrf = 0.5, bleu = 0.5, similarity_mean = 0.005 }

    [options]
    missing = "skip"           # or "fail": a threshold whose metric was not measured

``max_drop`` is the drop tolerated before a significant difference fails the gate, per
metric: absolute points for the corpus metrics (BLEU, chrF, TER: 0-100 scales), *relative* to
the baseline's value for per-segment scores (``similarity_mean`` 0.005 = half a percent of the
baseline's mean: e5 similarities live in 0.80-0.95, where no absolute drop in points makes
sense). A bare number is the old form: it applies to the corpus metrics only; a metric not
given a drop fails on any significant drop.

Without ``--policy`` the gate reads ``evalkit/data/gate/default.toml`` (:func:`default_policy`).

Errors in a policy are :class:`~evalkit.errors.InputError` (exit 2), so a typo
never silently turns a gate off, and neither is a policy that could never pass
(``min`` above ``max``, a negative maximum on a count): CI would read its exit 1 as
"the translation got worse". Numbers must be finite (``nan`` compares false with
everything and cannot be written to the gate's JSON).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.errors import InputError
from evalkit.severity import WEIGHTS
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
# The values a metric can take: a threshold outside them can never be met.
METRIC_RANGES = {
    "bleu": (0.0, 100.0), "chrf": (0.0, 100.0), "ter": (0.0, math.inf),
    "similarity_mean": (-1.0, 1.0), "similarity_min": (-1.0, 1.0),
    "critical_flags": (0.0, math.inf), "major_flags": (0.0, math.inf), "minor_flags": (0.0, math.inf),
    "empty_lines": (0.0, math.inf), "coverage": (0.0, 1.0), "mqm": (-math.inf, 100.0),
}
MAX_BOOTSTRAP_SAMPLES = 100_000  # 1000 is the default; more only costs time (and memory)
_SEGMENT_METRIC = re.compile(r"^[a-z][a-z0-9_+:\-]*_(mean|min)$")
LOWER_IS_BETTER = frozenset({"ter"})  # corpus metrics; segment scores: evalkit.score.names


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


CORPUS_METRICS = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class BaselineRule:
    metrics: tuple[str, ...] = ("bleu", "chrf", "ter", "similarity_mean")
    alpha: float = 0.05
    max_drop: float = 0.0  # a bare ``max_drop = N``: points, corpus metrics only
    drops: tuple[tuple[str, float], ...] = ()  # ``max_drop = { metric = N }``

    @staticmethod
    def relative(metric: str) -> bool:
        """Per-segment scores (``<score>_mean``) tolerate a share of the baseline; corpus metrics points."""
        return metric not in CORPUS_METRICS

    def drop(self, metric: str) -> float:
        """The tolerated drop for ``metric`` (a fraction when :meth:`relative`, else points)."""
        given = dict(self.drops)
        if metric in given:
            return given[metric]
        return 0.0 if self.relative(metric) else self.max_drop

    def describe_drop(self, metric: str) -> str:
        d = self.drop(metric)
        return f"{100 * d:.3g}% of the baseline" if self.relative(metric) else f"{d:g} point{'' if d == 1 else 's'}"


@dataclass(frozen=True)
class Policy:
    thresholds: tuple[Threshold, ...] = ()
    baseline: BaselineRule = field(default_factory=BaselineRule)
    missing: str = "skip"
    samples: int = 1000
    seed: int = 12345
    mqm_weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))
    source: str = "default"


DEFAULT_POLICY_FILE = Path(__file__).resolve().parents[1] / "data" / "gate" / "default.toml"


def _lower_is_better(metric: str) -> bool:
    """Direction of a bare-number threshold: an upper bound for errors, counts and TER."""
    from evalkit.score.names import lower_is_better

    if metric in LOWER_IS_BETTER or metric.endswith("_flags") or metric == "empty_lines":
        return True
    return bool(_SEGMENT_METRIC.match(metric)) and lower_is_better(metric.rsplit("_", 1)[0])


def _known(name: str) -> bool:
    return name in KNOWN_METRICS or bool(_SEGMENT_METRIC.match(name))


def _number(where: str, v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InputError(f"{where}: expected a number, got {v!r}")
    if not math.isfinite(v):
        raise InputError(f"{where}: expected a finite number, got {v!r}")
    return float(v)


def _table(data: dict, key: str, source: str, example: str, shown: str | None = None) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise InputError(f"{source}: {shown or f'[{key}]'} must be a table (e.g. {example}), not {value!r}")
    return value


def _threshold(name: str, bound: dict, source: str) -> Threshold:
    """One threshold, refused when no value of the metric could ever meet it."""
    where = f"{source}: thresholds.{name}"
    t = Threshold(name, *(None if bound.get(k) is None else _number(f"{where}.{k}", bound[k]) for k in ("min", "max")))
    if t.min is not None and t.max is not None and t.min > t.max:
        raise InputError(f"{where}: min {t.min:g} is above max {t.max:g}, so the gate could never pass")
    lo, hi = METRIC_RANGES.get(name, (-math.inf, math.inf))
    if t.min is not None and t.min > hi:
        raise InputError(f"{where}: min = {t.min:g} can never be met ({name} is never above {hi:g})")
    if t.max is not None and t.max < lo:
        raise InputError(f"{where}: max = {t.max:g} can never be met ({name} is never below {lo:g})")
    return t


def _drops(value, metrics: tuple[str, ...], source: str) -> tuple[float, tuple[tuple[str, float], ...]]:
    """``max_drop``: a bare number (points, corpus metrics) or a table per metric."""
    where = f"{source}: baseline.max_drop"
    if not isinstance(value, dict):
        d = _number(where, value)
        if d < 0:
            raise InputError(f"{where} must not be negative (it is the drop tolerated), not {d:g}")
        return d, ()
    drops = []
    for m, v in value.items():
        if m not in metrics:
            raise InputError(f"{where}.{m}: {m!r} is not in baseline.metrics ({', '.join(metrics)})")
        d = _number(f"{where}.{m}", v)
        if d < 0:
            raise InputError(f"{where}.{m} must not be negative (it is the drop tolerated), not {d:g}")
        if BaselineRule.relative(m) and d >= 1:
            raise InputError(f"{where}.{m} = {d:g}: the drop of a per-segment score is a share of the baseline "
                             f"(0.005 = 0.5%), so it must be below 1")
        drops.append((m, d))
    return 0.0, tuple(drops)


def parse_policy(data: dict, source: str = "<policy>") -> Policy:
    """A :class:`Policy` from parsed TOML, checking every key."""
    unknown = set(data) - {"thresholds", "baseline", "options", "version"}
    if unknown:
        raise InputError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    thresholds = []
    for name, bound in _table(data, "thresholds", source, "chrf = { min = 50 }").items():
        if not _known(name):
            raise InputError(f"{source}: unknown metric {name!r} (known: {', '.join(KNOWN_METRICS)}, or <score>_mean/_min)")
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            bound = {"max": bound} if _lower_is_better(name) else {"min": bound}
        if not isinstance(bound, dict) or not bound or set(bound) - {"min", "max"}:
            raise InputError(f"{source}: thresholds.{name} must be {{ min = N }} and/or {{ max = N }}")
        thresholds.append(_threshold(name, bound, source))
    b = _table(data, "baseline", source, 'metrics = ["chrf"]')
    if set(b) - {"metrics", "alpha", "max_drop"}:
        raise InputError(f"{source}: [baseline] takes metrics, alpha, max_drop")
    metrics = b.get("metrics", BaselineRule.metrics)
    if not isinstance(metrics, (list, tuple)) or not all(isinstance(m, str) for m in metrics):
        raise InputError(f"{source}: baseline.metrics must be a list of names such as [\"chrf\", \"bleu\"], "
                         f"not {metrics!r}")
    metrics = tuple(metrics)
    for m in metrics:
        if m not in ("bleu", "chrf", "ter") and not _SEGMENT_METRIC.match(str(m)):
            raise InputError(f"{source}: baseline metric {m!r} must be bleu, chrf, ter or <score>_mean")
    alpha = _number(f"{source}: baseline.alpha", b.get("alpha", 0.05))
    if not 0 < alpha < 1:
        raise InputError(f"{source}: baseline.alpha must be between 0 and 1")
    rule = BaselineRule(metrics, alpha, *_drops(b.get("max_drop", 0.0), metrics, source))
    o = _table(data, "options", source, 'missing = "skip"')
    if set(o) - {"missing", "bootstrap_samples", "seed", "mqm_weights"}:
        raise InputError(f"{source}: [options] takes missing, bootstrap_samples, seed, mqm_weights")
    missing = o.get("missing", "skip")
    if missing not in ("skip", "fail"):
        raise InputError(f"{source}: options.missing must be \"skip\" or \"fail\"")
    samples = int(_number(f"{source}: options.bootstrap_samples", o.get("bootstrap_samples", 1000)))
    if not 100 <= samples <= MAX_BOOTSTRAP_SAMPLES:
        raise InputError(f"{source}: options.bootstrap_samples must be at least 100 and at most "
                         f"{MAX_BOOTSTRAP_SAMPLES:,}, not {samples:,}")
    weights = dict(Policy().mqm_weights)
    for k, v in _table(o, "mqm_weights", source, "{ major = 5 }", "options.mqm_weights").items():
        if k not in weights:
            raise InputError(f"{source}: options.mqm_weights takes minor, major, critical")
        weights[k] = _number(f"{source}: options.mqm_weights.{k}", v)
        if weights[k] < 0:
            raise InputError(f"{source}: options.mqm_weights.{k} must not be negative")
    return Policy(tuple(thresholds), rule, missing, samples, int(_number(f"{source}: options.seed", o.get("seed", 12345))),
                  weights, source)


def default_policy() -> Policy:
    """The policy used without ``--policy``: ``evalkit/data/gate/default.toml``."""
    pol = parse_policy(read_toml(DEFAULT_POLICY_FILE), "default")
    return Policy(pol.thresholds, pol.baseline, pol.missing, pol.samples, pol.seed, pol.mqm_weights,
                  "default (" + "; ".join(t.describe() for t in pol.thresholds) + ")")


def load_policy(path: str | Path | None) -> Policy:
    """The policy in ``path`` (TOML), or :func:`default_policy` when None."""
    if path is None:
        return default_policy()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such policy file")
    return parse_policy(read_toml(p), str(p))  # read_toml: regular files only, like every input
