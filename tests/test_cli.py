"""The CLI's contract: help and version work, unknown options exit 2."""

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", *args], capture_output=True, text=True)


def test_help_lists_every_subcommand():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("segment", "align", "score", "check", "review", "gate", "models", "doctor"):
        assert cmd in out.stdout


def test_version():
    from evalkit import __version__

    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout


def test_unknown_option_exits_2():
    assert run("--no-such-option").returncode == 2
