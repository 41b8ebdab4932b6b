"""`evalkit models install` also builds the derived look-up tables (stemmed FreeDict maps, the
language-ID table) into the cache, so the first review on a fresh install does not pay for them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fresh_cache(tmp_path: Path) -> Path:
    """A cache folder holding the installed models (linked, not copied) and nothing derived."""
    from evalkit.models.paths import cache_root

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "models").symlink_to((cache_root() / "models").resolve())
    return cache


def test_install_builds_the_derived_tables_once(tmp_path):
    cache = _fresh_cache(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "evalkit", "models", "install", "--from", "package", "--cache-dir", str(cache)]
    first = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    stores = sorted(p.name for p in (cache / "derived").glob("*.json"))
    assert any(n.startswith("langid-") for n in stores)
    if Path("/usr/share/dictd/freedict-fra-eng.dict.dz").is_file():
        assert any(n.startswith("freedict-fr-en-") for n in stores)
    assert "derived tables" in first.stdout
    stamps = {p.name: p.stat().st_mtime_ns for p in (cache / "derived").glob("*.json")}
    second = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in (cache / "derived").glob("*.json")} == stamps  # read, not rebuilt


def test_the_prepared_tables_are_the_ones_a_run_reads(tmp_path, monkeypatch):
    from evalkit import langid
    from evalkit.pipeline import prepare_tables

    cache = _fresh_cache(tmp_path)
    written = prepare_tables(cache)
    assert written and all(p.is_file() and p.parent == cache / "derived" for p in written)
    monkeypatch.setenv("EVALKIT_CACHE", str(cache))
    langid._table.cache_clear()
    before = set((cache / "derived").iterdir())
    assert langid.guess_language("Le gouvernement a annoncé hier qu'il ne renoncerait pas à la réforme.").lang == "fr"
    assert set((cache / "derived").iterdir()) == before  # the run found its table already built
    langid._table.cache_clear()
