"""JSON and TSV renderings of an :class:`Evaluation` for ``evalkit score``.

JSON keeps everything (beads with scores and flags, a ranked ``flags`` list,
document scores, signals, sacreBLEU signatures); TSV is one row per bead for
spreadsheets and ``cut``.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict

from evalkit.records import Evaluation, Flag
from evalkit.severity import rank_flags, risk

TSV_SCORES = ("p_faithful", "similarity", "qe", "chrf:pseudo", "chrf:roundtrip", "bleu:ref", "chrf:ref",
              "ter:ref", "length_ratio")


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else round(float(x), 4)


def flag_json(f: Flag) -> dict:
    d = asdict(f)
    d["risk"] = round(risk(f), 4)
    return d


def evaluation_json(ev: Evaluation) -> dict:
    al = ev.alignment
    beads = []
    for sb in ev.beads:
        beads.append({
            "index": sb.index, "src": list(sb.bead.src), "tgt": list(sb.bead.tgt),
            "align_confidence": _num(sb.bead.confidence), "src_text": sb.src_text, "tgt_text": sb.tgt_text,
            "scores": {k: _num(v) for k, v in sb.scores.items()}, "mqm": _num(sb.mqm),
            "flags": [flag_json(f) for f in sb.flags],
        })
    return {
        "src": al.src.path, "tgt": al.tgt.path, "src_lang": ev.src_lang, "tgt_lang": ev.tgt_lang,
        "verdict": al.verdict, "notes": list(al.notes), "signals": list(ev.signals),
        "checks_not_run": list(ev.checks_not_run),
        "signatures": dict(ev.signatures), "doc_scores": {k: _num(v) for k, v in ev.doc_scores.items()},
        "beads": beads,
        "flags": [flag_json(f) for f in rank_flags(f for sb in ev.beads for f in sb.flags)],
    }


def evaluation_tsv(ev: Evaluation) -> str:
    present = [k for k in TSV_SCORES if any(k in sb.scores for sb in ev.beads)]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["index", "src_ids", "tgt_ids", *present, "mqm", "flags", "src_text", "tgt_text"])
    for sb in ev.beads:
        w.writerow([sb.index, ",".join(map(str, sb.bead.src)), ",".join(map(str, sb.bead.tgt)),
                    *[("" if k not in sb.scores else f"{sb.scores[k]:.4f}") for k in present],
                    f"{sb.mqm:.2f}", ";".join(f"{f.severity}:{f.category}" for f in sb.flags),
                    sb.src_text.replace("\t", " "), sb.tgt_text.replace("\t", " ")])
    return buf.getvalue()
