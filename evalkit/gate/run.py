"""Run a quality gate: measure a hypothesis, compare to the policy, decide.

Inputs are line-aligned test sets (source, hypothesis, optional reference and
baseline hypothesis, one segment per line), or whole documents aligned first
(``align=True``). The result is a plain dict (schema
``evalkit/schemas/gate.schema.json``) that the JSON, JUnit and Markdown
writers all read, so they always agree.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from pathlib import Path

from evalkit import __version__
from evalkit.errors import InputError
from evalkit.gate.checks import CORPUS, baseline_checks, decide, line_scores, threshold_checks
from evalkit.gate.inputs import GateInputs, check_parallel, read_lines
from evalkit.gate.policy import Policy
from evalkit.metrics import corpus_metric
from evalkit.pipeline import _step, reference_pairs
from evalkit.records import Evaluation
from evalkit.score.summary import flag_counts, mqm_score
from evalkit.severity import segment_penalty
from evalkit.stats import bootstrap_interval

SCHEMA_VERSION = "1.1"


def _metric(value, *, interval=None, signature=None, note=None, extra=None) -> dict:
    v = None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)
    out = {"value": v, "ci_low": None, "ci_high": None, "n": None, "signature": signature, "note": note}
    if interval is not None:
        out.update(ci_low=interval.low, ci_high=interval.high, n=interval.n)
    if extra:
        out.update(extra)
    return out


def _segment_metrics(ev: Evaluation, policy: Policy) -> dict[str, dict]:
    """Mean (with interval) and minimum of every per-segment score in ``ev``."""
    out = {}
    names = sorted({k for sb in ev.beads for k in sb.scores})
    for name in names:
        pairs = [(sb.index, float(v)) for sb in ev.beads
                 if isinstance(v := sb.scores.get(name), (int, float)) and math.isfinite(v)]
        if not pairs:
            continue
        vals = [v for _, v in pairs]
        ci = bootstrap_interval(vals, samples=policy.samples, seed=policy.seed)
        lowest = min(pairs, key=lambda p: p[1])
        out[f"{name}_mean"] = _metric(ci.value, interval=ci)
        out[f"{name}_min"] = _metric(lowest[1], extra={"segment": lowest[0]})
    return out


def measure(ev: Evaluation, inputs: GateInputs, policy: Policy, *, corpus_pairs=None,
            empty_lines: int = 0, coverage: float | None = None) -> tuple[dict, dict]:
    """Every gate metric for one system, and the corpus metric objects (for paired tests)."""
    metrics: dict[str, dict] = {}
    corpus = {}
    if corpus_pairs is not None:
        hyps, refs = corpus_pairs
        for name in CORPUS:
            cm = corpus_metric(name, hyps, refs, inputs.tgt_lang, samples=policy.samples, seed=policy.seed)
            corpus[name] = cm
            metrics[name] = _metric(cm.score, interval=cm.interval, signature=cm.signature)
    else:
        for name in CORPUS:
            metrics[name] = _metric(None, note="no reference (--ref) given")
    metrics.update(_segment_metrics(ev, policy))
    for name in ("similarity_mean", "similarity_min"):
        metrics.setdefault(name, _metric(None, note="similarity was not measured"))
    counts = flag_counts(ev)
    for sev in ("critical", "major", "minor"):
        metrics[f"{sev}_flags"] = _metric(counts.get(sev, 0))
    mqm, source = mqm_score(ev, policy.mqm_weights)
    metrics["mqm"] = _metric(mqm, note=source)
    metrics["empty_lines"] = _metric(empty_lines)
    metrics["coverage"] = _metric(coverage, note=None if coverage is not None else "line mode: every line is paired")
    return metrics, corpus


def worst_segments(ev: Evaluation, lines: list[int] | None = None, k: int = 5) -> list[dict]:
    """The segments a reviewer should read first (flags by severity, then low similarity)."""
    def risk(sb):
        sim = sb.scores.get("similarity")
        return (segment_penalty(sb.flags), -(sim if isinstance(sim, (int, float)) else 1.0))

    ranked = sorted((sb for sb in ev.beads if sb.src_text or sb.tgt_text), key=risk, reverse=True)[:k]
    return [{"index": sb.index, "line": (lines[sb.index] + 1) if lines and sb.index < len(lines) else None,
             "src": sb.src_text, "hyp": sb.tgt_text,
             "scores": {n: float(v) for n, v in sb.scores.items() if isinstance(v, (int, float)) and math.isfinite(v)},
             "flags": _flag_dicts(sb.flags)} for sb in ranked]


def _flag_dicts(flags) -> list[dict]:
    return [{"severity": f.severity, "category": f.category, "span": f.span, "message": f.message} for f in flags]


def regressed_lines(ev: Evaluation, lines: list[int], base: Evaluation, base_lines: list[int],
                    k: int = 5) -> list[dict]:
    """Lines whose hypothesis changed and got worse than the baseline's: more flag penalty first
    (a new critical flag outranks everything), then the larger similarity drop."""
    def by_line(e: Evaluation, idx: list[int]) -> dict[int, object]:
        return {idx[sb.index]: sb for sb in e.beads if sb.index < len(idx)}

    def sim(sb) -> float | None:
        v = sb.scores.get("similarity")
        return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None

    mine, theirs = by_line(ev, lines), by_line(base, base_lines)
    rows = []
    for line in sorted(set(mine) & set(theirs)):
        a, b = mine[line], theirs[line]
        if a.tgt_text.strip() == b.tgt_text.strip():
            continue
        more = segment_penalty(a.flags) - segment_penalty(b.flags)
        sa, sb_ = sim(a), sim(b)
        drop = (sb_ - sa) if sa is not None and sb_ is not None else 0.0
        if more > 0 or (more == 0 and drop > 0):
            old = {(f.category, f.span) for f in b.flags}
            rows.append(((more, drop), {
                "line": line + 1, "src": a.src_text, "hyp": a.tgt_text, "baseline_hyp": b.tgt_text,
                "penalty": segment_penalty(a.flags), "baseline_penalty": segment_penalty(b.flags),
                "similarity": sa, "baseline_similarity": sb_,
                "new_flags": _flag_dicts(f for f in a.flags if (f.category, f.span) not in old)}))
    rows.sort(key=lambda r: r[0], reverse=True)
    return [r for _, r in rows[:k]]


def result_dict(*, inputs: GateInputs, policy: Policy, metrics: dict, checks: list[dict], baseline: dict | None,
                ev: Evaluation, mode: str, segments: int, lines: list[int] | None = None,
                regressed: list[dict] | None = None) -> dict:
    status = decide(checks)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "evalkit", "version": __version__},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "status": status,
        "passed": status == "pass",
        "policy": policy.source,
        "inputs": {**(inputs.paths or {}), "src_lang": inputs.src_lang, "tgt_lang": inputs.tgt_lang,
                   "mode": mode, "segments": segments},
        "metrics": metrics,
        "checks": checks,
        "baseline": baseline,
        "signals": list(ev.signals),
        "worst_segments": worst_segments(ev, lines),
        "regressed_lines": regressed or [],
        "warnings": [],
    }


def gate_lines(inputs: GateInputs, policy: Policy, embedder, *, glossary=None, notify=None, scorer=None,
               run_segments=None) -> dict:
    """Gate line-aligned files: line i of every file is the same segment.

    ``notify`` (optional) is told of each step and its time, as in :mod:`evalkit.pipeline`;
    ``scorer``: the language-model scorer for the full checks (None: fast checks);
    ``run_segments``: where the per-segment stage runs (:class:`evalkit.distributed.RaySegments`, on Ray Data;
    default: here, with ``embedder`` and ``scorer``)."""
    from evalkit.score import evaluate_lines
    from evalkit.score.evaluate import finish, prepare_lines

    check_parallel(inputs)
    keep = [i for i, s in enumerate(inputs.src) if s.strip()]
    paired = [i for i in keep if inputs.hyp[i].strip()]
    if not paired:
        raise InputError("the hypothesis has no text on any line that has source text")
    b_paired = [i for i in keep if inputs.baseline[i].strip()] if inputs.baseline is not None else []

    def run(hyp: list[str], idx: list[int]) -> Evaluation:
        ref = [inputs.ref[i] for i in idx] if inputs.ref is not None else None
        kw = {"glossary": glossary} if glossary is not None else {}
        if run_segments is not None:
            kw["run_segments"] = run_segments
        return evaluate_lines([inputs.src[i] for i in idx], [hyp[i] for i in idx], inputs.src_lang,
                              inputs.tgt_lang, embedder, ref_lines=ref, quiet=True, scorer=scorer, **kw)

    def prepared(hyp: list[str], idx: list[int]):
        ref = [inputs.ref[i] for i in idx] if inputs.ref is not None else None
        return prepare_lines([inputs.src[i] for i in idx], [hyp[i] for i in idx], inputs.src_lang,
                             inputs.tgt_lang, embedder, ref_lines=ref, quiet=True, glossary=glossary)

    run_many = getattr(run_segments, "run_many", None)
    base_later = None  # the baseline's evaluation, when its per-segment stage ran with the hypothesis's
    if run_many is not None and b_paired:
        # Ray: both systems' segments in one Ray Data run, so the actors set up their models once
        with _step(notify, f"Scoring and flagging the hypothesis ({len(paired)} lines; the baseline's "
                           f"{len(b_paired)} in the same Ray Data run)"):
            preps = [prepared(inputs.hyp, paired), prepared(inputs.baseline, b_paired)]
            seg_hyp, seg_base = run_many([p.inp for p in preps])
            ev = finish(preps[0], seg_hyp, embedder, scorer=scorer)

        def base_later() -> Evaluation:
            return finish(preps[1], seg_base, embedder, scorer=scorer)
    else:
        with _step(notify, f"Scoring and flagging the hypothesis ({len(paired)} lines)"):
            ev = run(inputs.hyp, paired)
    corpus_pairs = None
    if inputs.ref is not None:
        corpus_pairs = ([inputs.hyp[i] for i in keep], [inputs.ref[i] for i in keep])
    with _step(notify, "Metrics and bootstrap intervals"):
        metrics, corpus = measure(ev, inputs, policy, corpus_pairs=corpus_pairs, empty_lines=len(keep) - len(paired))
    checks = threshold_checks(metrics, policy)
    baseline, regressed = None, None
    if inputs.baseline is not None:
        with _step(notify, f"Scoring and flagging the baseline ({len(b_paired)} lines)"):
            # also for the lines that got worse
            base_ev = (base_later() if base_later else run(inputs.baseline, b_paired)) if b_paired else None
        seg_base = line_scores(base_ev, b_paired) if base_ev is not None else {}
        regressed = regressed_lines(ev, paired, base_ev, b_paired) if base_ev is not None else []
        with _step(notify, "Paired bootstrap against the baseline"):
            corpus_base = {}
            if inputs.ref is not None:
                bh = [inputs.baseline[i] for i in keep]
                corpus_base = {n: corpus_metric(n, bh, corpus_pairs[1], inputs.tgt_lang, samples=policy.samples,
                                                seed=policy.seed) for n in CORPUS}
            baseline, bchecks = baseline_checks(line_scores(ev, paired), seg_base, corpus, corpus_base, policy,
                                                inputs.tgt_lang)
        checks += bchecks
    return result_dict(inputs=inputs, policy=policy, metrics=metrics, checks=checks, baseline=baseline, ev=ev,
                       mode="lines", segments=len(keep), lines=paired, regressed=regressed)


def gate_documents(src: Path, hyp: Path, src_lang: str, tgt_lang: str, policy: Policy, embedder, *,
                   ref: Path | None = None, glossary=None, paths: dict | None = None,
                   check_language: bool = True, notify=None, scorer=None) -> dict:
    """Gate whole documents: align source and hypothesis first (and the reference to the hypothesis)."""
    from evalkit.ingest import load_document
    from evalkit.pipeline import evaluate_documents, load_models

    def load(p: Path, lang: str, what: str):
        read_lines(p, what)  # same one-line errors as line mode
        doc = load_document(p, lang, check_language=check_language)
        if not doc.alignable():
            raise InputError(f"{p}: no text found ({what})")
        return doc

    src_doc, hyp_doc = load(src, src_lang, "source"), load(hyp, tgt_lang, "hypothesis")
    models = load_models(embedder=embedder)
    models.scorer = scorer
    ev = evaluate_documents(src_doc, hyp_doc, models, glossary=glossary, notify=notify)
    alignment = ev.alignment
    corpus_pairs = None
    if ref is not None:
        ref_doc = load(ref, tgt_lang, "reference")
        corpus_pairs = reference_pairs(ref_doc, hyp_doc, embedder)
    inputs = GateInputs([], [], src_lang, tgt_lang, paths=paths)
    untranslated = sum(1 for sb in ev.beads if sb.src_text and not sb.tgt_text)
    with _step(notify, "Metrics and bootstrap intervals"):
        metrics, _ = measure(ev, inputs, policy, corpus_pairs=corpus_pairs, empty_lines=untranslated,
                             coverage=alignment.src_coverage)
    checks = threshold_checks(metrics, policy)
    return result_dict(inputs=inputs, policy=policy, metrics=metrics, checks=checks, baseline=None, ev=ev,
                       mode="align", segments=len(ev.beads))
