"""Device choice, with torch's CUDA availability patched (this machine has no GPU)."""

from __future__ import annotations

import os

import pytest
import torch

from evalkit.errors import EvalkitError
from evalkit.models.device import choose_device, free_cpu_cores


@pytest.fixture
def fake_gpus(monkeypatch):
    def install(count: int):
        import evalkit.models.device as device

        monkeypatch.setattr(device, "_gpu_build", lambda: True)  # a CUDA build of torch (this one is CPU-only)
        monkeypatch.setattr(torch.cuda, "is_available", lambda: count > 0)
        monkeypatch.setattr(torch.cuda, "device_count", lambda: count)
        monkeypatch.setattr(torch.cuda, "get_device_name", lambda i=0: f"Fake GPU {i}")

    return install


def test_auto_uses_cuda_in_fp16_when_torch_sees_a_gpu(fake_gpus):
    fake_gpus(1)
    c = choose_device("auto")
    assert c.device == "cuda:0" and c.dtype == "float16" and c.threads is None
    assert c.batch_size > choose_device("cpu").batch_size
    assert "CUDA" in c.reason


def test_auto_falls_back_to_cpu_without_gpu(fake_gpus):
    fake_gpus(0)
    c = choose_device("auto")
    assert c.device == "cpu" and c.dtype == "float32" and c.threads >= 1
    assert "no CUDA" in c.reason


def test_explicit_gpu_index(fake_gpus):
    fake_gpus(2)
    assert choose_device("cuda:1").device == "cuda:1"
    assert choose_device("CUDA").device == "cuda:0"
    with pytest.raises(EvalkitError, match="only 2"):
        choose_device("cuda:2")


@pytest.mark.parametrize("spec", ["gpu", "cuda:x", "cuda:-1", "tpu", "cpu:0"])
def test_invalid_device_strings_are_user_errors(spec):
    with pytest.raises(EvalkitError, match="invalid device"):
        choose_device(spec)


def test_cuda_requested_without_gpu_is_a_clear_error(fake_gpus):
    fake_gpus(0)
    with pytest.raises(EvalkitError, match="no CUDA GPU"):
        choose_device("cuda")


def test_threads_follow_free_cores_or_the_env(monkeypatch):
    n, why = free_cpu_cores()
    assert 1 <= n <= len(os.sched_getaffinity(0)) and "cores" in why
    monkeypatch.setenv("EVALKIT_THREADS", "3")
    assert choose_device("cpu").threads == 3
    monkeypatch.setenv("EVALKIT_THREADS", "zero")
    with pytest.raises(EvalkitError):
        choose_device("cpu")


def test_load_embedder_rejects_cuda_without_gpu(fake_gpus, tmp_path):
    from evalkit.models import load_embedder

    fake_gpus(0)
    with pytest.raises(EvalkitError, match="no CUDA GPU"):
        load_embedder(device="cuda", cache_dir=tmp_path)


def test_load_embedder_threads_and_batch_override(tmp_path):
    from evalkit.models import load_embedder
    from tests.models_support import e5_cache_dir

    before = torch.get_num_threads()
    try:
        emb = load_embedder(device="cpu", cache_dir=e5_cache_dir(), cache=False, install=False, quiet=True, threads=1, batch_size=3)
        assert emb.encode(["a", "b", "c", "d"]).shape == (4, 384)  # the model loads (and takes its threads) on first use
        assert torch.get_num_threads() == 1 and emb.batch_size == 3
        with pytest.raises(EvalkitError, match="at least 1"):
            load_embedder(device="cpu", cache_dir=e5_cache_dir(), threads=0)
    finally:
        torch.set_num_threads(before)


def test_a_cpu_only_torch_build_is_read_without_importing_torch():
    """`--device auto` on a CPU-only torch costs no torch import (seconds on a warm run)."""
    import subprocess
    import sys

    code = ("import sys; from evalkit.models.device import choose_device, _gpu_build; c = choose_device('auto'); "
            "print(_gpu_build(), c.device, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    built_for_gpu = torch.version.cuda is not None or getattr(torch.version, "hip", None) is not None
    assert out[0] == str(built_for_gpu)
    if not built_for_gpu:
        assert out[1:] == ["cpu", "False"]
