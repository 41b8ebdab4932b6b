"""Part-of-speech tags from Apertium's own analyser and tagger (installed with the MT pairs).

The one way evalkit tags text: the scoring stage's part-of-speech cues
(:mod:`evalkit.score.syntax`) and the flag stage's fluency check (:mod:`evalkit.text.fluency`)
ask for the same lines in the same form, so one run's second request is a hit in Apertium's
output cache. Which analyser and tagger a language uses is language data
(``apertium_tagger`` in ``data/lang/<lang>.toml``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Sequence

from evalkit import apertium
from evalkit.text.profiles import profile

SPECIAL = re.compile(r"[\[\]\\^$@/<>{}]")
UNIT = re.compile(r"\^(.*?)\$")
KEEP_SECOND = {"prn", "det", "vblex", "vbser", "vbhaver", "vbmod", "vaux", "cnjadv", "cnjsub", "cnjcoo"}


def coarse_tag(unit: str) -> str:
    """'be<vbser><past><p3><sg>' -> 'vbser.past'; unknown words -> 'UNK'."""
    if unit.startswith("*"):
        return "UNK"
    tags = [t for part in unit_tags(unit.split("/")[0]) for t in part]
    if not tags:
        return "UNK"
    if tags[0] in KEEP_SECOND and len(tags) > 1:
        return f"{tags[0]}.{tags[1]}"
    return tags[0]


def lemma(unit: str) -> str:
    """'be<vbser><past><p3><sg>' -> 'be'; '*Gstaad' -> 'Gstaad'; a joined unit
    ('can<vaux><pres>+not<adv>') gives its first lemma."""
    return unit.lstrip("*").split("<", 1)[0]


def tagger_paths(lang: str) -> tuple[Path, Path] | None:
    spec = profile(lang).get("apertium_tagger")  # (analyser, tagger) inside an installed Apertium pair
    if not spec:
        return None
    data = apertium.default_data_dir()
    a, t = data / spec[0], data / spec[1]
    return (a, t) if a.exists() and t.exists() else None


def tag_units(lines: Sequence[str], lang: str, timeout: float = 600.0) -> list[list[str]] | None:
    """The tagger's units of each line (``lemma<tag><tag>...``, ``*word`` when unknown), one
    subprocess pipeline for the batch, segments separated by a full-stop line as for
    translation; None when the tagger is not installed or fails."""
    words = tag_words(lines, lang, timeout)
    return None if words is None else [[unit for _, unit in line] for line in words]


def tag_words(lines: Sequence[str], lang: str, timeout: float = 600.0) -> list[list[tuple[str, str]]] | None:
    """Each line's (surface form, unit) pairs (``("went", "go<vblex><past>")``); see :func:`tag_units`.
    The surface is the text the tagger read (brackets and slashes blanked, spaces collapsed)."""
    paths = tagger_paths(lang)
    if paths is None:
        return None
    if not lines:
        return []
    payload = apertium.interleave([" ".join(SPECIAL.sub(" ", t).split()) for t in lines])
    try:
        with apertium.open_cache() as cache:
            tagged = apertium.run_tagger(paths[0], paths[1], payload, cache=cache, timeout=timeout)
    except apertium.ApertiumError:
        return None
    out = apertium.deinterleave(tagged, len(lines), sep="^./.<sent>$")
    if out is None:
        return None
    return [[tuple(u.split("/", 1)) if "/" in u else (u.lstrip("*"), u) for u in UNIT.findall(line)] for line in out]


def tag_lines(lines: Sequence[str], lang: str, timeout: float = 600.0) -> list[list[str]] | None:
    """Coarse tags of each line (see :func:`coarse_tag`); None when not installed."""
    units = tag_units(lines, lang, timeout)
    return None if units is None else [[coarse_tag(u) for u in line] for line in units]


@functools.lru_cache(maxsize=65536)
def unit_tags(unit: str) -> tuple[tuple[str, ...], ...]:
    """A tagger unit's tags, one tuple per joined word ("do<vbdo><past>+not<adv>" -> ((vbdo, past), (adv,))).
    Memoised: the checks read each unit several times, and a test set repeats its units."""
    return tuple(tuple(re.findall(r"<([^>]+)>", part)) for part in unit.split("+"))


def word_spans(text: str, words: Sequence[tuple[str, str]]) -> list[tuple[int, int] | None]:
    """Each tagged word's (start, end) in ``text``, found in order (None where the tagger's text differs:
    :func:`tag_words` blanks brackets and slashes)."""
    out: list[tuple[int, int] | None] = []
    at = 0
    for surface, _ in words:
        k = text.find(surface, at) if surface else -1
        if k < 0:
            out.append(None)
            continue
        out.append((k, k + len(surface)))
        at = k + len(surface)
    return out
