"""wordfreq's Zipf frequencies, remembered across runs in evalkit's derived store.

Every run asks for the Zipf frequency of a few thousand words (content words, hyphen repairs,
unknown words). wordfreq answers from its whole frequency list of a language, which a process
builds on its first question: importing wordfreq (with langcodes and its regular expressions)
and building the English and French lists (~320,000 words each) cost ~0.6 s of every run, more
than the questions themselves. The answers of ``wordfreq.zipf_frequency(word, lang)`` are kept
here, one JSON table a language (``<cache>/derived/zipf-<lang>-<key>.json``, the key names
wordfreq's version), read once per process; a word not in it is asked of wordfreq as before and
added when the process ends. So a value is always exactly what wordfreq returned; a run that
meets only known words never loads wordfreq. A table stops growing at :data:`MAX_WORDS`; a
read-only or damaged store only costs wordfreq's load, as before.
"""

from __future__ import annotations

import atexit
import os
import threading
from functools import lru_cache
from pathlib import Path

MAX_WORDS = 300_000  # per language: about wordfreq's own list; past it, new words are not stored

_lock = threading.Lock()
_tables: dict[tuple[str, str], dict[str, float]] = {}  # (store path, lang) -> word -> zipf
_added: dict[tuple[str, str], dict[str, float]] = {}  # what this process asked wordfreq, per table
_flush_registered = False


@lru_cache(maxsize=1)
def _wordfreq_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq")
    except PackageNotFoundError:  # pragma: no cover - wordfreq is a dependency
        return "?"


def store_path(lang: str) -> Path:
    """Where ``lang``'s table is kept (the derived store of the current cache folder)."""
    from evalkit.models.derived import store_key, store_path as derived_path

    return derived_path(f"zipf-{lang}", store_key([_wordfreq_version(), lang, "zipf_frequency(word, lang)"]))


@lru_cache(maxsize=64)
def _path_for(lang: str, _env: tuple) -> str:
    return str(store_path(lang))


def _table(lang: str) -> tuple[tuple[str, str], dict[str, float]]:
    # the cache folder follows the environment (EVALKIT_CACHE, EVALKIT_HOME), as every store does
    path = _path_for(lang, tuple(os.environ.get(v) for v in ("EVALKIT_CACHE", "EVALKIT_HOME", "XDG_CACHE_HOME")))
    key = (path, lang)
    table = _tables.get(key)
    if table is None:
        with _lock:
            table = _tables.get(key)
            if table is None:
                table = _tables[key] = _read(Path(path))
    return key, table


def _read(path: Path) -> dict[str, float]:
    from evalkit.models.derived import read_json

    stored = read_json(path)
    if not isinstance(stored, dict):
        return {}
    return {w: z for w, z in stored.items() if isinstance(w, str) and isinstance(z, float)}


def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``, from the stored table when it holds the word."""
    key, table = _table(lang)
    z = table.get(word)
    if z is not None:
        return z
    from wordfreq import zipf_frequency  # loaded on the first word no earlier run asked about

    z = float(zipf_frequency(word, lang))
    with _lock:
        table[word] = z
        _added.setdefault(key, {})[word] = z
        _register_flush()
    return z


def _register_flush() -> None:
    global _flush_registered
    if not _flush_registered:
        _flush_registered = True
        atexit.register(flush)


def flush() -> list[Path]:
    """Add the words this process asked wordfreq about to the stored tables (each table re-read
    first, so words another process stored meanwhile are kept); returns the tables written."""
    from evalkit.models.derived import write_json

    with _lock:
        pending = {k: dict(v) for k, v in _added.items() if v}
        _added.clear()
    written = []
    for (path, _lang), words in pending.items():
        stored = _read(Path(path))
        room = MAX_WORDS - len(stored)
        new = {w: z for w, z in words.items() if w not in stored}
        if room <= 0 or not new:
            continue
        stored.update(dict(list(new.items())[:room]))
        write_json(Path(path), stored)
        written.append(Path(path))
    return written


__all__ = ["MAX_WORDS", "flush", "store_path", "zipf"]
