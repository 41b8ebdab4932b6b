"""Write files so a reader never sees half of one: temp file, fsync, rename."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` via a temp file in the same folder, then rename.

    On any error the temp file is removed and ``path`` keeps its old content (or
    stays absent). The new file gets the usual umask-derived permissions.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_together(files: dict[str, tuple[Path, str | bytes]]) -> dict[str, Path]:
    """Write several files all or none: every temp file is complete before any rename.

    A report is several files (HTML + JSON, gate JSON + JUnit + Markdown); a
    disk-full or permission error on the last one must not leave the first one
    updated alone. OS errors become one-line :class:`EvalkitError`s.
    """
    from evalkit.errors import EvalkitError

    temps: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    current = None
    try:
        for path, content in files.values():
            current = path = Path(path)
            if path.is_dir():  # would only fail at the rename, after the other files were replaced
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file")
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise EvalkitError(f"{current}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    return {key: Path(path) for key, (path, _) in files.items()}


def write_all_atomic(files: dict[str, tuple[Path, str | bytes]]) -> dict[str, Path]:
    """Write several files, each atomically; contents must all be ready beforehand."""
    return {key: write_atomic(path, content) for key, (path, content) in files.items()}
