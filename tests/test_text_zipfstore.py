"""wordfreq's Zipf frequencies remembered across runs (session 10: building wordfreq's lists cost
~0.6 s of every run). Real wordfreq, real derived store in a temporary cache folder, real processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import wordfreq

from evalkit.text import zipfstore

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["the", "chat", "Éloges", "aujourd'hui", "COVID-19", "2021", "serveurs", "xqzvv", "grand-père", "l'armée",
         "États-Unis", "straße", "ﬁn", "  ", "d"]


def test_the_answers_are_wordfreqs_own(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    for lang in ("fr", "en", "de"):
        for w in WORDS:
            assert zipfstore.zipf(w, lang) == wordfreq.zipf_frequency(w, lang)
    written = zipfstore.flush()
    assert {p.name.split("-")[1] for p in written} == {"fr", "en", "de"}
    stored = json.loads(zipfstore.store_path("fr").read_text(encoding="utf-8"))
    assert stored == {w: wordfreq.zipf_frequency(w, "fr") for w in WORDS}
    assert zipfstore.flush() == []  # nothing new


def test_a_later_process_reads_the_table_and_leaves_wordfreq_unloaded(tmp_path):
    env = {**os.environ, "EVALKIT_CACHE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    code = ("import sys; from evalkit.text import zipf; "
            "print([zipf(w, 'fr') for w in sys.argv[1:]]); print('wordfreq' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code, *WORDS[:8]], env=env, capture_output=True, text=True,
                           timeout=120, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    values, loaded = first.stdout.splitlines()
    assert loaded == "True" and values == str([wordfreq.zipf_frequency(w, "fr") for w in WORDS[:8]])
    second = subprocess.run([sys.executable, "-c", code, *WORDS[:8]], env=env, capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [values, "False"]  # same answers, wordfreq never imported
    third = subprocess.run([sys.executable, "-c", code, *WORDS[:9]], env=env, capture_output=True, text=True,
                           timeout=120, cwd=ROOT)
    assert third.stdout.splitlines()[1] == "True"  # a new word: wordfreq answers it, as before
    assert WORDS[8] in json.loads(next((tmp_path / "derived").glob("zipf-fr-*.json")).read_text(encoding="utf-8"))


def test_a_damaged_or_full_table(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    path = zipfstore.store_path("it")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert zipfstore.zipf("ciao", "it") == wordfreq.zipf_frequency("ciao", "it")  # a damaged table is a miss
    monkeypatch.setattr(zipfstore, "MAX_WORDS", 2)
    for w in ("casa", "gatto", "cane"):
        zipfstore.zipf(w, "it")
    zipfstore.flush()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2  # a table stops growing at MAX_WORDS
