"""The ``evalkit`` command line: one typer app, one module per sub-command.

typer runs in non-standalone mode so that usage errors (unknown option,
missing argument) are printed as one line like input errors, not as a
multi-line box: scripts and CI logs can then always grep one error line.
"""

from __future__ import annotations

import logging
import sys

import typer

try:  # typer >= 0.2x vendors its own click; usage errors are raised from there
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - typer on top of the click package
    from click.exceptions import ClickException, NoArgsIsHelpError

from evalkit import __version__
from evalkit.commands.options import ListsFormats
from evalkit.commands import align, check, doctor, gate, models, review, score, segment, serve
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


app.command("segment", cls=ListsFormats)(segment.segment)
app.command("align", cls=ListsFormats)(align.align)
app.command("score", cls=ListsFormats)(score.score)
app.command("check", cls=ListsFormats)(check.check)
app.command("review", cls=ListsFormats)(review.review)
app.command("gate")(gate.gate)
app.command("doctor")(doctor.doctor)
app.command("serve")(serve.serve)
app.add_typer(models.app, name="models")


def _usage_error(exc: ClickException) -> str:
    """A click usage error as one line, pointing at the right ``--help``."""
    msg = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    return f"{msg} (see '{ctx.command_path} --help')" if ctx is not None else msg


def _log_to_stderr() -> None:
    """The library logs (``logging``); on the command line its notes go to stderr as plain lines.

    Commands run with ``--quiet`` ask the library for no notes, so nothing is filtered here.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("evalkit")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


def _ray_alone(argv: list[str]) -> list[str]:
    """``--ray`` given alone (last, or before another option) means ``--ray auto``."""
    out = []
    for i, a in enumerate(argv):
        out.append(a)
        if a == "--ray" and (i + 1 == len(argv) or argv[i + 1].startswith("-")):
            out.append("auto")
    return out


def main() -> None:
    """Entry point: user errors (bad input, bad options) become one line on stderr and exit code 2."""
    _log_to_stderr()
    try:
        code = app(args=_ray_alone(sys.argv[1:]), standalone_mode=False)
    except EvalkitError as exc:
        print(f"evalkit: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except NoArgsIsHelpError as exc:
        sys.exit(exc.exit_code)  # the help was printed already
    except ClickException as exc:
        print(f"evalkit: error: {_usage_error(exc)}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("evalkit: aborted", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
