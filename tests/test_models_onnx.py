"""The ONNX Runtime path for sentence-transformers embedders (issue 12): same answers as PyTorch.

Tolerances, fixed before measuring (docs/models.md, "ONNX Runtime"):

* ``onnx`` (float32): the same graph and weights in float32; only the kernels' summation order
  differs, which moves values by ~1e-6. Every sentence vector and every token vector must have
  cosine >= 1 - 1e-5 with PyTorch's (the project already accepts 1e-5 for batching differences).
* ``onnx-int8`` (dynamic int8 quantisation of the weights): a different model in its last bits,
  so a looser bound: sentence vectors cosine >= 0.98, token vectors >= 0.95 (mean >= 0.99); whether
  its answers are the same is for the benchmarks (DEMETR, alignment, seed-pair flags), not this file.

Tokens and offsets must be identical on both runtimes (same tokenizer file). The vectors come from
a real export of the installed e5 folder into a temporary cache, the way ``evalkit models install
--onnx`` does it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from evalkit.errors import EvalkitError
from tests.models_support import e5_cache_dir, e5_folder, pairs


pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
FP32_COS = 1 - 1e-5
INT8_COS = 0.98
INT8_TOKEN_COS, INT8_TOKEN_MEAN = 0.95, 0.99


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory) -> Path:
    """A cache folder holding the installed e5 (linked) and its ONNX export, made by the CLI."""
    cache = tmp_path_factory.mktemp("onnx-cache")
    (cache / "models").mkdir()
    (cache / "models" / "multilingual-e5-small").symlink_to(e5_folder())
    before = sorted(p.name for p in e5_folder().iterdir())
    r = subprocess.run([sys.executable, "-m", "evalkit", "models", "install", "multilingual-e5-small", "--onnx",
                        "--cache-dir", str(cache)], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in e5_folder().iterdir()) == before  # the installed folder is not touched
    return cache


def _texts() -> list[str]:
    seed = ROOT / "pairs" / "lemonde-amazon"
    lines = [t for f in ("source.fr.txt", "translation.en.txt")
             for t in (seed / f).read_text(encoding="utf-8").splitlines() if t.strip()]
    long = " ".join(["La petite fille a perdu son chapeau rouge dans le vieux jardin de sa grand-mère."] * 40)
    return [*(t for pair in pairs() for t in pair), *lines[:60], long, " Oui. ", "e\u0301té"]


def _load(cache_dir: Path, runtime: str, **kw):
    from evalkit.models import load_embedder

    return load_embedder(device="cpu", cache_dir=cache_dir, install=False, quiet=True, runtime=runtime,
                         **({"cache": False} | kw))


def _torch():
    """The PyTorch reference, asked for by name (the default runtime is ONNX where the export exists)."""
    emb = _load(e5_cache_dir(), "torch")
    assert emb.runtime == "torch"
    return emb


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)


def test_the_export_is_written_in_its_own_folder_with_a_manifest(onnx_cache):
    folder = onnx_cache / "onnx" / "multilingual-e5-small"
    assert (folder / "model.onnx").stat().st_size > 100e6 and (folder / "model_int8.onnx").stat().st_size > 50e6
    assert (folder / "tokenizer.json").is_file()
    manifest = json.loads((folder / "evalkit-onnx.json").read_text(encoding="utf-8"))
    source = json.loads((e5_folder() / "evalkit-manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_weights_sha256"] == source["weights_sha256"]
    assert manifest["self_test"]["onnx"] >= FP32_COS and manifest["self_test"]["onnx-int8"] >= INT8_COS
    # a second install is a no-op
    mtime = (folder / "model.onnx").stat().st_mtime_ns
    r = subprocess.run([sys.executable, "-m", "evalkit", "models", "install", "multilingual-e5-small", "--onnx",
                        "--cache-dir", str(onnx_cache)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and "(ONNX): already exported" in r.stdout, r.stdout + r.stderr
    assert (folder / "model.onnx").stat().st_mtime_ns == mtime


@pytest.mark.parametrize("runtime, bound", [("onnx", FP32_COS), ("onnx-int8", INT8_COS)])
def test_sentence_vectors_match_pytorch(onnx_cache, runtime, bound):
    texts = _texts()
    ref = _torch().encode(texts)
    got = _load(onnx_cache, runtime).encode(texts)
    assert got.dtype == np.float32 and got.shape == ref.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
    cos = _cos(got, ref)
    assert cos.min() >= bound, (runtime, float(cos.min()), texts[int(cos.argmin())])


@pytest.mark.parametrize("runtime", ["onnx", pytest.param("onnx-int8", marks=pytest.mark.xfail(
    strict=True, reason="measured: int8 token vectors reach cosine 0.920 (mean 0.984) with PyTorch's, outside the "
                        "bound set before measuring; int8 stays opt-in (docs/models.md)"))])
def test_token_vectors_match_pytorch(onnx_cache, runtime):
    texts = _texts()
    ref = _torch().encode_tokens_many(texts)
    got = _load(onnx_cache, runtime).encode_tokens_many(texts)
    all_cos = []
    for text, (t1, o1, v1), (t2, o2, v2) in zip(texts, ref, got):
        assert t2 == t1 and o2 == o1, text
        assert v2.shape == v1.shape and v2.dtype == np.float32
        if len(v1):
            all_cos.append(_cos(v1, v2))
    cos = np.concatenate(all_cos)
    if runtime == "onnx":
        assert cos.min() >= FP32_COS, float(cos.min())
    else:
        assert cos.min() >= INT8_TOKEN_COS and cos.mean() >= INT8_TOKEN_MEAN, (float(cos.min()), float(cos.mean()))


def test_joint_pass_gives_the_same_vectors_as_the_separate_ones(onnx_cache, tmp_path):
    texts = _texts()
    emb = _load(onnx_cache, "onnx", cache=tmp_path / "v.sqlite")
    vecs = emb.encode_with_tokens(texts, texts)
    plain = _load(onnx_cache, "onnx")
    assert float(np.abs(vecs - plain.encode(texts)).max()) <= 1e-5
    again = _load(onnx_cache, "onnx", cache=tmp_path / "v.sqlite")
    toks = again.encode_tokens_many(texts[:-3])  # the long text runs in windows, not in the joint pass
    assert not again.model_loaded
    for (t1, o1, v1), (t2, o2, v2) in zip(toks, plain.encode_tokens_many(texts[:-3])):
        assert t1 == t2 and o1 == o2 and float(np.abs(v1 - v2).max()) <= 1e-5


def test_each_runtime_has_its_own_cache_key(onnx_cache, tmp_path):
    """Vectors are cached by text: the ONNX ones must never be read back as PyTorch's, or the reverse."""
    db = tmp_path / "v.sqlite"
    keys = {rt: _load(onnx_cache, rt, cache=db).cache_key for rt in ("torch", "onnx", "onnx-int8")}
    assert len(set(keys.values())) == 3, keys
    torch_emb = _load(onnx_cache, "torch", cache=db)
    torch_emb.encode(["Le chat dort."])
    int8 = _load(onnx_cache, "onnx-int8", cache=db)
    int8.encode(["Le chat dort."])
    assert int8.stats["computed"] == 1


def test_the_onnx_path_never_imports_torch(onnx_cache):
    """The point of the backend on a cold run: no torch, no sentence-transformers, no transformers."""
    code = ("import sys; from evalkit.models import load_embedder; "
            f"e = load_embedder(device='cpu', cache_dir={str(onnx_cache)!r}, cache=False, install=False, quiet=True, "
            "runtime='onnx'); e.encode(['Bonjour.']); e.encode_tokens_many(['Bonjour tout le monde.']); "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_runtime_from_the_environment_and_bad_values(onnx_cache, monkeypatch):
    monkeypatch.setenv("EVALKIT_EMBEDDER_RUNTIME", "onnx-int8")
    from evalkit.models import load_embedder

    emb = load_embedder(device="cpu", cache_dir=onnx_cache, cache=False, install=False, quiet=True)
    assert emb.runtime == "onnx-int8"
    monkeypatch.setenv("EVALKIT_EMBEDDER_RUNTIME", "tensorrt")
    with pytest.raises(EvalkitError, match="EVALKIT_EMBEDDER_RUNTIME"):
        load_embedder(device="cpu", cache_dir=onnx_cache, cache=False, install=False, quiet=True)


def test_a_missing_export_is_an_error_when_asked_for_and_torch_by_default(tmp_path, monkeypatch):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "multilingual-e5-small").symlink_to(e5_folder())
    from evalkit.errors import ModelNotFoundError
    from evalkit.models import load_embedder

    with pytest.raises(ModelNotFoundError, match="--onnx"):
        _load(tmp_path, "onnx")
    monkeypatch.delenv("EVALKIT_EMBEDDER_RUNTIME", raising=False)
    emb = load_embedder(device="cpu", cache_dir=tmp_path, cache=False, install=False, quiet=True)
    assert emb.runtime == "torch"  # the default never exports on the fly


def test_the_default_runtime_is_onnx_float32_where_the_export_is(onnx_cache, monkeypatch):
    """The decision of issue 12 (docs/models.md): same answers, faster, so the default on a CPU."""
    monkeypatch.delenv("EVALKIT_EMBEDDER_RUNTIME", raising=False)
    from evalkit.models import load_embedder

    emb = load_embedder(device="cpu", cache_dir=onnx_cache, cache=False, install=False, quiet=True)
    assert emb.runtime == "onnx" and emb.cache_key == _load(onnx_cache, "onnx").cache_key
