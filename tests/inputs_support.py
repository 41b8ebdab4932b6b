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


def evalkit(*args, cwd: Path = ROOT, timeout: float = 600, python_flags: tuple[str, ...] = (),
            **popen) -> subprocess.CompletedProcess:
    """Run ``python -m evalkit ARGS`` from the repository root (so this checkout is imported).

    ``timeout``: a hang (a named pipe read for ever) fails the test instead of stalling it;
    ``popen``: more ``subprocess.run`` arguments (``user=``, ``preexec_fn=``).
    """
    return subprocess.run([sys.executable, *python_flags, "-m", "evalkit", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=popen.pop("env", ENV), timeout=timeout, **popen)


def evalkit_before_models(*args, timeout: float = 30, **popen) -> subprocess.CompletedProcess:
    """Run the CLI and check that it never imported torch, so it stopped before any model could
    load; returns the result with the ``-X importtime`` lines taken out of stderr."""
    r = evalkit(*args, timeout=timeout, python_flags=("-X", "importtime"), **popen)
    timing = [line for line in r.stderr.splitlines() if line.startswith("import time:")]
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in timing}
    assert not modules & {"torch", "sentence_transformers", "transformers"}, "a model library was imported"
    r.stderr = "".join(line + "\n" for line in r.stderr.splitlines() if not line.startswith("import time:"))
    return r


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
