"""Fuzzing the readers and the CLI with random bytes, encodings and sizes (issue 13, acceptance).

Whatever a file holds, reading it either works or is an :class:`InputError`; through
the CLI that is exit 0, or exit 2 with one line on stderr, never a traceback, never a
file left behind. The in-process readers get many examples; the CLI, where each example
is a real process (one to two seconds), a few dozen in all.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalkit.errors import InputError
from evalkit.ingest.decode import (MAX_FILE_BYTES, MAX_LINE_CHARS, MAX_LINES, MAX_WORD_CHARS, check_text_limits,
                                   decode_text, read_text)
from evalkit.ingest.lines import read_lines
from inputs_support import DATA, assert_one_line_error, evalkit

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
             "cp1252", "latin-1", "cp1250", "mac_roman"]
EXACT = {"utf-8-sig": codecs.BOM_UTF8, "utf-16": None, "utf-32": None}  # a BOM says exactly what the file is
PROSE = [(DATA / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en", "de", "es")]

texts = st.one_of(st.text(max_size=400), st.sampled_from(PROSE),
                  st.builds(lambda p, t: p + t, st.sampled_from(PROSE), st.text(max_size=50)))


def encoded():
    """Bytes of a text in some encoding (unencodable characters replaced), or raw random bytes."""
    as_text = st.builds(lambda t, e: t.encode(e, errors="replace"), texts, st.sampled_from(ENCODINGS))
    return st.one_of(as_text, st.binary(max_size=3000))


def sized(data: st.SearchStrategy[bytes], sizes=(None, None, 5_000, 300_000, 3_000_000, MAX_FILE_BYTES + 1)):
    """The content as drawn (None) or repeated to a size, past the file size limit included."""
    def grow(d: bytes, size: int | None) -> bytes:
        return d if size is None or not d else (d * (size // len(d) + 1))[:size]

    return st.builds(grow, data, st.sampled_from(sizes))


READER = settings(max_examples=300, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@READER
@given(encoded())
def test_decode_text_returns_text_or_refuses_with_an_input_error(data):
    try:
        text, encoding = decode_text(data, "f.txt")
    except InputError as exc:
        assert str(exc).startswith("f.txt: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str) and encoding


@READER
@given(texts.filter(lambda t: t.strip() and not t.startswith("\ufeff")), st.sampled_from(sorted(EXACT)))
def test_a_byte_order_mark_is_always_read_exactly(text, encoding):
    assert decode_text(text.encode(encoding), "f.txt")[0] == text


def encodable(pair) -> bool:
    try:
        pair[0].encode(pair[1])
    except UnicodeEncodeError:
        return False
    return True


@READER
@given(st.tuples(st.sampled_from(PROSE), st.sampled_from(ENCODINGS[:-2])).filter(encodable))
def test_prose_in_any_documented_encoding_reads_back(pair):
    """UTF-8, UTF-16/32 with or without BOM, cp1252/Latin-1 (docs/inputs.md, "Encodings")."""
    text, encoding = pair
    assert decode_text(text.encode(encoding), "f.txt")[0] == text


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sized(encoded()))
def test_file_readers_return_text_or_refuse_with_an_input_error(data):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "f.txt"
        p.write_bytes(data)
        for read in (lambda: read_text(p), lambda: read_lines(p, "source")):
            try:
                out = read()
            except InputError as exc:
                assert str(exc).startswith(str(p)) and "\n" not in str(exc)
            else:
                assert out and len(data) <= MAX_FILE_BYTES


@READER
@given(st.lists(st.integers(0, MAX_LINE_CHARS + 2), min_size=1, max_size=5),
       st.integers(0, MAX_WORD_CHARS + 2), st.sampled_from([1, MAX_LINES, MAX_LINES + 1]))
def test_text_limits_refuse_exactly_what_is_past_them(line_lengths, word, n_lines):
    lines = ["ab " * (n // 3) + "a" * (n % 3) for n in line_lengths] + ["x" * word]
    lines += [""] * (n_lines - len(lines))
    text = "\n".join(lines) + "\n"
    too_long = any(len(line) > MAX_LINE_CHARS for line in lines)
    past = len(lines) > MAX_LINES or too_long or word > MAX_WORD_CHARS
    try:
        check_text_limits(text, "t")
    except InputError as exc:
        assert past, exc
    else:
        assert not past


# -- the CLI: real processes ------------------------------------------------------------------

CLI_SIZES = (None, None, 5_000, 100_000, MAX_FILE_BYTES + 1)
CLI = settings(max_examples=12, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run_in_empty_folder(data: bytes, *args):
    """Run the CLI on ``data`` in a fresh folder; check the contract and that nothing else appeared."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "input.txt"
        p.write_bytes(data)
        r = evalkit(*[str(p) if a == "FILE" else a for a in args], timeout=60)
        assert "Traceback" not in r.stderr, r.stderr
        assert r.returncode in (0, 2), (r.returncode, r.stderr)
        if r.returncode == 2:
            assert_one_line_error(r)
        assert sorted(q.name for q in Path(d).iterdir()) == ["input.txt"]


@pytest.mark.slow
@CLI
@given(sized(encoded(), CLI_SIZES))
def test_segment_on_anything_is_exit_0_or_one_line_exit_2(data):
    run_in_empty_folder(data, "segment", "FILE", "--lang", "fr", "-f", "txt", "--quiet")


@pytest.mark.slow
@CLI
@given(sized(encoded(), CLI_SIZES), st.sampled_from(["fr", "en"]), st.booleans())
def test_check_on_anything_is_exit_0_or_one_line_exit_2(data, lang, presegmented):
    run_in_empty_folder(data, "check", "FILE", "--lang", lang, "--quiet",
                        *(["--presegmented"] if presegmented else []), *(["--no-lang-check"] if lang == "en" else []))
