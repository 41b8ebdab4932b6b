"""Batch review: many pairs, one set of models, one report per pair and an index over them.

A localisation team checks every document a vendor delivered; paying the model load (about 10 s
on a 2-core CPU) once per pair, as one ``evalkit review`` per pair does, is most of the time on
short documents. Here an :class:`~evalkit.engine.Engine` holds the models for the whole batch, so
every report is the one a single ``evalkit review`` of that pair writes (same pipeline, same
models: identical apart from ``created``).

Inputs: a folder of pair folders (:func:`discover`) or a manifest (:func:`read_manifest`, CSV or
JSONL). Both are checked before any model loads: a malformed manifest is one
:class:`~evalkit.errors.InputError`. A pair that then fails (missing file, wrong language,
unreadable) does not stop the others: it is an ``error`` row with its one-line message in the index.

Parallelism (``jobs``): worker *processes*, each with its own Engine, not threads sharing one.
Threads sharing one Engine were slower and, until each thread got its own Snowball stemmers
(a stemmer keeps the word being stemmed in the object), unsafe; the pipeline is mostly Python
between the model calls, so threads contend for the GIL.
A process pays its own model load (about 10 s on this CPU) and its own memory for the models, so
``jobs`` > 1 only pays off with free cores and several pairs per worker; the default is 1
(figures in docs/batch.md). Reports are written by whoever ran the pair, each pair's files
together and atomically; the index (``index.html`` + ``index.json``) is written last, both files
or neither.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Sequence

from evalkit.errors import EvalkitError, InputError, LanguageMismatchError
from evalkit.pairfile import PairSpec, Side, is_inside

log = logging.getLogger(__name__)

INDEX_SCHEMA_VERSION = "1.0"
MANIFEST_KEYS = ("source", "translation", "src_lang", "tgt_lang", "name", "title", "ref", "glossary", "layout")
REQUIRED_KEYS = ("translation", "tgt_lang")
RESERVED_NAMES = ("index",)  # index.html / index.json belong to the batch


@dataclass
class BatchItem:
    """One pair of a batch: its spec when it could be read, else the one-line error that stopped it.

    ``origin`` says where it came from (a pair folder, ``manifest.csv row 3``) so the index and the
    language-mismatch message can point at the right line. ``name`` is the unique report name.
    """

    name: str
    origin: str
    spec: PairSpec | None = None
    error: str | None = None
    ref: Path | None = None
    glossary: Path | None = None
    declared_in: str = "pair.toml"


@dataclass
class PairResult:
    """What the index says about one pair: its report's headline figures, or its error."""

    name: str
    origin: str
    status: str  # ok | error
    seconds: float
    error: str | None = None
    files: dict[str, str] = field(default_factory=dict)
    summary: dict | None = None


# ---------------------------------------------------------------- inputs


def is_batch_folder(folder: Path) -> bool:
    """A folder without its own pair.toml whose subfolders hold pair.toml files: a batch.
    (A folder with pair.toml stays the single-pair path.)"""
    return folder.is_dir() and not (folder / "pair.toml").exists() and bool(_pair_folders(folder))


def _pair_folders(folder: Path) -> list[Path]:
    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as exc:
        raise InputError(f"{folder}: cannot list it ({exc.strerror or exc})") from None
    return [p for p in subs if (p / "pair.toml").exists()]


def discover(folder: str | Path, *, allow_outside: bool = False) -> list[BatchItem]:
    """The pairs in ``folder``'s subfolders (those with a ``pair.toml``), by folder name.

    A subfolder whose pair.toml cannot be read becomes an error item: one bad pair.toml from a
    vendor must not hide the other documents' reports.
    """
    from evalkit.pairfile import read_pair

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    pairs = _pair_folders(folder)
    if not pairs:
        raise InputError(f"{folder}: no pair.toml in this folder nor in its subfolders")
    items = []
    for p in pairs:
        try:
            spec = read_pair(p, allow_outside=allow_outside)
            items.append(BatchItem(spec.name, str(p), spec, declared_in=f"{p / 'pair.toml'}"))
        except EvalkitError as exc:
            items.append(BatchItem(p.name, str(p), error=str(exc)))
    return _unique_names(items)


def _manifest_rows(path: Path, text: str) -> list[tuple[int, dict]]:
    """(line number, row) for a CSV (header row first) or JSONL (one object a line) manifest."""
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson") or (path.suffix.lower() != ".csv" and text.lstrip().startswith("{"))
    rows: list[tuple[int, dict]] = []
    if jsonl:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n}: not valid JSON ({exc.msg}, column {exc.colno})") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}: line {n}: each line must be a JSON object with source, translation, "
                                 "src_lang, tgt_lang")
            bad = [k for k, v in row.items() if v is not None and not isinstance(v, str)]
            if bad:
                raise InputError(f"{path}: line {n}: {bad[0]} must be a string")
            rows.append((n, row))
        return rows
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames
        if not header:
            raise InputError(f"{path}: empty manifest (CSV needs a header row: {', '.join(MANIFEST_KEYS)})")
        header = [h.strip() for h in header]
        reader.fieldnames = header
        for row in reader:
            n = reader.line_num
            if None in row:
                raise InputError(f"{path}: line {n}: more fields than the header has ({len(header)})")
            if any(v is None for v in row.values()):
                raise InputError(f"{path}: line {n}: fewer fields than the header has ({len(header)})")
            if not any((v or "").strip() for v in row.values()):
                continue
            rows.append((n, {k: v.strip() for k, v in row.items()}))
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid CSV manifest ({exc})") from None
    return rows


def read_manifest(path: str | Path, *, allow_outside: bool = False) -> list[BatchItem]:
    """The pairs a CSV or JSONL manifest lists, one a row.

    Keys: ``source``, ``translation``, ``src_lang``, ``tgt_lang`` (``source``/``src_lang`` empty for a
    translation without source), optional ``name``, ``title``, ``ref``, ``glossary``, ``layout``. Relative paths
    are read from the manifest's folder. Like a pair.toml, a manifest may only name files inside its
    own folder unless ``allow_outside`` (a manifest from someone else must not pull ``~/.ssh`` into a
    published report). Anything malformed (syntax, unknown or missing keys, unknown language code or
    layout) is one InputError naming the line, raised before any model loads; files that turn out
    missing or unreadable are the pair's error in the index, like a bad pair folder's.
    """
    from evalkit.ingest.decode import check_input_file
    from evalkit.ingest.language import check_language_code
    from evalkit.ingest.layout import LAYOUTS

    path = Path(path)
    check_input_file(path, "manifest")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the manifest is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    rows = _manifest_rows(path, text)
    if not rows:
        raise InputError(f"{path}: the manifest lists no pair")
    base = path.parent
    items = []
    for n, row in rows:
        where = f"{path}: line {n}"
        unknown = sorted(set(row) - set(MANIFEST_KEYS))
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(MANIFEST_KEYS)})")
        get = {k: (row.get(k) or "").strip() for k in MANIFEST_KEYS}
        for k in REQUIRED_KEYS:
            if not get[k]:
                raise InputError(f"{where}: {k} is missing")
        if get["source"] and not get["src_lang"]:
            raise InputError(f"{where}: src_lang is missing (the language of {get['source']})")
        if get["src_lang"] and not get["source"]:
            raise InputError(f"{where}: src_lang is given but source is empty")
        for k in ("src_lang", "tgt_lang"):
            if get[k]:
                check_language_code(get[k], f"{k} on {where}")
        layout = get["layout"] or None
        if layout is not None and layout not in LAYOUTS:
            raise InputError(f"{where}: unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
        files = {k: _manifest_path(base, get[k], where, k, allow_outside) for k in ("source", "translation", "ref", "glossary")
                 if get[k]}
        tgt = files["translation"]
        name = get["name"] or tgt.name.split(".")[0] or f"row-{n}"
        src = Side(files["source"], get["src_lang"], layout) if "source" in files else None
        spec = PairSpec(name, "translation" if src else "translation-only", Side(tgt, get["tgt_lang"], layout), src,
                        get["title"])
        items.append(BatchItem(name, f"{path.name} line {n}", spec, ref=files.get("ref"),
                               glossary=files.get("glossary"), declared_in=f"{path.name} line {n}"))
    return _unique_names(items)


def _manifest_path(base: Path, value: str, where: str, key: str, allow_outside: bool) -> Path:
    p = Path(value)
    p = p if p.is_absolute() else base / p
    if not allow_outside:
        if not is_inside(p, base):
            raise InputError(f"{where}: {key} {value!r} is outside the manifest's folder "
                             "(pass --allow-outside-pair to read it anyway)")
    return p


def _unique_names(items: list[BatchItem]) -> list[BatchItem]:
    """Report names safe as file names and unique in the batch (``name``, ``name-2``…);
    ``index`` is the batch's own page."""
    from evalkit.pipeline import safe_name

    taken: set[str] = set()
    out = []
    for it in items:
        base = safe_name(it.name)
        name, k = base, 1
        while name.lower() in taken or name.lower() in RESERVED_NAMES:
            k += 1
            name = f"{base}-{k}"
        taken.add(name.lower())
        out.append(replace(it, name=name))
    return out


# ---------------------------------------------------------------- running one pair


def _language_message(exc: LanguageMismatchError, item: BatchItem) -> str:
    spec = item.spec
    is_src = spec.source is not None and str(spec.source.path) == exc.path
    other = spec.translation if is_src else spec.source
    key = "src_lang" if is_src else "tgt_lang"
    declared_by = (f'lang = "{exc.declared}" in {item.declared_in}' if item.declared_in.endswith("pair.toml")
                   else f"{key} {exc.declared} on {item.declared_in}")
    hint = ("are the languages swapped?" if other is not None and other.lang == exc.guessed
            else f"declare {exc.guessed}")
    return exc.explain(declared_by, hint)


def review_item(engine, item: BatchItem, out_dir: Path, formats: Sequence[str], *, check_language: bool = True,
                notify: Callable[[str], None] | None = None) -> PairResult:
    """Review one pair with ``engine`` and write its reports; any failure becomes the result's error.

    EvalkitErrors are the pair's own problem (its one-line message goes to the index). Anything
    else is a bug, but one pair's bug must not cost the other pairs' reports: it is logged with
    its traceback and the pair is an error row naming the exception.
    """
    from evalkit.report import report_files
    from evalkit.report.atomic import write_together
    from evalkit.writers import needs_source

    t0 = time.perf_counter()
    if item.spec is None:
        return PairResult(item.name, item.origin, "error", 0.0, error=item.error)
    try:
        report = engine.report(item.spec, name=item.name, ref=item.ref, glossary=item.glossary,
                               check_language=check_language, notify=notify)
        fmts = [f for f in formats if not (report["mode"] == "translation-only" and needs_source(f))]
        paths = write_together(report_files(report, out_dir, item.name, fmts))
    except LanguageMismatchError as exc:
        return PairResult(item.name, item.origin, "error", time.perf_counter() - t0, error=_language_message(exc, item))
    except EvalkitError as exc:
        return PairResult(item.name, item.origin, "error", time.perf_counter() - t0, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one pair's bug must not stop the batch
        log.exception("evalkit: internal error on %s", item.origin)
        return PairResult(item.name, item.origin, "error", time.perf_counter() - t0,
                          error=f"internal error: {type(exc).__name__}: {exc}")
    return PairResult(item.name, item.origin, "ok", time.perf_counter() - t0,
                      files={f: p.name for f, p in paths.items()}, summary=index_summary(report))


def index_summary(report: dict) -> dict:
    """The figures of a report the index shows: verdict, coverage, MQM-style score, flags."""
    s, al = report["summary"], report["alignment"]
    bilingual = report["mode"] == "bilingual"
    return {
        "report_id": report["report_id"],
        "mode": report["mode"],
        "src_lang": report["src_lang"],
        "tgt_lang": report["tgt_lang"],
        "title": report["pair"]["title"],
        "relation": report["pair"]["relation"],
        "verdict": al["verdict"] if bilingual else None,
        "src_coverage": al["src_coverage"] if bilingual else None,
        "tgt_coverage": al["tgt_coverage"] if bilingual else None,
        "segments": s["aligned"] if bilingual else s["beads"],
        "mqm": s["mqm"],
        "flags": s["flags"],
        "flags_by_severity": {k: int(s["flags_by_severity"].get(k, 0)) for k in ("critical", "major", "minor")},
    }


# ---------------------------------------------------------------- workers

_WORKER_ENGINE = None


def _worker_init(device: str, checks: str, threads: int | None) -> None:
    """A worker process's Engine (its models load on its first pair, after that pair's checks)."""
    global _WORKER_ENGINE
    if threads and not os.environ.get("EVALKIT_THREADS"):
        os.environ["EVALKIT_THREADS"] = str(threads)  # workers must not each take every core
    logging.disable(logging.WARNING)  # the parent reports per pair; library notes would interleave
    from evalkit.engine import Engine

    _WORKER_ENGINE = Engine(device, checks)


def _worker_review(item: BatchItem, out_dir: Path, formats: tuple[str, ...], check_language: bool) -> PairResult:
    return review_item(_WORKER_ENGINE, item, out_dir, formats, check_language=check_language)


# ---------------------------------------------------------------- the batch


@dataclass
class BatchResult:
    results: list[PairResult]
    index: dict
    paths: dict[str, Path]

    @property
    def failed(self) -> list[PairResult]:
        return [r for r in self.results if r.status != "ok"]


def run_batch(items: Sequence[BatchItem], out_dir: str | Path, *, device: str = "auto", checks: str = "fast",
              jobs: int = 1, formats: Iterable[str] = ("html", "json"),
              check_language: bool = True, source: dict | None = None,
              on_start: Callable[[BatchItem], None] | None = None,
              on_done: Callable[[PairResult, int, int], None] | None = None,
              notify: Callable[[str], None] | None = None, engine=None, ray: str | None = None,
              ray_workers: int | None = None) -> BatchResult:
    """Review every item, write one report per pair, then the index (``index.html`` + ``index.json``).

    ``jobs`` > 1 runs pairs at once in worker processes, each with its own Engine (why not
    threads: the module docstring). ``engine``: an Engine to use when ``jobs`` is 1 (warm models
    from the caller, e.g. the service). ``on_done(result,
    done, total)`` is called in the caller's thread as each pair finishes; ``notify`` receives the
    pipeline's step messages when pairs run in this process. ``source`` describes the batch's input
    for the index (``{"kind": "folder"|"manifest", "path": ...}``). ``ray``: "auto" or a cluster
    address: the pairs run on a pool of Ray actors, each with its own Engine (``ray_workers`` of
    them; ``jobs`` is then unused), reviewed and written by the same :func:`review_item`; the
    pair files and ``out_dir`` must be on a file system the workers share (docs/ray.md).
    """
    from evalkit.engine import Engine

    out_dir = Path(out_dir)
    formats = tuple(formats)
    if jobs < 1:
        raise EvalkitError(f"--jobs must be at least 1, not {jobs}")
    t0 = time.perf_counter()
    started = datetime.now(timezone.utc)
    total = len(items)
    results: list[PairResult | None] = [None] * total
    done = 0

    def finish(i: int, res: PairResult) -> None:
        nonlocal done
        results[i] = res
        done += 1
        if on_done:
            on_done(res, done, total)

    runnable = [i for i, it in enumerate(items) if it.spec is not None]
    for i, it in enumerate(items):  # pairs that could not even be read fail first, at no cost
        if it.spec is None:
            finish(i, review_item(None, it, out_dir, formats))
    workers = min(jobs, len(runnable)) if runnable else 0
    if ray is not None and runnable:
        from evalkit.distributed import EnginePool

        if notify:
            notify(f"Starting Ray actors ({ray}) and loading their models…")
        with EnginePool(device=device, checks=checks, address=ray, workers=ray_workers) as ray_pool:
            for i in runnable:
                if on_start:
                    on_start(items[i])
            for i, res in ray_pool.map_review_items([(i, items[i], out_dir, formats, check_language)
                                                     for i in runnable]):
                finish(i, res)
    elif workers <= 1:
        eng = engine or Engine(device, checks)
        for i in runnable:
            if on_start:
                on_start(items[i])
            finish(i, review_item(eng, items[i], out_dir, formats, check_language=check_language, notify=notify))
    else:
        import multiprocessing

        threads = max(1, (os.cpu_count() or 1) // workers)
        # spawn: a fork of a process that has started torch's threads can deadlock
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, initargs=(device, checks, threads))
        submit = lambda i: pool.submit(_worker_review, items[i], out_dir, formats, check_language)  # noqa: E731
        with pool:
            pending: dict[Future, int] = {}
            for i in runnable:
                pending[submit(i)] = i
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i = pending.pop(fut)
                    try:
                        res = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died (out of memory, killed)
                        log.error("evalkit: worker failed on %s: %s", items[i].origin, exc)
                        res = PairResult(items[i].name, items[i].origin, "error", 0.0,
                                         error=f"internal error: the worker stopped ({type(exc).__name__}: {exc})")
                    finish(i, res)
    final = [r for r in results if r is not None]
    index = build_index(final, items, started=started, seconds=time.perf_counter() - t0, checks=checks,
                        jobs=jobs, source=source)
    paths = write_index(index, out_dir)
    return BatchResult(final, index, paths)


def build_index(results: Sequence[PairResult], items: Sequence[BatchItem], *, started: datetime, seconds: float,
                checks: str, jobs: int, source: dict | None = None) -> dict:
    """The index dict (schema ``evalkit/schemas/index.schema.json``), pairs in input order."""
    from evalkit import __version__

    by_name = {it.name: it for it in items}
    pairs = []
    for r in results:
        it = by_name[r.name]
        spec = it.spec
        pairs.append({
            "name": r.name,
            "origin": r.origin,
            "status": r.status,
            "error": r.error,
            "source": str(spec.source.path) if spec and spec.source else None,
            "translation": str(spec.translation.path) if spec else None,
            "reports": dict(r.files),
            "seconds": round(r.seconds, 2),
            **(r.summary or {"report_id": None, "mode": None,
                             "src_lang": spec.source.lang if spec and spec.source else None,
                             "tgt_lang": spec.translation.lang if spec else None,
                             "title": spec.title if spec else "", "relation": spec.relation if spec else None,
                             "verdict": None, "src_coverage": None, "tgt_coverage": None, "segments": None,
                             "mqm": None, "flags": None, "flags_by_severity": None}),
        })
    ok = sum(1 for p in pairs if p["status"] == "ok")
    return {
        "schema_version": INDEX_SCHEMA_VERSION,
        "created": started.isoformat(timespec="seconds"),
        "generator": {"name": "evalkit", "version": __version__},
        "input": source or {"kind": "items", "path": None},
        "checks": checks,
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "counts": {"pairs": len(pairs), "ok": ok, "failed": len(pairs) - ok},
        "pairs": pairs,
    }


def write_index(index: dict, out_dir: Path) -> dict[str, Path]:
    """``index.html`` and ``index.json``, both or neither (never a half-written index)."""
    from evalkit.report.atomic import write_together
    from evalkit.report.index_html import render_index

    text = json.dumps(index, ensure_ascii=False, indent=2) + "\n"
    return write_together({"html": (out_dir / "index.html", render_index(index)),
                           "json": (out_dir / "index.json", text)})
