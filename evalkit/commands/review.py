"""`evalkit review`: the whole pipeline on one pair, ending in an HTML + JSON report."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from evalkit.commands.options import (SRC_LANG_HELP, TGT_LANG_HELP, AlsoFormatsOpt, Aligned, Checks, Device, Glossary, NoLangCheck,
                                      Presegmented, Quiet, Ray, Workers, deprecated)
from evalkit.errors import InputError, LanguageMismatchError


def _spec(inputs: list[str], src_lang: str | None, tgt_lang: str | None, name: str | None, layout: str | None,
          allow_outside: bool = False):
    from evalkit.pairfile import PairSpec, Side, read_pair

    if len(inputs) == 1:
        p = Path(inputs[0])
        if p.is_file():
            raise InputError(f"{p}: give a pair folder (with pair.toml) or two files, SRC and TGT")
        spec = read_pair(p, allow_outside=allow_outside)
        if src_lang is not None and spec.source is not None:
            spec = PairSpec(spec.name, spec.relation, spec.translation, Side(spec.source.path, src_lang, spec.source.layout), spec.title)
        if tgt_lang is not None:
            spec = PairSpec(spec.name, spec.relation, Side(spec.translation.path, tgt_lang, spec.translation.layout), spec.source, spec.title)
    elif len(inputs) == 2:
        src, tgt = Path(inputs[0]), Path(inputs[1])
        spec = PairSpec(tgt.name.split(".")[0] if tgt.name else "report", "translation",
                        Side(tgt, "en" if tgt_lang is None else tgt_lang, layout),
                        Side(src, "fr" if src_lang is None else src_lang, layout))
    else:
        raise InputError("give a pair folder (with pair.toml), or SRC and TGT files")
    if name:
        spec = PairSpec(name, spec.relation, spec.translation, spec.source, spec.title)
    return spec


def _language_error(exc: LanguageMismatchError, spec, from_pair: bool, src_lang: str | None,
                    tgt_lang: str | None) -> InputError:
    """Re-word a language mismatch with where the language was declared and a likely fix."""
    is_src = spec.source is not None and str(spec.source.path) == exc.path
    option, given = ("--src-lang", src_lang) if is_src else ("--tgt-lang", tgt_lang)
    if given or not from_pair:
        declared_by = f"{option} {exc.declared}" + ("" if given else ", the default")
    else:
        declared_by = f"lang = \"{exc.declared}\" in pair.toml"
    other = spec.translation if is_src else spec.source
    if other is not None and other.lang == exc.guessed:
        hint = "are --src-lang and --tgt-lang swapped?" if (src_lang or tgt_lang or not from_pair) else \
            "are the languages in pair.toml swapped?"
    else:
        hint = f"use {option} {exc.guessed} (or --no-lang-check)"
    return InputError(exc.explain(declared_by, hint))


def _summary_lines(report: dict) -> list[str]:
    s, al = report["summary"], report["alignment"]
    sev = s["flags_by_severity"]
    mqm = "–" if s["mqm"] is None else f"{s['mqm']:.1f}"
    if report["mode"] == "bilingual":
        first = (f"verdict {al['verdict']} · aligned coverage source {100 * (al['src_coverage'] or 0):.0f}% / "
                 f"translation {100 * (al['tgt_coverage'] or 0):.0f}% · {s['aligned']} aligned pairs, "
                 f"{s['src_only'] + s['tgt_only']} unaligned, {s['skipped_src'] + s['skipped_tgt']} set aside")
    else:
        first = f"translation checked alone (no source) · {s['beads']} segments, {s['skipped_tgt']} set aside"
    second = (f"flags: {s['flags']} ({sev.get('critical', 0)} critical, {sev.get('major', 0)} major, "
              f"{sev.get('minor', 0)} minor) in {s['flagged_beads']} segments · MQM-style score {mqm}")
    from evalkit.score.names import headline

    seg, doc = report["scores"]["segment"], report["scores"]["doc"]
    parts = [f"{k} {v['value']:.3g} [{v['ci_low']:.3g}–{v['ci_high']:.3g}]" for k, v in report["scores"]["corpus"].items()]
    parts += [f"{k} mean {seg[k]['mean']:.3g} [{seg[k]['ci_low']:.3g}–{seg[k]['ci_high']:.3g}]"
             for k in headline(seg, 3)]
    parts += [f"{k} {doc[k]:.3g}" for k in headline(doc, 6) if k in headline(seg, 3) and doc[k] is not None]
    third = ("scores: " + " · ".join(parts)) if parts else "scores: none measured"
    return [first, second, third]


def _formats(xliff: bool, tmx: bool, also: Optional[List[str]]) -> list[str]:
    """The report formats to write: html and json, then those asked for (``--xliff``, ``--tmx``
    and ``-f``, each once)."""
    return list(dict.fromkeys(["html", "json"] + ["xliff"] * xliff + ["tmx"] * tmx + list(also or ())))


def review(
    inputs: Optional[List[str]] = typer.Argument(None, metavar="PAIR_DIR | SRC TGT | DIR",
                                                 help="A pair folder with pair.toml, the source and translation "
                                                      "files, or a folder of pair folders (a batch)."),
    src_lang: Optional[str] = typer.Option(None, "--src-lang", help=SRC_LANG_HELP),
    tgt_lang: Optional[str] = typer.Option(None, "--tgt-lang", help=TGT_LANG_HELP),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Folder for the reports (default: reports)."),
    name: Optional[str] = typer.Option(None, "--name", help="Report file name (default: the pair's name)."),
    ref: Optional[Path] = typer.Option(None, "--ref", help="A reference translation: adds BLEU/chrF/TER."),
    glossary: Optional[Path] = Glossary,
    layout: Optional[str] = typer.Option(None, "--layout", help="SRC TGT only: plain | pdf-text | web | presegmented | pdf."),
    presegmented: bool = Presegmented,
    aligned: bool = Aligned,
    xliff: bool = typer.Option(False, "--xliff", help="Also write <name>.xlf (XLIFF 2.1, flags as notes)."),
    tmx: bool = typer.Option(False, "--tmx", help="Also write <name>.tmx (TMX 1.4b translation memory)."),
    also: Optional[List[str]] = AlsoFormatsOpt("report", "Also write this report format (repeatable; html and json "
                                               "are always written)."),
    open_: bool = typer.Option(False, "--open", help="Open the HTML report in a browser."),
    decisions: Optional[Path] = typer.Option(None, "--decisions", help="Decisions exported from an earlier report "
                                             "(Decisions JSON, Issue list CSV or XLIFF): kept, and new flags marked."),
    device: str = Device,
    checks: str = Checks("fast"),
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
    allow_outside_pair: bool = typer.Option(False, "--allow-outside-pair",
                                            help="Let pair.toml name files outside the pair folder (trusted pairs only)."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="A batch from a CSV or JSONL file: one pair a row "
                                            "(source, translation, src_lang, tgt_lang; optional name, ref, glossary, layout)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Batch only: pairs reviewed at once, each worker process "
                             "with its own models (docs/batch.md: on 2 busy cores 1 is usually best)."),
    ray: Optional[str] = Ray,
    workers: Optional[int] = Workers,
    old_out: Optional[Path] = typer.Option(None, "-o", hidden=True, help="Deprecated: --out-dir."),
) -> None:
    """Review a translation: align it with its source, score and flag it, write reports/<name>.html and .json.

    A folder of pair folders, or --manifest: a batch, with the models loaded once.
    One report per pair, plus index.html and index.json; exit 1 when any pair failed."""
    from evalkit.commands.review_batch import batch_mode, review_batch

    if old_out is not None:
        if out_dir is not None:
            raise InputError("give the report folder once, with --out-dir")
        deprecated("review", "-o", "--out-dir (-o names one output file in the other commands)")
    out_dir = out_dir or old_out or Path("reports")
    if batch_mode(inputs, manifest):
        given = {"--src-lang": src_lang, "--tgt-lang": tgt_lang, "--name": name, "--ref": ref, "--glossary": glossary,
                 "--layout": layout, "--decisions": decisions, "--open": open_ or None,
                 "--presegmented": presegmented or None, "--aligned": aligned or None}
        review_batch(inputs, manifest, out_dir=out_dir, jobs=jobs, device=device, checks=checks, quiet=quiet,
                     check_language=not no_lang_check, allow_outside=allow_outside_pair,
                     formats=_formats(xliff, tmx, also),
                     single_pair_options=[k for k, v in given.items() if v], ray=ray, workers=workers)
        return
    if ray is not None or workers is not None:
        raise InputError("--ray and --workers are for a batch (a folder of pair folders, or --manifest)")
    if not inputs:
        raise InputError("give a pair folder (with pair.toml), SRC and TGT files, a folder of pair folders, or --manifest")
    if jobs != 1:
        raise InputError("--jobs is for a batch (a folder of pair folders, or --manifest)")
    from evalkit.commands.progress import Progress
    from evalkit.engine import Engine
    from evalkit.report import report_files
    from evalkit.report.atomic import write_together
    from evalkit.writers import needs_source
    from evalkit.pipeline import safe_name

    from evalkit.outpaths import check_out_dir

    if presegmented or aligned:
        if layout not in (None, "presegmented"):
            raise InputError(f"--{'aligned' if aligned else 'presegmented'} reads one segment per line: "
                             f"it cannot be combined with --layout {layout}")
        layout = "presegmented"
    if aligned and len(inputs) != 2:
        raise InputError("--aligned needs two files, SRC and TGT, line-aligned")
    check_out_dir(out_dir, "--out-dir")
    from evalkit.pipeline import check_checks

    check_checks(checks)
    carried = None
    if decisions is not None:
        from evalkit.report.decisions import read_decisions

        carried = read_decisions(decisions)  # a bad file fails before any model loads
    spec = _spec(inputs, src_lang, tgt_lang, name, layout, allow_outside_pair)
    from evalkit.ingest.language import check_language_code

    for side, option in ((spec.source, "--src-lang"), (spec.translation, "--tgt-lang")):
        if side is not None:
            given = src_lang if option == "--src-lang" else tgt_lang
            check_language_code(side.lang, option if given is not None or len(inputs) == 2 else f"lang in {inputs[0]}/pair.toml")
    report_name = safe_name(spec.name)
    with Progress("review", quiet=quiet) as progress:
        if spec.relation == "comparable":
            progress.line("note: this pair is marked comparable (related, not translations): expect a not-parallel verdict")
        try:
            engine = Engine(device, checks)
            if aligned:
                report = engine.report_lines(spec.source.path, spec.translation.path, spec.source.lang,
                                             spec.translation.lang, name=report_name, ref=ref, glossary=glossary,
                                             check_language=not no_lang_check, notify=progress.notify,
                                             decisions=carried, title=spec.title)
            else:
                report = engine.report(spec, name=report_name, ref=ref, glossary=glossary,
                                       check_language=not no_lang_check, notify=progress.notify, decisions=carried)
        except LanguageMismatchError as exc:
            raise _language_error(exc, spec, len(inputs) == 1, src_lang, tgt_lang) from None
        with progress.step("Writing the reports"):
            formats = _formats(xliff, tmx, also)
            if report["mode"] == "translation-only":
                paired = [f for f in formats if needs_source(f)]
                if paired:
                    progress.line(f"note: no {'/'.join(f.upper() for f in paired)} for a translation without source")
                formats = [f for f in formats if f not in paired]
            paths = write_together(report_files(report, out_dir, report_name, formats))

    for p in paths.values():
        typer.echo(str(p))
    for line in _summary_lines(report):
        typer.echo(line)
    if report.get("review"):
        rv = report["review"]
        typer.echo(f"decisions: {rv['carried']} kept from {rv['file']}, {rv['new']} new flag(s) to review"
                   + (f", {rv['gone']} decided flag(s) no longer raised" if rv["gone"] else ""))
    if open_:
        import webbrowser

        webbrowser.open(paths["html"].resolve().as_uri())
