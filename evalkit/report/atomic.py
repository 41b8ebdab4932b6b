"""Write files so a reader never sees half of one: temp file, fsync, rename.

A process killed between creating its temp file and the rename (SIGKILL, power
loss) cannot remove it. Temp files are therefore named after the writing process
(``.<name>.evalkit-<pid>@<host>-<random>.tmp``) and every write first removes the ones
left in its folder by processes that are gone (or that are older than
:data:`STALE_AFTER_S`), so a killed run leaves its temp file only until the next
write there.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import tempfile
import time
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

STALE_AFTER_S = 600  # no write takes this long: older temp files are left over whatever their PID says
_TEMP = re.compile(r"^\..+\.evalkit-(?P<pid>\d+)@(?P<host>[0-9a-f]{8})-[a-z0-9_]{8}\.tmp$")
_OLD_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")  # evalkit before the PID was in the name


def _host() -> str:
    """Which machine wrote a temp file: a PID means something only on the machine that wrote it."""
    return f"{zlib.crc32(socket.gethostname().encode()):08x}"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.evalkit-{os.getpid()}@{_host()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, as another user's process
        return True
    return True


def clean_stale_temps(folder: str | Path, names: tuple[str, ...] = ()) -> list[Path]:
    """Remove the temp files that killed writers left in ``folder``; returns them.

    A temp file of ours is stale when the process that wrote it (on this machine) is
    gone, or when it is older than :data:`STALE_AFTER_S`. Temp files in the older
    naming (no PID) are removed only for the ``names`` being written now, once that old.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now, host = time.time(), _host()
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
        except OSError:
            continue
        ours = _TEMP.match(entry.name)
        if ours:
            stale = old or (ours["host"] == host and not _alive(int(ours["pid"])))
        else:
            legacy = _OLD_TEMP.match(entry.name)
            stale = old and legacy is not None and legacy["name"] in names
        if stale:
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            log.info("removed %s, left by an interrupted write", entry.path)
            removed.append(Path(entry.path))
    return removed


def _make_folder(folder: Path, created: list[Path]) -> None:
    """``mkdir -p folder``, remembering the folders it created (to remove them if the write fails)."""
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    folder.mkdir(parents=True, exist_ok=True)
    created.extend(reversed(missing))


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` via a temp file in the same folder, then rename.

    On any error the temp file is removed and ``path`` keeps its old content (or
    stays absent); an OS error is a one-line :class:`EvalkitError`. The new file
    gets the usual umask-derived permissions.
    """
    return write_together({"file": (Path(path), content)})["file"]


def write_together(files: dict[str, tuple[Path, str | bytes]]) -> dict[str, Path]:
    """Write several files all or none: every temp file is complete before any rename.

    A report is several files (HTML + JSON, gate JSON + JUnit + Markdown); a
    disk-full or permission error on the last one must not leave the first one
    updated alone, nor the folders this call created. OS errors become one-line
    :class:`EvalkitError`s.
    """
    from evalkit.errors import EvalkitError

    temps: list[tuple[Path, Path]] = []
    created: list[Path] = []
    umask = os.umask(0)
    os.umask(umask)
    current = None
    try:
        for path, content in files.values():
            current = path = Path(path)
            if path.is_dir():  # would only fail at the rename, after the other files were replaced
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
            _make_folder(path.parent, created)
            clean_stale_temps(path.parent, tuple(Path(p).name for p, _ in files.values()))
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
    except BaseException as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                break
        if isinstance(exc, OSError):
            raise EvalkitError(f"{current}: cannot write ({exc.strerror or exc})") from None
        raise
    return {key: Path(path) for key, (path, _) in files.items()}


def write_all_atomic(files: dict[str, tuple[Path, str | bytes]]) -> dict[str, Path]:
    """Write several files, each atomically; contents must all be ready beforehand."""
    return {key: write_atomic(path, content) for key, (path, content) in files.items()}
