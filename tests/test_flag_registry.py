"""The detector seam: every built-in detector is registered, speaks the protocol, and a detector
shipped by another package (entry point ``evalkit.detectors``) runs without any change to evalkit."""

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import textwrap

import evalkit.flag
from evalkit.flag.base import Detector, FlagContext
from evalkit.flag.registry import BUILTIN, load_detectors
from evalkit.flag.runner import flag_beads
from evalkit.records import Bead, ScoredBead


def _detector_classes():
    for mod in pkgutil.iter_modules(evalkit.flag.__path__):
        module = importlib.import_module(f"evalkit.flag.{mod.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and getattr(cls, "name", "") and hasattr(cls, "detect"):
                yield cls


def test_every_detector_class_is_registered_and_follows_the_protocol():
    registered = {target for target in BUILTIN.values()}
    classes = list(_detector_classes())
    assert len(classes) == len(BUILTIN)
    for cls in classes:
        assert f"{cls.__module__}:{cls.__name__}" in registered, cls
    for det in load_detectors():
        assert isinstance(det, Detector) and det.modes <= {"pair", "check"}


def test_a_detector_that_cannot_run_says_why():
    b = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Slaapt de hond niet?", "The dog is sleeping.")
    run = flag_beads([b], "nl", "en", embedder=None)  # Dutch has no language profile
    names = {n.split(":")[0] for n in run.not_run}
    assert {"polarity", "tense", "antonyms", "lexicon", "omissions"} <= names
    assert [f.category for f in run.flags] == ["mood"]  # questions are still compared
    assert "numbers" not in names and "punctuation" not in names
    fr = flag_beads([ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Il dort.", "He sleeps.")], "fr", "en", embedder=None)
    assert not any(n.startswith(("tense", "polarity", "lexicon")) for n in fr.not_run)


def test_only_the_named_detectors_run():
    b = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Il a payé 10 euros.", "He paid 12 euros .")
    run = flag_beads([b], "fr", "en", embedder=None, detectors=["numbers"])
    assert {f.detector for f in run.flags} == {"numbers"}
    ctx = FlagContext("fr", "en")
    assert [d.name for d in load_detectors(["punctuation", "numbers"])] == ["punctuation", "numbers"]
    assert ctx.embedder() is None


def test_a_third_party_detector_plugs_in_through_an_entry_point(tmp_path):
    """A real installed-package layout (dist-info with entry_points.txt) on the path of a real process."""
    pkg = tmp_path / "house_style"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        from evalkit.flag.base import BeadDetector, make_flag

        class HouseStyle(BeadDetector):
            """Our house style forbids 'utilize'."""
            name = "house-style"
            modes = frozenset({"pair", "check"})
            needs_source = False

            def check(self, pair, ctx):
                k = pair.tgt.find("utilize")
                if k < 0:
                    return []
                return [make_flag(pair.index, pair.tgt, k, k + 7, "terminology", "minor",
                                  "house style: write 'use'", self.name, suggestion="use")]
    '''))
    dist = tmp_path / "house_style-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: house-style\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[evalkit.detectors]\nhouse-style = house_style:HouseStyle\n")
    doc = tmp_path / "t.en.txt"
    doc.write_text("We utilize the new tool every day in our office.\nIt works well for the whole team.\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    r = subprocess.run([sys.executable, "-m", "evalkit", "check", str(doc), "--lang", "en", "--format", "json",
                        "--no-lang-check", "-q"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    flags = json.loads(r.stdout)
    assert [(f["detector"], f["span"], f["suggestion"]) for f in flags] == [("house-style", "utilize", "use")]
    r = subprocess.run([sys.executable, "-m", "evalkit", "check", str(doc), "--lang", "en", "--format", "json",
                        "--no-lang-check", "-q"], capture_output=True, text=True, timeout=120)
    assert json.loads(r.stdout) == []  # without the package on the path, evalkit is unchanged
