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
:class:`~evalkit.errors.InputError` with a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evalkit.errors import InputError
from evalkit.tomlfile import read_toml

RELATIONS = ("translation", "translation-only", "comparable")


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


def _side(folder: Path, table, key: str, where: Path) -> Side:
    if not isinstance(table, dict):
        raise InputError(f"{where}: [{key}] must be a table with file and lang")
    file, lang = table.get("file"), table.get("lang")
    if not isinstance(file, str) or not file:
        raise InputError(f"{where}: [{key}] needs file = \"...\"")
    if not isinstance(lang, str) or not lang:
        raise InputError(f"{where}: [{key}] needs lang = \"..\" (ISO 639-1)")
    layout = table.get("layout")
    if layout is not None and not isinstance(layout, str):
        raise InputError(f"{where}: [{key}] layout must be a string")
    return Side(folder / file, lang, layout)


def read_pair(folder: str | Path) -> PairSpec:
    """The pair described by ``folder/pair.toml`` (files are not opened yet)."""
    folder = Path(folder)
    where = folder / "pair.toml"
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    if not where.is_file():
        raise InputError(f"{folder}: no pair.toml in this folder (or give SRC and TGT files)")
    data = read_toml(where)
    relation = data.get("relation", "translation")
    if relation not in RELATIONS:
        raise InputError(f"{where}: relation must be one of {', '.join(RELATIONS)}, not {relation!r}")
    if "translation" not in data:
        raise InputError(f"{where}: missing [translation] table")
    translation = _side(folder, data["translation"], "translation", where)
    source = None
    if relation != "translation-only":
        if "source" not in data:
            raise InputError(f"{where}: missing [source] table (or set relation = \"translation-only\")")
        source = _side(folder, data["source"], "source", where)
    name = data.get("name") or folder.resolve().name
    if not isinstance(name, str):
        raise InputError(f"{where}: name must be a string")
    return PairSpec(name, relation, translation, source, str(data.get("title", "")))
