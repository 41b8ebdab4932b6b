"""Options shared by every sub-command, so they are spelt and documented once."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperCommand


SRC_LANG_HELP = "Language of the source (ISO 639-1): fr unless a pair folder's pair.toml says otherwise."
TGT_LANG_HELP = "Language of the translation (ISO 639-1): en unless a pair folder's pair.toml says otherwise."
SrcLang = typer.Option("fr", "--src-lang", help=SRC_LANG_HELP)
TgtLang = typer.Option("en", "--tgt-lang", help=TGT_LANG_HELP)
Device = typer.Option(
    "auto", "--device", help="auto | cpu | cuda | cuda:N. auto uses CUDA when torch sees a GPU."
)


def _quiet(value: bool) -> bool:
    """``--quiet`` also silences the libraries' own notes, such as transformers' "Token indices
    sequence length is longer than…" (the word aligner tokenizes a long segment whole, then
    runs it in windows): Python warnings and log records below ERROR are dropped for the rest
    of this CLI process. Library callers keep their own logging configuration."""
    if value:
        import logging
        import warnings

        logging.disable(logging.WARNING)
        warnings.filterwarnings("ignore")
    return value


Quiet = typer.Option(False, "--quiet", "-q", callback=_quiet, help="No progress bars, notes or library warnings on stderr.")
Presegmented = typer.Option(
    False, "--presegmented", help="One segment per line: use the lines as they are (the same as --layout presegmented)."
)
Aligned = typer.Option(
    False, "--aligned", help="Line-aligned SRC and TGT (an MT test set): line i translates line i, so alignment is "
                             "skipped and line numbers are kept."
)
Glossary = typer.Option(None, "--glossary", "-g", help="A glossary (CSV, TSV or TBX) for the term checks.")
Output = typer.Option(None, "--output", "-o", help="Write this one file instead of stdout (atomically).")
Lang = typer.Option(None, "--lang", "-l", help="Language of the document (ISO 639-1); detected from the text when "
                                               "not given.")


def deprecated(command: str, old: str, new: str) -> None:
    """One stderr line when an old spelling is used: it keeps working for this release (0.x) and
    goes in the next one, so scripts get a release's notice (docs/cli.md lists them)."""
    typer.echo(f"evalkit {command}: {old} is deprecated: use {new} (the old spelling goes in the next release)",
               err=True)
Model = typer.Option(None, "--model", help="Embedder: registry name, hub id or local path.")
def Checks(default: str):  # noqa: N802 - an option factory, named like the options above
    return typer.Option(
        default, "--checks",
        help="fast | full. full adds the language-model scorer's contrastive span check (suggestions for wrong "
             "words, omissions, additions): about 1.5 s a segment on a 2-core CPU (docs/flags.md).",
    )


NoLangCheck = typer.Option(
    False, "--no-lang-check", help="Do not refuse a document that looks like another language than declared."
)


def check_before_work(*, langs: dict[str, str | None] | None = None, inputs: dict[str, Path | None] | None = None,
                      outputs: dict[str, Path | None] | None = None, out_dirs: dict[str, Path | None] | None = None) -> None:
    """What every command checks before it reads a document or loads a model, so a typo fails
    in a second with one line naming the option: language codes (``{"--src-lang": "fr"}``),
    side files read by other code such as glossaries (``{"glossary": path}``), output files
    and output folders (``{"--output": path}``). ``None`` values are options not given."""
    from evalkit.ingest.decode import check_input_file
    from evalkit.ingest.language import check_language_code
    from evalkit.outpaths import check_out_dir, check_out_file

    for option, lang in (langs or {}).items():
        if lang is not None:
            check_language_code(lang, option)
    for what, path in (inputs or {}).items():
        if path is not None:
            check_input_file(path, what)
    for option, path in (outputs or {}).items():
        if path is not None:
            check_out_file(path, option)
    for option, path in (out_dirs or {}).items():
        if path is not None:
            check_out_dir(path, option)


Ray = typer.Option(
    None, "--ray", metavar="[auto|ADDRESS]",
    help='Run the per-segment work on a Ray cluster: "auto" (the default when --ray is given alone) joins the '
         'cluster RAY_ADDRESS names or starts a local one; or a cluster address. Needs pip install "evalkit[ray]". '
         "Same output as without it (docs/ray.md).",
)
ShardSize = typer.Option(500, "--shard-size", min=1, help="With --ray: scored segments per shard (docs/ray.md).")
Workers = typer.Option(None, "--workers", min=1, help="With --ray: actors to start (default: one per GPU of the "
                       "cluster, else one per CPU).")


FORMATS_MARK = "{formats:%s}"  # replaced, when help is shown, by the registry's formats of a kind


def _format_check(kind: str):
    """An option callback: the value(s) must be formats the writer registry has for ``kind``
    (built-in or plug-in), checked while the command line is parsed, so a typo fails as a usage error."""

    def check(value):
        from evalkit.writers import ORDER, formats_for

        given = [value] if isinstance(value, str) else list(value or [])
        if all(v in ORDER.get(kind, ()) for v in given):
            return value  # built-in formats: no need to scan the installed packages
        known = formats_for(kind)
        for v in given:
            if v not in known:
                raise typer.BadParameter(f"{v!r} is not one of {', '.join(known)}")
        return value

    return check


def FormatOpt(kind: str, default: str, help: str):  # noqa: N802 - an option factory, named like the options above
    """``-f/--format``: the choices are the writer registry's for ``kind`` (plug-ins included);
    the help lists them when shown (:class:`ListsFormats`), so importing the CLI scans nothing."""
    return typer.Option(default, "--format", "-f", metavar="FORMAT", callback=_format_check(kind),
                        help=f"{help} One of: {FORMATS_MARK % kind}.")


def AlsoFormatsOpt(kind: str, help: str):  # noqa: N802
    """A repeatable ``-f/--format``: extra formats to write beside a command's own."""
    return typer.Option([], "--format", "-f", metavar="FORMAT", callback=_format_check(kind),
                        help=f"{help} One of: {FORMATS_MARK % kind}.")


def _fill_formats(text: str | None) -> str | None:
    """The help text with each ``{formats:KIND}`` mark replaced by the registry's formats."""
    import re

    if not text or "{formats:" not in text:
        return text
    from evalkit.writers import formats_for

    return re.sub(r"\{formats:(\w+)\}", lambda m: ", ".join(formats_for(m.group(1))), text)


class ListsFormats(TyperCommand):
    """A command whose ``--format`` help lists the writer registry's formats, read when the
    parameters are asked for (help or parsing), not when the CLI is imported."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for p in params:
            if getattr(p, "help", None):
                p.help = _fill_formats(p.help)
        return params
