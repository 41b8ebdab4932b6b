"""`evalkit score`: segment and document scores of a translation against its source."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import (Aligned, Checks, Device, FormatOpt, Glossary, NoLangCheck, Output, Presegmented, Quiet, Ray,
                                      ShardSize, SrcLang, TgtLang, Workers, check_before_work)
from evalkit.commands.output import write_output
from evalkit.errors import EvalkitError, InputError


def score(
    src: Path = typer.Argument(..., help="Source document."),
    tgt: Path = typer.Argument(..., help="Translation of SRC."),
    src_lang: str = SrcLang,
    tgt_lang: str = TgtLang,
    ref: Optional[Path] = typer.Option(None, "--ref", help="Human reference translation (adds BLEU/chrF/TER)."),
    glossary: Optional[Path] = Glossary,
    aligned: bool = Aligned,
    presegmented: bool = Presegmented,
    engines: str = typer.Option("auto", "--engines", help="Pseudo-reference MT: auto | none | apertium | "
                                "marian:PATH | nllb:PATH (comma-separated)."),
    fmt: str = FormatOpt("evaluation", "json", "Output format."),
    output: Optional[Path] = Output,
    device: str = Device,
    checks: str = Checks("fast"),
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
    ray: Optional[str] = Ray,
    shard_size: int = ShardSize,
    workers: Optional[int] = Workers,
) -> None:
    """Score a translation: calibrated similarity, (pseudo-)reference metrics, flags, MQM."""
    check_before_work(langs={"--src-lang": src_lang, "--tgt-lang": tgt_lang}, inputs={"glossary": glossary},
                      outputs={"--output": output})
    if ray is not None:
        if not aligned:
            raise InputError("--ray needs --aligned (line-aligned files); whole documents are aligned in one process")
        from evalkit.distributed import require_ray

        require_ray()
    from evalkit.score.engines import resolve_engines

    from evalkit.pipeline import check_checks

    check_checks(checks)
    resolve_engines(engines, src_lang, tgt_lang)  # fail fast on a bad --engines before loading models
    gloss = str(glossary) if glossary is not None else None
    eng_device = "cpu" if device == "auto" else device
    from evalkit.commands.progress import Progress

    with Progress("score", quiet=quiet) as progress:
        ev = _evaluate(src, tgt, ref, src_lang, tgt_lang, gloss, engines, aligned, device, eng_device, quiet, checks,
                       progress, presegmented=presegmented, check_language=not no_lang_check,
                       ray=(ray, shard_size, workers))
    from evalkit.writers import render

    write_output(render(ev, fmt, "evaluation"), output)


def _evaluate(src, tgt, ref, src_lang, tgt_lang, gloss, engines, aligned, device, eng_device, quiet, checks, progress,
              presegmented=False, check_language=True, ray=(None, 500, None)):
    """Score line-aligned files or whole documents, telling ``progress`` each step and its time
    (``ray``: (address or None, shard size, workers))."""
    from evalkit.engine import Engine

    if aligned:
        address, shard_size, workers = ray
        if address is not None:
            from evalkit.engine import read_line_files

            src_lines, hyp_lines, ref_lines = read_line_files(src, tgt, src_lang, tgt_lang, ref=ref,
                                                              check_language=check_language)
            return _evaluate_on_ray(src, tgt, src_lines, hyp_lines, ref_lines, src_lang, tgt_lang, gloss, engines,
                                    device, checks, quiet, progress, address, shard_size, workers)
        return Engine(device, checks).score_files(src, tgt, src_lang, tgt_lang, ref=ref, glossary=gloss, engines=engines,
                                                  check_language=check_language, quiet=quiet, notify=progress.notify)
    from evalkit.ingest import load_document
    from evalkit.pipeline import evaluate_documents, load_models

    with progress.step("Reading the documents"):
        sdoc, tdoc = (load_document(path, lang, presegmented, check_language=check_language)
                      for path, lang in ((src, src_lang), (tgt, tgt_lang)))
        rdoc = load_document(ref, tgt_lang, presegmented, check_language=check_language) if ref is not None else None
    with progress.step("Loading the models"):
        models = load_models(device, checks=checks)
    return evaluate_documents(sdoc, tdoc, models, ref=rdoc, glossary=gloss, engines=engines,
                              device=eng_device, notify=progress.notify)


def _evaluate_on_ray(src, tgt, src_lines, hyp_lines, ref_lines, src_lang, tgt_lang, gloss, engines, device, checks,
                     quiet, progress, address, shard_size, workers):
    """``score --aligned --ray``: the per-segment stage on the cluster's actors, the rest here."""
    from evalkit.distributed import RaySegments, score_lines_on_ray

    with progress.step(f"Connecting to Ray ({address})"):
        runner = RaySegments(device=device, checks=checks, address=address, workers=workers, shard_size=shard_size,
                             notify=progress.notify)
    with progress.step(f"Scoring and flagging ({len(src_lines)} lines) on Ray Data ({runner.shape.actors} "
                       f"actor(s), shards of {shard_size})"):
        ev = score_lines_on_ray(src_lines, hyp_lines, src_lang, tgt_lang, runner=runner, ref_lines=ref_lines,
                                glossary=gloss, engines=engines, quiet=quiet)
    ev.alignment.src.path, ev.alignment.tgt.path = str(src), str(tgt)
    return ev


__all__ = ["score", "EvalkitError"]
