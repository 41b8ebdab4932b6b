"""Loading one plug-in object from an entry point, the same way for every registry.

Detectors, score steps and output writers are registered as a class or an instance under an
entry point group. A broken or mis-shaped plug-in must not stop the built-in ones: it is
skipped with one warning naming what it lacks.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _entry_points():
    from importlib.metadata import entry_points

    return entry_points()


def entry_points_in(group: str):
    """The entry points of ``group`` (``importlib.metadata.entry_points(group=group)``). Every
    registry asks (detectors, score steps, writers, MT engines, embedder backends, the last once
    per model look-up), and each scan read every installed distribution's metadata (~10 ms, ~0.2 s
    of a review); the distributions are now read once per process."""
    return _entry_points().select(group=group)


def instance(obj: Any) -> Any:
    """A registered class is instantiated; a registered object is used as it is."""
    return obj() if isinstance(obj, type) else obj


def load_plugin(ep, shape: type, kind: str, lacks: str) -> Any | None:
    """The object entry point ``ep`` names (instantiated if a class), or None with a warning when it
    cannot be loaded or is not a ``shape`` (a runtime-checkable protocol): ``kind`` names the
    registry ("detector"), ``lacks`` the shape's members ("name/modes/supports/detect")."""
    try:
        obj = instance(ep.load())
    except Exception as exc:  # a broken plug-in must not stop the built-in ones
        log.warning("%s plug-in %r could not be loaded: %s", kind, ep.name, exc)
        return None
    if not isinstance(obj, shape):
        log.warning("%s plug-in %r ignored: it lacks %s", kind, ep.name, lacks)
        return None
    return obj


__all__ = ["entry_points_in", "instance", "load_plugin"]
