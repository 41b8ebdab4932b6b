"""The report as data: one JSON-ready dict built from an :class:`Evaluation`.

Both the JSON export and the HTML page are made from this dict, so they can
never disagree. Its shape is the versioned contract in
``evalkit/schemas/report.schema.json`` (bump :data:`SCHEMA_VERSION` on any
incompatible change). Flag offsets are *resolved* here against the text the
report shows (the bead's joined target/source text), because a flag produced on
one segment of a many-to-one bead points into that segment only.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone

from evalkit import __version__
from evalkit.records import Document, Evaluation, Flag, ScoredBead
from evalkit.score.names import lower_is_better, primary
from evalkit.score.summary import flag_counts, mqm_score, segment_scores
from evalkit.severity import SEVERITIES, WEIGHTS
from evalkit.stats import bootstrap_interval

SCHEMA_VERSION = "1.1"


def _num(v) -> float | None:
    """A JSON-safe number: NaN/inf/non-numbers become null."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) if math.isfinite(v) else None


def _doc(doc: Document) -> dict:
    return {
        "path": doc.path,
        "name": doc.name if doc.path else "",
        "lang": doc.lang,
        "encoding": doc.encoding,
        "chars": len(doc.raw),
        "segments": [
            {"id": s.id, "text": s.text, "kind": s.kind, "start": s.start, "end": s.end,
             "paragraph": s.paragraph, "reason": s.reason}
            for s in doc.segments
        ],
    }


def locate(text: str, segment: str, span: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """Offsets of a flagged span in ``text`` (the bead text the report shows).

    ``start``/``end`` point into ``segment``; when ``segment`` is only a part of
    ``text`` they are shifted by where it sits. Falls back to searching the
    span itself; None when the span cannot be found (shown unanchored).
    """
    if start is None or end is None or not text:
        return None
    candidates = []
    if segment == text:
        candidates.append(0)
    elif segment:
        pos = text.find(segment)
        if pos >= 0:
            candidates.append(pos)
    for base in candidates:
        s, e = base + start, base + end
        if 0 <= s < e <= len(text) and (not span or text[s:e] == span):
            return s, e
    if span:
        pos = text.find(span)
        if pos >= 0:
            return pos, pos + len(span)
    for base in candidates:  # offsets valid but span text differs (e.g. normalised): trust offsets
        s, e = base + start, base + end
        if 0 <= s < e <= len(text):
            return s, e
    return None


def replacement(span: str, suggestion: str | None) -> str | None:
    """The suggestion as text that can replace ``span`` in place, or None.

    Lexicon suggestions may be stems (``rent*``): the stem gets the span's plural ``s``
    back. The first letter follows the span's case (``Praise`` → ``Rent``). A suggestion
    holding pattern characters or alternatives (``|``, ``/``) is a hint, not a replacement.
    """
    if suggestion is None or not span:
        return None
    text = suggestion
    if text.endswith("*"):
        text = text[:-1]
        if span.endswith("s") and not span.endswith("ss") and not text.endswith("s"):
            text += "s"
    if not text.strip() and span.strip():
        return None  # would delete the flagged words: not what a suggestion of "" means
    if any(c in text for c in "*|[]{}") or text == span:
        return None
    if span[:1].isupper() and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


def text_key(src: str, tgt: str) -> str:
    """What a bead is, independent of its position: re-runs find the same bead by this key."""
    return hashlib.sha1(f"{src}\x00{tgt}".encode("utf-8")).hexdigest()[:12]


def flag_key(f: Flag, row: str) -> str:
    """A flag's identity across re-runs (ids ``f1``… are positions): what, where, in which bead."""
    return hashlib.sha1(f"{row}\x00{f.category}\x00{f.span}\x00{f.src_span or ''}".encode("utf-8")).hexdigest()[:12]


def _flag(f: Flag, fid: str, sb: ScoredBead) -> dict:
    tgt = locate(sb.tgt_text, f.segment, f.span, f.start, f.end)
    src = None
    if f.src_start is not None and f.src_end is not None:
        src = locate(sb.src_text, sb.src_text, f.src_span or "", f.src_start, f.src_end)
    elif f.src_span:
        pos = sb.src_text.find(f.src_span)
        src = (pos, pos + len(f.src_span)) if pos >= 0 else None
    return {
        "id": fid, "bead": sb.index, "segment": f.segment, "span": f.span, "start": f.start,
        "end": f.end, "category": f.category, "severity": f.severity, "message": f.message,
        "detector": f.detector, "confidence": _num(f.confidence), "src_span": f.src_span,
        "src_start": f.src_start, "src_end": f.src_end, "suggestion": f.suggestion,
        "view": {"tgt": list(tgt) if tgt else None, "src": list(src) if src else None},
        "replacement": replacement(f.span, f.suggestion) if tgt else None,
        "key": flag_key(f, text_key(sb.src_text, sb.tgt_text)),
    }


def _kinds(ev: Evaluation, bead) -> set[str]:
    """Segment kinds (body, heading, furniture) a bead is made of."""
    src = {s.id: s.kind for s in ev.alignment.src.segments}
    tgt = {s.id: s.kind for s in ev.alignment.tgt.segments}
    return {src.get(i, "body") for i in bead.src} | {tgt.get(i, "body") for i in bead.tgt}


def _percentile_ranks(values: dict[int, float], higher_is_better: bool = True) -> dict[int, float]:
    """Rank of each value among all (0 = worst, 1 = best)."""
    order = sorted(values, key=values.get, reverse=not higher_is_better)
    n = len(order)
    return {k: (i / (n - 1) if n > 1 else 0.5) for i, k in enumerate(order)}


def _risk(sb: ScoredBead, flags: list[dict], rank: float | None, bilingual: bool, kinds: set[str]) -> float:
    """How urgently a reviewer should look at a bead (higher first).

    Flags weigh by MQM severity × confidence; a low rank on the primary score
    (QE, else similarity; see :mod:`scorenames`) adds up to 2 points; a body
    sentence with no translation (possible omission) adds 3 (a heading 1), an
    unmatched body sentence in the translation (possible addition) 1. Beads
    made only of furniture (headers, bylines, page numbers) count a quarter:
    a reviewer reads the text first.
    """
    r = sum(WEIGHTS.get(f["severity"], 0.0) * (f["confidence"] or 0.0) for f in flags)
    if rank is not None:
        r += 2.0 * (1.0 - rank)
    if bilingual and sb.src_text and not sb.tgt_text:
        r += 3.0 if "body" in kinds else 1.0 if "heading" in kinds else 0.0
    elif bilingual and sb.tgt_text and not sb.src_text:
        r += 1.0 if "body" in kinds else 0.0
    if kinds == {"furniture"}:
        r *= 0.25
    return round(r, 4)


def _score_summary(ev: Evaluation) -> dict:
    out = {}
    names = sorted({k for sb in ev.beads for k in sb.scores})
    for name in names:
        vals = segment_scores(ev, name)
        ci = bootstrap_interval(vals)
        if ci is None:
            continue
        out[name] = {"n": ci.n, "mean": ci.value, "min": min(vals), "max": max(vals),
                     "ci_low": ci.low, "ci_high": ci.high}
    return out


def _summary(ev: Evaluation, beads: list[dict]) -> dict:
    al = ev.alignment
    by_cat: dict[str, dict[str, int]] = {}
    for b in beads:
        for f in b["flags"]:
            row = by_cat.setdefault(f["category"], {s: 0 for s in SEVERITIES} | {"total": 0})
            row[f["severity"]] = row.get(f["severity"], 0) + 1
            row["total"] += 1
    covered_src = {i for b in al.beads for i in b.src}
    covered_tgt = {i for b in al.beads for i in b.tgt}
    mqm, mqm_source = mqm_score(ev)
    return {
        "beads": len(beads),
        "aligned": sum(1 for b in beads if b["src"] and b["tgt"]),
        "src_only": sum(1 for b in beads if b["src"] and not b["tgt"]),
        "tgt_only": sum(1 for b in beads if b["tgt"] and not b["src"]),
        "skipped_src": sum(1 for s in al.src.segments if s.kind == "skipped" and s.id not in covered_src),
        "skipped_tgt": sum(1 for s in al.tgt.segments if s.kind == "skipped" and s.id not in covered_tgt),
        "flags": sum(len(b["flags"]) for b in beads),
        "flagged_beads": sum(1 for b in beads if b["flags"]),
        "flags_by_severity": flag_counts(ev),
        "flags_by_category": dict(sorted(by_cat.items())),
        "target_words": sum(len(sb.tgt_text.split()) for sb in ev.beads),
        "mqm": _num(mqm),
        "mqm_source": mqm_source,
    }


def _mode(ev: Evaluation) -> str:
    has_src = any(sb.src_text for sb in ev.beads) or bool(ev.alignment.src.segments)
    return "bilingual" if has_src else "translation-only"


def build_report(ev: Evaluation, name: str, *, created: str | None = None, corpus: dict | None = None,
                 title: str = "", relation: str | None = None) -> dict:
    """The report dict (schema :data:`SCHEMA_VERSION`) for ``ev``, called ``name``.

    ``title``/``relation``: what the pair's ``pair.toml`` says about it (the
    declared relation lets the page warn when the verdict contradicts it).

    ``corpus``: corpus scores against a reference, name → {value, ci_low,
    ci_high, n, signature} (see :func:`evalkit.metrics.corpus_scores`).
    """
    mode = _mode(ev)
    key = primary({k for sb in ev.beads for k, v in sb.scores.items() if _num(v) is not None})
    vals = {sb.index: v for sb in ev.beads if key and (v := _num(sb.scores.get(key))) is not None}
    ranks = _percentile_ranks(vals, not lower_is_better(key or ""))
    beads, n = [], 0
    for sb in ev.beads:
        flags = []
        for f in sb.flags:
            n += 1
            flags.append(_flag(f, f"f{n}", sb))
        b = sb.bead
        beads.append({
            "index": sb.index, "src": list(b.src), "tgt": list(b.tgt), "score": _num(b.score),
            "confidence": _num(b.confidence), "src_text": sb.src_text, "tgt_text": sb.tgt_text,
            "scores": {k: _num(v) for k, v in sorted(sb.scores.items())}, "mqm": _num(sb.mqm),
            "risk": _risk(sb, flags, ranks.get(sb.index), mode == "bilingual", _kinds(ev, b)), "flags": flags,
            "key": text_key(sb.src_text, sb.tgt_text),
        })
    al = ev.alignment
    body = {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "pair": {"title": title, "relation": relation},
        "generator": {"name": "evalkit", "version": __version__},
        "mode": mode,
        "src_lang": ev.src_lang,
        "tgt_lang": ev.tgt_lang,
        "documents": {"source": _doc(al.src), "target": _doc(al.tgt)},
        "alignment": {"verdict": al.verdict, "src_coverage": _num(al.src_coverage),
                      "tgt_coverage": _num(al.tgt_coverage), "notes": list(al.notes)},
        "beads": beads,
        "scores": {"corpus": {k: {"value": _num(v["value"]), "ci_low": _num(v["ci_low"]), "ci_high": _num(v["ci_high"]),
                                  "n": int(v["n"]), "signature": str(v["signature"])} for k, v in (corpus or {}).items()},
                   "doc": {k: _num(v) for k, v in sorted(ev.doc_scores.items())},
                   "segment": _score_summary(ev), "signatures": dict(ev.signatures)},
        "signals": list(ev.signals),
        "checks_not_run": list(ev.checks_not_run),
        "risk_score": key,
    }
    body["summary"] = _summary(ev, beads)
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {
        "schema_version": SCHEMA_VERSION,
        "report_id": digest[:16],
        "created": created or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **{k: v for k, v in body.items() if k != "schema_version"},
    }
