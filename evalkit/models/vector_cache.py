"""On-disk cache of sentence vectors, keyed by (model fingerprint, text).

Re-running evalkit on the same documents should not run the model again:
vectors live in one SQLite file (WAL mode, so any number of readers work
while one process writes), stored as raw float32 so a hit returns exactly
the vector first computed. Lookups are batched (one query per few hundred
texts) and a cache that cannot be opened degrades to no cache, never to an
error.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

_CHUNK = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID
"""


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorCache:
    def __init__(self, path: Path, *, quiet: bool = False) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except (OSError, sqlite3.Error) as exc:
            if not quiet:
                log.warning("evalkit: note: embedding cache disabled (%s: %s)", self.path, exc)

    def _open(self, attempts: int = 50) -> sqlite3.Connection:
        """Connect, switch to WAL and create the table.

        Switching a new file to WAL takes an exclusive lock that SQLite's busy
        timeout does not wait for: processes that open a fresh cache at the same
        moment get "database is locked". They retry for a few seconds instead of
        running without a cache.
        """
        while True:
            # check_same_thread=False: the service and batch runs embed from worker threads; with the
            # default, every lookup from another thread raised ProgrammingError, which read as "not
            # cached", so a thread recomputed vectors (different batch, different last bits) and saved none
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute(_SCHEMA)
                return conn
            except sqlite3.OperationalError as exc:
                conn.close()
                attempts -= 1
                if attempts <= 0 or not ("locked" in str(exc) or "busy" in str(exc)):
                    raise
                time.sleep(0.1)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def get_many(self, model: str, texts: Sequence[str], dim: int) -> list[np.ndarray | None]:
        """Vectors for ``texts`` in order; None where not cached."""
        out: list[np.ndarray | None] = [None] * len(texts)
        if self._conn is None or not texts:
            return out
        keys = [text_key(t) for t in texts]
        where: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            where.setdefault(k, []).append(i)
        unique = list(where)
        try:
            with self._lock:
                for start in range(0, len(unique), _CHUNK):
                    chunk = unique[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = self._conn.execute(
                        f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]
                    ).fetchall()
                    for key, blob in rows:
                        vec = np.frombuffer(blob, dtype=np.float32)
                        if vec.shape[0] != dim:
                            continue
                        for i in where[bytes(key)]:
                            out[i] = vec
        except sqlite3.Error:
            return [None] * len(texts)
        return out

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        if self._conn is None or not texts:
            return
        rows = [(model, text_key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        try:
            with self._lock, self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany("INSERT OR IGNORE INTO vectors (model, key, vec) VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # a busy or read-only cache only costs recomputation next time

    def close(self) -> None:
        if self._conn is not None:
            with self._lock:
                self._conn.close()
            self._conn = None
