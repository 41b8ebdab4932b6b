"""What a command may read: regular files only, within the size limits, in one encoding.

Issue 13, items 4 (named pipes and /dev/zero hung or flooded every command), 5 (a
1,000,000-character word, a 50 MB line, 20 lines of 200k characters, 200k lines ran
past 8 GB / 75 s) and 6 (UTF-32 without BOM called binary; half UTF-8, half Latin-1
accepted and garbled). Every refusal must come within 30 s (the subprocess timeout),
before any model library is imported, as one line with exit 2 and nothing written.
"""

import os

import pytest

from evalkit.ingest.decode import MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_LINES, MAX_WORD_CHARS
from inputs_support import DATA, assert_one_line_error, evalkit, evalkit_before_models

FR, EN = DATA / "fr.txt", DATA / "en.txt"


def commands(bad, tmp_path):
    """Each command reading ``bad`` as its main input (and a good file for the other side)."""
    out = tmp_path / "out"
    return {
        "segment": ["segment", bad, "--lang", "fr"],
        "check": ["check", bad, "--lang", "fr"],
        "align": ["align", bad, EN, "-o", out / "a.json"],
        "score": ["score", bad, EN, "-o", out / "s.json"],
        "score --aligned": ["score", FR, bad, "--aligned", "-o", out / "s.json"],
        "gate": ["gate", FR, bad, "--out-dir", out],
        "gate --align": ["gate", bad, EN, "--align", "--out-dir", out],
        "review": ["review", bad, EN, "--out-dir", out],
    }


CMDS = ["segment", "check", "align", "score", "score --aligned", "gate", "gate --align", "review"]


def refused(tmp_path, bad, cmd, *fragments):
    r = evalkit_before_models(*commands(bad, tmp_path)[cmd])
    line = assert_one_line_error(r, str(bad), *fragments)
    assert not (tmp_path / "out").exists()
    return line


@pytest.fixture(scope="module")
def fifo(tmp_path_factory):
    path = tmp_path_factory.mktemp("fifo") / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("cmd", CMDS)
def test_a_named_pipe_is_refused_not_read_for_ever(tmp_path, fifo, cmd):
    fragment = "is a named pipe, not a regular file"  # review included: one reader, one rule
    refused(tmp_path, fifo, cmd, fragment)


@pytest.mark.parametrize("cmd", CMDS)
def test_dev_zero_is_refused_not_read_without_limit(tmp_path, cmd):
    fragment = "is a character device, not a regular file"
    refused(tmp_path, "/dev/zero", cmd, fragment)


@pytest.mark.parametrize("args", [
    lambda p: ["check", FR, "--lang", "fr", "--glossary", p],
    lambda p: ["score", FR, EN, "--glossary", p],
    lambda p: ["gate", FR, EN, "--glossary", p],
    lambda p: ["gate", FR, EN, "--policy", p],
])
def test_side_files_cannot_hang_either(fifo, args):
    assert_one_line_error(evalkit_before_models(*args(fifo)), str(fifo), "named pipe")


def test_the_regular_file_check_follows_symlinks(tmp_path, fifo):
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    assert_one_line_error(evalkit_before_models("segment", link, "--lang", "fr"), "named pipe")
    link.unlink()
    link.symlink_to(FR)  # a link to a regular file is read like the file
    assert evalkit("segment", link, "--lang", "fr", "-f", "txt", timeout=30).returncode == 0


# -- size limits (item 5): real generated files ---------------------------------------------

def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def long_inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("long")
    prose = FR.read_text(encoding="utf-8")
    words = prose.split()
    line = " ".join(words * (200_000 // len(prose) + 2))[:200_000]
    files = {
        "word": write(d / "word.txt", prose + "a" * 1_000_000 + "\n"),
        "lines": write(d / "lines.txt", "\n".join([line] * 20) + "\n"),
        "short": write(d / "short.txt", "\n".join(words[i % len(words)] for i in range(200_000)) + "\n"),
        "big": d / "big.txt",
    }
    with open(files["big"], "w", encoding="utf-8") as fh:  # one 50 MB line
        chunk = " ".join(words)
        for _ in range(50_000_000 // len(chunk) + 1):
            fh.write(chunk + " ")
    return files


@pytest.mark.parametrize("kind, fragment", [
    ("word", f"line 7 is too long (1,000,000 characters; the limit is {MAX_LINE_CHARS:,})"),
    ("lines", f"line 1 is too long (200,000 characters; the limit is {MAX_LINE_CHARS:,})"),
    ("short", f"too many lines (200,000; the limit is {MAX_LINES:,})"),
    ("big", f"MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB)"),
])
@pytest.mark.parametrize("cmd", ["review", "align", "gate", "segment"])
def test_long_inputs_are_refused_fast_naming_the_limit(tmp_path, long_inputs, kind, fragment, cmd):
    refused(tmp_path, long_inputs[kind], cmd, fragment)


def test_one_long_word_in_short_lines_is_refused(tmp_path):
    prose = FR.read_text(encoding="utf-8")
    bad = write(tmp_path / "word.txt", prose + "x" * (MAX_WORD_CHARS + 1) + " fin.\n")
    refused(tmp_path, bad, "review", f"line 7 has a {MAX_WORD_CHARS + 1:,}-character word with no space",
            f"the limit is {MAX_WORD_CHARS:,}")
    ok = write(tmp_path / "ok.txt", prose + "x" * MAX_WORD_CHARS + " fin.\n")  # at the limit: read
    assert evalkit("segment", ok, "--lang", "fr", "-f", "txt", timeout=30).returncode == 0


# -- encodings (item 6) ----------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-32"])
def test_utf32_with_or_without_bom_reads_like_utf8(tmp_path, encoding):
    p = tmp_path / "doc.txt"
    p.write_bytes(FR.read_text(encoding="utf-8").encode(encoding))
    expected = evalkit("segment", FR, "--lang", "fr", "-f", "txt", timeout=30)
    r = evalkit("segment", p, "--lang", "fr", "-f", "txt", timeout=30)
    assert r.returncode == 0 and r.stdout == expected.stdout and "rénovation" in r.stdout


def test_half_utf8_half_latin1_is_refused_not_garbled(tmp_path):
    lines = FR.read_text(encoding="utf-8").splitlines(keepends=True)
    p = tmp_path / "mixed.txt"
    p.write_bytes("".join(lines[:3]).encode("utf-8") + "".join(lines[3:]).encode("latin-1"))
    for cmd in ("segment", "gate", "review"):
        refused(tmp_path, p, cmd, "mixes text encodings: line 1 is UTF-8 but line 4 is not")
    p.write_bytes("".join(lines).encode("latin-1"))  # all Latin-1: read, not refused
    r = evalkit("segment", p, "--lang", "fr", "-f", "txt", timeout=30)
    assert r.returncode == 0 and "rénovation" in r.stdout and "Ã" not in r.stdout
