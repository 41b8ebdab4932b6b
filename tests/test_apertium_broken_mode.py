"""An installed Apertium mode that cannot run (issue 10, session 16; written before the fix).

Debian's apertium-spa-ita installs the ``ita-spa`` mode, whose pipeline calls ``cg-proc`` (the
constraint-grammar step, Debian package ``cg3``, which the pair does not pull in). Without it
the ``apertium`` script's pipeline prints nothing and exits 0, so every Italian gloss and
pseudo-reference came back empty without a word: the Italian checks ran without Apertium's
renderings. A mode that cannot run must say why (an error naming the program, a route that is
not offered, ``evalkit doctor``), and an installed Italian route must give glosses.

Apertium itself runs (no mocks); a broken mode is a copy of an installed one with a stage that
calls a program that does not exist.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit import apertium

MODES = apertium.installed_modes()
MISSING = "evalkit-no-such-program"
pytestmark = pytest.mark.skipif("spa-eng" not in MODES, reason="apertium-eng-spa not installed")


def broken_copy(tmp_path: Path) -> Path:
    """A data folder whose ``spa-eng`` mode has a stage that calls a missing program, mid-pipeline
    (as ``cg-proc`` is in ``ita-spa``: the pipeline's last stage still exits 0)."""
    data = tmp_path / "data"
    (data / "modes").mkdir(parents=True)
    text = (Path(apertium.APERTIUM_DATA) / "modes" / "spa-eng.mode").read_text(encoding="utf-8")
    first, rest = text.split("|", 1)
    (data / "modes" / "spa-eng.mode").write_text(f"{first}| {MISSING} -w |{rest}", encoding="utf-8")
    return data


def test_a_mode_that_cannot_run_raises_and_names_the_program(tmp_path):
    data = broken_copy(tmp_path)
    cache = apertium.OutputCache(tmp_path / "apertium.sqlite")
    for _ in range(2):  # the failure is not stored as an answer
        with pytest.raises(apertium.ApertiumError, match=MISSING):
            apertium.run_mode("spa-eng", "El gato negro duerme.\n", cache=cache, data_dir=data)


def test_mode_problem_names_the_missing_program(tmp_path):
    assert MISSING in (apertium.mode_problem("spa-eng", broken_copy(tmp_path)) or "")
    assert apertium.mode_problem("spa-eng") is None


def test_a_route_through_a_broken_mode_is_not_offered(tmp_path, monkeypatch):
    monkeypatch.setenv("APERTIUM_DATADIR", str(broken_copy(tmp_path)))
    apertium.installed_modes.cache_clear()
    try:
        assert apertium.route("es", "en") is None
    finally:
        monkeypatch.delenv("APERTIUM_DATADIR")
        apertium.installed_modes.cache_clear()
    assert apertium.route("es", "en") == ("spa-eng",)


def test_doctor_reports_the_broken_mode(tmp_path):
    env = {**os.environ, "APERTIUM_DATADIR": str(broken_copy(tmp_path))}
    out = subprocess.run([sys.executable, "-m", "evalkit", "doctor", "--format", "json", "--no-hub"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    broken = json.loads(out.stdout)["engines"]["apertium"]["broken_modes"]
    assert MISSING in broken["spa-eng"]
    text = subprocess.run([sys.executable, "-m", "evalkit", "doctor", "--no-hub"],
                          capture_output=True, text=True, env=env, timeout=120).stdout
    assert "spa-eng" in text and MISSING in text


@pytest.mark.skipif(not {"ita-spa", "spa-eng"} <= MODES, reason="apertium-spa-ita not installed")
def test_an_installed_italian_route_gives_glosses():
    """The case that hid: with ``cg-proc`` missing the route printed nothing. The set-up installs
    ``cg3`` beside apertium-spa-ita (scripts/install-system-deps.sh)."""
    from evalkit.flag.glosses import gloss_words

    assert shutil.which("cg-proc"), "ita-spa needs cg-proc (Debian package cg3)"
    glosses = gloss_words(["aspetta", "ponte"], "it", "en", {})
    assert glosses.get("ponte") and glosses.get("aspetta"), glosses
