"""The detectors a run uses, registered in one place.

Built-in detectors are named here in the order they run (the order only decides which of
two equally confident duplicates is kept). A package adds its own through the
``evalkit.detectors`` entry point group: each entry point names a class (or factory)
whose instances follow :class:`evalkit.flag.base.Detector`, e.g. in its ``pyproject.toml``::

    [project.entry-points."evalkit.detectors"]
    house-style = "my_package.checks:HouseStyleDetector"

Classes are imported when a run asks for them, not when evalkit is imported.
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Iterable, Iterator

from evalkit.errors import EvalkitError
from evalkit.flag.base import Detector, FlagContext
from evalkit.plugins import entry_points_in, instance, load_plugin

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "evalkit.detectors"

BUILTIN: dict[str, str] = {
    "locale": "evalkit.flag.numbers:LocaleDetector",
    "punctuation": "evalkit.flag.punctuation:PunctuationDetector",
    "bidi": "evalkit.flag.bidi:BidiDetector",
    "numbers": "evalkit.flag.numbers:NumberDetector",
    "form": "evalkit.flag.form:FormDetector",
    "spelling": "evalkit.flag.form:SpellingDetector",
    "copied-words": "evalkit.flag.language:CopiedWordsDetector",
    "single-name": "evalkit.flag.entities:SingleNameDetector",
    "language": "evalkit.flag.language:LanguageDetector",
    "acronym": "evalkit.flag.entities:AcronymDetector",
    "lexicon": "evalkit.flag.lexicon:LexiconDetector",
    "polarity": "evalkit.flag.polarity:PolarityDetector",
    "mood": "evalkit.flag.polarity:MoodDetector",
    "tense": "evalkit.flag.tense:TenseDetector",
    "word-order": "evalkit.flag.order:WordOrderDetector",
    "gaps": "evalkit.flag.gaps:GapDetector",
    "pronouns": "evalkit.flag.pronouns:PronounDetector",
    "antonyms": "evalkit.flag.antonyms:AntonymDetector",
    "hypernyms": "evalkit.flag.hypernyms:HypernymDetector",
    "cognates": "evalkit.flag.cognates:CognateDetector",
    "glossary": "evalkit.flag.glossary:GlossaryDetector",
    "omissions": "evalkit.flag.omissions:OmissionDetector",
    "contrastive": "evalkit.flag.contrastive:ContrastiveDetector",
    "names": "evalkit.flag.entities:NameDetector",
    "acronym-consistency": "evalkit.flag.entities:AcronymConsistencyDetector",
    "first-name-consistency": "evalkit.flag.entities:FirstNameConsistencyDetector",
}


def _load(target: str) -> Detector:
    module, _, attr = target.partition(":")
    return instance(getattr(importlib.import_module(module), attr))


@lru_cache(maxsize=1)
def _plugins() -> dict[str, object]:
    """Entry points of installed packages (the built-in names cannot be replaced).

    Scanned once per process: the scan reads every installed distribution's metadata
    (about 5 ms), and a run calls the detectors once per document or per test item."""
    found = {}
    for ep in entry_points_in(ENTRY_POINT_GROUP):
        if ep.name in BUILTIN:
            log.warning("detector plug-in %r ignored: a built-in detector has that name", ep.name)
            continue
        found[ep.name] = ep
    return found


def available() -> list[str]:
    """Names of every detector: built-in first, then plug-ins."""
    return list(BUILTIN) + sorted(_plugins())


def load_detectors(names: list[str] | None = None) -> list[Detector]:
    """Detector instances, built-in then plug-ins (or just ``names``, in registry order)."""
    plugins = _plugins()
    unknown = set(names or ()) - set(BUILTIN) - set(plugins)
    if unknown:
        raise EvalkitError(f"unknown detector(s) {', '.join(sorted(unknown))}: known are {', '.join(available())}")
    out: list[Detector] = []
    for name, target in BUILTIN.items():
        if names is None or name in names:
            out.append(_load(target))
    for name, ep in sorted(plugins.items()):
        if names is None or name in names:
            det = load_plugin(ep, Detector, "detector", "name/modes/supports/detect")
            if det is not None:
                out.append(det)
    return out


def run_each(detectors: Iterable[Detector], pairs, ctx: FlagContext) -> Iterator[tuple[Detector, list, str | None]]:
    """(detector, its flags, why it could not run or None) for each of ``detectors`` that runs
    in ``ctx.mode``: the one loop every way of running detectors goes through."""
    for det in detectors:
        if ctx.mode not in det.modes:
            continue
        why = det.supports(ctx)
        yield det, ([] if why else det.detect(pairs, ctx)), why


def run_detectors(detectors: list[Detector], pairs, ctx: FlagContext) -> tuple[list, list[str]]:
    """Every detector that runs in ``ctx.mode``: (flags, notes on the ones that could not run)."""
    flags, notes = [], []
    for det, found, why in run_each(detectors, pairs, ctx):
        if why:
            notes.append(f"{det.name}: {why}")
        flags += found
    return flags, notes
