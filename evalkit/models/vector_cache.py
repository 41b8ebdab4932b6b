"""On-disk cache of sentence vectors, and of token vectors for word alignment, keyed by (model
fingerprint, text).

Re-running evalkit on the same documents should not run the model again:
vectors live in one SQLite file (WAL mode, so any number of readers work
while one process writes), stored as raw float32 so a hit returns exactly
the vector first computed. Lookups are batched (one query per few hundred
texts) and a cache that cannot be opened degrades to no cache, never to an
error.
"""

from __future__ import annotations

import hashlib
import json
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
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS token_vectors (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    tokens TEXT NOT NULL,
    vecs BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"""


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorCache:
    def __init__(self, path: Path, *, quiet: bool = False) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        # one connection shared by the threads of one process (a batch or the service share one
        # embedder): sqlite3 refuses a connection used from another thread unless told, and the
        # lock keeps one statement at a time on it; before, another thread's lookups failed and
        # were silently recomputed, which could change the last bits of a vector
        self._lock = threading.Lock()
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
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.executescript(_SCHEMA)
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
                rows = []
                for start in range(0, len(unique), _CHUNK):
                    chunk = unique[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows += self._conn.execute(
                        f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *chunk]
                    ).fetchall()
        except sqlite3.Error:
            return [None] * len(texts)
        for key, blob in rows:
            vec = np.frombuffer(blob, dtype=np.float32)
            if vec.shape[0] != dim:
                continue
            for i in where[bytes(key)]:
                out[i] = vec
        return out

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        if self._conn is None or not texts:
            return
        rows = [(model, text_key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        self._insert("INSERT OR IGNORE INTO vectors (model, key, vec) VALUES (?, ?, ?)", rows)

    def _insert(self, sql: str, rows: list[tuple]) -> None:
        """``rows`` in one write transaction; a busy or read-only cache only costs recomputation next time."""
        try:
            with self._lock, self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(sql, rows)
        except sqlite3.Error:
            pass

    def get_tokens(self, model: str, text: str, dim: int) -> tuple[list[str], list[tuple[int, int]], np.ndarray] | None:
        """A text's cached token vectors (tokens, offsets, rows), as :meth:`put_tokens` stored them."""
        return self.get_tokens_many(model, [text], dim)[0]

    def get_tokens_many(self, model: str, texts: Sequence[str], dim: int
                        ) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray] | None]:
        """Cached token vectors of ``texts`` in order, None where not cached: one query per few
        hundred texts, so a detector that prefetches a document's beads pays one look-up."""
        out: list[tuple[list[str], list[tuple[int, int]], np.ndarray] | None] = [None] * len(texts)
        if self._conn is None or not texts:
            return out
        where: dict[bytes, list[int]] = {}
        for i, t in enumerate(texts):
            where.setdefault(text_key(t), []).append(i)
        unique = list(where)
        try:
            with self._lock:
                rows = []
                for start in range(0, len(unique), _CHUNK):
                    chunk = unique[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows += self._conn.execute(
                        f"SELECT key, tokens, vecs FROM token_vectors WHERE model = ? AND key IN ({marks})",
                        [model, *chunk]).fetchall()
        except sqlite3.Error:
            return out
        for key, tokens_json, blob in rows:
            hit = _token_row(tokens_json, blob, dim)
            for i in where[bytes(key)]:
                out[i] = hit
        return out

    def put_tokens(self, model: str, text: str, tokens: list[str], offsets: list[tuple[int, int]],
                   vecs: np.ndarray) -> None:
        self.put_tokens_many(model, [(text, tokens, offsets, vecs)])

    def put_tokens_many(self, model: str,
                        items: Sequence[tuple[str, list[str], list[tuple[int, int]], np.ndarray]]) -> None:
        """Store (text, tokens, offsets, rows) for many texts in one write transaction."""
        if self._conn is None or not items:
            return
        rows = [(model, text_key(text), json.dumps([tokens, [list(o) for o in offsets]], ensure_ascii=False),
                 np.ascontiguousarray(vecs, dtype=np.float32).tobytes()) for text, tokens, offsets, vecs in items]
        self._insert("INSERT OR IGNORE INTO token_vectors (model, key, tokens, vecs) VALUES (?, ?, ?, ?)", rows)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None


def _token_row(tokens_json: str, blob: bytes, dim: int) -> tuple[list[str], list[tuple[int, int]], np.ndarray] | None:
    """Decode one token_vectors row; None if it does not fit ``dim`` (a stale or foreign row)."""
    tokens, offsets = json.loads(tokens_json)
    vecs = np.frombuffer(blob, dtype=np.float32)
    if vecs.size != len(tokens) * dim or len(offsets) != len(tokens):
        return None
    return tokens, [tuple(o) for o in offsets], vecs.reshape(len(tokens), dim)
