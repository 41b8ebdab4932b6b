"""`evalkit align`: sentence-align a source document and its translation."""

from __future__ import annotations

from pathlib import Path

import typer

from evalkit.commands.options import (Device, NoLangCheck, FormatOpt, Output, Presegmented, Quiet, SrcLang, TgtLang,
                                      check_before_work)
from evalkit.commands.output import write_output
from evalkit.errors import EvalkitError, InputError



class ProgressEmbedder:
    """An embedder that reports how many texts it has encoded (a live counter for long documents).

    The aligner asks for runs lazily, so the total is not known in advance: the
    counter shows work done and time elapsed, not a percentage.
    """

    def __init__(self, inner, advance) -> None:
        self.inner, self.advance = inner, advance
        self.name = getattr(inner, "name", "embedder")

    def encode(self, texts, **kwargs):
        out = self.inner.encode(texts, **kwargs)
        self.advance(len(texts))
        return out


def align(
    src: Path = typer.Argument(..., help="Source document (text, or one segment per line with --presegmented)."),
    tgt: Path = typer.Argument(..., help="Translation of the source document."),
    src_lang: str = SrcLang,
    tgt_lang: str = TgtLang,
    presegmented: bool = Presegmented,
    fmt: str = FormatOpt("alignment", "json", "Output format."),
    output: Path = Output,
    device: str = Device,
    model: str = typer.Option(None, "--model", help="Embedder: registry name, hub id or folder (default: the registry's default_aligner, use-v3)."),
    runs: str = typer.Option(
        "auto",
        "--runs",
        help="Merged sentences: embed (encode each run), sum (sum of sentence vectors: fast), auto (sum above 10,000 segments).",
    ),
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
) -> None:
    """Align SRC and TGT sentence by sentence; print beads, confidences and a verdict.

    json: one object with verdict, src_coverage, tgt_coverage, notes and beads
    (src/tgt texts, src_ids/tgt_ids, confidence). vecalign: one bead per line,
    source ids and target ids in brackets separated by a colon.
    tsv: confidence, source text, target text.
    """
    check_before_work(langs={"--src-lang": src_lang, "--tgt-lang": tgt_lang}, outputs={"--output": output})
    from evalkit.align import align_documents
    from evalkit.ingest import load_document
    from evalkit.models import load_aligner_embedder, load_embedder

    docs = []
    for path, lang, side in ((src, src_lang, "source"), (tgt, tgt_lang, "target")):
        doc = load_document(path, lang, presegmented=presegmented, check_language=not no_lang_check)
        if not doc.alignable():
            raise InputError(f"{path}: the {side} document has no text to align (empty or only skipped lines)")
        docs.append(doc)
    from evalkit.align.aligner import RUN_MODES, AlignOptions

    if runs not in RUN_MODES:
        raise EvalkitError(f"--runs {runs} is not one of {', '.join(RUN_MODES)}")

    from evalkit.commands.progress import Progress

    with Progress("align", quiet=quiet) as progress:
        with progress.step("Loading the embedding model"):
            embedder = load_embedder(model, device=device) if model else load_aligner_embedder(device=device)
        with progress.step("Aligning"):
            done = [0]

            def advance(k: int) -> None:  # a live counter on a terminal: the total is not known in advance
                done[0] += k
                progress.update(f"Aligning: {done[0]:,} texts embedded…")

            counted = ProgressEmbedder(embedder, advance)
            al = align_documents(docs[0], docs[1], counted, quiet=quiet, options=AlignOptions(runs=runs))
        for note in al.notes:
            progress.line(f"note: {note}")
        progress.line(f"verdict: {al.verdict} (source {al.src_coverage:.0%} aligned, target {al.tgt_coverage:.0%})")
    from evalkit.writers import render

    text = render(al, fmt, "alignment")
    write_output(text, output)
