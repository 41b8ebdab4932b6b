"""The language-ID table (function words x languages, from wordfreq) is built once and kept in
evalkit's cache: a new process reads it back without loading wordfreq's seven word lists, and
gets the same guesses."""

import json
import os
import subprocess
import sys
from pathlib import Path

from evalkit import langid

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "fr": "Le gouvernement a annoncé hier qu'il ne renoncerait pas à la réforme des retraites, malgré la grève.",
    "de": "Die Regierung hat gestern angekündigt, dass sie an der Reform festhalten wird, trotz des Streiks.",
    "en": "The government said yesterday that it would not give up the pension reform, despite the strike.",
}

PROBE = """
import json, sys
from evalkit import langid
texts = json.loads(sys.argv[1])
out = {k: [langid.guess_language(t).lang, round(langid.guess_language(t).confidence, 12)] for k, t in texts.items()}
print(json.dumps({"guesses": out, "wordfreq_loaded": "wordfreq" in sys.modules}))
"""


def _probe(cache: Path) -> dict:
    env = {**os.environ, "EVALKIT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(TEXTS)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_new_process_reads_the_table_back_and_guesses_the_same(tmp_path):
    first = _probe(tmp_path / "cache")
    assert first["wordfreq_loaded"]  # built from the word lists
    assert list((tmp_path / "cache").rglob("langid-*.json"))
    second = _probe(tmp_path / "cache")
    assert not second["wordfreq_loaded"]  # read back from the cache
    assert second["guesses"] == first["guesses"]
    assert {k: v[0] for k, v in second["guesses"].items()} == {"fr": "fr", "de": "de", "en": "en"}


def test_the_stored_table_is_the_table_built_from_wordfreq(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path / "cache"))
    langs = ("fr", "en", "de")
    langid._table.cache_clear()
    built = langid._table(langs)
    langid._table.cache_clear()
    stored = langid._table(langs)
    langid._table.cache_clear()
    assert stored == built and len(built) > 300
    assert all(isinstance(v, tuple) and len(v) == 3 for v in stored.values())


def test_an_unwritable_cache_only_costs_the_rebuild(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("EVALKIT_CACHE", str(blocked / "cache"))
    langid._table.cache_clear()
    assert langid.guess_language(TEXTS["fr"]).lang == "fr"
    langid._table.cache_clear()


def test_a_damaged_store_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path / "cache"))
    langid._table.cache_clear()
    langid._table(("fr", "en"))
    for path in (tmp_path / "cache").rglob("langid-*.json"):
        path.write_text("{not json")
    langid._table.cache_clear()
    assert langid.guess_language(TEXTS["en"], ["fr", "en"]).lang == "en"
    langid._table.cache_clear()
