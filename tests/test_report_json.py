"""The JSON report: valid against its versioned schema, offsets that point at the right text."""

import json

import jsonschema
import pytest

from evalkit.report import build_report, write_reports
from evalkit.report.json_export import load_schema, validate
from evalkit.report.model import locate
from report_samples import rich_evaluation, translation_only_evaluation


@pytest.fixture(scope="module")
def report():
    return build_report(rich_evaluation(), "rich")


def test_schema_is_draft_2020_12_and_itself_valid():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("make", [rich_evaluation, translation_only_evaluation])
def test_written_json_validates(tmp_path, make):
    paths = write_reports(make(), tmp_path, "r")
    assert set(paths) == {"html", "json"}
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    validate(data)
    assert data["schema_version"].startswith("1.")


def test_schema_rejects_broken_reports(report):
    bad = json.loads(json.dumps(report))
    bad["beads"][1]["flags"][0]["severity"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    bad = json.loads(json.dumps(report))
    del bad["schema_version"]
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_both_documents_segments_with_kind_and_reason(report):
    src = report["documents"]["source"]["segments"]
    tgt = report["documents"]["target"]["segments"]
    assert {s["kind"] for s in src} >= {"body", "heading", "skipped", "furniture"}
    skipped = [s for s in src + tgt if s["kind"] == "skipped"]
    assert skipped and all(s["reason"] for s in skipped)
    ev = rich_evaluation()
    for seg in src:  # offsets point into the raw file
        assert ev.alignment.src.raw[seg["start"]:seg["end"]] == seg["text"]


def test_flag_view_offsets_point_at_the_span(report):
    n = 0
    for b in report["beads"]:
        for f in b["flags"]:
            s, e = f["view"]["tgt"]
            assert b["tgt_text"][s:e] == f["span"]
            if f["src_span"]:
                s, e = f["view"]["src"]
                assert b["src_text"][s:e] == f["src_span"]
            n += 1
    assert n == 6 and report["summary"]["flags"] == 6


def test_summary_counts(report):
    s = report["summary"]
    assert (s["aligned"], s["src_only"], s["tgt_only"]) == (6, 2, 1)
    assert (s["skipped_src"], s["skipped_tgt"]) == (1, 1)
    assert s["flags_by_severity"] == {"minor": 3, "major": 2, "critical": 1}
    assert s["flags_by_category"]["number"] == {"critical": 1, "major": 0, "minor": 1, "total": 2}
    assert s["mqm"] is not None and s["mqm"] < 100


def test_segment_scores_have_bootstrap_intervals(report):
    seg = report["scores"]["segment"]
    assert set(seg) == {"similarity", "chrf", "bleu", "ter"}
    for v in seg.values():
        assert v["ci_low"] <= v["mean"] <= v["ci_high"]
        assert v["min"] <= v["ci_low"] and v["ci_high"] <= v["max"]


def test_risk_puts_the_critical_bead_first(report):
    top = max(report["beads"], key=lambda b: b["risk"])
    assert any(f["severity"] == "critical" for f in top["flags"])


def test_report_id_is_stable_and_content_based():
    a = build_report(rich_evaluation(), "rich")
    b = build_report(rich_evaluation(), "rich")
    assert a["report_id"] == b["report_id"]
    ev = rich_evaluation()
    ev.beads[0].scores["similarity"] = 0.5
    assert build_report(ev, "rich")["report_id"] != a["report_id"]


def test_nan_scores_become_null(tmp_path):
    ev = rich_evaluation()
    ev.beads[0].scores["similarity"] = float("nan")
    ev.doc_scores["bleu"] = float("inf")
    data = json.loads(write_reports(ev, tmp_path, "nan")["json"].read_text())
    validate(data)
    assert data["beads"][0]["scores"]["similarity"] is None and data["scores"]["doc"]["bleu"] is None


def test_locate_shifts_offsets_of_a_segment_inside_a_bead():
    text = "First sentence. Second one has 12 cats."
    assert locate(text, "Second one has 12 cats.", "12", 15, 17) == (31, 33)
    assert locate(text, text, "12", 31, 33) == (31, 33)
    assert locate(text, "elsewhere", "nope", 0, 4) is None


def test_failed_render_leaves_no_file(tmp_path, monkeypatch):
    import evalkit.report as rep

    old = tmp_path / "r.json"
    old.write_text("old")

    def boom(report, fmt):
        if fmt == "html":
            raise RuntimeError("render failed")
        return "{}"

    monkeypatch.setattr(rep, "render", boom)
    with pytest.raises(RuntimeError):
        rep.write_reports(rich_evaluation(), tmp_path, "r")
    assert old.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_corpus_scores_with_intervals_validate(tmp_path):
    from evalkit.metrics import corpus_scores

    ev = rich_evaluation()
    pairs = [(b.tgt_text, b.tgt_text.replace("the", "a")) for b in ev.beads if b.tgt_text]
    corpus = corpus_scores([h for h, _ in pairs], [r for _, r in pairs])
    data = json.loads(write_reports(ev, tmp_path, "c", corpus=corpus)["json"].read_text())
    validate(data)
    assert data["scores"]["corpus"]["bleu"]["n"] == len(pairs)
    assert "corpus, vs reference" in (tmp_path / "c.html").read_text()
