"""The SQLite vector cache on its own: exact round trip, isolation by model, concurrent processes."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np
import pytest

from evalkit.models.vector_cache import VectorCache


def _vectors(n: int, dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)


def test_round_trip_is_exact_and_misses_are_none(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite")
    texts = [f"phrase {i} é" for i in range(1200)]  # more than one lookup chunk
    V = _vectors(len(texts), 16, 0)
    cache.put_many("m@1", texts, V)
    got = cache.get_many("m@1", texts + ["absent"], 16)
    assert got[-1] is None
    assert np.array_equal(np.stack(got[:-1]), V)


def test_models_and_dimensions_do_not_mix(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite")
    cache.put_many("a@1", ["x"], _vectors(1, 8, 1))
    assert cache.get_many("b@1", ["x"], 8) == [None]
    assert cache.get_many("a@1", ["x"], 16) == [None]


def test_duplicate_texts_in_a_lookup(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite")
    V = _vectors(1, 4, 2)
    cache.put_many("m", ["same"], V)
    a, b = cache.get_many("m", ["same", "same"], 4)
    assert np.array_equal(a, V[0]) and np.array_equal(b, V[0])


def test_threads_share_one_cache(tmp_path):
    """A cache opened in one thread serves the others (the service and batch runs embed from worker
    threads): what the main thread stored is found there, and what they store is found everywhere."""
    from concurrent.futures import ThreadPoolExecutor

    cache = VectorCache(tmp_path / "v.sqlite")
    V = _vectors(40, 8, 3)
    cache.put_many("m", [f"t{i}" for i in range(20)], V[:20])

    def work(k: int):
        cache.put_many("m", [f"t{20 + k}"], V[20 + k:21 + k])
        return cache.get_many("m", [f"t{i}" for i in range(20)], 8)

    with ThreadPoolExecutor(4) as pool:
        for got in pool.map(work, range(20)):
            assert np.array_equal(np.stack(got), V[:20])
    assert np.array_equal(np.stack(cache.get_many("m", [f"t{i}" for i in range(40)], 8)), V)


def test_unopenable_cache_turns_itself_off(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = VectorCache(blocker / "v.sqlite")
    assert not cache.enabled
    assert "embedding cache disabled" in caplog.text
    cache.put_many("m", ["a"], _vectors(1, 4, 3))  # no error
    assert cache.get_many("m", ["a"], 4) == [None]


def _worker(path: str, seed: int, n: int, q) -> None:
    cache = VectorCache(path, quiet=True)
    texts = [f"w{seed}-{i}" for i in range(n)]
    for start in range(0, n, 25):
        cache.put_many("m", texts[start : start + 25], _vectors(n, 8, seed)[start : start + 25])
        cache.get_many("m", [f"w{(seed + 1) % 4}-{i}" for i in range(n)], 8)  # read while others write
    q.put(seed)


def test_concurrent_processes_write_and_read(tmp_path):
    path = str(tmp_path / "v.sqlite")
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(path, s, 200, q)) for s in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert all(p.exitcode == 0 for p in procs)
    cache = VectorCache(path)
    for seed in range(4):
        got = cache.get_many("m", [f"w{seed}-{i}" for i in range(200)], 8)
        assert np.array_equal(np.stack(got), _vectors(200, 8, seed))


@pytest.mark.parametrize("bad", [["a", 3], "one string"])
def test_embedder_rejects_non_lists_of_strings(bad):
    from evalkit.models.embedders import CachedEmbedder

    emb = CachedEmbedder("t", 4, "cpu", "f", 8, None)
    with pytest.raises(TypeError):
        emb.encode(bad)
