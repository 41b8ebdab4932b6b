"""The FreeDict dictionary is stemmed once and kept in evalkit's cache: a new process reads the
same maps back instead of stemming ~80,000 entries again, and a changed database is re-read."""

import os
import shutil
from pathlib import Path

import pytest

from evalkit.flag import bilingual

FREEDICT = Path("/usr/share/dictd")
pytestmark = pytest.mark.skipif(not (FREEDICT / "freedict-fra-eng.dict.dz").is_file(),
                                reason="dict-freedict-fra-eng is not installed")


def _fresh(folder, cache):
    bilingual.load_dictionary.cache_clear()
    return bilingual.load_dictionary("fr", "en", str(folder), cache_dir=cache)


def test_the_stored_dictionary_is_the_one_built_from_the_databases(tmp_path, monkeypatch):
    folder = tmp_path / "dictd"
    folder.mkdir()
    for name in ("fra-eng", "eng-fra"):
        shutil.copy(FREEDICT / f"freedict-{name}.dict.dz", folder)
    built = _fresh(folder, tmp_path / "cache")
    stored = list((tmp_path / "cache").rglob("freedict-*.json"))
    assert len(stored) == 1
    calls = []
    monkeypatch.setattr(bilingual, "_entries", lambda path: calls.append(path) or [])
    again = _fresh(folder, tmp_path / "cache")
    assert calls == []  # read back, not rebuilt
    assert again._maps == built._maps and again._pos == built._pos
    assert again.translations("armes", "fr", "en") == built.translations("armes", "fr", "en") != set()
    # a database that changes (a package update) is read again
    path = folder / "freedict-fra-eng.dict.dz"
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 10))
    _fresh(folder, tmp_path / "cache")
    assert len(calls) == 2
    bilingual.load_dictionary.cache_clear()


def test_an_unwritable_cache_only_costs_the_rebuild(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    dic = _fresh(FREEDICT, blocked / "cache")
    assert dic is not None and dic.translations("armes", "fr", "en")
    bilingual.load_dictionary.cache_clear()
