"""Output writers behind one protocol and one registry (issue 11).

Every built-in format must give, through the registry, the very bytes the pre-registry code
gave: the golden files in ``tests/data/writers/`` were written by that code
(``make_golden.py``, commit 56ac1bc). A writer shipped by another package (entry point
``evalkit.writers``) must be usable from the command line without any change to evalkit.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evalkit.errors import EvalkitError
from report_samples import rich_evaluation, translation_only_evaluation

GOLDEN = Path(__file__).parent / "data" / "writers"
ROOT = Path(__file__).resolve().parents[1]
CREATED = "2026-01-01T00:00:00+00:00"
CHECK_INPUT = "pairs/lemonde-amazon/translation.en.txt"

# (writer name, report kind, golden file)
CASES = [
    ("html", "report", "report.html"), ("json", "report", "report.json"), ("xliff", "report", "report.xlf"),
    ("tmx", "report", "report.tmx"),
    ("json", "gate", "gate.json"), ("junit", "gate", "gate.junit.xml"), ("markdown", "gate", "gate.md"),
    ("json", "evaluation", "evaluation.json"), ("tsv", "evaluation", "evaluation.tsv"),
    ("json", "alignment", "alignment.json"), ("tsv", "alignment", "alignment.tsv"),
    ("vecalign", "alignment", "alignment.vecalign"),
]


def _subject(kind: str):
    """The object each kind of output is written from, as the commands build it."""
    from evalkit.report.model import build_report

    if kind == "report":
        return build_report(rich_evaluation(), "sample", created=CREATED)
    if kind == "gate":
        return json.loads((GOLDEN / "gate_result.json").read_text(encoding="utf-8"))
    if kind == "evaluation":
        return rich_evaluation()
    if kind == "alignment":
        return rich_evaluation().alignment
    raise AssertionError(kind)


@pytest.mark.parametrize("name,kind,golden", CASES, ids=[f"{k}-{n}" for n, k, _ in CASES])
def test_registry_renders_the_bytes_of_before(name, kind, golden):
    from evalkit.writers import get_writer

    writer = get_writer(name)
    assert kind in writer.kinds
    assert writer.render(_subject(kind), kind).encode("utf-8") == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize("name,kind,golden", CASES, ids=[f"{k}-{n}" for n, k, _ in CASES])
def test_write_to_a_path_and_to_a_stream(name, kind, golden, tmp_path):
    from evalkit.writers import get_writer

    writer = get_writer(name)
    target = tmp_path / f"out{writer.suffix}"
    assert writer.write(_subject(kind), target, kind) == target
    assert target.read_bytes() == (GOLDEN / golden).read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left behind
    stream = io.StringIO()
    writer.write(_subject(kind), stream, kind)
    assert stream.getvalue().encode("utf-8") == (GOLDEN / golden).read_bytes()


def test_translation_only_report_formats(tmp_path):
    from evalkit.report.model import build_report
    from evalkit.writers import get_writer

    report = build_report(translation_only_evaluation(), "alone", created=CREATED)
    for name in ("html", "json"):
        assert get_writer(name).render(report, "report").encode() == (GOLDEN / f"alone.{name}").read_bytes()
    target = tmp_path / "alone.xlf"
    target.write_text("old content")
    with pytest.raises(ValueError, match="needs a source document"):
        get_writer("xliff").write(report, target, "report")
    assert target.read_text() == "old content"  # an error leaves the old file as it was
    assert [p.name for p in tmp_path.iterdir()] == ["alone.xlf"]


def test_suffixes_and_kinds():
    from evalkit.writers import formats_for, get_writer

    assert {n: get_writer(n).suffix for n in ("html", "json", "xliff", "tmx", "junit", "markdown", "tsv")} == {
        "html": ".html", "json": ".json", "xliff": ".xlf", "tmx": ".tmx", "junit": ".junit.xml", "markdown": ".md",
        "tsv": ".tsv"}
    assert formats_for("report") == ["html", "json", "xliff", "tmx"]
    assert formats_for("gate") == ["json", "junit", "markdown"]
    assert formats_for("evaluation") == ["json", "tsv"]
    assert formats_for("alignment") == ["json", "tsv", "vecalign"]
    assert formats_for("flags") == ["txt", "json", "jsonl"]
    assert formats_for("segments") == ["jsonl", "txt"]


def test_unknown_writer_or_kind_is_one_clear_error():
    from evalkit.writers import get_writer

    with pytest.raises(EvalkitError, match="unknown output format 'docx'"):
        get_writer("docx")
    with pytest.raises(EvalkitError, match="'vecalign' cannot write a gate"):
        get_writer("vecalign").render({}, "gate")


@pytest.mark.parametrize("fmt", ["txt", "json", "jsonl"])
def test_check_command_output_unchanged(fmt):
    from evalkit.cli import app

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(app, ["check", CHECK_INPUT, "-q", "-f", fmt])
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes == (GOLDEN / f"check.{fmt}").read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "txt"])
def test_segment_command_output_unchanged(fmt):
    from evalkit.cli import app

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(app, ["segment", CHECK_INPUT, "-q", "-f", fmt, "--show-skipped"])
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0, r.output
    assert r.stdout_bytes == (GOLDEN / f"segment.{fmt}").read_bytes()


def test_format_choices_come_from_the_registry():
    from evalkit.cli import app

    r = CliRunner().invoke(app, ["segment", CHECK_INPUT, "-f", "xliff"])
    assert r.exit_code == 2
    assert "jsonl" in r.output and "txt" in r.output  # the choices the registry has for segments


def _plugin(tmp_path: Path) -> dict:
    """A real installed-looking package (dist-info with an entry point) adding a 'csv' writer."""
    pkg = tmp_path / "csv_writer"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        import csv, io

        from evalkit.writers import TextWriter

        class CsvSegments(TextWriter):
            """Segments as CSV: id, kind, text."""
            name = "csv"
            suffix = ".csv"
            kinds = frozenset({"segments"})

            def render(self, obj, kind):
                self.check_kind(kind)
                buf = io.StringIO()
                w = csv.writer(buf, lineterminator="\\n")
                for rec in obj:
                    w.writerow([rec["id"], rec["kind"], rec["text"]])
                return buf.getvalue()
    '''))
    dist = tmp_path / "csv_writer-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: csv-writer\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[evalkit.writers]\ncsv = csv_writer:CsvSegments\n")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}


def test_a_plugin_writer_from_an_entry_point(tmp_path):
    env = _plugin(tmp_path)
    doc = tmp_path / "t.en.txt"
    doc.write_text("The cat sleeps on the mat.\nIt rains, in Paris, today.\n")
    cmd = [sys.executable, "-m", "evalkit", "segment", str(doc), "--lang", "en", "-f", "csv", "--no-lang-check", "-q"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout == '0,body,The cat sleeps on the mat.\n1,body,"It rains, in Paris, today."\n'
    r = subprocess.run([sys.executable, "-m", "evalkit", "segment", "--help"], capture_output=True, text=True,
                       env={**env, "COLUMNS": "200"}, timeout=120, cwd=ROOT)
    assert "csv" in r.stdout
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 2 and "csv" in r.stderr  # without the package, evalkit does not know the format


def test_a_broken_or_clashing_plugin_does_not_break_the_builtin_writers(tmp_path):
    env = _plugin(tmp_path)
    dist = tmp_path / "csv_writer-0.1.dist-info"
    (dist / "entry_points.txt").write_text("[evalkit.writers]\ncsv = csv_writer:Missing\njson = csv_writer:CsvSegments\n")
    code = "from evalkit.writers import available, get_writer; print(available()); print(get_writer('json').kinds)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    names = r.stdout.splitlines()[0]
    assert "'csv'" not in names and names.count("'json'") == 1
    assert "report" in r.stdout.splitlines()[1]  # the built-in json, not the plug-in's
