"""`evalkit review DIR` / `evalkit review --manifest F`: the batch shape of review.

Only the command line lives here (options, progress, what is printed, the exit code); the batch
itself is :mod:`evalkit.batch`. Exit codes follow ``evalkit gate``: 0 when every pair was reviewed,
1 when any pair failed (its error is in the index, the others' reports are written), 2 for a bad
invocation or a malformed manifest, found before any model loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import typer

from evalkit.errors import InputError


def batch_mode(inputs: Optional[Sequence[str]], manifest: Optional[Path]) -> bool:
    """A manifest, or one folder that has no pair.toml of its own but subfolders that do."""
    if manifest is not None:
        return True
    if inputs and len(inputs) == 1:
        from evalkit.batch import is_batch_folder

        return is_batch_folder(Path(inputs[0]))
    return False


def review_batch(inputs: Optional[Sequence[str]], manifest: Optional[Path], *, out_dir: Path, jobs: int, device: str,
                 checks: str, quiet: bool, check_language: bool, allow_outside: bool, formats: Sequence[str],
                 single_pair_options: Sequence[str], ray: str | None = None, workers: int | None = None) -> None:
    from evalkit.batch import discover, read_manifest, run_batch
    from evalkit.commands.progress import Progress
    from evalkit.outpaths import check_out_dir
    from evalkit.pipeline import check_checks

    if manifest is not None and inputs:
        raise InputError("give either a folder of pairs or --manifest, not both")
    if single_pair_options:
        raise InputError(f"{', '.join(single_pair_options)}: for one pair; in a batch each pair.toml (or manifest "
                         "row) gives its languages, ref and glossary")
    check_out_dir(out_dir, "--out-dir")
    check_checks(checks)
    if ray is not None:
        if jobs != 1:
            raise InputError("--jobs is for local worker processes; with --ray give --workers")
        from evalkit.distributed import require_ray

        require_ray()
    if manifest is not None:
        items = read_manifest(manifest, allow_outside=allow_outside)
        source = {"kind": "manifest", "path": str(manifest)}
    else:
        items = discover(inputs[0], allow_outside=allow_outside)
        source = {"kind": "folder", "path": str(inputs[0])}
    from evalkit.models.device import choose_device

    choose_device(device)  # a bad --device fails now, not once per pair (imports torch: after the cheap checks)

    with Progress("review", quiet=quiet) as progress:
        progress.line(f"{len(items)} pair(s), " + (f"on Ray ({ray})" if ray else f"{jobs} job(s)"))
        width = len(str(len(items)))

        shown: set[str] = set()

        def notify(msg: str) -> None:
            """Per-pair steps would repeat for every pair: only the first model load is shown."""
            if msg.startswith("Loading") and not msg.endswith("…") and msg.split(":")[0] not in shown:
                shown.add(msg.split(":")[0])
                progress.line(msg)

        with progress.bar("pairs", len(items)) as advance:
            def on_done(res, done: int, total: int) -> None:
                what = (f"ok in {res.seconds:.1f} s ({res.summary['flags']} flags, MQM-style "
                        f"{'–' if res.summary['mqm'] is None else format(res.summary['mqm'], '.1f')})"
                        if res.status == "ok" else f"failed: {res.error}")
                progress.line(f"[{done:>{width}}/{total}] {res.name}: {what}")
                advance(res.name)

            result = run_batch(items, out_dir, device=device, checks=checks, jobs=jobs, formats=formats,
                               check_language=check_language, source=source, on_done=on_done, notify=notify,
                               ray=ray, ray_workers=workers)
    counts = result.index["counts"]
    typer.echo(str(result.paths["html"]))
    typer.echo(str(result.paths["json"]))
    typer.echo(f"{counts['pairs']} pair(s): {counts['ok']} reviewed, {counts['failed']} failed")
    for r in result.failed:
        typer.echo(f"failed: {r.name}: {r.error}")
    if result.failed:
        raise typer.Exit(1)
