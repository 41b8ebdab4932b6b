"""`evalkit gate`: pass/fail a translation system's output against a policy, for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import (Checks, Device, Glossary, NoLangCheck, Quiet, Ray, ShardSize, SrcLang, TgtLang,
                                      Workers, check_before_work, deprecated)
from evalkit.errors import InputError


def gate(
    src: Optional[Path] = typer.Argument(None, metavar="SRC", show_default=False,
                                         help="Source text: one segment per line (or a document with --align)."),
    hyp: Optional[Path] = typer.Argument(None, metavar="HYP", show_default=False,
                                         help="The hypothesis (system output) to gate, line-aligned with SRC."),
    src_lang: str = SrcLang,
    tgt_lang: str = TgtLang,
    ref: Optional[Path] = typer.Option(None, "--ref", help="Reference translation: enables BLEU, chrF and TER."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Policy TOML (default: evalkit/data/gate/default.toml: no critical flag, no empty line)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="A baseline hypothesis: fail on a significant regression (paired bootstrap)."),
    aligned: bool = typer.Option(True, "--aligned/--align",
                                 help="--aligned (the default): line i of HYP translates line i of SRC, an MT test set. "
                                      "--align: whole documents, aligned first."),
    glossary: Optional[Path] = Glossary,
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write gate.json, gate.junit.xml and gate.md here."),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Write JUnit XML here."),
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="Write a Markdown summary (PR comment) here."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON result here."),
    device: str = Device,
    checks: str = Checks("fast"),
    quiet: bool = Quiet,
    no_lang_check: bool = NoLangCheck,
    ray: Optional[str] = Ray,
    shard_size: int = ShardSize,
    workers: Optional[int] = Workers,
    old_src: Optional[Path] = typer.Option(None, "--src", hidden=True, help="Deprecated: give SRC as the first argument."),
    old_hyp: Optional[Path] = typer.Option(None, "--hyp", hidden=True, help="Deprecated: give HYP as the second argument."),
) -> None:
    """Quality gate for CI: exit 0 when the policy passes, 1 when it fails, 2 on bad input.

    evalkit gate SRC HYP [--ref REF] [--baseline BASE] [--policy P]"""
    from evalkit.commands.progress import Progress
    from evalkit.gate.markdown import to_text
    from evalkit.gate.policy import load_policy
    from evalkit.gate.inputs import GateInputs, check_language, check_parallel, read_lines
    from evalkit.gate.run import gate_documents, gate_lines
    from evalkit.ingest.language import check_language_code
    from evalkit.outpaths import check_out_dir, check_out_file

    from evalkit.pipeline import check_checks, scorer_for

    src = _positional("SRC", src, "--src", old_src)
    hyp = _positional("HYP", hyp, "--hyp", old_hyp)
    align = not aligned
    check_checks(checks)
    pol = load_policy(policy)
    paths = {"src": str(src), "hyp": str(hyp), "ref": str(ref) if ref else None,
             "baseline": str(baseline) if baseline else None}
    if align and baseline is not None:
        raise InputError("--baseline needs line-aligned files: it cannot be combined with --align")
    if ray is not None:
        if align:
            raise InputError("--ray needs line-aligned files: it cannot be combined with --align")
        from evalkit.distributed import require_ray

        require_ray()
    check_before_work(inputs={"glossary": glossary})
    for p, what in ((out_dir, "--out-dir"), (json_out, "--json"), (junit, "--junit"), (markdown, "--markdown")):
        if p is not None:
            (check_out_dir if what == "--out-dir" else check_out_file)(p, what)
    check_language_code(src_lang, "--src-lang")
    check_language_code(tgt_lang, "--tgt-lang")
    sides = {"source": (src, src_lang, "--src-lang", tgt_lang), "hypothesis": (hyp, tgt_lang, "--tgt-lang", src_lang),
             "reference": (ref, tgt_lang, "--tgt-lang", src_lang), "baseline": (baseline, tgt_lang, "--tgt-lang", src_lang)}
    texts = {what: read_lines(p, what) for what, (p, *_) in sides.items() if p is not None}
    if not align:
        inputs = GateInputs(texts["source"], texts["hypothesis"], src_lang, tgt_lang, ref=texts.get("reference"),
                            baseline=texts.get("baseline"), paths=paths)
        check_parallel(inputs)
    warnings = []
    if not no_lang_check:  # before any model loads: swapped languages fail in a second
        for what, lines in texts.items():
            p, lang, option, other = sides[what]
            warnings.append(check_language(p, lines, lang, option, other))
    with Progress("gate", quiet=quiet) as progress:
        if ray is not None:
            result = _gate_on_ray(inputs, pol, glossary, device, checks, progress, ray, shard_size, workers)
        else:
            from evalkit.models import load_embedder

            with progress.step("Loading the embedding model"):
                embedder = load_embedder(device=device)
            scorer = None
            if checks == "full":
                with progress.step("Loading the language-model scorer"):
                    scorer = scorer_for(checks, device)
            if align:
                result = gate_documents(src, hyp, src_lang, tgt_lang, pol, embedder, ref=ref, glossary=glossary,
                                        paths=paths, check_language=not no_lang_check, notify=progress.notify,
                                        scorer=scorer)
            else:
                result = gate_lines(inputs, pol, embedder, glossary=glossary, notify=progress.notify, scorer=scorer)
        result["warnings"] = [w for w in warnings if w]  # in every output, --quiet or not
        _write(result, out_dir, json_out, junit, markdown, progress)
    typer.echo(to_text(result))
    if not result["passed"]:
        raise typer.Exit(1)


def _positional(name: str, given: Path | None, old_option: str, old_value: Path | None) -> Path:
    """SRC/HYP as arguments, as in every other command; the old ``--src``/``--hyp`` still work."""
    if old_value is not None:
        if given is not None:
            raise InputError(f"{name} given twice: as an argument and as {old_option} (give the argument only)")
        deprecated("gate", old_option, f"the {name} argument (evalkit gate SRC HYP)")
        return old_value
    if given is None:
        raise InputError(f"missing {name}: evalkit gate SRC HYP [--ref REF] (see 'evalkit gate --help')")
    return given


def _gate_on_ray(inputs, pol, glossary, device, checks, progress, address, shard_size, workers) -> dict:
    """``gate --ray``: the per-segment stage of each system on the cluster's actors, the rest here."""
    from evalkit.distributed import RaySegments
    from evalkit.gate.run import gate_lines

    with progress.step(f"Connecting to Ray ({address})"):
        runner = RaySegments(device=device, checks=checks, address=address, workers=workers, shard_size=shard_size,
                             notify=progress.notify)
    return gate_lines(inputs, pol, None, glossary=glossary, notify=progress.notify, run_segments=runner)


def _write(result: dict, out_dir, json_out, junit, markdown, progress) -> None:
    """The JSON, JUnit and Markdown files asked for, written together (all or none)."""
    from evalkit.report.atomic import write_together
    from evalkit.writers import get_writer

    writers = {fmt: get_writer(fmt) for fmt in ("json", "junit", "markdown")}
    targets = {}
    if out_dir is not None:
        targets = {fmt: out_dir / f"gate{w.suffix}" for fmt, w in writers.items()}  # gate.json, gate.junit.xml, gate.md
    for key, p in (("json", json_out), ("junit", junit), ("markdown", markdown)):
        if p is not None:
            targets[key] = p
    texts = {k: writers[k].render(result, "gate") for k in targets}
    for p in write_together({k: (p, texts[k]) for k, p in targets.items()}).values():
        progress.line(f"wrote {p}")
