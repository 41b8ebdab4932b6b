"""MT engines behind one protocol and a name -> class registry (issue 11): the built-in names,
and an engine shipped by another package (entry point ``evalkit.mt_engines``) picked by
``--engines NAME:ARG`` without any change to evalkit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evalkit.errors import EvalkitError
from evalkit.score.engines import ApertiumEngine, MTEngine, available, back_engine, engine_class, resolve_engines

ROOT = Path(__file__).resolve().parents[1]


def test_builtin_engines_follow_the_protocol(tmp_path):
    assert available()[:3] == ["apertium", "marian", "nllb"]
    for name in ("apertium", "marian", "nllb"):
        eng = engine_class(name).from_spec("" if name == "apertium" else str(tmp_path), "cpu")
        assert isinstance(eng, MTEngine)
    (marian,) = resolve_engines(f"marian:{tmp_path}", "fr", "en")
    assert marian.name == f"marian:{tmp_path.name}" and back_engine([marian], "fr", "en") is None
    with pytest.raises(EvalkitError, match="takes no argument"):
        resolve_engines("apertium:x", "fr", "en")
    with pytest.raises(EvalkitError, match="unknown engine 'babelfish'.*apertium, marian:PATH, nllb:PATH"):
        resolve_engines("babelfish", "fr", "en")


@pytest.mark.skipif(not ApertiumEngine().supports("fr", "en"), reason="no Apertium fr->en route")
def test_auto_is_apertium_when_installed():
    (eng,) = resolve_engines("auto", "fr", "en")
    assert eng.name == "apertium"
    assert resolve_engines("auto", "xx", "en") == []
    with pytest.raises(EvalkitError, match="no xx->en route"):
        resolve_engines("apertium", "xx", "en")


def test_a_plugin_engine_from_an_entry_point(tmp_path):
    pkg = tmp_path / "shout_mt"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        class Shout:
            """A toy engine: upper-cases the text; its argument is a suffix."""
            name = "shout"
            auto = False
            both_directions = True

            def __init__(self, suffix):
                self.suffix = suffix

            @classmethod
            def from_spec(cls, arg, device):
                return cls(arg)

            def unavailable(self, src_lang, tgt_lang):
                return None if src_lang != tgt_lang else "same language"

            def supports(self, src_lang, tgt_lang):
                return self.unavailable(src_lang, tgt_lang) is None

            def translate(self, lines, src_lang, tgt_lang):
                return [line.upper() + self.suffix for line in lines]
    '''))
    dist = tmp_path / "shout_mt-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-mt\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[evalkit.mt_engines]\nshout = shout_mt:Shout\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    code = textwrap.dedent('''
        import json
        from evalkit.score.engines import available, back_engine, resolve_engines
        (eng,) = resolve_engines("shout:!", "fr", "en")
        print(json.dumps({"names": available(), "out": eng.translate(["le chat"], "fr", "en"),
                          "back": back_engine([eng], "fr", "en") is eng}))
    ''')
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got == {"names": ["apertium", "marian", "nllb", "shout"], "out": ["LE CHAT!"], "back": True}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode != 0 and "unknown engine 'shout'" in r.stderr  # without the package: unknown
