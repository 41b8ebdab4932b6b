"""`evalkit models list|install|info`."""

from __future__ import annotations

import typer

app = typer.Typer(help="List, install and inspect the models evalkit uses.", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """List the registered models and where each can be found."""
    raise typer.Exit(0)
