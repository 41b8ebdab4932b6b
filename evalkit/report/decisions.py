"""Reviewer decisions read back into a new report (``evalkit review --decisions FILE``).

The page exports decisions two ways, and both can be read back:

- the decisions JSON (button "Decisions (JSON)"): ``{"format": "evalkit-decisions", "version": 1,
  "items": [{"type": "flag", "key": …, "decision": "confirmed"|"dismissed", …},
  {"type": "comment", "key": <bead key>, "comment": …}, …]}``;
- the issue list CSV (button "Issue list (CSV)"): one line per flag with its ``key``,
  ``decision``, ``comment`` and ``row_key`` columns;
- the reviewed XLIFF (button "XLIFF", or ``evalkit review --xliff``): flag notes with
  ``ek:key``/``ek:decision`` attributes, comment notes with ``ek:rowKey``
  (:mod:`evalkit.report.xliff`), so a file that went through a CAT tool and back still works.

Flags are matched by their ``key`` (a hash of the bead's source and target texts, the
category, the span and the source span; see :func:`evalkit.report.model.flag_key`), not by
their id or position, so a re-run after other segments changed still finds them. A flag
whose bead text changed is a different flag: it shows as new, undecided.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.errors import InputError

log = logging.getLogger(__name__)
DECISIONS = ("confirmed", "dismissed")


@dataclass
class Decisions:
    """Decisions by flag key, comments by bead key, and where they came from."""

    source: str
    flags: dict[str, dict] = field(default_factory=dict)  # flag key -> {"decision", "at"}
    comments: dict[str, str] = field(default_factory=dict)  # bead key -> comment


def _from_json(text: str, name: str) -> Decisions:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    items = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{name}: not a decisions file (no 'items' list): export it with the report's "
                         "'Decisions (JSON)' button")
    out = Decisions(name)
    for it in items:
        if not isinstance(it, dict) or not it.get("key"):
            continue
        if it.get("type") == "flag" and it.get("decision") in DECISIONS:
            out.flags[str(it["key"])] = {"decision": it["decision"], "at": it.get("at") or None}
        elif it.get("type") == "comment" and it.get("comment"):
            out.comments[str(it["key"])] = str(it["comment"])
    return out


def _unguard(cell: str) -> str:
    """Undo the page's spreadsheet guard (a leading ' before = + - @)."""
    return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell


def _from_csv(text: str, name: str) -> Decisions:
    reader = csv.DictReader(io.StringIO(text))
    need = {"key", "decision"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        raise InputError(f"{name}: a CSV decisions file needs the columns {', '.join(sorted(need))} "
                         "(export it with the report's 'Issue list (CSV)' button)")
    out = Decisions(name)
    for row in reader:
        key, decision = (row.get("key") or "").strip(), (row.get("decision") or "").strip()
        if key and decision in DECISIONS:
            out.flags[key] = {"decision": decision, "at": None}
        comment, bead = _unguard(row.get("comment") or ""), (row.get("row_key") or "").strip()
        if comment and bead:
            out.comments[bead] = comment
    return out


def _from_xliff(text: str, name: str) -> Decisions:
    """Decisions from an XLIFF 2 file's notes (evalkit's ``ek:`` attributes; other notes ignored).

    ElementTree does not fetch external entities, so a hostile file cannot reach the network
    or the disk through its DTD."""
    import xml.etree.ElementTree as ET

    from evalkit.report.xliff import EK

    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise InputError(f"{name}: not valid XML ({exc})") from None
    out = Decisions(name)
    key_at, decision_at, row_at = f"{{{EK}}}key", f"{{{EK}}}decision", f"{{{EK}}}rowKey"
    marked = 0
    for note in root.iter():
        if not isinstance(note.tag, str) or not note.tag.endswith("note"):
            continue
        key, decision, row = note.get(key_at), note.get(decision_at), note.get(row_at)
        marked += bool(key or row)
        if key and decision in DECISIONS:
            out.flags[key] = {"decision": decision, "at": None}
        if row and (note.text or "").strip():
            out.comments[row] = note.text
    if not marked:
        raise InputError(f"{name}: no evalkit decisions in this XLIFF (export it with the report's 'XLIFF' "
                         "button or `evalkit review --xliff`)")
    return out


def read_decisions(path: Path) -> Decisions:
    """Decisions from a file the report page exported (JSON, CSV or XLIFF, told apart by content)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the decisions file ({exc})") from None
    if not text.strip():
        raise InputError(f"{path}: the decisions file is empty")
    head = text.lstrip()
    if head.startswith("{"):
        out = _from_json(text, path.name)
    elif head.startswith("<"):
        out = _from_xliff(text, path.name)
    else:
        out = _from_csv(text, path.name)
    log.info("%s: %d decision(s), %d comment(s)", path, len(out.flags), len(out.comments))
    return out


def apply_decisions(report: dict, decisions: Decisions) -> dict:
    """Carry ``decisions`` into ``report`` (in place): ``flag["review"]``, ``flag["new"]``,
    ``bead["comment"]`` and a ``report["review"]`` summary; returns the summary."""
    carried = new = 0
    seen = set()
    for b in report["beads"]:
        if b.get("key") in decisions.comments:
            b["comment"] = decisions.comments[b["key"]]
        for f in b["flags"]:
            d = decisions.flags.get(f.get("key", ""))
            f["review"] = dict(d) if d else None
            f["new"] = d is None
            if d:
                carried += 1
                seen.add(f["key"])
            else:
                new += 1
    summary = {"file": decisions.source, "carried": carried, "new": new,
               "gone": len(set(decisions.flags) - seen)}
    report["review"] = summary
    return summary
