"""One progress style for every command: steps with their timings, on stderr.

Every step that finishes prints one line, ``evalkit <command>: <step>: done in 2.3 s``, on a
terminal and off it alike (a CI log gets one line per step, never minutes of silence); on a
terminal a spinner also shows the step under way. ``--quiet`` prints nothing. stdout is left
to the command's result.

The library reports steps through a ``notify`` callback (``evalkit.pipeline._step``): a message
ending in "…" starts a step, any other message is a line to print.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class Progress:
    """``with Progress("gate", quiet=q) as progress:`` then ``progress.step(...)`` / ``progress.notify``."""

    def __init__(self, command: str, *, quiet: bool = False) -> None:
        self.command, self.quiet = command, quiet
        self._status = None
        self._console = None
        self._t0 = time.perf_counter()

    def __enter__(self) -> "Progress":
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
            self._status = self._console.status("")
            self._status.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)
            self._status = None
        if exc[0] is None:
            self.line(f"done in {time.perf_counter() - self._t0:.1f} s")

    def line(self, text: str) -> None:
        """A line on stderr (above the spinner on a terminal)."""
        if self.quiet:
            return
        msg = f"evalkit {self.command}: {text}"
        if self._console is not None:
            self._console.print(msg, markup=False)
        else:
            print(msg, file=sys.stderr, flush=True)

    def notify(self, msg: str) -> None:
        """The library's callback: "Doing X…" shows on the spinner, anything else is printed."""
        if msg.endswith("…"):
            if self._status is not None:
                self._status.update(msg)
        else:
            self.line(msg)

    def update(self, detail: str) -> None:
        """Live detail of the running step (a counter), on a terminal only."""
        if self._status is not None:
            self._status.update(detail)

    @contextmanager
    def bar(self, label: str, total: int) -> Iterator["Callable[[str], None]"]:
        """A bar over ``total`` items (a batch's pairs) on a terminal, in place of the spinner;
        yields ``advance(detail)``. Off a terminal it shows nothing: the caller prints one line per
        finished item, as for steps."""
        if self._console is None:
            yield lambda detail="": None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self._status.__exit__(None, None, None)  # one live display at a time
        bar = Bar(TextColumn(f"evalkit {self.command}: {label}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=self._console, transient=True)
        task = bar.add_task("", total=total)
        try:
            with bar:
                yield lambda detail="": bar.update(task, advance=1, description=detail)
        finally:
            self._status = self._console.status("")
            self._status.__enter__()

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """A step of the command itself, timed like the library's."""
        from evalkit.pipeline import _step

        with _step(self.notify, label):
            yield
