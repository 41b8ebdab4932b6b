"""Per-word answers remembered across runs in evalkit's derived store: wordfreq's Zipf
frequencies and Snowball stems.

Every run asks for the Zipf frequency and the stem of a few thousand words (content words,
hyphen repairs, unknown words, dictionary look-ups). wordfreq answers from its whole frequency
list of a language, which a process builds on its first question: importing wordfreq (with
langcodes and its regular expressions) and building the English and French lists (~320,000
words each) cost ~0.6 s of every run, more than the questions themselves; Snowball stems a word
in pure Python (~0.1 ms), ~0.3-0.5 s for a run's new words. The answers are kept here, one JSON
table per kind and language (``<cache>/derived/zipf-<lang>-<key>.json``, ``stem-<lang>-<key>.json``;
the key names what the answers depend on), read once per process; a word not in it is computed as
before and added when the process ends. So a value is always exactly what the computation
returned, and a run that meets only known words never loads wordfreq. A table stops growing at
:data:`MAX_WORDS` (a table is read whole by every run); a read-only or damaged store only costs the computation, as before.
"""

from __future__ import annotations

import atexit
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

MAX_WORDS = 20_000  # per table (~0.4 MB, read in ~40 ms on this machine); past it, new words are not stored

_lock = threading.Lock()
_tables: dict[str, dict] = {}  # store path -> word -> value
_added: dict[str, dict] = {}  # what this process computed, per store path
_types: dict[str, type] = {}  # store path -> the values' type (a stored value of another type is dropped)
_flush_registered = False
_building = threading.local()  # set while a derived table is built (:func:`not_stored`)


@lru_cache(maxsize=1)
def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - both are dependencies
        return "?"


def _key_parts(kind: str, lang: str) -> list[str | Path]:
    """What a table's answers depend on: the package's version; for stems also the stemming code
    (``fold``, the stemmer choice) and the language profile, which names the stemmer."""
    if kind == "zipf":
        return [_version("wordfreq"), lang, "zipf_frequency(word, lang)"]
    if kind == "freq":
        return [_version("wordfreq"), lang, "word_frequency(word, lang)"]
    from evalkit.text import words

    profile = Path(words.__file__).resolve().parent.parent / "data" / "lang" / f"{lang}.toml"
    return [_version("snowballstemmer"), lang, "stem(word, lang)", Path(words.__file__), profile]


def store_path(kind: str, lang: str) -> Path:
    """Where the ``kind`` ("zipf", "freq" or "stem") table of ``lang`` is kept (the current cache folder)."""
    from evalkit.models.derived import store_key, store_path as derived_path

    return derived_path(f"{kind}-{lang}", store_key(_key_parts(kind, lang)))


@lru_cache(maxsize=256)
def _path_for(kind: str, lang: str) -> str:
    """The table's file in the cache folder of the process's first question (reading the
    environment for every word cost ~15 us, ~0.15 s a run); :func:`reset` starts over."""
    return str(store_path(kind, lang))


def reset() -> None:
    """Write what is pending, then forget the tables and their folders (the next question reads
    the environment again): for a process that changes ``EVALKIT_CACHE``."""
    flush()
    with _lock:
        _path_for.cache_clear()
        _tables.clear()


def _table(kind: str, lang: str, value_type: type) -> tuple[str, dict]:
    path = _path_for(kind, lang)
    table = _tables.get(path)
    if table is None:
        with _lock:
            table = _tables.get(path)
            if table is None:
                _types[path] = value_type
                table = _tables[path] = _read(Path(path), value_type)
    return path, table


def _read(path: Path, value_type: type) -> dict:
    from evalkit.models.derived import read_json

    stored = read_json(path)
    return stored if isinstance(stored, dict) else {}  # each value's type is checked when it is read


@contextmanager
def not_stored() -> Iterator[None]:
    """Answers computed inside are not added to the tables: building a derived table (WordNet's
    ~80,000 noun lemmas, FreeDict's headwords) would fill them with words runs never ask about."""
    depth = getattr(_building, "depth", 0)
    _building.depth = depth + 1
    try:
        yield
    finally:
        _building.depth = depth


def answer(kind: str, word: str, lang: str, compute: Callable[[str, str], object], value_type: type):
    """``compute(word, lang)``, from the stored ``kind`` table when it holds the word."""
    path, table = _table(kind, lang, value_type)
    value = table.get(word)
    if type(value) is value_type:
        return value
    value = compute(word, lang)
    if type(value) is not value_type or getattr(_building, "depth", 0):  # not storable, or building a table
        return value
    with _lock:
        table[word] = value
        _added.setdefault(path, {})[word] = value
        _register_flush()
    return value


def _wordfreq_zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency  # loaded on the first word no earlier run asked about

    return float(zipf_frequency(word, lang))


def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``, from the stored table when it holds the word."""
    return answer("zipf", word, lang, _wordfreq_zipf, float)


def _wordfreq_frequency(word: str, lang: str) -> float:
    from wordfreq import word_frequency

    return float(word_frequency(word, lang))


def frequency(word: str, lang: str) -> float:
    """``wordfreq.word_frequency(word, lang)`` (the short-text language check reads every word in
    seven languages: seven of wordfreq's lists, ~1.4 s), from the stored table when it holds the word."""
    return answer("freq", word, lang, _wordfreq_frequency, float)


def _register_flush() -> None:
    global _flush_registered
    if not _flush_registered:
        _flush_registered = True
        atexit.register(flush)


def flush() -> list[Path]:
    """Add the words this process computed to the stored tables (each table re-read first, so
    words another process stored meanwhile are kept); returns the tables written."""
    from evalkit.models.derived import write_json

    with _lock:
        pending = {k: dict(v) for k, v in _added.items() if v}
        _added.clear()
    written = []
    for path, words in pending.items():
        value_type = _types[path]
        stored = {w: v for w, v in _read(Path(path), value_type).items() if type(v) is value_type}
        room = MAX_WORDS - len(stored)
        new = {w: v for w, v in words.items() if w not in stored}
        if room <= 0 or not new:
            continue
        stored.update(dict(list(new.items())[:room]))
        write_json(Path(path), stored)
        written.append(Path(path))
    return written


__all__ = ["MAX_WORDS", "answer", "flush", "frequency", "not_stored", "reset", "store_path", "zipf"]
