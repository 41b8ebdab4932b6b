"""Read a text file into a ``str`` whatever its encoding, or say clearly why not.

Real inputs come as UTF-8 (with or without BOM), UTF-16 from Windows tools, or
cp1252/Latin-1 from older pipelines. BOMs are trusted first (they are exact);
otherwise strict UTF-8 is tried (it almost never decodes other encodings by
accident) and charset-normalizer guesses the rest; among its equally clean
8-bit guesses, the one that yields real (word-list) words wins. Binary files are refused
before guessing, because a guesser will always find *some* 8-bit encoding.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from evalkit.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str | Path, *, allow_empty: bool = False) -> bytes:
    """The file's bytes; missing files and directories are input errors, and so are
    empty (or whitespace-only) files unless ``allow_empty`` (callers that judge
    emptiness themselves, e.g. line by line)."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    if not p.exists():
        raise InputError(f"{p}: no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if not allow_empty and not data.strip():
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

    matches = [m for m in from_bytes(data) if m.encoding is not None]
    if not matches:
        raise InputError(f"{name}: cannot determine the text encoding (not UTF-8, UTF-16 or a known 8-bit encoding)")
    text, encoding = _most_wordlike(matches)
    if _garbled(text):
        raise InputError(f"{name}: cannot decode the text reliably (detected {encoding} gives garbled text)")
    return text, encoding


# Languages whose words break ties between 8-bit encodings (Western, Central European, Turkish).
_WORD_LANGS = ("fr", "en", "es", "de", "it", "pt", "nl", "pl", "cs", "hu", "ro", "tr")
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")


def _known_share(text: str) -> float:
    """Share of the words with non-ASCII letters that some word list knows ("rénovation" yes, "rénovatiįn" no)."""
    from evalkit.ingest.lexicon import zipf

    words = list(dict.fromkeys(m.group().lower() for m in _NON_ASCII_WORD.finditer(text)))[:300]
    if not words:
        return 0.0
    return sum(any(zipf(w, lang) > 0 for lang in _WORD_LANGS) for w in words) / len(words)


def _most_wordlike(matches) -> tuple[str, str]:
    """Among 8-bit decodings that look equally clean, the one that gives real words.

    charset-normalizer ranks by "chaos" (odd characters), which cannot tell
    cp1252 "routière" from cp1257 "routičre": both are clean letters. Real words
    can: the decoding whose accented words a word list knows wins, and
    charset-normalizer's order breaks ties.
    """
    best_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best_chaos + 0.02][:8]
    if len(close) == 1:
        return str(close[0]), close[0].encoding
    scored = [(_known_share(str(m)), -i, m) for i, m in enumerate(close)]
    best = max(scored, key=lambda t: (t[0], t[1]))[2]
    return str(best), best.encoding


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
