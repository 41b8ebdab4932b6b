"""What the service's endpoints do, without the web framework: the command line's code paths,
fed with posted text instead of files, so the answers are the command line's.

``check_segments`` is ``evalkit score --aligned`` on the lines of the segments;
``review_documents`` writes the posted documents into a private temporary folder, under the
names given (or ``source.<lang>.txt`` / ``translation.<lang>.txt``), and runs ``evalkit review
SRC TGT`` on them through the same :class:`~evalkit.engine.Engine`: the same reader, the same
limits, the same messages. Paths in messages and in the report are the bare file names, never
the temporary folder.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from evalkit.engine import Engine
from evalkit.errors import EvalkitError, InputError, LanguageMismatchError

log = logging.getLogger(__name__)


def check_segments(engine: Engine, src_lang: str, tgt_lang: str, segments: list[dict], *,
                   engines: str = "auto") -> dict:
    """``evalkit score --aligned`` JSON for ``segments`` (dicts with src, tgt and optionally ref).

    Input errors are :class:`~evalkit.errors.InputError` with the command line's one-line message.
    """
    from evalkit.ingest.decode import check_text_limits
    from evalkit.ingest.language import check_language_code
    from evalkit.score.engines import resolve_engines
    from evalkit.score.output import evaluation_json

    check_language_code(src_lang, "src_lang")
    check_language_code(tgt_lang, "tgt_lang")
    resolve_engines(engines, src_lang, tgt_lang)
    if not segments:
        raise InputError("segments: give at least one segment pair")
    with_ref = [s.get("ref") is not None for s in segments]
    if any(with_ref) and not all(with_ref):
        missing = with_ref.index(False)
        raise InputError(f"segments[{missing}].ref: give a reference for every segment or for none")
    sides = {"src": "source", "tgt": "translation", "ref": "reference"}
    lines: dict[str, list[str]] = {}
    for key, what in sides.items():
        if key == "ref" and not any(with_ref):
            continue
        col = [s[key] for s in segments]
        for i, text in enumerate(col):
            if "\n" in text or "\r" in text:
                raise InputError(f"segments[{i}].{key}: a segment is one line; it contains a line break")
        try:
            check_text_limits("\n".join(col), f"segments[].{key}")
        except InputError as exc:
            raise InputError(f"{exc} ({what})") from None
        if not any(t.strip() for t in col):
            raise InputError(f"segments[].{key}: every {what} segment is empty ({what})")
        lines[key] = col
    ev = engine.score_lines(lines["src"], lines["tgt"], src_lang, tgt_lang, ref_lines=lines.get("ref"),
                            engines=engines, quiet=True)
    return evaluation_json(ev)


def _file_name(name: str | None, default: str, field: str) -> str:
    """A plain file name for a posted document: no folders, not hidden."""
    if name is None:
        return default
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or name.startswith("."):
        raise InputError(f"{field}: {name!r} is not a plain file name (no folders, not hidden)")
    if len(name.encode()) > 200:
        raise InputError(f"{field}: file name longer than 200 bytes")
    return name


def review_documents(engine: Engine, translation: dict, source: dict | None = None, *, reference: str | None = None,
                     name: str | None = None, title: str = "", check_language: bool = True) -> dict:
    """The report dict ``evalkit review SRC TGT`` builds for these documents (dicts with text, lang,
    and optionally layout and name); ``source`` None: the translation is checked on its own."""
    from evalkit.ingest.language import check_language_code
    from evalkit.pairfile import PairSpec, Side
    from evalkit.pipeline import safe_name

    docs = {"translation": translation} | ({"source": source} if source is not None else {})
    for field, doc in docs.items():
        check_language_code(doc["lang"], f"{field}.lang")
    names = {field: _file_name(doc.get("name"), f"{field}.{doc['lang']}.txt", f"{field}.name")
             for field, doc in docs.items()}
    if reference is not None:
        names["reference"] = f"reference.{translation['lang']}.txt"
    for field in docs:
        docs[field] = {**docs[field], "_file": names[field]}
    if len(set(names.values())) < len(names):
        raise InputError("source.name and translation.name must differ")
    with tempfile.TemporaryDirectory(prefix="evalkit-serve-") as tmp:
        folder = Path(tmp)
        texts = {f: d["text"] for f, d in docs.items()} | ({"reference": reference} if reference is not None else {})
        for field, text in texts.items():
            (folder / names[field]).write_text(text, encoding="utf-8", newline="")

        def side(field: str):
            doc = docs[field]
            layout = doc.get("layout")
            return Side(folder / names[field], doc["lang"], None if layout in (None, "auto") else layout)

        spec = PairSpec(names["translation"].split(".")[0] or "report",
                        "translation" if source is not None else "translation-only",
                        side("translation"), side("source") if source is not None else None, title)
        try:
            result = engine.review(spec, ref=folder / names["reference"] if reference is not None else None,
                                   check_language=check_language)
        except LanguageMismatchError as exc:
            raise InputError(_language_message(exc, folder, docs)) from None
        except EvalkitError as exc:
            raise InputError(_bare(str(exc), folder)) from None
    from evalkit.report import build_report

    # the documents are named as `cd folder && evalkit review source.fr.txt translation.en.txt` names them
    al = result.evaluation.alignment
    for doc in (al.src, al.tgt):
        if doc.path:
            doc.path = _bare(doc.path, folder)
    return build_report(result.evaluation, safe_name(name or spec.name), corpus=result.corpus, title=spec.title,
                        relation=spec.relation)


def _bare(text: str, folder: Path) -> str:
    """``text`` with the temporary folder taken out of the paths it names."""
    return text.replace(f"{folder}{os.sep}", "")


def _language_message(exc: LanguageMismatchError, folder: Path, docs: dict) -> str:
    """The command line's language-mismatch line, naming the request's fields instead of its options."""
    field = next((f for f in docs if exc.path == str(folder / docs[f]["_file"])), "translation")
    exc.path = _bare(exc.path, folder)
    other = docs.get("source" if field == "translation" else "translation")
    if other is not None and other["lang"] == exc.guessed:
        hint = "are source.lang and translation.lang swapped?"
    else:
        hint = f"use {field}.lang {exc.guessed!r} (or check_language false)"
    return exc.explain(f"{field}.lang {exc.declared}", hint)
