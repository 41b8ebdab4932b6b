"""What the HTML page shows, worked out from the report dict.

Rows in reading order (aligned beads, null beads, and set-aside segments in
the place they had in their document), text cut into pieces at flag
boundaries so the template can highlight spans while Jinja escapes every
character, and the summary's histogram bars. Nothing here produces HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from evalkit.score.names import lower_is_better, ordered
from evalkit.severity import RANK as SEVERITY_RANK


@dataclass
class Piece:
    """A run of text and the flags covering it (empty: plain text)."""

    text: str
    flags: list[str] = field(default_factory=list)
    severity: str = ""  # the worst severity among ``flags``


@dataclass
class Row:
    """One line of the side-by-side view."""

    key: str  # DOM id
    kind: str  # pair | src-only | tgt-only | skipped
    order: int
    src: list[Piece]
    tgt: list[Piece]
    bead: dict | None = None
    src_ids: list[int] = field(default_factory=list)
    tgt_ids: list[int] = field(default_factory=list)
    note: str = ""  # why a side is empty or set aside
    side: str = ""  # for skipped rows: src | tgt
    kinds: list[str] = field(default_factory=list)  # segment kinds in the row (body, heading, furniture, ...)
    tags: list[str] = field(default_factory=list)  # e.g. "furniture: running header"
    where: str = ""  # character ranges in the input files, for finding the text there


def pieces(text: str, marks: list[tuple[int, int, str, str]]) -> list[Piece]:
    """Cut ``text`` at every mark boundary; marks are (start, end, flag id, severity)."""
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    if not marks:
        return [Piece(text)] if text else []
    cuts = sorted({0, len(text)} | {m[0] for m in marks} | {m[1] for m in marks})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [m for m in marks if m[0] <= a and b <= m[1]]
        sev = max((m[3] for m in cover), key=lambda s: SEVERITY_RANK.get(s, -1), default="")
        out.append(Piece(text[a:b], [m[2] for m in cover], sev))
    return out


def _ranges(segs: list[dict]) -> str:
    return ", ".join(f"{s['start']}–{s['end']}" for s in segs)


def _tags(segs: list[dict]) -> tuple[list[str], list[str]]:
    """Kinds present in a row, and a label for each non-body segment (with its reason)."""
    kinds = sorted({s["kind"] for s in segs})
    tags = []
    for s in segs:
        if s["kind"] in ("heading", "furniture"):
            tag = s["kind"] + (f": {s['reason']}" if s.get("reason") else "")
            if tag not in tags:
                tags.append(tag)
    return kinds, tags


def _bead_row(b: dict, order: int, mode: str, segs: dict) -> Row:
    tmarks = [(*f["view"]["tgt"], f["id"], f["severity"]) for f in b["flags"] if f["view"]["tgt"]]
    smarks = [(*f["view"]["src"], f["id"], f["severity"]) for f in b["flags"] if f["view"]["src"]]
    if b["src"] and b["tgt"]:
        kind, note = "pair", ""
    elif b["src"]:
        kind, note = "src-only", "no translation found for this source text"
    else:
        kind = "tgt-only"
        note = "" if mode == "translation-only" else "no source found for this translated text"
    src_segs = [segs["src"][i] for i in b["src"] if i in segs["src"]]
    tgt_segs = [segs["tgt"][i] for i in b["tgt"] if i in segs["tgt"]]
    kinds, tags = _tags(src_segs + tgt_segs)
    where = "; ".join(f"{label} chars {_ranges(ss)}" for label, ss in (("source", src_segs), ("translation", tgt_segs)) if ss)
    return Row(f"b{b['index']}", kind, order, pieces(b["src_text"], smarks), pieces(b["tgt_text"], tmarks),
               bead=b, src_ids=b["src"], tgt_ids=b["tgt"], note=note, kinds=kinds, tags=tags, where=where)


def _loose_row(seg: dict, side: str, order: int) -> Row:
    reason = seg.get("reason") or ""
    if seg["kind"] == "skipped":
        note = "set aside" + (f": {reason}" if reason else "")
        kind = "skipped"
    else:
        note = "not aligned" + (f" ({seg['kind']})" if seg["kind"] != "body" else "")
        kind = "src-only" if side == "src" else "tgt-only"
    text = [Piece(seg["text"])] if seg["text"] else []
    kinds, tags = _tags([seg]) if seg["kind"] != "skipped" else ([seg["kind"]], [])
    return Row(f"{side}-seg{seg['id']}", kind, order, text if side == "src" else [], text if side == "tgt" else [],
               src_ids=[seg["id"]] if side == "src" else [], tgt_ids=[seg["id"]] if side == "tgt" else [],
               note=note, side=side, kinds=kinds, tags=tags)


def rows(report: dict) -> list[Row]:
    """Every bead, plus every segment no bead covers, in reading order.

    Segments outside the beads (set aside by ingestion, or ignored by the
    aligner) are emitted just before the first bead that comes after them in
    their own document, so the reader sees them where they were.
    """
    docs = report["documents"]
    pos = {side: {s["id"]: i for i, s in enumerate(docs[name]["segments"])}
           for side, name in (("src", "source"), ("tgt", "target"))}
    segs = {"src": docs["source"]["segments"], "tgt": docs["target"]["segments"]}
    by_id = {side: {s["id"]: s for s in segs[side]} for side in ("src", "tgt")}
    covered = {side: {i for b in report["beads"] for i in b[side]} for side in ("src", "tgt")}
    loose = {side: [s for s in segs[side] if s["id"] not in covered[side]] for side in ("src", "tgt")}
    out: list[Row] = []

    def flush(side: str, before: float) -> None:
        while loose[side] and pos[side][loose[side][0]["id"]] < before:
            out.append(_loose_row(loose[side].pop(0), side, len(out)))

    for b in report["beads"]:
        for side in ("src", "tgt"):
            if b[side]:
                flush(side, min(pos[side].get(i, 0) for i in b[side]))
        out.append(_bead_row(b, len(out), report["mode"], by_id))
    for side in ("src", "tgt"):
        flush(side, float("inf"))
    return out


@dataclass
class Histogram:
    """Bars of an inline SVG histogram of one per-bead score."""

    name: str
    lo: float
    hi: float
    bars: list[dict]  # x, y, w, h, count, label
    n: int
    width: int = 320
    height: int = 120


def histogram(report: dict, name: str, bins: int | None = None) -> Histogram | None:
    """Histogram of score ``name`` over beads (None when fewer than 2 values).

    Bin count by Sturges' rule (5 to 20 bins): enough shape, no comb of
    single-segment bars on short documents.
    """
    vals = [b["scores"][name] for b in report["beads"] if b["scores"].get(name) is not None]
    if len(vals) < 2:
        return None
    bins = bins or max(5, min(20, math.ceil(math.log2(len(vals))) + 1))
    lo, hi = min(vals), max(vals)
    if hi <= lo:
        hi = lo + 1e-9
    counts = [0] * bins
    for v in vals:
        counts[min(bins - 1, int((v - lo) / (hi - lo) * bins))] += 1
    h = Histogram(name, lo, hi, [], len(vals))
    plot_h, base, bw = h.height - 22, h.height - 18, h.width / bins
    top = max(counts)
    for i, c in enumerate(counts):
        bh = plot_h * c / top if top else 0
        a, z = lo + (hi - lo) * i / bins, lo + (hi - lo) * (i + 1) / bins
        h.bars.append({"x": round(i * bw + 1, 2), "y": round(base - bh, 2), "w": round(bw - 2, 2),
                       "h": round(bh, 2), "count": c, "label": f"{a:.3g}–{z:.3g}: {c} segment(s)"})
    return h


def score_names(report: dict) -> list[str]:
    """Per-bead score names, headline scores first."""
    return ordered({k for b in report["beads"] for k, v in b["scores"].items() if v is not None})


def better(name: str) -> str:
    return "lower is better" if lower_is_better(name) else "higher is better"
