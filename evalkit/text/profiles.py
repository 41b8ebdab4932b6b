"""Language and language-pair profiles: what evalkit knows about a language, as data.

Every stage that needs language knowledge (function words, negation and tense cues,
number words, abbreviations, the Apertium route of a pair...) reads it here, from
``evalkit/data/lang/<code>.toml`` and ``evalkit/data/pairs/<src>-<tgt>.toml``, so a new
language is a new data file, not new code. A profile only lists the signals that exist
for its language: a missing section is a check that cannot run, and the detectors say so
(``supports(ctx)`` -> ``Evaluation.checks_not_run``) instead of doing nothing silently.

Files are read on first use and cached per language. See docs/languages.md.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from evalkit.tomlfile import read_toml

log = logging.getLogger(__name__)


def _data_dir(kind: str) -> Path:
    return Path(str(resources.files("evalkit") / "data" / kind))


@dataclass(frozen=True)
class LangProfile:
    """One language's data (``evalkit/data/lang/<code>.toml``); ``raw`` keeps every table as read."""

    code: str
    name: str
    raw: dict[str, Any] = field(repr=False)

    def section(self, name: str) -> dict[str, Any]:
        """A table of the file (``negation``, ``tense``, ``numbers``...); {} when the language has none."""
        out: Any = self.raw
        for part in name.split("."):
            out = out.get(part, {}) if isinstance(out, dict) else {}
        return out if isinstance(out, dict) else {}

    def get(self, dotted: str, default: Any = None) -> Any:
        """A value by dotted key ("negation.cue"); ``default`` when the profile lacks it."""
        head, _, last = dotted.rpartition(".")
        return (self.section(head) if head else self.raw).get(last, default)

    def words(self, dotted: str) -> frozenset[str]:
        """A word list (a list or one whitespace-separated string) as a frozenset."""
        value = self.get(dotted, ())
        return frozenset(value.split() if isinstance(value, str) else value)

    def regex(self, dotted: str, flags: int = re.I) -> re.Pattern[str] | None:
        """A compiled pattern (case-insensitive unless the file says ``<key>_case = true``), or None."""
        return _compiled(self.code, dotted, flags)

    def has(self, dotted: str) -> bool:
        return self.get(dotted) not in (None, "", [], {})


@dataclass(frozen=True)
class PairProfile:
    """What is known about translating ``src`` into ``tgt`` (``evalkit/data/pairs/<src>-<tgt>.toml``)."""

    src: str
    tgt: str
    raw: dict[str, Any] = field(repr=False)

    def get(self, dotted: str, default: Any = None) -> Any:
        out: Any = self.raw
        for part in dotted.split("."):
            if not isinstance(out, dict) or part not in out:
                return default
            out = out[part]
        return out


@lru_cache(maxsize=64)
def profile(lang: str) -> LangProfile:
    """The profile of ``lang``; an empty one (no signals) for a language without a data file."""
    path = _data_dir("lang") / f"{lang}.toml"
    if not path.exists():
        log.debug("no language profile for %r", lang)
        return LangProfile(lang, lang, {})
    raw = read_toml(path)
    return LangProfile(lang, str(raw.get("name", lang)), raw)


@lru_cache(maxsize=64)
def pair_profile(src: str, tgt: str) -> PairProfile:
    """The profile of the pair ``src``->``tgt``; an empty one when there is no data file."""
    path = _data_dir("pairs") / f"{src}-{tgt}.toml"
    return PairProfile(src, tgt, read_toml(path) if path.exists() else {})


def pair_codes() -> list[tuple[str, str]]:
    """(source, target) of every pair profile (``evalkit/data/pairs/<src>-<tgt>.toml``)."""
    return sorted(tuple(p.stem.split("-", 1)) for p in _data_dir("pairs").glob("*-*.toml"))


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """Codes of every language with a profile (the languages evalkit can segment and check)."""
    return tuple(sorted(p.stem for p in _data_dir("lang").glob("*.toml")))


@lru_cache(maxsize=512)
def _compiled(lang: str, dotted: str, flags: int) -> re.Pattern[str] | None:
    prof = profile(lang)
    pat = prof.get(dotted)
    if not pat:
        return None
    if prof.get(dotted + "_case"):
        flags &= ~re.I
    return re.compile(pat, flags)


def missing(langs: tuple[str, ...] | list[str], dotted: str) -> list[str]:
    """The languages among ``langs`` whose profile lacks ``dotted`` (for ``supports`` messages)."""
    return [lang for lang in dict.fromkeys(langs) if not profile(lang).has(dotted)]


__all__ = ["LangProfile", "PairProfile", "languages", "missing", "pair_profile", "profile"]
