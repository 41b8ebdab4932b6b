"""Read a text file into a ``str`` whatever its encoding, or say clearly why not.

Real inputs come as UTF-8 (with or without BOM), UTF-16/32 from Windows tools, or
cp1252/Latin-1 from older pipelines. BOMs are trusted first (they are exact);
otherwise strict UTF-8 is tried (it almost never decodes other encodings by
accident) and charset-normalizer guesses the rest; among its equally clean
8-bit guesses, the one that yields real (word-list) words wins. Binary files are refused
before guessing, because a guesser will always find *some* 8-bit encoding, and so are
files that are part UTF-8, part something else (any single guess garbles one part).

Every input file goes through :func:`read_bytes` (regular files only, at most
:data:`MAX_FILE_BYTES`) and every decoded text through :func:`check_text_limits`:
the limits keep memory and time bounded (a 1,000,000-character "word" took the
aligner past 8 GB), and a file past them is refused in a second with a message naming the limit.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from pathlib import Path

from evalkit.errors import InputError
from evalkit.ingest.bidi import bidi_controls

log = logging.getLogger(__name__)

# Limits on what evalkit reads (docs/inputs.md, "Limits"). Measured: a 100,000-character
# word costs the aligner 16 s and 0.9 GB more (1,000,000 characters: past 8 GB); 200,000
# one-word lines take 26 s just to segment.
MAX_FILE_BYTES = 32_000_000  # any input file, PDFs included
MAX_LINES = 100_000  # lines in a text file
MAX_LINE_CHARS = 50_000  # characters in one line (about 20 pages with no line break)
MAX_WORD_CHARS = 5_000  # characters between two spaces (long URLs fit; base64 blobs do not)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:,.{0 if n % 1_000_000 == 0 else 1}f} MB"


def _check_stat(p: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise InputError(f"{p}: is {kind}, not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(f"{p}: file is too large ({_megabytes(st.st_size)}; the limit is {_megabytes(MAX_FILE_BYTES)})")


def check_input_file(path: str | Path, what: str | None = None) -> None:
    """Refuse, without opening it, what :func:`read_bytes` would refuse as a file: a missing
    path, a folder, a pipe or device, a file over the size limit. For inputs that other code
    reads (glossaries), so that a named pipe cannot hang them either."""
    p = Path(path)
    try:
        try:
            st = p.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise InputError(f"{p}: no such file") from None
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
        _check_stat(p, st)
    except InputError as exc:
        if what is None:
            raise
        raise InputError(f"{exc} ({what})") from None


def read_bytes(path: str | Path, *, allow_empty: bool = False) -> bytes:
    """The file's bytes; missing files, directories, named pipes, devices and files over
    :data:`MAX_FILE_BYTES` are input errors, and so are empty (or whitespace-only) files
    unless ``allow_empty`` (callers that judge emptiness themselves, e.g. line by line).

    The file is opened non-blocking and checked on the open descriptor, so a FIFO can
    neither hang the open nor slip in between the check and the read, and at most one
    byte past the limit is ever read (``/dev/zero`` and growing files included).
    """
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    try:
        _check_stat(p, os.fstat(fd))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{p}: file is too large (more than {_megabytes(MAX_FILE_BYTES)}; the limit is "
                         f"{_megabytes(MAX_FILE_BYTES)})")
    if not allow_empty and not data.strip():
        raise InputError(f"{p}: file is empty")
    return data


# A run of more than MAX_WORD_CHARS non-spaces, tried only where a word starts (linear time).
_LONG_WORD = re.compile(r"(?<!\S)\S{%d}" % (MAX_WORD_CHARS + 1))


def check_text_limits(text: str, name: str = "<text>") -> None:
    """Refuse decoded text past :data:`MAX_LINES`, :data:`MAX_LINE_CHARS` or :data:`MAX_WORD_CHARS`.

    Called on every decoded text file before any segmentation: later stages cost more than
    linear time on such input (and a text past them is rarely prose), so it fails here, fast.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    count = text.count("\n") + (not text.endswith("\n"))
    if count > MAX_LINES:
        raise InputError(f"{name}: too many lines ({count:,}; the limit is {MAX_LINES:,})")
    if len(text) > MAX_LINE_CHARS:
        for number, line in enumerate(text.split("\n"), 1):
            if len(line) > MAX_LINE_CHARS:
                raise InputError(f"{name}: line {number} is too long ({len(line):,} characters; the limit is "
                                 f"{MAX_LINE_CHARS:,})")
    m = _LONG_WORD.search(text) if len(text) > MAX_WORD_CHARS else None
    if m:
        word = re.match(r"\S+", text[m.start(): m.start() + MAX_LINE_CHARS + 1]).group()
        raise InputError(f"{name}: line {text.count(chr(10), 0, m.start()) + 1} has a {len(word):,}-character word "
                         f"with no space (the limit is {MAX_WORD_CHARS:,})")


def _looks_utf32(data: bytes) -> str | None:
    """UTF-32 without BOM: in every 4-byte unit the highest byte is NUL, the next almost always."""
    n = len(data) - len(data) % 4
    sample = data[: min(n, 8000)]
    if len(sample) < 8 or len(data) % 4:
        return None
    if sample[3::4].count(0) == len(sample) // 4 and sample[2::4].count(0) > 0.9 * (len(sample) // 4):
        return "utf-32-le"
    if sample[0::4].count(0) == len(sample) // 4 and sample[1::4].count(0) > 0.9 * (len(sample) // 4):
        return "utf-32-be"
    return None


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
    if data.startswith(codecs.BOM_UTF32_LE) and (len(data) % 4 or len(data) == 4):
        # FF FE 00 00 is also the UTF-16-LE mark followed by U+0000: a length that is not a
        # multiple of 4, or nothing after the mark read as UTF-32, means UTF-16
        try:
            return data.decode("utf-16").lstrip("\ufeff"), "utf-16"
        except UnicodeDecodeError:
            pass
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but does not decode as {enc}") from None
    for wide in (_looks_utf32(data), _looks_utf16(data)):
        if wide:
            try:
                text = data.decode(wide)
            except UnicodeDecodeError:
                continue
            if not _garbled(text):
                return text, wide
    if _is_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed:
        raise InputError(f"{name}: mixes text encodings: line {mixed[0]} is UTF-8 but line {mixed[1]} is not "
                         "(re-save the whole file in one encoding, e.g. UTF-8)")
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if m.encoding is not None]
    if not matches:
        raise InputError(f"{name}: cannot determine the text encoding (not UTF-8, UTF-16 or a known 8-bit encoding)")
    text, encoding = _most_wordlike(matches)
    if _garbled(text):
        raise InputError(f"{name}: cannot decode the text reliably (detected {encoding} gives garbled text)")
    return text, encoding


# Characters a UTF-8 line of Western or Central European text decodes to: Latin-1 and Latin
# Extended-A letters, general punctuation (’ “ — …), €. Bytes of an 8-bit file that happen to
# form valid UTF-8 decode to other characters ("É»" in cp1252 is "Ȼ").
_PLAUSIBLE_NON_ASCII = re.compile(r"[\u00a0-\u017f\u2000-\u206f\u20ac]")


def _mixed_utf8(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a non-UTF-8 line) when some lines with accents are valid UTF-8 and
    others are not: half UTF-8, half Latin-1 (a pasted paragraph, a concatenation)."""
    utf8_line = bad_line = 0
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad_line = bad_line or number
        else:
            if not utf8_line and all(_PLAUSIBLE_NON_ASCII.match(c) for c in text if not c.isascii()):
                utf8_line = number
        if utf8_line and bad_line:
            return utf8_line, bad_line
    return None


# Languages whose words break ties between 8-bit encodings (Western, Central European, Turkish).
_WORD_LANGS = ("fr", "en", "es", "de", "it", "pt", "nl", "pl", "cs", "hu", "ro", "tr")
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")
_SAMPLE_CHARS = 256_000  # how much of a long text the encoding heuristics look at


def _known_share(text: str) -> float:
    """Share of the words with non-ASCII letters that some word list knows ("rénovation" yes, "rénovatiįn" no)."""
    from evalkit.ingest.lexicon import zipf

    words: dict[str, None] = {}
    for m in _NON_ASCII_WORD.finditer(text, 0, _SAMPLE_CHARS):  # the first 300 distinct words are enough
        words[m.group().lower()] = None
        if len(words) == 300:
            break
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


def _sample(text: str, parts: int = 8) -> str:
    """At most :data:`_SAMPLE_CHARS` characters from all over ``text`` (a wrong decoding garbles
    it throughout; judging 30 MB character by character took a minute)."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    size, step = _SAMPLE_CHARS // parts, len(text) // parts
    return "".join(text[i * step: i * step + size] for i in range(parts))


def _garbled(text: str) -> bool:
    """Too many unprintable or private-use characters means the guess is wrong."""
    if not text:
        return True
    text = _sample(text)
    bad = sum(1 for c in text if (not c.isprintable() and c not in "\n\r\t\f") or "\ue000" <= c <= "\uf8ff")
    return bad > 0.02 * len(text)


def read_text(path: str | Path) -> tuple[str, str]:
    """Decode a text file; newlines are normalised to ``\\n`` so offsets are stable."""
    data = read_bytes(path)
    text, enc = decode_text(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: file has no text")
    check_text_limits(text, str(path))
    controls = bidi_controls(text)
    if controls:
        offset, name = controls[0]
        log.warning("%s: %d Unicode bidi control(s) (first: %s at character %d): they can make text display "
                    "in another order than it is stored; reports show them as ⟨%s⟩", path, len(controls), name,
                    offset, name)
    return text, enc
