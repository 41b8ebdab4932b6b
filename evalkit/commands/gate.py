"""`evalkit gate`: pass/fail a translation system's output against a policy, for CI."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from evalkit.commands.options import Device, Quiet, SrcLang, TgtLang
from evalkit.errors import InputError


def gate(
    src: Path = typer.Option(..., "--src", help="Source text: one segment per line (or a document with --align)."),
    hyp: Path = typer.Option(..., "--hyp", help="The hypothesis (system output) to gate, line-aligned with --src."),
    src_lang: str = SrcLang,
    tgt_lang: str = TgtLang,
    ref: Optional[Path] = typer.Option(None, "--ref", help="Reference translation: enables BLEU, chrF and TER."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="Policy TOML (default: no critical flags)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="A baseline hypothesis: fail on a significant regression (paired bootstrap)."),
    align: bool = typer.Option(False, "--align", help="Inputs are whole documents: align them first."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="A glossary file for the term checks."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write gate.json, gate.junit.xml and gate.md here."),
    junit: Optional[Path] = typer.Option(None, "--junit", help="Write JUnit XML here."),
    markdown: Optional[Path] = typer.Option(None, "--markdown", help="Write a Markdown summary (PR comment) here."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the JSON result here."),
    device: str = Device,
    quiet: bool = Quiet,
) -> None:
    """Quality gate for CI: exit 0 when the policy passes, 1 when it fails, 2 on bad input."""
    import json

    from rich.console import Console

    from evalkit.gate.junit import to_junit
    from evalkit.gate.markdown import to_markdown, to_text
    from evalkit.gate.policy import load_policy
    from evalkit.gate.inputs import GateInputs, check_parallel, read_lines
    from evalkit.gate.run import gate_documents, gate_lines
    from evalkit.report.atomic import write_atomic

    err = Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)
    pol = load_policy(policy)
    paths = {"src": str(src), "hyp": str(hyp), "ref": str(ref) if ref else None,
             "baseline": str(baseline) if baseline else None}
    if align and baseline is not None:
        raise InputError("--baseline needs line-aligned files: it cannot be combined with --align")
    if glossary is not None and not glossary.is_file():
        raise InputError(f"{glossary}: no such file (glossary)")
    if align:
        for p, what in ((src, "source"), (hyp, "hypothesis"), (ref, "reference")):
            if p is not None:
                read_lines(p, what)
    else:
        inputs = GateInputs(read_lines(src, "source"), read_lines(hyp, "hypothesis"), src_lang, tgt_lang,
                            ref=read_lines(ref, "reference") if ref else None,
                            baseline=read_lines(baseline, "baseline") if baseline else None, paths=paths)
        check_parallel(inputs)
    from evalkit.models import load_embedder

    with err.status("Gating…") as status:
        status.update("Loading the embedding model…")
        embedder = load_embedder(device=device)
        status.update("Measuring…")
        if align:
            result = gate_documents(src, hyp, src_lang, tgt_lang, pol, embedder, ref=ref, glossary=glossary, paths=paths)
        else:
            result = gate_lines(inputs, pol, embedder, glossary=glossary)

    targets = {}
    if out_dir is not None:
        targets = {"json": out_dir / "gate.json", "junit": out_dir / "gate.junit.xml", "markdown": out_dir / "gate.md"}
    for key, p in (("json", json_out), ("junit", junit), ("markdown", markdown)):
        if p is not None:
            targets[key] = p
    render = {"json": lambda r: json.dumps(r, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
              "junit": to_junit, "markdown": to_markdown}
    texts = {k: render[k](result) for k in targets}
    for k, p in targets.items():
        write_atomic(p, texts[k])
        err.print(f"wrote {p}")
    typer.echo(to_text(result))
    if not result["passed"]:
        raise typer.Exit(1)
