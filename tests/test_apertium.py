"""The one Apertium path (issue 11): routes from the pair profiles, and a persistent cache of
outputs keyed by (mode, installed data version, input) that never changes an answer.

Apertium itself runs (no mocks); the tests skip where the modes they need are not installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from evalkit import apertium

MODES = apertium.installed_modes()
needs = lambda *modes: pytest.mark.skipif(not set(modes) <= MODES,  # noqa: E731
                                          reason=f"apertium modes {', '.join(modes)} not installed")
SRC_FR = ["Le chat noir dort sur le tapis.", "Il pleut à Paris depuis trois jours", "",
          "Seize autres officines américaines ont signé en 2013."]
SRC_ES = ["El gato negro duerme.", "Llueve en Madrid desde hace tres días"]


def _hits(caplog, steps: str = "") -> tuple[int, int]:
    """(cache hits, process runs) from the module's debug log; ``steps="modes"``: translation modes
    only, not the part-of-speech tagger (whose step names start with ``tagger:``)."""
    recs = [r.getMessage() for r in caplog.records if r.name == "evalkit.apertium"]
    if steps == "modes":
        recs = [m for m in recs if ": tagger:" not in m]
    return sum(m.startswith("apertium cache hit") for m in recs), sum(m.startswith("apertium run") for m in recs)


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch, caplog):
    path = tmp_path / "apertium.sqlite"
    monkeypatch.setenv("EVALKIT_APERTIUM_CACHE", str(path))
    caplog.set_level(logging.DEBUG, logger="evalkit.apertium")
    return path


def test_routes_come_from_the_pair_profiles():
    assert apertium.profile_route("es", "en") == ("spa-eng",)
    assert apertium.profile_route("fr", "en") == ("fr-es", "spa-eng")
    assert apertium.profile_route("it", "en") == ("ita-spa", "spa-eng")
    assert apertium.profile_route("pt", "en") == ("pt-es", "spa-eng")
    assert apertium.profile_route("xx", "en") == ()
    if {"fr-es", "spa-eng"} <= MODES:
        assert apertium.route("fr", "en") == ("fr-es", "spa-eng")


@needs("fr-es", "spa-eng", "eng-spa", "es-fr")
def test_engine_outputs_identical_with_a_fresh_cache_twice_and_without(fresh_cache, caplog, monkeypatch):
    from evalkit.score.engines import ApertiumEngine

    first = ApertiumEngine().translate(SRC_FR, "fr", "en")
    hits, runs = _hits(caplog)
    assert (hits, runs) == (0, 2)  # fr-es then spa-eng, one process each for the batch
    caplog.clear()
    second = ApertiumEngine().translate(SRC_FR, "fr", "en")
    assert _hits(caplog) == (2, 0)  # every step from the cache: no process started
    monkeypatch.setenv("EVALKIT_APERTIUM_CACHE", "off")
    caplog.clear()
    uncached = ApertiumEngine().translate(SRC_FR, "fr", "en")
    assert _hits(caplog) == (0, 2)
    assert first == second == uncached
    assert "cat" in first[0].lower()


@needs("spa-eng")
def test_direct_spanish_route_is_cached_too(fresh_cache, caplog):
    from evalkit.score.engines import ApertiumEngine

    a = ApertiumEngine().translate(SRC_ES, "es", "en")
    b = ApertiumEngine().translate(SRC_ES, "es", "en")
    assert a == b and "cat" in a[0].lower()
    assert _hits(caplog) == (1, 1)


@needs("fr-es", "spa-eng", "eng-spa", "es-fr")
def test_glosses_use_the_same_path_and_cache(fresh_cache, caplog, monkeypatch):
    from evalkit.flag.glosses import glosses

    words = ["chat", "pluie", "officines", "maison"]
    first = glosses(words, "fr", "en")
    assert _hits(caplog) == (0, 2)
    second = glosses(words, "fr", "en")
    assert _hits(caplog) == (2, 2)
    monkeypatch.setenv("EVALKIT_APERTIUM_CACHE", "off")
    assert glosses(words, "fr", "en") == first == second
    assert "cat" in first["chat"]


def test_tagger_uses_the_same_path_and_cache(fresh_cache, caplog, monkeypatch):
    from evalkit.score.syntax import tag_lines, tagger_paths

    if tagger_paths("en") is None:
        pytest.skip("no English tagger installed")
    lines = ["They were eating apples.", "The cat [sleeps]."]
    first = tag_lines(lines, "en")
    assert _hits(caplog) == (0, 1)
    second = tag_lines(lines, "en")
    assert _hits(caplog) == (1, 1)
    monkeypatch.setenv("EVALKIT_APERTIUM_CACHE", "off")
    assert tag_lines(lines, "en") == first == second
    assert first[0][:2] == ["prn.subj", "vbser.past"]


@needs("spa-eng")
def test_a_new_version_of_the_mode_is_not_answered_from_the_cache(tmp_path, caplog):
    """A package upgrade rewrites the mode and its data files: the version key (the mode file and
    the files it names) changes, so the stored outputs of the old version are not used."""
    data = tmp_path / "data"
    (data / "modes").mkdir(parents=True)
    mode_file = data / "modes" / "spa-eng.mode"
    shutil.copy(Path(apertium.APERTIUM_DATA) / "modes" / "spa-eng.mode", mode_file)
    cache = apertium.OutputCache(tmp_path / "apertium.sqlite")
    caplog.set_level(logging.DEBUG, logger="evalkit.apertium")
    text = "El gato negro duerme.\n"
    first = apertium.run_mode("spa-eng", text, cache=cache, data_dir=data)
    again = apertium.run_mode("spa-eng", text, cache=cache, data_dir=data)
    assert _hits(caplog) == (1, 1) and first == again
    key = apertium.mode_version("spa-eng", data)
    st = mode_file.stat()
    os.utime(mode_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # "upgraded": same path, new file
    assert apertium.mode_version("spa-eng", data) != key
    caplog.clear()
    third = apertium.run_mode("spa-eng", text, cache=cache, data_dir=data)
    assert _hits(caplog) == (0, 1) and third == first
    # and the default data folder's version differs from the copy's: separate entries
    assert apertium.mode_version("spa-eng") != apertium.mode_version("spa-eng", data)


@needs("spa-eng")
def test_an_unusable_or_busy_cache_is_ignored(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="evalkit.apertium")
    text = "El gato negro duerme.\n"
    plain = apertium.run_mode("spa-eng", text, cache=None)
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # the cache folder cannot be made: a file is in the way
    cache = apertium.OutputCache(blocked / "apertium.sqlite")
    assert apertium.run_mode("spa-eng", text, cache=cache) == plain
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    assert apertium.run_mode("spa-eng", text, cache=apertium.OutputCache(junk)) == plain
    busy = tmp_path / "busy.sqlite"
    apertium.run_mode("spa-eng", text, cache=apertium.OutputCache(busy))
    holder = sqlite3.connect(busy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing: reads and writes must not wait or fail
    try:
        assert apertium.run_mode("spa-eng", text + "Y llueve.\n", cache=apertium.OutputCache(busy, timeout=0.1)) \
            == apertium.run_mode("spa-eng", text + "Y llueve.\n", cache=None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_default_cache_lives_in_the_models_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALKIT_APERTIUM_CACHE", raising=False)
    monkeypatch.setenv("EVALKIT_CACHE", str(tmp_path))
    assert apertium.cache_path() == tmp_path / "apertium.sqlite"
    monkeypatch.setenv("EVALKIT_APERTIUM_CACHE", "off")
    assert apertium.cache_path() is None


def test_one_run_of_the_checks_reads_each_gloss_list_once(fresh_cache, caplog):
    """Session 8 (written after the change): the omission, coverage, word-order, antonym and
    hypernym checks of one run ask for the same word lists; the run's memo
    (``FlagContext.glosses_memo``) answers the repeats, so Apertium's cache is read once per list
    and direction, however many checks ask."""
    from evalkit.flag import find_flags
    from evalkit.records import Bead, ScoredBead

    steps = {*apertium.profile_route("fr", "en"), *apertium.profile_route("en", "fr")}
    if not steps or not steps <= MODES:
        pytest.skip("apertium fr<->en routes not installed")
    src = ["Le chat noir dort sur le tapis rouge.", "Il pleut à Paris depuis trois jours."]
    tgt = ["The black cat sleeps on the red carpet.", "It has been raining in Paris for three days."]
    beads = [ScoredBead(k, Bead((k,), (k,), 1.0, 1.0), s, t) for k, (s, t) in enumerate(zip(src, tgt))]
    find_flags(beads, "fr", "en", embedder=None)
    hits, runs = _hits(caplog, "modes")  # session 12: the word-salad check's tagger call is not a gloss list
    assert runs >= 1 and hits + runs <= 4, (hits, runs)  # gloss lists: source and target, one look-up each
