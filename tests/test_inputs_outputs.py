"""Output paths: checked before any model loads, written all or none, no temp file left for ever.

Issue 13, items 3 (``align -o``/``score -o`` write errors were tracebacks found after
the models ran), 8 (a writer killed with SIGKILL left ``.name.XXXX.tmp`` for ever) and
11 (``gate`` on a full disk left an empty ``--out-dir``). A full disk is a real file-size
limit (``RLIMIT_FSIZE``) on the child process: its writes fail with EFBIG like ENOSPC.
"""

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evalkit.report.atomic import STALE_AFTER_S, write_atomic
from inputs_support import DATA, ENV, ROOT, assert_one_line_error, evalkit, evalkit_before_models

FR, EN = DATA / "fr.txt", DATA / "en.txt"


def read_only_for_root_too():
    """preexec_fn: root ignores folder permissions (CAP_DAC_OVERRIDE); the child drops that
    privilege from its bounding set so that, after exec, a read-only folder is read-only."""
    if os.geteuid() != 0:
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2

    def drop():
        for cap in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return drop


@pytest.mark.parametrize("cmd", ["align", "score"])
def test_unwritable_outputs_fail_before_any_model(tmp_path, cmd):
    ro = tmp_path / "read-only"
    ro.mkdir()
    ro.chmod(0o555)
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    a_folder = tmp_path / "folder"
    a_folder.mkdir()
    cases = [
        (ro / "out.json", f"cannot write in {ro}: permission denied (--output)"),
        (a_folder, "is a folder, not a file (--output)"),
        (a_file / "out.json", f"cannot create it: {a_file} is a file, not a folder (--output)"),
        (a_file / "sub" / "out.json", "is a file, not a folder (--output)"),
    ]
    for target, fragment in cases:
        r = evalkit_before_models(cmd, FR, EN, "-o", target, preexec_fn=read_only_for_root_too())
        assert_one_line_error(r, str(target), fragment)
    assert list(ro.iterdir()) == [] and list(a_folder.iterdir()) == [] and a_file.read_text() == "keep me"


def full_disk(limit: int = 2000):
    """preexec_fn: files this process writes cannot grow past ``limit`` bytes (Python ignores
    SIGXFSZ, so the write fails with EFBIG, as on a full disk)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.slow
def test_align_output_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path):
    out = tmp_path / "new" / "deeper" / "align.json"
    r = evalkit("align", FR, EN, "-q", "-o", out, preexec_fn=full_disk())
    assert_one_line_error(r, str(out), "cannot write (File too large)")
    assert list(tmp_path.iterdir()) == []  # neither a temp file nor the folders it created


@pytest.mark.slow
def test_gate_on_a_full_disk_leaves_no_empty_out_dir(tmp_path):
    out = tmp_path / "gate-out"
    r = evalkit("gate", FR, EN, "--out-dir", out, preexec_fn=full_disk())
    assert_one_line_error(r, "gate.json: cannot write (File too large)")
    assert not out.exists()
    # an out-dir that existed before stays, empty as it was
    out.mkdir()
    r = evalkit("gate", FR, EN, "--out-dir", out, preexec_fn=full_disk())
    assert r.returncode == 2 and out.is_dir() and list(out.iterdir()) == []


# -- temp files left by a killed writer (item 8) ----------------------------------------------

STALL_AT_FSYNC = """
import os, sys, time
from evalkit.report import atomic

def stall(fd):  # hold the writer after its temp file is written, before the rename
    print("written", flush=True)
    time.sleep(120)

atomic.os.fsync = stall
atomic.write_atomic(sys.argv[1], "x" * 10_000)
"""


def killed_writer(target: Path) -> Path:
    """Start a real writer, SIGKILL it between writing its temp file and the rename; the temp file."""
    p = subprocess.Popen([sys.executable, "-c", STALL_AT_FSYNC, str(target)], cwd=ROOT, env=ENV,
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "written"
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
        p.stdout.close()
    temps = [q for q in target.parent.iterdir() if q.name.endswith(".tmp")]
    assert len(temps) == 1 and not target.exists(), temps
    return temps[0]


def test_a_killed_writers_temp_file_is_removed_by_the_next_write(tmp_path):
    temp = killed_writer(tmp_path / "report.html")
    assert ".evalkit-" in temp.name and temp.stat().st_size == 10_000
    write_atomic(tmp_path / "other.json", "{}")  # any write in the same folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.json"]


def test_only_stale_temp_files_are_removed(tmp_path):
    mine = tmp_path / f".a.html.evalkit-{os.getpid()}@{'0' * 8}-abcd1234.tmp"  # other host: judged by age
    live = tmp_path / f".b.html.evalkit-{os.getpid()}@{{host}}-abcd1234.tmp"
    from evalkit.report.atomic import _host

    live = Path(str(live).replace("{host}", _host()))
    old_style = tmp_path / ".report.html.k3j_9xq2.tmp"  # left by an older evalkit
    old_style_young = tmp_path / ".report.json.k3j_9xq2.tmp"
    other = tmp_path / ".notes.k3j_9xq2.tmp"  # not a file evalkit writes now: not ours to judge
    for p in (mine, live, old_style, old_style_young, other):
        p.write_text("partial")
    long_ago = time.time() - STALE_AFTER_S - 60
    for p in (old_style, other):
        os.utime(p, (long_ago, long_ago))
    write_atomic(tmp_path / "report.html", "<p>new</p>")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([mine.name, live.name, old_style_young.name, other.name, "report.html"])
    os.utime(mine, (long_ago, long_ago))  # past the age limit, whatever the PID
    write_atomic(tmp_path / "report.json", "{}")
    assert not mine.exists() and live.exists() and old_style_young.exists()
