"""JUnit XML for CI test-report viewers: one testcase per gate check.

A failed check is a ``<failure>``, an unmeasurable one ``<skipped>``; the main
metrics (BLEU, chrF, TER, similarity, MQM, critical flags, and every metric a check
names) and their sacreBLEU signatures travel as suite ``<property>`` elements: a
handful, not every per-segment score (those are in the JSON).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from evalkit.gate.markdown import COUNTS, KEY_METRICS
from evalkit.report.xmltext import xml_text


def to_junit(result: dict) -> str:
    checks = result["checks"]
    failures = sum(c["status"] == "fail" for c in checks)
    skipped = sum(c["status"] == "skip" for c in checks)
    counts = {"tests": str(len(checks)), "failures": str(failures), "errors": "0", "skipped": str(skipped)}
    root = ET.Element("testsuites", {"name": "evalkit gate", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "evalkit.gate", **counts, "time": "0",
                                               "timestamp": result["created"].split("+")[0]})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "status", "value": result["status"]})
    ET.SubElement(props, "property", {"name": "policy", "value": xml_text(result["policy"])})
    metrics = result["metrics"]
    checked = [c["metric"] for c in checks if c["metric"] in metrics]
    for name in dict.fromkeys([n for n in KEY_METRICS[:6] if n in metrics] + checked):  # a handful, not every score
        m = metrics[name]
        if m["value"] is not None:
            value = str(int(m["value"])) if name in COUNTS else f"{m['value']:.6g}"
            ET.SubElement(props, "property", {"name": f"metric.{name}", "value": value})
        if m.get("signature"):
            ET.SubElement(props, "property", {"name": f"signature.{name}", "value": m["signature"]})
    for c in checks:
        case = ET.SubElement(suite, "testcase", {"classname": "evalkit.gate", "name": xml_text(c["name"]), "time": "0"})
        if c["status"] == "fail":
            el = ET.SubElement(case, "failure", {"message": xml_text(c["message"]),
                                                 "type": "regression" if c["op"] == "baseline" else "threshold"})
            el.text = xml_text(c["message"])
        elif c["status"] == "skip":
            ET.SubElement(case, "skipped", {"message": xml_text(c["message"])})
        else:
            ET.SubElement(case, "system-out").text = xml_text(c["message"])
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
