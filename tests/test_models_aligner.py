"""The aligner's embedder comes from the registry's default_aligner, and a user
registry can change it (no hard-coded model in the pipeline)."""

import pytest

from evalkit.models import load_aligner_embedder
from evalkit.models.registry import load_registry


def test_default_aligner_is_registered_and_loads():
    reg = load_registry()
    assert reg.default_aligner in reg.models
    emb = load_aligner_embedder(device="cpu", quiet=True, cache=False)
    assert emb.name == reg.default_aligner
    v = emb.encode(["Le chat dort.", "The cat sleeps.", "Les marchés ont chuté."])
    assert v[0] @ v[1] > v[0] @ v[2]


def test_user_registry_overrides_the_aligner(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path))
    (tmp_path / "registry.toml").write_text('default_aligner = "multilingual-e5-small"\n')
    assert load_registry().default_aligner == "multilingual-e5-small"
    (tmp_path / "registry.toml").write_text('default_aligner = "no-such-model"\n')
    with pytest.raises(Exception, match="default_aligner"):
        load_registry()
