"""Offline machine-translation engines used to build pseudo-references.

A pseudo-reference (the source run through an independent MT engine) lets the
reference-based metrics (chrF...) say something even when the user has no human
reference; the same engine run backwards gives a round-trip check. Engines are
optional: ``resolve_engines("auto", ...)`` returns only what is installed, and
every score that needs one is simply absent (and absent from
``Evaluation.signals``) when there is none.

Specs: ``auto`` (whatever is installed), ``none``, ``apertium``, ``marian:PATH``
or ``nllb:PATH`` (a local transformers seq2seq model, forward direction only);
several specs can be joined with commas. Each name is an entry of the MT engine registry
(:data:`BUILTIN`); another package adds an engine under the ``evalkit.mt_engines`` entry point
group, and ``--engines NAME[:ARG]`` then picks it::

    [project.entry-points."evalkit.mt_engines"]
    deepl-offline = "my_package.mt:MyEngine"

An engine class follows :class:`MTEngine`. (Not to be confused with
:class:`evalkit.engine.Engine`, the pipeline engine that runs the stages.)
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Protocol, Sequence, runtime_checkable

from evalkit import apertium
from evalkit.apertium import SEPARATOR, deinterleave, interleave  # noqa: F401 - kept importable from here
from evalkit.errors import EvalkitError
from evalkit.plugins import entry_points_in
from evalkit.text.profiles import profile

# Each pair's Apertium route (modes piped one into the next, e.g. French->English through
# Spanish) is the pair profile's ``apertium`` list, run by :mod:`evalkit.apertium`; the NLLB
# code is the language profile's ``nllb``.
apertium_route = apertium.profile_route
apertium_modes = apertium.installed_modes

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "evalkit.mt_engines"


@runtime_checkable
class MTEngine(Protocol):
    """A machine-translation engine for pseudo-references and round trips.

    The class is registered (name -> class); ``from_spec(arg, device)`` builds an instance from
    the part of ``--engines NAME:ARG`` after the colon (empty when none was given) and may raise
    :class:`EvalkitError` for a bad argument. ``auto``: picked by ``--engines auto`` when it
    supports the pair (it must then need no argument). ``both_directions``: the same engine can
    translate the translation back (round trip). ``unavailable`` says why an engine the user
    named cannot translate this pair (None: it can).
    """

    name: str
    auto: ClassVar[bool]
    both_directions: ClassVar[bool]

    @classmethod
    def from_spec(cls, arg: str, device: str) -> "MTEngine": ...

    def unavailable(self, src_lang: str, tgt_lang: str) -> str | None: ...

    def supports(self, src_lang: str, tgt_lang: str) -> bool: ...

    def translate(self, lines: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]: ...


Engine = MTEngine  # the name this module used before the registry


def nllb_code(lang: str) -> str | None:
    return profile(lang).get("nllb")


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ApertiumEngine:
    """Apertium run as one subprocess per mode for the whole batch.

    Segments are sent one per line with a line holding only "." between them.
    A bare newline is not enough: Apertium's text mode keeps it, but a segment
    without final punctuation then runs on into the next one (its first article
    was dropped in tests); the full-stop line is a sentence boundary that comes
    out unchanged, so each segment translates exactly as it would alone. If
    the separators ever do not come back, the engine falls back to one call
    per segment. ``-u`` drops the unknown-word marks so outputs compare with chrF.
    """

    name: str = "apertium"
    timeout: float = 600.0
    auto: ClassVar[bool] = True
    both_directions: ClassVar[bool] = True

    @classmethod
    def from_spec(cls, arg: str, device: str) -> "ApertiumEngine":
        if arg:
            raise EvalkitError(f"engine 'apertium:{arg}': apertium takes no argument (its routes are the pair profiles')")
        return cls()

    def unavailable(self, src_lang: str, tgt_lang: str) -> str | None:
        if not apertium.installed_modes():
            return "engine 'apertium' requested but apertium is not installed"
        if not self.supports(src_lang, tgt_lang):
            broken = [f"mode {m} {why}" for m in apertium.profile_route(src_lang, tgt_lang) if (why := apertium.mode_problem(m))]
            if broken:
                return f"apertium's {src_lang}->{tgt_lang} route cannot run: {'; '.join(broken)}"
            return (f"apertium has no {src_lang}->{tgt_lang} route installed "
                    f"(installed modes: {', '.join(sorted(apertium.installed_modes()))})")
        return None

    def route(self, src_lang: str, tgt_lang: str) -> tuple[str, ...] | None:
        return apertium.route(src_lang, tgt_lang)

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        return self.route(src_lang, tgt_lang) is not None

    def translate(self, lines: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        route = self.route(src_lang, tgt_lang)
        if route is None:
            raise EvalkitError(f"apertium has no {src_lang}->{tgt_lang} route installed")
        texts = [_one_line(t) for t in lines]
        with apertium.open_cache() as cache:
            for mode in route:
                run = lambda payload: apertium.run_mode(mode, payload, cache=cache, timeout=self.timeout)  # noqa: E731
                out = deinterleave(run(interleave(texts)), len(texts))
                if out is None:  # separator lost: one call per segment
                    out = [" ".join(run(t + "\n").split()) for t in texts]
                texts = [_one_line(t) for t in out]
        return texts


@dataclass
class HFSeq2SeqEngine:
    """A local transformers MarianMT / NLLB model (forward direction only).

    Loaded lazily so that naming it costs nothing until a translation is asked.
    """

    path: str
    kind: str = "marian"  # or "nllb"
    device: str = "cpu"
    batch_size: int = 16
    _model: object = field(default=None, repr=False)
    _tok: object = field(default=None, repr=False)
    auto: ClassVar[bool] = False  # a model folder must be named
    both_directions: ClassVar[bool] = False
    KIND: ClassVar[str] = "marian"

    @classmethod
    def from_spec(cls, arg: str, device: str) -> "HFSeq2SeqEngine":
        item = f"{cls.KIND}:{arg}"
        if not arg:
            raise EvalkitError(f"engine '{item}': give the model folder, e.g. {cls.KIND}:/path/to/model")
        if not Path(arg).exists():
            raise EvalkitError(f"engine '{item}': model folder not found: {arg}")
        return cls(arg, cls.KIND, device=device)

    def unavailable(self, src_lang: str, tgt_lang: str) -> str | None:
        return None  # the user chose the model; a wrong one fails when it loads

    @property
    def name(self) -> str:
        return f"{self.kind}:{Path(self.path).name}"

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        if self.kind == "nllb":
            return nllb_code(src_lang) is not None and nllb_code(tgt_lang) is not None
        return True  # a Marian model has one direction; the user chose it

    def _load(self, src_lang: str) -> None:
        if self._model is not None:
            return
        if not Path(self.path).exists():
            raise EvalkitError(f"{self.kind} model folder not found: {self.path}")
        try:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:
            raise EvalkitError(f"engine {self.kind}: the 'transformers' package is not installed") from exc
        kwargs = {"src_lang": nllb_code(src_lang)} if self.kind == "nllb" else {}
        try:
            self._tok = AutoTokenizer.from_pretrained(self.path, **kwargs)
            self._model = AutoModelForSeq2SeqLM.from_pretrained(self.path).to(self.device).eval()
        except (OSError, ValueError, ImportError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EvalkitError(f"cannot load the {self.kind} model in {self.path}: {first}") from exc

    def translate(self, lines: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        import torch

        self._load(src_lang)
        gen = {}
        if self.kind == "nllb":
            gen["forced_bos_token_id"] = self._tok.convert_tokens_to_ids(nllb_code(tgt_lang))
        out: list[str] = []
        for i in range(0, len(lines), self.batch_size):
            batch = [_one_line(t) for t in lines[i:i + self.batch_size]]
            enc = self._tok(batch, return_tensors="pt", padding=True, truncation=True).to(self.device)
            with torch.no_grad():
                ids = self._model.generate(**enc, max_new_tokens=256, **gen)
            out += self._tok.batch_decode(ids, skip_special_tokens=True)
        return out


class MarianEngine(HFSeq2SeqEngine):
    """``marian:PATH``: a local MarianMT model (one direction, the user's choice)."""

    KIND: ClassVar[str] = "marian"


class NllbEngine(HFSeq2SeqEngine):
    """``nllb:PATH``: a local NLLB model (languages from the profiles' ``nllb`` codes)."""

    KIND: ClassVar[str] = "nllb"


# Built-in engines, in the order ``auto`` tries them.
BUILTIN: dict[str, str] = {
    "apertium": "evalkit.score.engines:ApertiumEngine",
    "marian": "evalkit.score.engines:MarianEngine",
    "nllb": "evalkit.score.engines:NllbEngine",
}


@lru_cache(maxsize=1)
def _plugins() -> dict[str, object]:
    """Engine entry points of installed packages, scanned once a process (built-in names win)."""
    found = {}
    for ep in entry_points_in(ENTRY_POINT_GROUP):
        if ep.name in BUILTIN or ep.name in ("auto", "none"):
            log.warning("MT engine plug-in %r ignored: evalkit already has that name", ep.name)
            continue
        found[ep.name] = ep
    return found


def available() -> list[str]:
    """Every MT engine name: built-in first, then plug-ins."""
    return list(BUILTIN) + sorted(_plugins())


def engine_class(name: str) -> type:
    """The class registered as ``name`` (imported now, not when evalkit is imported)."""
    if name in BUILTIN:
        module, _, attr = BUILTIN[name].partition(":")
        return getattr(importlib.import_module(module), attr)
    ep = _plugins().get(name)
    if ep is None:
        usage = ", ".join(f"{n}:PATH" if n in ("marian", "nllb") else n for n in available())
        raise EvalkitError(f"unknown engine '{name}' (use auto, none, {usage})")
    try:
        return ep.load()
    except Exception as exc:  # a broken plug-in is the user's choice here: say so in one line
        raise EvalkitError(f"MT engine plug-in '{name}' could not be loaded: {exc}") from None


def _auto(src_lang: str, tgt_lang: str, device: str) -> list[MTEngine]:
    """``auto``: every engine that needs no argument and can translate the pair, if installed."""
    out = []
    for name in available():
        try:
            cls = engine_class(name)
        except EvalkitError as exc:
            log.warning("%s", exc)
            continue
        if getattr(cls, "auto", False):
            eng = cls.from_spec("", device)
            if eng.supports(src_lang, tgt_lang):
                out.append(eng)
    return out


def resolve_engines(spec: str | None, src_lang: str, tgt_lang: str, device: str = "cpu") -> list[MTEngine]:
    """Engines named by ``spec`` that can translate ``src_lang``->``tgt_lang``.

    ``auto`` silently keeps what is installed; a named engine that cannot run
    is a user error.
    """
    spec = (spec or "none").strip()
    if spec in ("", "none"):
        return []
    engines: list[MTEngine] = []
    for item in [s.strip() for s in spec.split(",") if s.strip()]:
        if item == "auto":
            engines += _auto(src_lang, tgt_lang, device)
            continue
        name, _, arg = item.partition(":")
        eng = engine_class(name).from_spec(arg, device)
        why = eng.unavailable(src_lang, tgt_lang)
        if why:
            raise EvalkitError(why)
        engines.append(eng)
    return engines


def back_engine(engines: Sequence[MTEngine], src_lang: str, tgt_lang: str) -> MTEngine | None:
    """An engine able to translate the target back into the source language (round trip)."""
    for eng in engines:
        if getattr(eng, "both_directions", False) and eng.supports(tgt_lang, src_lang):
            return eng
    return None
