"""Where evalkit keeps models and caches, so a repo checkout and an installed package both work.

Cache root, first match wins:
  1. the ``cache_dir`` argument (``--cache-dir``)
  2. ``$EVALKIT_CACHE``
  3. ``$EVALKIT_HOME/cache``
  4. ``models/cache/`` of the repo checkout this package runs from (git-ignored)
  5. ``$XDG_CACHE_HOME/evalkit`` (default ``~/.cache/evalkit``)
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_SUBDIR = "models"
EMBEDDINGS_DB = "embeddings.sqlite"


def repo_checkout() -> Path | None:
    """The repo root when running from a source checkout (editable install included)."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "models").is_dir():
        return root
    return None


def evalkit_home() -> Path | None:
    home = os.environ.get("EVALKIT_HOME")
    return Path(home).expanduser() if home else None


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    if cache_dir:
        return Path(cache_dir).expanduser()
    if os.environ.get("EVALKIT_CACHE"):
        return Path(os.environ["EVALKIT_CACHE"]).expanduser()
    home = evalkit_home()
    if home:
        return home / "cache"
    repo = repo_checkout()
    if repo is not None:
        return repo / "models" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "evalkit"


def model_dir(name: str, cache_dir: str | os.PathLike | None = None) -> Path:
    """Install folder of a model in the cache; hub ids ``org/name`` become ``org--name``."""
    return cache_root(cache_dir) / MODELS_SUBDIR / name.replace("/", "--")


def embeddings_db(cache_dir: str | os.PathLike | None = None) -> Path:
    return cache_root(cache_dir) / EMBEDDINGS_DB
