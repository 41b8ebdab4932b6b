"""Offline machine-translation engines used to build pseudo-references.

A pseudo-reference (the source run through an independent MT engine) lets the
reference-based metrics (chrF...) say something even when the user has no human
reference; the same engine run backwards gives a round-trip check. Engines are
optional: ``resolve_engines("auto", ...)`` returns only what is installed, and
every score that needs one is simply absent (and absent from
``Evaluation.signals``) when there is none.

Specs: ``auto`` (whatever is installed), ``none``, ``apertium``, ``marian:PATH``
or ``nllb:PATH`` (a local transformers seq2seq model, forward direction only);
several specs can be joined with commas.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

from evalkit.errors import EvalkitError
from evalkit.text.profiles import pair_profile, profile

# Each pair's Apertium route (modes piped one into the next, e.g. French->English through
# Spanish) is the pair profile's ``apertium`` list; the NLLB code is the language profile's ``nllb``.


def apertium_route(src_lang: str, tgt_lang: str) -> tuple[str, ...]:
    """The Apertium modes of the pair profile (empty: no route known)."""
    return tuple(pair_profile(src_lang, tgt_lang).get("apertium", ()))


def nllb_code(lang: str) -> str | None:
    return profile(lang).get("nllb")


class Engine(Protocol):
    name: str

    def supports(self, src_lang: str, tgt_lang: str) -> bool: ...

    def translate(self, lines: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]: ...


@lru_cache(maxsize=1)
def apertium_modes() -> frozenset[str]:
    """Installed Apertium modes (empty when Apertium is not installed)."""
    exe = shutil.which("apertium")
    if not exe:
        return frozenset()
    try:
        out = subprocess.run([exe, "-l"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines() if line.strip())


def _one_line(text: str) -> str:
    return " ".join(text.split())


SEPARATOR = "."  # a line holding only a full stop: a sentence boundary Apertium keeps as is


def interleave(lines: Sequence[str], sep: str = SEPARATOR) -> str:
    """One segment per line with a separator line between segments (see ApertiumEngine)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            out.append(sep)
        out.append(line)
    return "\n".join(out) + "\n"


def deinterleave(text: str, n: int, sep: str = SEPARATOR) -> list[str] | None:
    """The n segments back from an interleaved output; None if the separators did not survive."""
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    if len(out) != max(0, 2 * n - 1) or any(x.strip() != sep for x in out[1::2]):
        return None
    return out[0::2]


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

    def route(self, src_lang: str, tgt_lang: str) -> tuple[str, ...] | None:
        route = apertium_route(src_lang, tgt_lang)
        direct = f"{src_lang}-{tgt_lang}"
        if direct in apertium_modes():
            return (direct,)
        if route and all(m in apertium_modes() for m in route):
            return route
        return None

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        return self.route(src_lang, tgt_lang) is not None

    def _run(self, payload: str, mode: str) -> str:
        proc = subprocess.run(["apertium", "-u", mode], input=payload, capture_output=True,
                              text=True, timeout=self.timeout)
        if proc.returncode != 0:
            raise EvalkitError(f"apertium {mode} failed: {proc.stderr.strip()[:200]}")
        return proc.stdout

    def translate(self, lines: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        route = self.route(src_lang, tgt_lang)
        if route is None:
            raise EvalkitError(f"apertium has no {src_lang}->{tgt_lang} route installed")
        texts = [_one_line(t) for t in lines]
        for mode in route:
            out = deinterleave(self._run(interleave(texts), mode), len(texts))
            if out is None:  # separator lost: one call per segment
                out = [" ".join(self._run(t + "\n", mode).split()) for t in texts]
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


def resolve_engines(spec: str | None, src_lang: str, tgt_lang: str, device: str = "cpu") -> list[Engine]:
    """Engines named by ``spec`` that can translate ``src_lang``->``tgt_lang``.

    ``auto`` silently keeps what is installed; a named engine that cannot run
    is a user error.
    """
    spec = (spec or "none").strip()
    if spec in ("", "none"):
        return []
    engines: list[Engine] = []
    for item in [s.strip() for s in spec.split(",") if s.strip()]:
        if item == "auto":
            eng = ApertiumEngine()
            if eng.supports(src_lang, tgt_lang):
                engines.append(eng)
        elif item == "apertium":
            eng = ApertiumEngine()
            if not apertium_modes():
                raise EvalkitError("engine 'apertium' requested but apertium is not installed")
            if not eng.supports(src_lang, tgt_lang):
                raise EvalkitError(f"apertium has no {src_lang}->{tgt_lang} route installed "
                                   f"(installed modes: {', '.join(sorted(apertium_modes()))})")
            engines.append(eng)
        elif item.startswith(("marian:", "nllb:")):
            kind, _, path = item.partition(":")
            if not path:
                raise EvalkitError(f"engine '{item}': give the model folder, e.g. {kind}:/path/to/model")
            if not Path(path).exists():
                raise EvalkitError(f"engine '{item}': model folder not found: {path}")
            engines.append(HFSeq2SeqEngine(path, kind, device=device))
        else:
            raise EvalkitError(f"unknown engine '{item}' (use auto, none, apertium, marian:PATH or nllb:PATH)")
    return engines


def back_engine(engines: Sequence[Engine], src_lang: str, tgt_lang: str) -> Engine | None:
    """An engine able to translate the target back into the source language (round trip)."""
    for eng in engines:
        if isinstance(eng, ApertiumEngine) and eng.supports(tgt_lang, src_lang):
            return eng
    return None
