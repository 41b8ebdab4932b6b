"""The one way evalkit runs Apertium: routes from the pair profiles, one process per mode, and a
persistent cache of outputs.

Three stages use Apertium: pseudo-references and round trips (``score/engines.py``), word
glosses for the word aligner (``flag/glosses.py``) and the part-of-speech tagger
(``score/syntax.py``). Each used to start its own processes its own way; a warm review of one
article spent about a fifth of its time in a dozen Apertium starts, with the same input as the
run before.

Routes: a direct mode ``src-tgt`` when one is installed, else the pair profile's ``apertium``
list (``evalkit/data/pairs/<src>-<tgt>.toml``: ``spa-eng`` for Spanish, ``ita-spa`` then
``spa-eng`` for Italian, ``fr-es`` then ``spa-eng`` for French...), used when every mode of it
is installed.

The cache (``apertium.sqlite`` in the models cache folder, :func:`evalkit.models.paths.cache_root`;
``EVALKIT_APERTIUM_CACHE`` names another file, or ``off``) maps (mode, version of the installed
data, input text) to the output. Apertium is deterministic, so a hit is exactly the output a
run would give. The version is read from the files themselves, not from a package manager: the
mode file's bytes and the size and modification time of every file and program it names
(dictionaries, transfer rules, ``lt-proc``...), so an upgraded package, a rebuilt pair or an
edited mode is a miss. A cache that cannot be opened, is read-only or is busy costs only the run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shlex
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

from evalkit.errors import EvalkitError

log = logging.getLogger(__name__)

APERTIUM_DATA = Path("/usr/share/apertium")
CACHE_FILE = "apertium.sqlite"
TIMEOUT_S = 600.0
SEPARATOR = "."  # a line holding only a full stop: a sentence boundary Apertium keeps as is

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    key BLOB PRIMARY KEY,
    step TEXT NOT NULL,
    output TEXT NOT NULL
) WITHOUT ROWID;
"""


class ApertiumError(EvalkitError):
    """Apertium is missing, failed or timed out on one step."""


# ---------------------------------------------------------------- routes


def default_data_dir() -> Path:
    """Apertium's data folder, as the ``apertium`` script finds it (``$APERTIUM_DATADIR``)."""
    return Path(os.environ.get("APERTIUM_DATADIR") or APERTIUM_DATA)


@lru_cache(maxsize=1)
def installed_modes() -> frozenset[str]:
    """Installed Apertium modes (empty when Apertium is not installed), once a process.

    What ``apertium -l`` prints (the ``.mode`` files of the data folder), read without starting
    the script: a warm review spends its Apertium time in process starts."""
    if not shutil.which("apertium"):
        return frozenset()
    try:
        return frozenset(p.name[: -len(".mode")] for p in (default_data_dir() / "modes").glob("*.mode"))
    except OSError:
        return frozenset()


def profile_route(src_lang: str, tgt_lang: str) -> tuple[str, ...]:
    """The Apertium modes of the pair profile, piped one into the next (empty: no route known)."""
    from evalkit.text.profiles import pair_profile

    return tuple(pair_profile(src_lang, tgt_lang).get("apertium", ()))


def route(src_lang: str, tgt_lang: str) -> tuple[str, ...] | None:
    """The installed route: a direct ``src-tgt`` mode, else the profile's route if all of it is
    installed; a mode that cannot run (:func:`mode_problem`) is not installed."""
    modes = installed_modes()
    direct = f"{src_lang}-{tgt_lang}"
    if direct in modes and mode_problem(direct) is None:
        return (direct,)
    steps = profile_route(src_lang, tgt_lang)
    if steps and all(m in modes and mode_problem(m) is None for m in steps):
        return steps
    return None


# Programs a mode file calls that its language pair does not pull in, and their Debian packages.
PROGRAM_PACKAGES = {"cg-proc": "cg3", "lrx-proc": "apertium-lex-tools", "lsx-proc": "lttoolbox"}


def mode_problem(mode: str, data_dir: str | os.PathLike | None = None) -> str | None:
    """Why an installed mode cannot run (None: it can, or it is not installed). Debian's
    apertium-spa-ita calls ``cg-proc`` (package cg3) without depending on it; the ``apertium``
    script's pipeline then prints nothing and exits 0, which looked like an empty translation."""
    return _mode_problem(mode, str(data_dir or default_data_dir()))


@lru_cache(maxsize=64)
def _mode_problem(mode: str, data_dir: str) -> str | None:
    """Once a process per mode file: programs installed while it runs are not seen."""
    try:
        text = (Path(data_dir) / "modes" / f"{mode}.mode").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for stage in text.split("|"):
        words = _shell_words(stage)
        program = words[0] if words else ""
        if program and not program.startswith("$") and shutil.which(program) is None:
            package = PROGRAM_PACKAGES.get(program)
            return f"needs '{program}', which is not installed" + (f" (Debian package {package})" if package else "")
    return None


# ---------------------------------------------------------------- batches of lines


def interleave(lines: Sequence[str], sep: str = SEPARATOR) -> str:
    """One segment per line with a separator line between segments, so that a segment without
    final punctuation does not run on into the next one (see :class:`evalkit.score.engines.ApertiumEngine`)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            out.append(sep)
        out.append(line)
    return "\n".join(out) + "\n"


def deinterleave(text: str, n: int, sep: str = SEPARATOR) -> list[str] | None:
    """The n segments back from an interleaved output; None if the separators did not survive."""
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != max(0, 2 * n - 1) or any(x.strip() != sep for x in out[1::2]):
        return None
    return out[0::2]


# ---------------------------------------------------------------- versions


def _signature(path: Path) -> str:
    """Path, size and modification time: what changes when a package replaces the file."""
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _shell_words(command: str) -> list[str]:
    """A shell command's words as the shell splits them (plain whitespace if its quoting is broken)."""
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _files_named(command: str) -> list[Path]:
    """The files and programs a shell pipeline names: absolute paths, and words found on PATH."""
    found: list[Path] = []
    for w in _shell_words(command):
        if w.startswith("/"):
            found.append(Path(w))
        elif w and w[0].isalpha() and (exe := shutil.which(w)):
            found.append(Path(exe))
    return found


def _digest(parts: Sequence[str | bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def mode_version(mode: str, data_dir: str | os.PathLike | None = None) -> str | None:
    """The version of an installed mode: its mode file, and every file and program the file names
    (None when the mode file cannot be read: then nothing is cached for it)."""
    mode_file = Path(data_dir or default_data_dir()) / "modes" / f"{mode}.mode"
    try:
        text = mode_file.read_bytes()
    except OSError:
        return None
    exe = shutil.which("apertium")  # the wrapper script that reads the mode file
    named = _files_named(text.decode("utf-8", "replace")) + ([Path(exe)] if exe else [])
    return _digest([text, _signature(mode_file), *(_signature(p) for p in named)])


def pipeline_version(command: str) -> str:
    """The version of a shell pipeline's data and programs (e.g. the tagger's analyser and model)."""
    return _digest([command, *(_signature(p) for p in _files_named(command))])


# ---------------------------------------------------------------- the output cache


def cache_path() -> Path | None:
    """Where the outputs are kept: ``$EVALKIT_APERTIUM_CACHE`` (``off``: nowhere), else the models cache."""
    env = os.environ.get("EVALKIT_APERTIUM_CACHE", "").strip()
    if env.lower() in ("off", "0", "none", "no"):
        return None
    if env:
        return Path(env).expanduser()
    from evalkit.models.paths import cache_root

    return cache_root() / CACHE_FILE


class OutputCache:
    """Apertium outputs in one SQLite file (WAL: readers never wait for a writer).

    Every failure (a folder that cannot be made, a read-only or corrupt file, a writer holding
    the lock past ``timeout``) turns into a miss or a skipped store, never into an error.
    """

    def __init__(self, path: str | os.PathLike, *, timeout: float = 2.0) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(_SCHEMA)
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        except (OSError, sqlite3.Error) as exc:
            log.debug("apertium cache disabled (%s: %s)", self.path, exc)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def get(self, key: bytes) -> str | None:
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT output FROM outputs WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else row[0]

    def put(self, key: bytes, step: str, output: str) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute("INSERT OR IGNORE INTO outputs (key, step, output) VALUES (?, ?, ?)", (key, step, output))
        except sqlite3.Error as exc:  # busy or read-only: only costs the run next time
            log.debug("apertium cache not written (%s)", exc)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None


@contextmanager
def open_cache() -> Iterator[OutputCache | None]:
    """The default cache for the length of one stage's calls (None when switched off)."""
    path = cache_path()
    cache = OutputCache(path) if path is not None else None
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()


# ---------------------------------------------------------------- running


def _key(step: str, version: str, text: str) -> bytes:
    return hashlib.blake2b(f"{step}\0{version}\0{text}".encode("utf-8"), digest_size=16).digest()


def _run(argv: list[str], text: str, step: str, timeout: float) -> str:
    try:
        proc = subprocess.run(argv, input=text, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ApertiumError(f"apertium {step} could not run: {exc}") from None
    if proc.returncode != 0:
        raise ApertiumError(f"apertium {step} failed: {proc.stderr.strip()[:200]}")
    if text.strip() and not proc.stdout.strip() and proc.stderr.strip():
        # a pipeline whose middle stage failed ("cg-proc: command not found") still exits 0
        raise ApertiumError(f"apertium {step} printed nothing: {proc.stderr.strip().splitlines()[-1][:200]}")
    return proc.stdout


def _cached(step: str, version: str | None, argv: list[str], text: str, cache: OutputCache | None,
            timeout: float) -> str:
    """Run ``argv`` on ``text``, answered from ``cache`` when this step at this version saw this text."""
    key = _key(step, version, text) if version is not None and cache is not None else None
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            log.debug("apertium cache hit: %s (%d chars)", step, len(text))
            return hit
    log.debug("apertium run: %s (%d chars)", step, len(text))
    out = _run(argv, text, step, timeout)
    if key is not None:
        cache.put(key, step, out)
    return out


def run_mode(mode: str, text: str, *, cache: OutputCache | None = None, data_dir: str | os.PathLike | None = None,
             timeout: float = TIMEOUT_S) -> str:
    """``apertium -u MODE`` on ``text`` (``-u``: no unknown-word marks, so outputs compare with chrF)."""
    problem = mode_problem(mode, data_dir)
    if problem:
        raise ApertiumError(f"apertium mode {mode} {problem}")
    argv = ["apertium", *(["-d", str(data_dir)] if data_dir else []), "-u", mode]
    version = mode_version(mode, data_dir) if cache is not None else None
    return _cached(f"mode:{mode}", version, argv, text, cache, timeout)


def run_route(modes: Sequence[str], text: str, *, cache: OutputCache | None = None,
              timeout: float = TIMEOUT_S) -> str:
    """``text`` piped through each mode in turn (a route through a pivot language)."""
    for mode in modes:
        text = run_mode(mode, text, cache=cache, timeout=timeout)
    return text


def run_tagger(analyser: Path, tagger: Path, text: str, *, cache: OutputCache | None = None,
               timeout: float = TIMEOUT_S) -> str:
    """Apertium's morphological analyser then its part-of-speech tagger (``lt-proc | apertium-tagger -g -p``:
    each unit with its surface form, ``^went/go<vblex><past>$``, so a check can find the word it tags)."""
    command = f"lt-proc {shlex.quote(str(analyser))} | apertium-tagger -g -p {shlex.quote(str(tagger))}"
    version = pipeline_version(command) if cache is not None else None
    return _cached(f"tagger:{analyser.name}", version, ["bash", "-o", "pipefail", "-c", command], text, cache,
                   timeout)


__all__ = ["APERTIUM_DATA", "ApertiumError", "OutputCache", "cache_path", "default_data_dir", "deinterleave",
           "installed_modes", "interleave", "mode_problem", "mode_version", "open_cache", "pipeline_version", "profile_route", "route",
           "run_mode", "run_route", "run_tagger"]
