"""`evalkit segment` end to end, and every kind of bad input through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.ingest import load_document

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evalkit", "segment", *args], capture_output=True, text=True, cwd=ROOT)


def _bad(path: Path) -> None:
    out = run(str(path), "--lang", "fr")
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_missing_file(tmp_path: Path) -> None:
    _bad(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    _bad(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    _bad(p)


def test_whitespace_only_file(tmp_path: Path) -> None:
    p = tmp_path / "blank.txt"
    p.write_bytes(b" \n\n\t \n")
    _bad(p)


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(bytes(range(256)) * 40)
    _bad(p)


def test_undecodable_file(tmp_path: Path) -> None:
    # a UTF-8 BOM followed by bytes that are not UTF-8
    p = tmp_path / "broken.txt"
    p.write_bytes(b"\xef\xbb\xbfLa soci\xe9t\xe9 a \xe9t\xe9 cr\xe9\xe9e.\n")
    _bad(p)


def test_pdf_without_text_layer() -> None:
    _bad(ROOT / "tests/data/ingest/no-text-layer.pdf")


def test_corrupt_pdf(tmp_path: Path) -> None:
    p = tmp_path / "bad.pdf"
    p.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    _bad(p)


def test_jsonl_has_provenance_and_hides_skipped(tmp_path: Path) -> None:
    out = run("pairs/lemonde-amazon/source.fr.txt", "--lang", "fr")
    assert out.returncode == 0, out.stderr
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    raw = (ROOT / "pairs/lemonde-amazon/source.fr.txt").read_text(encoding="utf-8")
    assert recs and all({"text", "kind", "start", "end", "paragraph", "reason"} <= r.keys() for r in recs)
    assert not any(r["kind"] == "skipped" for r in recs)
    for r in recs:
        if r["kind"] == "furniture":
            assert raw[r["start"] : r["end"]].split() == r["text"].split()
    shown = run("pairs/lemonde-amazon/source.fr.txt", "--lang", "fr", "--show-skipped")
    skipped = [json.loads(line) for line in shown.stdout.splitlines() if '"skipped"' in line]
    assert skipped and all(r["reason"] for r in skipped)


def test_txt_format_and_presegmented(tmp_path: Path) -> None:
    p = tmp_path / "lines.txt"
    p.write_text("Premier segment. Avec deux phrases.\n\nDeuxième segment\n", encoding="utf-8")
    out = run(str(p), "--lang", "fr", "--format", "txt", "--presegmented")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["Premier segment. Avec deux phrases.", "Deuxième segment"]
    out = run(str(p), "--lang", "fr", "--format", "txt", "--layout", "plain")
    assert out.stdout.splitlines() == ["Premier segment.", "Avec deux phrases.", "Deuxième segment"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "L'été dernier, la société a réagi à la décision.\nÇa a coûté 10 000 € à l'État.\n"
    if encoding == "latin-1":
        text = text.replace("€", "F")
    p = tmp_path / f"doc-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    doc = load_document(p, "fr", layout="plain")  # in-process: the CLI path is covered above
    assert [s.text for s in doc.segments] == text.splitlines()
    assert doc.raw == text
