"""TMX 1.4b export: the aligned sentence pairs as a translation memory.

Only beads with text on both sides become ``<tu>`` units; scores and flags
travel as ``<prop>``/``<note>`` so a TM manager can filter risky pairs out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from evalkit import __version__
from evalkit.report.xmltext import xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def to_tmx(report: dict) -> str:
    """The TMX 1.4b document for a report dict."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "evalkit", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "evalkit", "adminlang": "en", "srclang": report["src_lang"], "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for b in report["beads"]:
        if not (b["src_text"] and b["tgt_text"]):
            continue
        tu = ET.SubElement(body, "tu", {"tuid": str(b["index"])})
        for fl in b["flags"]:  # DTD order: note/prop before tuv
            ET.SubElement(tu, "note").text = xml_text(
                f"evalkit {fl['severity']} {fl['category']}: \u201c{fl['span']}\u201d: {fl['message']}")
        for k, v in b["scores"].items():
            if v is not None:
                ET.SubElement(tu, "prop", {"type": f"x-evalkit-{k}"}).text = f"{v:.4f}"
        if b["confidence"] is not None:
            ET.SubElement(tu, "prop", {"type": "x-evalkit-align-confidence"}).text = f"{b['confidence']:.4f}"
        for lang, text in ((report["src_lang"], b["src_text"]), (report["tgt_lang"], b["tgt_text"])):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = xml_text(text)
    ET.indent(root, space=" ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            + ET.tostring(root, encoding="unicode") + "\n")
