"""Bad input to `segment`, `check`, `models`, `doctor` and the CLI itself: one line, exit 2.

Runs the real CLI in a subprocess, as a user would. The good-path checks (UTF-16
and cp1252 read like UTF-8) make sure the refusals are not simply refusing everything.
"""

import json

import pytest

from inputs_support import DATA, SEED_EN, SEED_FR, assert_one_line_error, bad_files, evalkit

BAD = {"empty": "file is empty", "blank": "file is empty", "random": "binary", "png": "binary",
       "directory": "is a directory", "missing": "no such file"}


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("kind", sorted(BAD))
def test_segment_refuses_bad_files(bad, kind):
    assert_one_line_error(evalkit("segment", bad[kind], "--lang", "fr"), str(bad[kind]), BAD[kind])


@pytest.mark.parametrize("kind", ["empty", "png", "missing"])
def test_check_refuses_bad_files(bad, kind):
    assert_one_line_error(evalkit("check", bad[kind], "--lang", "fr"), str(bad[kind]), BAD[kind])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252", "utf-8-sig"])
def test_other_encodings_read_like_utf8(tmp_path, encoding):
    text = (DATA / "fr.txt").read_text(encoding="utf-8")
    p = tmp_path / "doc.txt"
    p.write_bytes(text.encode(encoding))
    expected = evalkit("segment", DATA / "fr.txt", "--lang", "fr", "-f", "txt")
    r = evalkit("segment", p, "--lang", "fr", "-f", "txt")
    assert r.returncode == 0 and r.stdout == expected.stdout and "Élysée" not in r.stdout
    assert "rénovation" in r.stdout


def test_segment_refuses_a_document_in_another_language():
    line = assert_one_line_error(evalkit("segment", SEED_EN, "--lang", "fr"),
                                 str(SEED_EN), "looks like English", "not French as declared (--lang fr)",
                                 "use --lang en")
    assert "confidence" in line
    r = evalkit("segment", SEED_EN, "--lang", "fr", "--no-lang-check", "-f", "txt")
    assert r.returncode == 0 and r.stdout.strip()


def test_check_refuses_a_document_in_another_language_and_unknown_codes():
    assert_one_line_error(evalkit("check", SEED_FR, "--lang", "en"), "looks like French", "(--lang en)")
    assert_one_line_error(evalkit("check", SEED_FR, "--lang", "zz"), "unknown language code 'zz'")


def test_check_glossary_missing(tmp_path):
    assert_one_line_error(evalkit("check", DATA / "fr.txt", "--lang", "fr", "--glossary", tmp_path / "g.csv"),
                          "g.csv")


@pytest.mark.parametrize("args, fragment", [
    (["--no-such-option"], "No such option: --no-such-option"),
    (["segment", "--no-such-option"], "No such option"),
    (["check"], "Missing argument 'file'"),
    (["segment", DATA / "fr.txt", "-f", "xml"], "Invalid value for '--format'"),
    (["review", "--no-such-option"], "No such option"),
    (["gate", DATA / "fr.txt"], "missing HYP"),
    (["models", "nope"], "No such command 'nope'"),
    (["models", "info", "no-such-model"], "unknown model 'no-such-model'"),
    (["doctor", "--format", "xml"], "Invalid value for '--format'"),
    (["no-such-command"], "No such command"),
])
def test_usage_errors_are_one_line_and_exit_2(args, fragment):
    line = assert_one_line_error(evalkit(*args), fragment)
    assert "--help" in line or "unknown model" in line


@pytest.mark.parametrize("cmd", ["segment", "check", "review", "gate", "models", "doctor"])
def test_every_command_has_help(cmd):
    r = evalkit(cmd, "--help")
    assert r.returncode == 0 and "Usage" in r.stdout and r.stderr == ""


def test_doctor_reports_a_bad_device_instead_of_failing():
    r = evalkit("doctor", "--format", "json", "--device", "tpu", "--no-hub")
    assert r.returncode == 0 and "invalid device" in json.loads(r.stdout)["device"]["error"]
