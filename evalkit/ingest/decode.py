"""Read a text file into a ``str`` whatever its encoding, or say clearly why not.

Real inputs come as UTF-8 (with or without BOM), UTF-16 from Windows tools, or
cp1252/Latin-1 from older pipelines. BOMs are trusted first (they are exact);
otherwise strict UTF-8 is tried (it almost never decodes other encodings by
accident) and charset-normalizer guesses the rest. Binary files are refused
before guessing, because a guesser will always find *some* 8-bit encoding.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from evalkit.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; missing files, directories and empty files are input errors."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{p}: file is empty")
    return data


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte is NUL in Latin-script text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _is_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: no text encoding we accept produces these."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(sample)


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """(text, encoding name). Raises InputError for binary or undecodable input."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but does not decode as {enc}") from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _is_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot determine the text encoding (not UTF-8, UTF-16 or a known 8-bit encoding)")
    text = str(best)
    if _garbled(text):
        raise InputError(f"{name}: cannot decode the text reliably (detected {best.encoding} gives garbled text)")
    return text, best.encoding


def _garbled(text: str) -> bool:
    """Too many unprintable or private-use characters means the guess is wrong."""
    if not text:
        return True
    bad = sum(1 for c in text if (not c.isprintable() and c not in "\n\r\t\f") or "\ue000" <= c <= "\uf8ff")
    return bad > 0.02 * len(text)


def read_text(path: str | Path) -> tuple[str, str]:
    """Decode a text file; newlines are normalised to ``\\n`` so offsets are stable."""
    data = read_bytes(path)
    text, enc = decode_text(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: file has no text")
    return text, enc
