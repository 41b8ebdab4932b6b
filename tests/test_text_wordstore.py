"""wordfreq's Zipf frequencies and Snowball stems remembered across runs (session 10: building wordfreq's
lists cost ~0.6 s of every run, stemming a run's words ~0.3 s). Real wordfreq and Snowball, real derived
store in a temporary cache folder, real processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq

from evalkit.text import wordstore

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["the", "chat", "Éloges", "aujourd'hui", "COVID-19", "2021", "serveurs", "xqzvv", "grand-père", "l'armée",
         "États-Unis", "straße", "ﬁn", "  ", "d"]


@pytest.fixture(autouse=True)
def _fresh_store():
    wordstore.reset()  # the tables follow EVALKIT_CACHE as set by each test
    yield
    wordstore.reset()


def test_the_answers_are_wordfreqs_own(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    for lang in ("fr", "en", "de"):
        for w in WORDS:
            assert wordstore.zipf(w, lang) == wordfreq.zipf_frequency(w, lang)
    written = wordstore.flush()
    assert {p.name.split("-")[1] for p in written if p.name.startswith("zipf-")} == {"fr", "en", "de"}
    stored = json.loads(wordstore.store_path("zipf", "fr").read_text(encoding="utf-8"))
    assert stored == {w: wordfreq.zipf_frequency(w, "fr") for w in WORDS}
    assert wordstore.flush() == []  # nothing new


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
    path = wordstore.store_path("zipf", "it")
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert wordstore.zipf("ciao", "it") == wordfreq.zipf_frequency("ciao", "it")  # a damaged table is a miss
    monkeypatch.setattr(wordstore, "MAX_WORDS", 2)
    for w in ("casa", "gatto", "cane"):
        wordstore.zipf(w, "it")
    wordstore.flush()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2  # a table stops growing at MAX_WORDS


def test_stored_stems_are_snowballs_own(tmp_path, monkeypatch):
    from evalkit.text import stem
    from evalkit.text.words import _snowball_stem

    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    stem.cache_clear()
    try:
        words = [w for w in WORDS if w.strip()] + ["armes", "weapons", "Kinderklinik", "généreux"]
        first = {(w, lang): stem(w, lang) for w in words for lang in ("fr", "en", "de")}
        assert all(v == _snowball_stem(w, lang) for (w, lang), v in first.items())
        wordstore.flush()
        stored = json.loads(wordstore.store_path("stem", "fr").read_text(encoding="utf-8"))
        assert stored == {w: _snowball_stem(w, "fr") for w in words}
        stem.cache_clear()
        wordstore.reset()  # as a new process: the table is read back
        assert {(w, lang): stem(w, lang) for w in words for lang in ("fr", "en", "de")} == first
        assert wordstore.flush() == []  # every answer came from the store
    finally:
        stem.cache_clear()


def test_stored_frequencies_are_wordfreqs_own(tmp_path, monkeypatch):
    """The short-text language check's word frequencies (seven languages a word) come from the store."""
    from evalkit.langid import word_posterior

    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    for lang in ("fr", "en", "nl"):
        for w in WORDS:
            assert wordstore.frequency(w, lang) == wordfreq.word_frequency(w, lang)
    first = word_posterior("Der Hund schläft.")
    wordstore.reset()
    assert word_posterior("Der Hund schläft.") == first and max(first[0], key=first[0].get) == "de"


def test_a_stored_value_of_the_wrong_type_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    path = wordstore.store_path("zipf", "pt")
    path.parent.mkdir(parents=True)
    path.write_text('{"casa": "not a number", "gato": 1}', encoding="utf-8")
    assert wordstore.zipf("casa", "pt") == wordfreq.zipf_frequency("casa", "pt")
    assert wordstore.zipf("gato", "pt") == wordfreq.zipf_frequency("gato", "pt")
    wordstore.flush()
    assert json.loads(path.read_text(encoding="utf-8")) == {w: wordfreq.zipf_frequency(w, "pt") for w in ("casa", "gato")}


def test_building_a_derived_table_adds_nothing_to_the_tables(tmp_path, monkeypatch):
    """Words a derived table's build stems or looks up (WordNet's noun lemmas: ~80,000) are not a
    run's words: they would fill the tables up to their cap and leave no room for those."""
    from evalkit.flag import wordnet
    from evalkit.models.derived import cached
    from evalkit.text import stem

    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    stem.cache_clear()
    try:
        built = cached("test-build", "k", lambda: [stem(w, "en") for w in ("aardvarks", "zebras")]
                       + [wordstore.zipf("okapi", "en")])
        assert built[:2] == ["aardvark", "zebra"]
        assert wordstore.flush() == []
        assert stem("giraffes", "en") == "giraff"  # a run's word is stored as before
        assert [p.name.split("-")[0] for p in wordstore.flush()] == ["stem"]
        if wordnet.has_hypernyms():
            wordnet.hypernyms.cache_clear()
            wordnet.hypernyms(cache_dir=str(tmp_path))
            assert wordstore.flush() == []
    finally:
        stem.cache_clear()
        wordnet.hypernyms.cache_clear()


def test_wordfreqs_languages_are_read_without_importing_it():
    """The language-code check lists wordfreq's languages from its data folder (importing wordfreq
    cost ~0.2 s a run): the same codes wordfreq gives, in a process that never imports it."""
    from evalkit.ingest.language import wordfreq_languages

    assert wordfreq_languages() == set(wordfreq.available_languages())
    code = ("import sys; from evalkit.ingest.language import check_language_code; check_language_code('fr'); "
            "print('wordfreq' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                       text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.strip() == "False", r.stderr
