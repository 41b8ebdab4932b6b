"""Output writers: one protocol, one registry, and the ``evalkit.writers`` entry point group.

Every command's output format is a writer: the review report (html, json, xliff, tmx), the
gate result (json, junit, markdown), ``score`` (json, tsv), ``align`` (json, tsv, vecalign),
``check`` (txt, json, jsonl) and ``segment`` (jsonl, txt). A writer says which *kinds* of
result it can write; a command offers, as its ``--format`` choices, every writer of its kind,
so a format added by another package shows up without any change to evalkit::

    [project.entry-points."evalkit.writers"]
    csv = "my_package.writers:CsvWriter"

Kinds and the object each is written from:

========== ==========================================================
report     the report dict of :func:`evalkit.report.build_report`
gate       the gate result dict of :mod:`evalkit.gate.run`
evaluation an :class:`evalkit.records.Evaluation` (``evalkit score``)
alignment  an :class:`evalkit.records.Alignment` (``evalkit align``)
flags      a list of :class:`evalkit.records.Flag` (``evalkit check``)
segments   a list of segment dicts as ``evalkit segment`` prints them
========== ==========================================================

Writers render the whole text in memory first; a file is then written through a temp file
and a rename (:mod:`evalkit.report.atomic`), so an error leaves no half-written output.
Writer modules are imported when a format is rendered, not when evalkit is imported.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from evalkit.errors import EvalkitError
from evalkit.plugins import entry_points_in, load_plugin

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "evalkit.writers"
KINDS = ("report", "gate", "evaluation", "alignment", "flags", "segments")


@runtime_checkable
class Writer(Protocol):
    """One output format: its ``--format`` name, file suffix, the kinds it writes."""

    name: str
    suffix: str
    kinds: frozenset[str]

    def render(self, obj: object, kind: str) -> str:
        """The whole output text for ``obj`` of ``kind``."""
        ...

    def write(self, obj: object, target: str | Path | IO[str], kind: str) -> Path | None:
        """Write ``obj`` to a file (atomically; returns its path) or to an open text stream."""
        ...


class TextWriter:
    """Base of the writers: ``write`` from ``render``, and the kind check every render does."""

    name: str = ""
    suffix: str = ""
    kinds: frozenset[str] = frozenset()
    needs_source: bool = False  # a report format that pairs source and translation (not for a translation alone)

    def check_kind(self, kind: str) -> None:
        """A wrong kind is a programming or plug-in error, said in one line."""
        if kind not in self.kinds:
            raise EvalkitError(f"output format {self.name!r} cannot write a {kind} "
                               f"(it writes: {', '.join(sorted(self.kinds))})")

    def render(self, obj: object, kind: str) -> str:
        raise NotImplementedError

    def write(self, obj: object, target: str | Path | IO[str], kind: str) -> Path | None:
        text = self.render(obj, kind)  # rendered whole before anything is written
        if isinstance(target, (str, Path)):
            from evalkit.report.atomic import write_atomic

            return write_atomic(target, text)
        target.write(text)
        return None


def _dumps(obj: object, indent: int = 1, nan: bool = True) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=nan)


class JsonWriter(TextWriter):
    """JSON of every kind: each kind keeps the exact layout its command always printed."""

    name, suffix = "json", ".json"
    kinds = frozenset({"report", "gate", "evaluation", "alignment", "flags"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        if kind == "report":
            from evalkit.report.json_export import to_json

            return to_json(obj)
        if kind == "gate":
            return _dumps(obj, nan=False) + "\n"
        if kind == "evaluation":
            from evalkit.score.output import evaluation_json

            return _dumps(evaluation_json(obj)) + "\n"
        if kind == "alignment":
            from evalkit.align.formats import to_json

            return to_json(obj)
        from dataclasses import asdict

        return _dumps([asdict(f) for f in obj], indent=2) + "\n"  # flags


class JsonlWriter(TextWriter):
    """One JSON object a line: a flag or a segment."""

    name, suffix = "jsonl", ".jsonl"
    kinds = frozenset({"flags", "segments"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        if kind == "flags":
            from dataclasses import asdict

            obj = [asdict(f) for f in obj]
        return "".join(_dumps(rec, indent=None) + "\n" for rec in obj)


class TxtWriter(TextWriter):
    """Plain lines: a flag a line (bead, severity, category, span, message) or a segment's text."""

    name, suffix = "txt", ".txt"
    kinds = frozenset({"flags", "segments"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        if kind == "segments":
            return "".join(rec["text"] + "\n" for rec in obj)
        lines = []
        for f in obj:
            sugg = f" -> {f.suggestion!r}" if f.suggestion else ""
            lines.append(f"{f.bead}\t{f.severity}\t{f.category}\t{f.span!r}{sugg}\t{f.message}\n")
        return "".join(lines)


class TsvWriter(TextWriter):
    """Spreadsheet rows: a bead a row (``score``) or confidence, source, target (``align``)."""

    name, suffix = "tsv", ".tsv"
    kinds = frozenset({"evaluation", "alignment"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        if kind == "evaluation":
            from evalkit.score.output import evaluation_tsv

            return evaluation_tsv(obj)
        from evalkit.align.formats import to_tsv

        return to_tsv(obj)


class VecalignWriter(TextWriter):
    """Vecalign's ``[ids]:[ids]`` bead lines."""

    name, suffix = "vecalign", ".vecalign"
    kinds = frozenset({"alignment"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        from evalkit.align.formats import to_vecalign

        return to_vecalign(obj)


class HtmlWriter(TextWriter):
    """The self-contained HTML review report."""

    name, suffix = "html", ".html"
    kinds = frozenset({"report"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        from evalkit.report.html import render_html

        return render_html(obj)


def _needs_source(report: dict, fmt: str) -> None:
    """XLIFF and TMX pair a source with its translation: a translation alone has none."""
    if report["mode"] == "translation-only":
        raise ValueError(f"{fmt} export needs a source document (this report is translation-only)")


class XliffWriter(TextWriter):
    """XLIFF 2.1 with the flags as notes, for CAT tools."""

    name, suffix = "xliff", ".xlf"
    kinds = frozenset({"report"})
    needs_source = True

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        _needs_source(obj, self.name)
        from evalkit.report.xliff import to_xliff

        return to_xliff(obj)


class TmxWriter(TextWriter):
    """A TMX 1.4b translation memory of the aligned pairs."""

    name, suffix = "tmx", ".tmx"
    kinds = frozenset({"report"})
    needs_source = True

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        _needs_source(obj, self.name)
        from evalkit.report.tmx import to_tmx

        return to_tmx(obj)


class JunitWriter(TextWriter):
    """JUnit XML of the gate's checks, for CI test-report viewers."""

    name, suffix = "junit", ".junit.xml"
    kinds = frozenset({"gate"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        from evalkit.gate.junit import to_junit

        return to_junit(obj)


class MarkdownWriter(TextWriter):
    """The gate result as a pull-request comment."""

    name, suffix = "markdown", ".md"
    kinds = frozenset({"gate"})

    def render(self, obj: object, kind: str) -> str:
        self.check_kind(kind)
        from evalkit.gate.markdown import to_markdown

        return to_markdown(obj)


# Built-in writers in the order their formats are offered (the first of a kind is not the
# default: each command keeps its own default).
BUILTIN: dict[str, type[TextWriter]] = {
    w.name: w for w in (HtmlWriter, JsonWriter, XliffWriter, TmxWriter, JunitWriter, MarkdownWriter, TxtWriter,
                        JsonlWriter, TsvWriter, VecalignWriter)
}
# Formats in the order each command always listed them
ORDER: dict[str, tuple[str, ...]] = {
    "report": ("html", "json", "xliff", "tmx"), "gate": ("json", "junit", "markdown"),
    "evaluation": ("json", "tsv"), "alignment": ("json", "tsv", "vecalign"),
    "flags": ("txt", "json", "jsonl"), "segments": ("jsonl", "txt"),
}


@lru_cache(maxsize=1)
def _plugins() -> dict[str, Writer]:
    """Writers of installed packages, loaded once per process (the built-in names cannot be
    replaced; a plug-in that fails to load, or lacks the writer shape, is skipped with a warning)."""
    found: dict[str, Writer] = {}
    for ep in entry_points_in(ENTRY_POINT_GROUP):
        if ep.name in BUILTIN:
            log.warning("writer plug-in %r ignored: a built-in output format has that name", ep.name)
            continue
        writer = load_plugin(ep, Writer, "writer", "name/suffix/kinds/render/write")
        if writer is not None:
            found[ep.name] = writer
    return found


def available() -> list[str]:
    """Every output format's name: built-in first, then plug-ins."""
    return list(BUILTIN) + sorted(_plugins())


def get_writer(name: str) -> Writer:
    """The writer called ``name`` (built-in or plug-in)."""
    if name in BUILTIN:
        return BUILTIN[name]()
    plugins = _plugins()
    if name in plugins:
        return plugins[name]
    raise EvalkitError(f"unknown output format {name!r}: known are {', '.join(available())}")


def formats_for(kind: str) -> list[str]:
    """The ``--format`` choices for a kind: the built-in ones in their usual order, then plug-ins."""
    builtin = list(ORDER.get(kind, ()))
    return builtin + sorted(n for n, w in _plugins().items() if kind in w.kinds)


def needs_source(name: str) -> bool:
    """Whether report format ``name`` pairs source and translation (so a translation checked
    alone cannot be written in it)."""
    return bool(getattr(get_writer(name), "needs_source", False))


def render(obj: object, name: str, kind: str) -> str:
    """The text of format ``name`` for ``obj`` of ``kind``."""
    return get_writer(name).render(obj, kind)


__all__ = ["KINDS", "TextWriter", "Writer", "available", "formats_for", "get_writer", "needs_source", "render"]
