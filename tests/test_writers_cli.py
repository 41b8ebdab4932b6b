"""``review -f`` and the other commands' ``--format``: choices from the writer registry, checked
while the command line is parsed (so a typo fails before any document is read or model loads)."""

from __future__ import annotations

from typer.testing import CliRunner

from evalkit.cli import app


def test_review_format_is_checked_before_any_work(tmp_path):
    r = CliRunner().invoke(app, ["review", str(tmp_path / "missing-pair"), "-f", "docx", "--out-dir", str(tmp_path)],
                           env={"COLUMNS": "300"})
    assert r.exit_code == 2
    assert "'docx' is not one of html, json, xliff, tmx" in " ".join(r.output.split())
    assert list(tmp_path.iterdir()) == []


def test_help_lists_the_registry_formats():
    for command, listed in (("review", "html, json, xliff, tmx"), ("score", "json, tsv"),
                            ("align", "json, tsv, vecalign"), ("check", "txt, json, jsonl")):
        r = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"})
        assert r.exit_code == 0
        assert f"One of: {listed}." in " ".join(r.output.split()), command


def test_review_formats_are_written_once_each():
    from evalkit.commands.review import _formats

    assert _formats(False, False, None) == ["html", "json"]
    assert _formats(True, False, ["xliff", "tmx", "json"]) == ["html", "json", "xliff", "tmx"]
