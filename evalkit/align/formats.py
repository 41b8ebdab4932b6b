"""Alignment formats (Vecalign ``[ids]:[ids]``, JSON, TSV) and strict scoring."""

from __future__ import annotations

import json
import re
from typing import Iterable

from evalkit.records import Alignment

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def parse_vecalign(text: str) -> list[BeadIds]:
    out = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            out.append(tuple(tuple(int(x) for x in g.replace(",", " ").split()) for g in m.groups()))  # type: ignore[misc]
    return out


def vecalign_line(src: Iterable[int], tgt: Iterable[int]) -> str:
    return f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"


def to_json(al: Alignment) -> str:
    """One object: verdict, coverage, notes and beads with texts, ids and confidence."""
    stext = {s.id: s.text for s in al.src.segments}
    ttext = {t.id: t.text for t in al.tgt.segments}
    obj = {
        "verdict": al.verdict,
        "src_coverage": round(al.src_coverage, 4),
        "tgt_coverage": round(al.tgt_coverage, 4),
        "src": al.src.path,
        "tgt": al.tgt.path,
        "notes": al.notes,
        "beads": [
            {
                "src": [stext[i] for i in b.src],
                "tgt": [ttext[j] for j in b.tgt],
                "src_ids": list(b.src),
                "tgt_ids": list(b.tgt),
                "confidence": round(b.confidence, 4),
                "score": round(b.score, 4),
            }
            for b in al.beads
        ],
    }
    return json.dumps(obj, ensure_ascii=False, indent=1)


def to_tsv(al: Alignment) -> str:
    """confidence, source text, target text (segments of a side joined by a space)."""
    stext = {s.id: s.text for s in al.src.segments}
    ttext = {t.id: t.text for t in al.tgt.segments}
    clean = lambda s: s.replace("\t", " ").replace("\n", " ")  # noqa: E731
    lines = [
        f"{b.confidence:.3f}\t{clean(' '.join(stext[i] for i in b.src))}\t{clean(' '.join(ttext[j] for j in b.tgt))}"
        for b in al.beads
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def to_vecalign(al: Alignment) -> str:
    lines = [vecalign_line(b.src, b.tgt) for b in al.beads]
    return "\n".join(lines) + ("\n" if lines else "")
