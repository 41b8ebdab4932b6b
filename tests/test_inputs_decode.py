"""8-bit encodings: the decoding that yields real words wins (cp1252 French is not read as cp1257)."""

from pathlib import Path

import pytest

from evalkit.gate.inputs import read_lines
from evalkit.ingest.decode import decode_text

DATA = Path(__file__).parent / "data" / "inputs"


@pytest.mark.parametrize("lang, encoding", [("fr", "cp1252"), ("pt", "cp1252"), ("es", "latin-1"), ("it", "cp1252"),
                                            ("de", "cp1252")])
def test_western_8bit_text_decodes_to_the_same_words(lang, encoding):
    text = (DATA / f"{lang}.txt").read_text(encoding="utf-8")
    data = text.encode(encoding, errors="replace")
    assert decode_text(data)[0] == data.decode(encoding)


def test_central_european_text_keeps_its_letters():
    text = ("Wczoraj wieczorem rada miasta przedstawiła swój projekt przebudowy dworca autobusowego, "
            "który ma się rozpocząć wiosną. Według zastępczyni prezydenta prace potrwają prawie dwa lata.")
    assert decode_text(text.encode("cp1250"))[0] == text


def test_gate_lines_split_on_line_ends_only_and_read_any_encoding(tmp_path):
    p = tmp_path / "hyp.txt"
    p.write_bytes("première ligne\u2028suite\r\ndeuxième\x0cligne\r\n".encode("utf-16"))
    assert read_lines(p, "hypothesis") == ["première ligne\u2028suite", "deuxième\x0cligne"]
    p.write_bytes("a\n\nb\n".encode("cp1252"))
    assert read_lines(p, "hypothesis") == ["a", "", "b"]  # an empty line is a line: counts stay aligned
