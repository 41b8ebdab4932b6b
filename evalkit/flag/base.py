"""What every detector shares: the bead pair it looks at, the run's context, the one call shape.

A detector is any object with a ``name``, the ``modes`` it runs in, ``supports(ctx)`` (None, or
why it cannot run for this language pair: reported, never silently skipped) and
``detect(pairs, ctx) -> list[Flag]``. Bead detectors subclass :class:`BeadDetector` and look
at one pair at a time; document detectors (names, consistency) and batched ones (omissions,
one encoder call for all beads) implement ``detect`` over all pairs. The registry
(:mod:`evalkit.flag.registry`) lists the built-in ones and any a package adds through the
``evalkit.detectors`` entry point group.

Categories (see docs/flags.md): number, locale, name, acronym, consistency,
false-friend, wrong-sense, idiom, omission, addition, untranslated, punctuation,
spelling, repetition, terminology, polarity, mood, tense, antonym, bidi-control, word-order,
pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Literal, Protocol, Sequence, runtime_checkable

from evalkit.records import Flag, Severity

Mode = Literal["pair", "check"]  # a source and its translation | a translation on its own


@dataclass(frozen=True)
class Pair:
    """One bead as the detectors see it: texts, languages, neighbouring text for context."""

    index: int
    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    context: str = ""  # source + target text of nearby beads (for sense cues)
    tgt_context: str = ""  # the target text of the same nearby beads (what the reader has just read)


@dataclass
class FlagContext:
    """What a run shares with every detector: languages, mode and the resources loaded once.

    ``embedder`` and ``scorer`` are loaded on first use (by the omission and contrastive
    checks); ``None`` turns the checks that need them off, and they say so.
    """

    src_lang: str
    tgt_lang: str
    mode: Mode = "pair"
    dictionary: Any = None  # BilingualDictionary | None
    glossary: Any = None  # Glossary | None
    source_text: str = ""  # the whole source, for document-level checks (acronyms defined elsewhere)
    load_embedder: Callable[[], Any] | None = None
    load_scorer: Callable[[], Any] | None = None  # the language-model scorer (full checks only)
    # (source, target) -> mean log-probability of the target's tokens given the source, as the
    # contrastive check's first pass read it: the per-segment stage's lm:logprob reuses it
    # instead of running the scorer over the same segment again
    target_logprobs: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    # (words, source language, target language) -> Apertium glosses: the omission, coverage,
    # word-order, antonym and hypernym checks of one run ask for the same word lists, and reading
    # Apertium's cached output back (parsing, stemming) cost 0.1 s a call on the seed pair
    glosses_memo: dict = field(default_factory=dict, repr=False)
    # (source word, source language, target language) -> its FreeDict translations: the antonym and
    # hypernym checks look up every source word of every bead (evalkit.flag.antonyms.source_translations)
    translations_memo: dict = field(default_factory=dict, repr=False)
    _embedder: Any = field(default=None, repr=False)
    _scorer: Any = field(default=None, repr=False)

    def embedder(self) -> Any:
        if self._embedder is None and self.load_embedder is not None:
            self._embedder = self.load_embedder()
        return self._embedder

    def scorer(self) -> Any:
        if self._scorer is None and self.load_scorer is not None:
            self._scorer = self.load_scorer()
        return self._scorer


@runtime_checkable
class Detector(Protocol):
    """The one shape every detector has (built-in or from a plug-in package)."""

    name: str
    modes: frozenset[str]

    def supports(self, ctx: FlagContext) -> str | None:
        """None when the detector runs for ``ctx``; otherwise the reason it cannot (shown to the user)."""

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        """Flags for ``pairs`` (every bead of the run, in order)."""


class BeadDetector:
    """A detector that looks at one bead at a time.

    ``needs_source``: skip beads with no source text (in pair mode; check mode has none).
    Subclasses implement :meth:`check`.
    """

    name: ClassVar[str] = ""
    modes: ClassVar[frozenset[str]] = frozenset({"pair"})
    needs_source: ClassVar[bool] = True

    def supports(self, ctx: FlagContext) -> str | None:
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        out: list[Flag] = []
        for p in pairs:
            if not p.tgt.strip() or (self.needs_source and ctx.mode == "pair" and not p.src.strip()):
                continue
            out += self.check(p, ctx)
        return out

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        raise NotImplementedError


def make_flag(
    bead: int,
    segment: str,
    start: int,
    end: int,
    category: str,
    severity: Severity,
    message: str,
    detector: str,
    confidence: float = 0.8,
    *,
    src: str | None = None,
    src_start: int | None = None,
    src_end: int | None = None,
    suggestion: str | None = None,
) -> Flag:
    """A Flag whose ``span`` is always ``segment[start:end]`` (kept consistent in one place)."""
    start = max(0, min(start, len(segment)))
    end = max(start, min(end, len(segment)))
    src_span = src[src_start:src_end] if src is not None and src_start is not None and src_end is not None else None
    return Flag(
        bead=bead,
        segment=segment,
        span=segment[start:end],
        start=start,
        end=end,
        category=category,
        severity=severity,
        message=message,
        detector=detector,
        confidence=round(float(confidence), 3),
        src_span=src_span,
        src_start=src_start if src_span is not None else None,
        src_end=src_end if src_span is not None else None,
        suggestion=suggestion,
    )
