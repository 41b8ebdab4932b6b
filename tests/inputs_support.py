"""Helpers for the tests/test_inputs_*.py files: run the real CLI, build bad input files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "inputs"
SEED_FR = ROOT / "pairs" / "lemonde-amazon" / "source.fr.txt"
SEED_EN = ROOT / "pairs" / "lemonde-amazon" / "translation.en.txt"
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}  # shared cores: no oversubscribed threads


def evalkit(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``python -m evalkit ARGS`` from the repository root (so this checkout is imported)."""
    return subprocess.run([sys.executable, "-m", "evalkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=ENV, timeout=600)


def assert_one_line_error(r: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2, nothing on stdout, exactly one error line on stderr (no traceback); returns it."""
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == "", r.stdout
    assert "Traceback" not in r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("evalkit: error: ")]
    assert len(errors) == 1 and r.stderr.strip().splitlines()[-1] == errors[0], r.stderr
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])
    return errors[0]


def bad_files(folder: Path) -> dict[str, Path]:
    """Inputs every command must refuse: empty, blank, binary, PNG, a directory, a missing file."""
    import random

    rng = random.Random(7)
    files = {
        "empty": b"",
        "blank": b" \n\n\t\n",
        "random": bytes(rng.randrange(256) for _ in range(4000)),
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(500)),
    }
    out = {}
    for name, data in files.items():
        p = folder / f"{name}.txt"
        p.write_bytes(data)
        out[name] = p
    out["directory"] = folder / "a-folder"
    out["directory"].mkdir()
    out["missing"] = folder / "missing.txt"
    return out
