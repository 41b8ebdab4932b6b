"""How the golden files beside this script were made: with the code as it was before the writer
registry (commit 56ac1bc), each format rendered by the function its command called then.

Kept to document the inputs; re-running it after the refactor proves nothing (it would use the
registry's own code). ``gate_result.json`` is a real ``gate_lines`` result (the embedder ran)
with ``created`` fixed, stored so the gate formats can be rendered without a model.

    PYTHONPATH=.:tests python tests/data/writers/make_golden.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CREATED = "2026-01-01T00:00:00+00:00"
CHECK_INPUT = "pairs/lemonde-amazon/translation.en.txt"  # relative: the JSONL names the document as given


def _cli(*args: str) -> bytes:
    return subprocess.run([sys.executable, "-m", "evalkit", *args], capture_output=True, check=True, cwd=ROOT).stdout


def main() -> None:
    from report_samples import rich_evaluation, translation_only_evaluation

    from evalkit.align.formats import to_json, to_tsv, to_vecalign
    from evalkit.gate.junit import to_junit
    from evalkit.gate.markdown import to_markdown
    from evalkit.report import render
    from evalkit.report.model import build_report
    from evalkit.score.output import evaluation_json, evaluation_tsv

    files: dict[str, str | bytes] = {}
    report = build_report(rich_evaluation(), "sample", created=CREATED)
    for fmt, ext in (("html", "html"), ("json", "json"), ("xliff", "xlf"), ("tmx", "tmx")):
        files[f"report.{ext}"] = render(report, fmt)
    alone = build_report(translation_only_evaluation(), "alone", created=CREATED)
    for fmt in ("html", "json"):
        files[f"alone.{fmt}"] = render(alone, fmt)
    ev = rich_evaluation()
    files["evaluation.json"] = json.dumps(evaluation_json(ev), ensure_ascii=False, indent=1) + "\n"
    files["evaluation.tsv"] = evaluation_tsv(ev)
    files["alignment.json"] = to_json(ev.alignment)
    files["alignment.tsv"] = to_tsv(ev.alignment)
    files["alignment.vecalign"] = to_vecalign(ev.alignment)
    gate_path = HERE / "gate_result.json"
    if not gate_path.exists():
        gate_path.write_text(json.dumps(_gate_result(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result = json.loads(gate_path.read_text(encoding="utf-8"))
    files["gate.json"] = json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    files["gate.junit.xml"] = to_junit(result)
    files["gate.md"] = to_markdown(result)
    for fmt in ("txt", "json", "jsonl"):
        files[f"check.{fmt}"] = _cli("check", CHECK_INPUT, "-q", "-f", fmt)
    for fmt in ("jsonl", "txt"):
        files[f"segment.{fmt}"] = _cli("segment", CHECK_INPUT, "-q", "-f", fmt, "--show-skipped")
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)


def _gate_result() -> dict:
    from evalkit.gate.inputs import GateInputs
    from evalkit.gate.policy import parse_policy
    from evalkit.gate.run import gate_lines
    from evalkit.models import load_embedder

    src = ["Le chat dort.", "Il pleut à Paris.", "Le train part à 8 heures.", "Elle lit un livre."]
    hyp = ["The cat sleeps.", "It rains in Paris <img src=x onerror=alert(1)> @everyone | x",
           "The train leaves at 8.", "She reads a book."]
    ref = ["The cat is sleeping.", "It is raining in Paris.", "The train leaves at 8 o'clock.", "She is reading a book."]
    policy = parse_policy({"thresholds": {"chrf": {"min": 99}, "similarity_mean": {"min": 0.1},
                                          "comet_mean": {"min": 0.5}}})
    result = gate_lines(GateInputs(src, hyp, "fr", "en", ref=ref), policy, load_embedder())
    result["created"] = CREATED
    return result


if __name__ == "__main__":
    main()
