"""Values derived from installed data, kept as JSON in evalkit's cache (``<cache>/derived/``).

Some look-up tables take seconds to build from packages (FreeDict's ~80,000 stemmed entries,
wordfreq's word lists for the language-ID table) and are the same in every process until a
package or the code that builds them changes. They are stored under a key of everything they
depend on, so a new process reads them back and a changed input is rebuilt. A read-only, full
or damaged cache only costs the rebuild: it never fails a run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Callable, Iterable

log = logging.getLogger(__name__)


def store_key(parts: Iterable[str | Path]) -> str:
    """A short hash of what a stored value depends on: strings as given, files by their bytes
    (``-`` for a missing one), so editing a profile or the building code changes the key."""
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        if isinstance(part, Path):
            h.update(part.read_bytes() if part.is_file() else b"-")
        else:
            h.update(str(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


def store_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """The folder of the stored tables: ``<cache>/derived``."""
    from evalkit.models.paths import cache_root

    return cache_root(cache_dir) / "derived"


def store_path(name: str, key: str, cache_dir: str | os.PathLike | None = None) -> Path:
    return store_dir(cache_dir) / f"{name}-{key}.json"


def read_json(path: Path) -> Any | None:
    """The stored value, or None when it is missing or unreadable (a rebuild follows)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Store ``value`` atomically; a cache that cannot be written is skipped (logged)."""
    from evalkit.errors import EvalkitError
    from evalkit.report.atomic import write_atomic

    try:
        write_atomic(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    except (OSError, ValueError, EvalkitError) as exc:
        log.debug("derived store %s not written: %s", path, exc)


def cached(name: str, key: str, build: Callable[[], Any], *, decode: Callable[[Any], Any] = lambda v: v,
           encode: Callable[[Any], Any] = lambda v: v, cache_dir: str | os.PathLike | None = None) -> Any:
    """``decode(stored)`` when ``<cache>/derived/<name>-<key>.json`` holds a readable value, else
    ``build()`` (stored as ``encode(value)``). A stored value ``decode`` rejects (KeyError,
    TypeError, ValueError, AttributeError) is rebuilt."""
    path = store_path(name, key, cache_dir)
    stored = read_json(path)
    if stored is not None:
        try:
            return decode(stored)
        except (KeyError, TypeError, ValueError, AttributeError):
            log.debug("derived store %s unreadable; rebuilding", path)
    from evalkit.text.wordstore import not_stored

    with not_stored():  # the words a build stems or looks up are not a run's words
        value = build()
    write_json(path, encode(value))
    return value


__all__ = ["cached", "read_json", "store_dir", "store_key", "store_path", "write_json"]
