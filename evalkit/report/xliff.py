"""XLIFF 2.1 export: aligned segments for a CAT tool, flags as notes.

One ``<unit>`` per bead that has source text, flags as ``<note>`` elements
(category, priority from severity, appliesTo="target"), and the review state as
``state``/``subState``: ``translated`` with ``evalkit:flagged-<worst severity>``
or ``evalkit:no-flags``; ``reviewed`` with ``evalkit:confirmed``/``evalkit:dismissed`` when
every flag carries a decision read back with ``--decisions`` (decisions and comments also go
in the notes); a source with no translation is ``initial``. A
translation with no source cannot be an XLIFF unit and is reported in a
file-level note instead. Span locations go in the note text. Each flag note also carries, as
attributes in evalkit's own namespace (XLIFF 2 core allows attributes from other namespaces on
``<note>``), the flag's ``ek:key`` and, once decided, its ``ek:decision``; a comment note carries
its row's ``ek:rowKey``. So the XLIFF, from ``--xliff`` or from the page, is itself a decisions
file for ``evalkit review --decisions`` (:mod:`evalkit.report.decisions`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from evalkit.report.xmltext import xml_text

NS = "urn:oasis:names:tc:xliff:document:2.0"
EK = "urn:evalkit:review:1"  # evalkit's attributes on notes: key, decision, rowKey
PRIORITY = {"critical": "1", "major": "3", "minor": "6"}


def _worst(flags: list[dict]) -> str | None:
    sev = {f["severity"] for f in flags}
    return next((s for s in ("critical", "major", "minor") if s in sev), None)


def to_xliff(report: dict) -> str:
    """The XLIFF 2.1 document for a report dict."""
    q = str  # elements are unqualified; the default namespace is declared on the root
    root = ET.Element(q("xliff"), {"xmlns": NS, "xmlns:ek": EK, "version": "2.1", "srcLang": report["src_lang"], "trgLang": report["tgt_lang"]})
    f = ET.SubElement(root, q("file"), {"id": "f1", "original": report["documents"]["source"]["path"] or report["name"]})
    orphans = [b for b in report["beads"] if b["tgt_text"] and not b["src_text"]]
    fnotes = ET.SubElement(f, q("notes"))
    n = ET.SubElement(fnotes, q("note"), {"id": "report", "category": "evalkit"})
    n.text = xml_text(f"evalkit report {report['report_id']} ({report['name']}); verdict "
                      f"{report['alignment']['verdict']}; {report['summary']['flags']} flag(s)")
    for b in orphans:
        n = ET.SubElement(fnotes, q("note"), {"id": f"orphan{b['index']}", "category": "evalkit:no-source"})
        n.text = xml_text(f"translation with no source (bead {b['index']}): {b['tgt_text']}")
    for b in report["beads"]:
        if not b["src_text"]:
            continue
        unit = ET.SubElement(f, q("unit"), {"id": f"u{b['index']}", "name": f"bead-{b['index']}"})
        if b["flags"]:
            notes = ET.SubElement(unit, q("notes"))
            for fl in b["flags"]:
                note = ET.SubElement(notes, q("note"), {
                    "id": fl["id"], "appliesTo": "target", "category": f"evalkit:{fl['category']}",
                    "priority": PRIORITY.get(fl["severity"], "5")})
                where = f" [target {fl['view']['tgt'][0]}-{fl['view']['tgt'][1]}]" if fl["view"]["tgt"] else ""
                src = f" (source: \u201c{fl['src_span']}\u201d)" if fl["src_span"] else ""
                rv = fl.get("review")
                decided = f" ({rv['decision']})" if rv else ""
                if fl.get("key"):
                    note.set("ek:key", fl["key"])
                if rv:
                    note.set("ek:decision", rv["decision"])
                note.text = xml_text(f"{fl['severity']}{decided}: \u201c{fl['span']}\u201d{where}{src}: {fl['message']}")
            if b.get("comment"):
                note = ET.SubElement(notes, q("note"), {"id": f"c{b['index']}", "category": "evalkit:comment",
                                                        **({"ek:rowKey": b["key"]} if b.get("key") else {})})
                note.text = xml_text(b["comment"])
        if b["tgt_text"] and b["flags"] and all(fl.get("review") for fl in b["flags"]):
            confirmed = any(fl["review"]["decision"] == "confirmed" for fl in b["flags"])
            attrs = {"id": f"s{b['index']}", "state": "reviewed",
                     "subState": "evalkit:confirmed" if confirmed else "evalkit:dismissed"}
        elif b["tgt_text"]:
            worst = _worst(b["flags"])
            attrs = {"id": f"s{b['index']}", "state": "translated",
                     "subState": f"evalkit:flagged-{worst}" if worst else "evalkit:no-flags"}
        else:
            attrs = {"id": f"s{b['index']}", "state": "initial", "subState": "evalkit:no-translation-found"}
        seg = ET.SubElement(unit, q("segment"), attrs)
        ET.SubElement(seg, q("source")).text = xml_text(b["src_text"])
        if b["tgt_text"]:
            ET.SubElement(seg, q("target")).text = xml_text(b["tgt_text"])
    if not list(fnotes):
        f.remove(fnotes)
    if not any(el.tag == q("unit") for el in f):  # XLIFF needs at least one unit per file
        unit = ET.SubElement(f, q("unit"), {"id": "empty"})
        seg = ET.SubElement(unit, q("segment"))
        ET.SubElement(seg, q("source"))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
