"""A French<->English word dictionary for omission/addition checks (FreeDict, if installed).

FreeDict's fra-eng and eng-fra databases (Debian ``dict-freedict-fra-eng`` and
``dict-freedict-eng-fra``, GPL) are read from ``/usr/share/dictd`` (or the folder in
``EVALKIT_FREEDICT_DIR``) at run time, never copied into evalkit. Both directions are merged
and keyed by Snowball stems, so "armes" finds "weapon" and "weapons" finds "arme".
Without the packages :func:`load_dictionary` returns ``None`` and the omission detector
stays silent rather than guess.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import lru_cache
from pathlib import Path

from evalkit.text import stem

_HEAD = re.compile(r"^(\S.*?) /[^/]*/(?:\s*<([^>]*)>)?\s*$")
_SPLIT = re.compile(r"[,;]|\b\d+\.\s")


def _entries(path: Path) -> list[tuple[str, list[str], str]]:
    """(headword, translations, part of speech) of a dictd .dict.dz file in FreeDict's plain layout."""
    text = gzip.open(path, "rt", encoding="utf-8", errors="replace").read()
    out: list[tuple[str, list[str], str]] = []
    head: str | None = None
    pos = ""
    trans: list[str] = []
    for line in text.splitlines():
        m = _HEAD.match(line)
        if m:
            if head:
                out.append((head, trans, pos))
            head, trans, pos = m.group(1), [], (m.group(2) or "").split(",")[0].strip()
        elif head and line.strip():
            trans.extend(t.strip() for t in _SPLIT.split(line) if t.strip())
    if head:
        out.append((head, trans, pos))
    return out


def _key(phrase: str, lang: str) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+", phrase) if len(w) > 1]
    if len(words) != 1:  # multi-word headwords and glosses are too loose to key on
        return None
    return stem(words[0], lang)


class BilingualDictionary:
    """Stem-level translation sets, both directions (fr->en, en->fr)."""

    def __init__(self, fr_en: dict[str, set[str]], en_fr: dict[str, set[str]],
                 pos: dict[str, dict[str, set[str]]] | None = None) -> None:
        self._maps = {("fr", "en"): fr_en, ("en", "fr"): en_fr}
        self._pos = pos or {}

    def pos(self, word: str, lang: str) -> set[str]:
        """FreeDict parts of speech of the word's stem ("n", "v", "adj", "adv", ...; empty if unknown)."""
        return self._pos.get(lang, {}).get(stem(word, lang), set())

    def knows(self, word: str, src: str, tgt: str) -> bool:
        return stem(word, src) in self._maps.get((src, tgt), {})

    def translations(self, word: str, src: str, tgt: str) -> set[str]:
        """Stems of the target-language translations of ``word`` (empty if unknown)."""
        return self._maps.get((src, tgt), {}).get(stem(word, src), set())

    def supports(self, src: str, tgt: str) -> bool:
        return (src, tgt) in self._maps


@lru_cache(maxsize=2)
def load_dictionary(folder: str | None = None) -> BilingualDictionary | None:
    base = Path(folder or os.environ.get("EVALKIT_FREEDICT_DIR", "/usr/share/dictd"))
    fe, ef = base / "freedict-fra-eng.dict.dz", base / "freedict-eng-fra.dict.dz"
    if not fe.is_file() and not ef.is_file():
        return None
    fr_en: dict[str, set[str]] = {}
    en_fr: dict[str, set[str]] = {}
    pos: dict[str, dict[str, set[str]]] = {"fr": {}, "en": {}}

    def tag(word: str, lang: str, p: str) -> None:
        k = _key(word, lang)
        if k and p:
            pos[lang].setdefault(k, set()).add({"vt": "v", "vi": "v"}.get(p, p))

    def add(fr: str, en: str) -> None:
        kf, ke = _key(fr, "fr"), _key(en, "en")
        if kf and ke:
            fr_en.setdefault(kf, set()).add(ke)
            en_fr.setdefault(ke, set()).add(kf)

    if fe.is_file():
        for head, trans, p in _entries(fe):
            tag(head, "fr", p)
            for t in trans:
                add(head, t)
    if ef.is_file():
        for head, trans, p in _entries(ef):
            tag(head, "en", p)
            for t in trans:
                add(t, head)
    return BilingualDictionary(fr_en, en_fr, pos)


__all__ = ["BilingualDictionary", "load_dictionary"]
