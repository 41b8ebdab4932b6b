"""Options shared by every sub-command, so they are spelt and documented once."""

from __future__ import annotations

from enum import Enum

import typer


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    tsv = "tsv"
    txt = "txt"
    vecalign = "vecalign"
    html = "html"
    md = "md"


SrcLang = typer.Option("fr", "--src-lang", help="Language of the source document (ISO 639-1).")
TgtLang = typer.Option("en", "--tgt-lang", help="Language of the translation (ISO 639-1).")
Device = typer.Option(
    "auto", "--device", help="auto | cpu | cuda | cuda:N. auto uses CUDA when torch sees a GPU."
)
Quiet = typer.Option(False, "--quiet", "-q", help="No progress bars or notes on stderr.")
Presegmented = typer.Option(
    False, "--presegmented", help="Inputs have one segment per line: use them as they are."
)
Model = typer.Option(None, "--model", help="Embedder: registry name, hub id or local path.")
NoLangCheck = typer.Option(
    False, "--no-lang-check", help="Do not refuse a document that looks like another language than declared."
)
