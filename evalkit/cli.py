"""The ``evalkit`` command line: one typer app, one module per sub-command."""

from __future__ import annotations

import sys

import typer

from evalkit import __version__
from evalkit.commands import align, check, doctor, gate, models, review, score, segment
from evalkit.errors import EvalkitError

app = typer.Typer(
    name="evalkit",
    help="Evaluate a translation against its source: align, score, flag errors, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"evalkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Evaluate a translation against its source: align, score, flag errors, report."""


app.command("segment")(segment.segment)
app.command("align")(align.align)
app.command("score")(score.score)
app.command("check")(check.check)
app.command("review")(review.review)
app.command("gate")(gate.gate)
app.command("doctor")(doctor.doctor)
app.add_typer(models.app, name="models")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2."""
    try:
        app()
    except EvalkitError as exc:
        print(f"evalkit: error: {exc}", file=sys.stderr)
        sys.exit(2)
