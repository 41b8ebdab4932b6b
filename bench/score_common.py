"""Shared helpers for the score benchmarks: cached embeddings and translations.

Not a benchmark itself. Caches live under /tmp/evalkit-cache/ so re-running a
benchmark costs seconds, not minutes.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

CACHE = Path("/tmp/evalkit-cache")


def cached_map(name: str, texts: Sequence[str], compute: Callable[[list[str]], Sequence]) -> list:
    """compute() only the texts not cached yet under ``name``; returns results in order."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"score-{name}.pkl"
    store: dict = pickle.loads(path.read_bytes()) if path.exists() else {}
    key = lambda t: hashlib.sha1(t.encode()).hexdigest()  # noqa: E731
    todo = sorted({t for t in texts if key(t) not in store})
    if todo:
        for t, v in zip(todo, compute(todo)):
            store[key(t)] = v
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(store))
        tmp.replace(path)
    return [store[key(t)] for t in texts]


def embed(embedder, texts: Sequence[str], name: str = "e5") -> np.ndarray:
    runtime = getattr(embedder, "runtime", "torch")
    if runtime != "torch":  # vectors of another runtime (EVALKIT_EMBEDDER_RUNTIME) are never read as PyTorch's
        name = f"{name}-{runtime}"
    rows = cached_map(name, texts, lambda ts: list(embedder.encode(ts)))
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
