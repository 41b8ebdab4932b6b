"""The document stage's scoring steps, behind one registry.

The per-segment stage (:func:`evalkit.score.evaluate.score_segments`) computes what each segment
needs alone (vectors, engine outputs, cues); the document stage then turns that into every
bead's scores, one step after another. The built-in steps are registered here in the order they
run: ``cues`` is last because it computes ``qe`` from every score measured before it.

A third-party package adds a step without touching evalkit: an ``evalkit.score_steps`` entry
point naming a class (or instance) with the :class:`ScoreStep` shape, per-segment scores from the
texts (a COMET model, a domain classifier...). Plug-in steps run after the built-in ones, their
scores go into each bead's ``scores`` and their name into ``signals``; one that cannot run for
the language pair says why in ``checks_not_run``, as a detector does.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

from evalkit.errors import EvalkitError
from evalkit.plugins import entry_points_in, load_plugin

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "evalkit.score_steps"
# name -> function of evalkit.score.evaluate with the call (pairs, seg, ctx, run), in running order
BUILTIN: tuple[tuple[str, str], ...] = (
    ("similarity", "step_similarity"),
    ("length", "step_length"),
    ("engines", "step_engines"),
    ("reference", "step_reference"),
    ("cues", "step_cues"),
)


@dataclass
class StepContext:
    """What every step may read besides the beads: languages, the reference texts (one per scored
    bead, or None), the USE encoder the run was given, and the notes of steps that could not run."""

    src_lang: str
    tgt_lang: str
    refs: list[str] | None = None
    use_encoder: Any = True
    not_run: list[str] = field(default_factory=list)


@runtime_checkable
class ScoreStep(Protocol):
    """The shape of a plug-in step: per-segment scores from the segment texts."""

    name: str

    def supports(self, src_lang: str, tgt_lang: str) -> str | None:
        """None when the step runs for this pair; otherwise why not (shown to the user)."""

    def scores(self, src: Sequence[str], tgt: Sequence[str], refs: Sequence[str] | None,
               src_lang: str, tgt_lang: str) -> dict[str, Sequence[float]]:
        """Score name -> one value per segment pair."""


@dataclass(frozen=True)
class BuiltinStep:
    """A built-in step: a function of the document stage with the full call."""

    name: str
    run: Callable[..., None]

    def supports(self, src_lang: str, tgt_lang: str) -> str | None:
        return None


def _builtin() -> list[BuiltinStep]:
    module = importlib.import_module("evalkit.score.evaluate")  # the package exports a function of that name
    return [BuiltinStep(name, getattr(module, fn)) for name, fn in BUILTIN]


@lru_cache(maxsize=1)
def _plugins() -> tuple[Any, ...]:
    """Plug-in steps of the installed packages, loaded once a process (a broken one is skipped)."""
    found = []
    taken = {name for name, _ in BUILTIN}
    for ep in entry_points_in(ENTRY_POINT_GROUP):
        if ep.name in taken:
            log.warning("score step plug-in %r ignored: evalkit already has that name", ep.name)
            continue
        step = load_plugin(ep, ScoreStep, "score step", "name/supports/scores")
        if step is not None:
            found.append(step)
            taken.add(ep.name)
    return tuple(found)


def score_steps() -> list[Any]:
    """Every step in running order: the built-in ones, then the installed plug-ins."""
    return [*_builtin(), *_plugins()]


def run_steps(steps: Sequence[Any], pairs: list, seg, ctx: StepContext, run) -> None:
    """Each step over the scored beads ``pairs``: built-in ones with the stage's full state, plug-in
    ones with the texts (their values checked: one finite number per pair)."""
    for step in steps:
        if isinstance(step, BuiltinStep):
            step.run(pairs, seg, ctx, run)
            continue
        why = step.supports(ctx.src_lang, ctx.tgt_lang)
        if why:
            ctx.not_run.append(f"{step.name}: {why}")
            continue
        out = step.scores([sb.src_text for sb in pairs], [sb.tgt_text for sb in pairs], ctx.refs,
                          ctx.src_lang, ctx.tgt_lang)
        for key, values in out.items():
            values = [float(v) for v in values]
            if len(values) != len(pairs):
                raise EvalkitError(f"score step {step.name!r} gave {len(values)} values of {key!r} "
                                   f"for {len(pairs)} segment pairs")
            for sb, v in zip(pairs, values):
                sb.scores[key] = v
        run.signals.append(step.name)


__all__ = ["BUILTIN", "BuiltinStep", "ENTRY_POINT_GROUP", "ScoreStep", "StepContext", "run_steps", "score_steps"]
