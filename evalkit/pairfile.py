"""Reading a pair folder's ``pair.toml``: which files, languages and layouts.

A pair folder holds a source, a translation and ``pair.toml``::

    name = "lemonde-amazon"
    relation = "translation"        # translation | translation-only | comparable
    [source]
    file = "source.fr.txt"
    lang = "fr"
    layout = "pdf-text"             # plain | pdf-text | web | presegmented | pdf
    [translation]
    file = "translation.en.txt"
    lang = "en"

``translation-only`` pairs have no ``[source]``. Every problem is an
:class:`~evalkit.errors.InputError` with a one-line message, unknown keys included
(a misspelt ``layuot`` must not be ignored silently).

The files must lie inside the pair folder (after following symlinks): a pair folder
from an untrusted source could otherwise pull any readable file (``../../.ssh/id_rsa``,
``/etc/passwd``) into a report that CI publishes. ``allow_outside=True``
(``evalkit review --allow-outside-pair``) lifts this for pairs you wrote yourself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError
from evalkit.tomlfile import read_toml

RELATIONS = ("translation", "translation-only", "comparable")
PAIR_KEYS = ("name", "relation", "title", "notes", "source", "translation")
SIDE_KEYS = ("file", "lang", "layout", "origin", "notes")


@dataclass(frozen=True)
class Side:
    """One document of a pair."""

    path: Path
    lang: str
    layout: str | None = None

    @property
    def presegmented(self) -> bool:
        return self.layout == "presegmented"


@dataclass(frozen=True)
class PairSpec:
    """What ``evalkit review`` needs to know about a pair."""

    name: str
    relation: str
    translation: Side
    source: Side | None = None
    title: str = ""


def _unknown(keys, known: tuple[str, ...], where: Path, table: str = "") -> None:
    unknown = sorted(set(keys) - set(known))
    if unknown:
        place = f"[{table}] " if table else ""
        raise InputError(f"{where}: unknown key(s) {place}{', '.join(unknown)} (known: {', '.join(known)})")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symlinks followed, lies in ``folder`` (a symlink loop: no). The one
    containment rule for files a pair.toml or a batch manifest names."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _inside(folder: Path, file: str, where: Path, key: str) -> Path:
    """``folder/file``, refused when it (or a symlink on the way) leads outside ``folder``."""
    path = folder / file
    if not is_inside(path, folder):
        raise InputError(f"{where}: [{key}] file {file!r} is outside the pair folder "
                         "(pass --allow-outside-pair to read it anyway)")
    return path


def _side(folder: Path, table, key: str, where: Path, allow_outside: bool = False) -> Side:
    if not isinstance(table, dict):
        raise InputError(f"{where}: [{key}] must be a table with file and lang")
    _unknown(table, SIDE_KEYS, where, key)
    file, lang = table.get("file"), table.get("lang")
    if not isinstance(file, str) or not file:
        raise InputError(f"{where}: [{key}] needs file = \"...\"")
    if not isinstance(lang, str) or not lang:
        raise InputError(f"{where}: [{key}] needs lang = \"..\" (ISO 639-1)")
    layout = table.get("layout")
    if layout is not None and not isinstance(layout, str):
        raise InputError(f"{where}: [{key}] layout must be a string")
    return Side(folder / file if allow_outside else _inside(folder, file, where, key), lang, layout)


def read_pair(folder: str | Path, *, allow_outside: bool = False) -> PairSpec:
    """The pair described by ``folder/pair.toml`` (files are not opened yet); its files must
    be inside ``folder`` unless ``allow_outside``."""
    folder = Path(folder)
    where = folder / "pair.toml"
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    if not where.is_file():
        raise InputError(f"{folder}: no pair.toml in this folder (or give SRC and TGT files)")
    data = read_toml(where)
    _unknown(data, PAIR_KEYS, where)
    relation = data.get("relation", "translation")
    if relation not in RELATIONS:
        raise InputError(f"{where}: relation must be one of {', '.join(RELATIONS)}, not {relation!r}")
    if "translation" not in data:
        raise InputError(f"{where}: missing [translation] table")
    translation = _side(folder, data["translation"], "translation", where, allow_outside)
    source = None
    if relation != "translation-only":
        if "source" not in data:
            raise InputError(f"{where}: missing [source] table (or set relation = \"translation-only\")")
        source = _side(folder, data["source"], "source", where, allow_outside)
    name = data.get("name") or folder.resolve().name
    if not isinstance(name, str):
        raise InputError(f"{where}: name must be a string")
    return PairSpec(name, relation, translation, source, str(data.get("title", "")))
