"""`evalkit score`: segment and document scores of a translation against its source."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import (Aligned, Checks, Device, Glossary, NoLangCheck, Output, Presegmented, Quiet,
                                      SrcLang, TgtLang, check_before_work)
from evalkit.commands.output import write_output
from evalkit.errors import EvalkitError


class ScoreFormat(str, Enum):
    json = "json"
    tsv = "tsv"


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
    fmt: ScoreFormat = typer.Option(ScoreFormat.json, "--format", "-f", help="json | tsv"),
    output: Optional[Path] = Output,
    device: str = Device,
    checks: str = Checks("fast"),
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
) -> None:
    """Score a translation: calibrated similarity, (pseudo-)reference metrics, flags, MQM."""
    check_before_work(langs={"--src-lang": src_lang, "--tgt-lang": tgt_lang}, inputs={"glossary": glossary},
                      outputs={"--output": output})
    from evalkit.score.engines import resolve_engines
    from evalkit.score.output import evaluation_json, evaluation_tsv

    from evalkit.pipeline import check_checks

    check_checks(checks)
    resolve_engines(engines, src_lang, tgt_lang)  # fail fast on a bad --engines before loading models
    gloss = str(glossary) if glossary is not None else None
    eng_device = "cpu" if device == "auto" else device
    from evalkit.commands.progress import Progress

    with Progress("score", quiet=quiet) as progress:
        ev = _evaluate(src, tgt, ref, src_lang, tgt_lang, gloss, engines, aligned, device, eng_device, quiet, checks,
                       progress, presegmented=presegmented, check_language=not no_lang_check)
    if fmt == ScoreFormat.json:
        text = json.dumps(evaluation_json(ev), ensure_ascii=False, indent=1) + "\n"
    else:
        text = evaluation_tsv(ev)
    write_output(text, output)


def _evaluate(src, tgt, ref, src_lang, tgt_lang, gloss, engines, aligned, device, eng_device, quiet, checks, progress,
              presegmented=False, check_language=True):
    """Score line-aligned files or whole documents, telling ``progress`` each step and its time."""
    from evalkit.engine import Engine

    if aligned:
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


__all__ = ["score", "EvalkitError"]
