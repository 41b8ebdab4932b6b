"""Embeddings of segments and of merged runs, computed once and batched.

A bead ``2-1`` compares the embedding of two concatenated source segments
with one target segment, so runs of consecutive segments need vectors too.
Only the runs a search may use are requested (the caller prunes runs that
cannot win), each distinct text is encoded once per call, and any embedder
with ``encode(texts) -> (n, d) L2-normalised`` works (e5, USE, ...).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np


class RunEmbeddings:
    """Lazily embedded runs ``texts[k : k + length]`` of one document side."""

    def __init__(self, texts: Sequence[str], embedder, memo: dict[str, np.ndarray] | None = None, batch: int = 256, summed_runs: bool = False) -> None:
        self.texts = list(texts)
        # summed_runs: a run's vector is the normalised sum of its segments' vectors (no encoding)
        self.summed_runs = summed_runs
        self.embedder = embedder
        # a shared memo (benchmarks, several alignments of the same texts) keeps every vector
        # by text; without one, vectors live only in the run matrices (half the memory)
        self.memo = memo
        self.batch = batch
        self._runs: dict[int, np.ndarray] = {}  # length -> (n_runs, d), NaN rows = not computed
        self.dim: int | None = None
        self.encoded = 0

    def text(self, k: int, length: int) -> str:
        return " ".join(self.texts[k : k + length])

    def _encode(self, texts: list[str]) -> np.ndarray:
        known = self.memo if self.memo is not None else {}
        fresh: dict[str, np.ndarray] = {}
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        for s in range(0, len(todo), self.batch):
            chunk = todo[s : s + self.batch]
            vecs = np.asarray(self.embedder.encode(chunk), dtype=np.float32)
            self.encoded += len(chunk)
            fresh.update(zip(chunk, vecs))
        if not texts:
            return np.zeros((0, self.dim or 1), np.float32)
        out = np.stack([fresh[t] if t in fresh else known[t] for t in texts])
        self.dim = out.shape[1]
        return out

    def ensure(self, length: int, starts: np.ndarray | None = None) -> np.ndarray:
        """Matrix of run vectors of ``length``; rows for ``starts`` (default all) are filled."""
        n_runs = max(0, len(self.texts) - length + 1)
        if starts is None:
            starts = np.arange(n_runs)
        starts = np.unique(np.asarray(starts, dtype=np.int64))
        starts = starts[(starts >= 0) & (starts < n_runs)]
        mat = self._runs.get(length)
        if mat is None:
            d = self.dim or (self._encode(self.texts[:1]).shape[1] if self.texts else 1)
            mat = np.full((n_runs, d), np.nan, dtype=np.float32)
            self._runs[length] = mat
        missing = starts[np.isnan(mat[starts, 0])] if len(starts) else starts
        if len(missing) and self.summed_runs and length > 1:
            E = self.ensure(1)
            acc = np.zeros((len(missing), mat.shape[1]), np.float32)
            for off in range(length):
                acc += E[missing + off]
            mat[missing] = acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-9)
        elif len(missing):
            rows, segs = missing.tolist(), self.texts  # Python ints: a book asks for tens of thousands of runs
            texts = [" ".join(segs[k : k + length]) for k in rows]
            mat[missing] = self._encode(texts)
            if self.memo is not None:
                for k, t in zip(rows, texts):
                    self.memo[t] = mat[k]  # a view: the memo must not keep a second copy of every vector
        return mat

    def get(self, length: int) -> np.ndarray:
        """Run vectors of ``length`` computed so far (NaN rows: never requested)."""
        return self.ensure(length, np.zeros(0, dtype=np.int64))


class DiskCachedEmbedder:
    """Wraps an embedder with a per-model on-disk cache (benchmarks re-run cheaply)."""

    def __init__(self, embedder, cache_dir: str | Path) -> None:
        self.inner = embedder
        self.name = getattr(embedder, "name", "embedder")
        self.dim = getattr(embedder, "dim", None)
        self.device = getattr(embedder, "device", "cpu")
        self.dir = Path(cache_dir) / self.name.replace("/", "_")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.calls = 0

    def _path(self, text: str) -> Path:
        h = hashlib.sha1(text.encode("utf-8")).hexdigest()
        return self.dir / h[:2] / (h[2:] + ".npy")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out: list[np.ndarray | None] = [None] * len(texts)
        todo = []
        for k, t in enumerate(texts):
            p = self._path(t)
            if p.exists():
                out[k] = np.load(p)
            else:
                todo.append(k)
        if todo:
            vecs = np.asarray(self.inner.encode([texts[k] for k in todo]), dtype=np.float32)
            self.calls += len(todo)
            for k, v in zip(todo, vecs):
                p = self._path(texts[k])
                p.parent.mkdir(exist_ok=True)
                tmp = p.with_suffix(".tmp.npy")
                np.save(tmp, v)
                tmp.replace(p)
                out[k] = v
        if not texts:
            return np.zeros((0, self.dim or 1), dtype=np.float32)
        return np.stack(out)  # type: ignore[arg-type]
