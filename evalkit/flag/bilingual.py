"""A bilingual word dictionary for omission/addition checks (FreeDict, if installed).

The FreeDict databases a pair profile names (French<->English: Debian ``dict-freedict-fra-eng``
and ``dict-freedict-eng-fra``; German, Spanish, Italian, Portuguese->English: ``deu-eng``,
``spa-eng``, ``ita-eng``, ``por-eng``; GPL) are read from ``/usr/share/dictd`` (or the folder in
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
from evalkit.text.profiles import pair_profile, profile

_HEAD = re.compile(r"^(\S.*?) /[^/]*/(?:\s*<([^>]*)>)?\s*$")
_SPLIT = re.compile(r"[,;]|\b\d+\.\s")
_NOT_TRANSLATION = re.compile(r'^\s*(?:"|Synonyms?:|see:|Note:)')  # Ding's examples, synonyms, references, notes
_TAGS = re.compile(r"<[^>]*>|\[[^\]]*\]")  # part of speech ("<adj>"), subject label ("[cook.]")


NOUN_TAGS = frozenset({"n", "masc", "fem", "neut"})
MIN_COMPOUND, MIN_MODIFIER, MIN_HEAD = 8, 3, 4  # letters: a compound, its modifier, its head
LINKS = ("", "s", "es", "n", "en", "er")  # German linking elements between modifier and head, tried in order


def _entries(path: Path) -> list[tuple[str, list[str], str]]:
    """(headword, translations, part of speech) of a dictd .dict.dz file in FreeDict's layout.

    Most databases give bare translation lines ("1. accommodate, entertain"). German-English
    (Ding, via ding2tei) tags each translation ("new <adj>", "[cook.] Eel <n>") and goes on
    with lines that are not translations: examples ('"Aal in Aspik"  - Jellied Eel'),
    "Synonyms: {frisch}" (German words), "see: {...}" and "Note: ..."; those are skipped and
    the tags and labels stripped, or "new" would be lost and "frisch" read as English."""
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
        elif head and line.strip() and not _NOT_TRANSLATION.match(line):
            line = _TAGS.sub(" ", line)
            trans.extend(t.strip() for t in _SPLIT.split(line) if t.strip())
    if head:
        out.append((head, trans, pos))
    return out


def _key(phrase: str, lang: str) -> str | None:
    words = [w for w in re.findall(r"[^\W\d_]+", phrase) if len(w) > 1]
    if len(words) != 1:  # multi-word headwords and glosses are too loose to key on
        return None
    return _headword_stem(words[0], lang)


@lru_cache(maxsize=200_000)
def _headword_stem(word: str, lang: str) -> str:
    """:func:`evalkit.text.stem` without its store of the words runs ask about: building the maps
    stems ~80,000 headwords once per install, which would otherwise fill that store."""
    from evalkit.text.words import _snowball_stem

    return _snowball_stem(word, lang)


class BilingualDictionary:
    """Stem-level translation sets, both directions of one pair (fr->en and en->fr)."""

    def __init__(self, maps: dict[tuple[str, str], dict[str, set[str]]],
                 pos: dict[str, dict[str, set[str]]] | None = None) -> None:
        self._maps = maps
        self._pos = pos or {}
        self._compounds: dict[tuple[str, str, str], set[str]] = {}

    def pos(self, word: str, lang: str) -> set[str]:
        """FreeDict parts of speech of the word's stem ("n", "v", "adj", "adv", ...; empty if unknown)."""
        return self._pos.get(lang, {}).get(stem(word, lang), set())

    def is_noun(self, word: str, lang: str) -> bool:
        """A noun to the dictionary: FreeDict tags a noun's part of speech ("n") or, in its German
        entries, only its gender."""
        return bool(self.pos(word, lang) & NOUN_TAGS)

    def knows(self, word: str, src: str, tgt: str) -> bool:
        return stem(word, src) in self._maps.get((src, tgt), {})

    def translations(self, word: str, src: str, tgt: str) -> set[str]:
        """Stems of the target-language translations of ``word`` (empty if unknown). In a language
        whose profile says ``compounds`` (German), an unlisted word is read as modifier + head
        (:meth:`compound_translations`)."""
        m = self._maps.get((src, tgt), {})
        found = m.get(stem(word, src))
        if found is None and len(word) >= MIN_COMPOUND and profile(src).get("compounds", False):
            key = (word.lower(), src, tgt)
            if key not in self._compounds:
                self._compounds[key] = self.compound_translations(word, src, tgt)
            return self._compounds[key]
        return found or set()

    def compound_translations(self, word: str, src: str, tgt: str) -> set[str]:
        """Translations of the longest listed head of ``word`` (4+ letters: Kinder|klinik), with
        those of its modifier when that is listed too (after a linking -s, -es, -n, -en or -er).
        A word with no listed head has none. FreeDict lists few of the compounds German makes
        at will; without this, "Children's Hospital" rendered nothing of "Kinderklinik"."""
        m = self._maps.get((src, tgt), {})
        low = word.lower()
        for i in range(MIN_MODIFIER, len(low) - MIN_HEAD + 1):
            head = m.get(stem(low[i:], src))
            if head is None:
                continue
            out = set(head)
            mod = low[:i]
            for link in LINKS:  # "" first: the modifier as it stands
                if mod.endswith(link) and len(mod) - len(link) >= MIN_MODIFIER - 1:
                    part = m.get(stem(mod[: len(mod) - len(link)], src))
                    if part:
                        out |= part
                        break
            return out
        return set()

    def supports(self, src: str, tgt: str) -> bool:
        return (src, tgt) in self._maps


def _store_key(src_lang: str, tgt_lang: str, files: list[tuple[Path, str, str]]) -> str:
    """What the stemmed maps depend on: the databases (path, size, time), this module, the
    stemming code and the two language profiles (which name the stemmers)."""
    import snowballstemmer

    from evalkit.models.derived import store_key
    from evalkit.text import words

    parts: list[str | Path] = [f"{src_lang}-{tgt_lang}|{getattr(snowballstemmer, '__version__', '')}"]
    for path, a, b in files:
        st = path.stat()
        parts.append(f"{path.resolve()}|{a}|{b}|{st.st_size}|{st.st_mtime_ns}")
    parts += [Path(__file__), Path(words.__file__),
              *(Path(__file__).parent.parent / "data" / "lang" / f"{lang}.toml" for lang in (src_lang, tgt_lang))]
    return store_key(parts)


def _decode(data: dict) -> tuple[dict, dict]:
    maps = {tuple(k.split(">")): {w: set(v) for w, v in m.items()} for k, m in data["maps"].items()}
    pos = {lang: {w: set(v) for w, v in m.items()} for lang, m in data["pos"].items()}
    return maps, pos


def _encode(value: tuple[dict, dict]) -> dict:
    maps, pos = value
    return {"maps": {f"{a}>{b}": {w: sorted(v) for w, v in m.items()} for (a, b), m in maps.items()},
            "pos": {lang: {w: sorted(v) for w, v in m.items()} for lang, m in pos.items()}}


@lru_cache(maxsize=8)
def load_dictionary(src_lang: str, tgt_lang: str, folder: str | None = None,
                    cache_dir: str | os.PathLike | None = None) -> BilingualDictionary | None:
    """Both directions of ``src_lang``<->``tgt_lang`` from the FreeDict databases the pair profile
    names (``freedict = ["fra-eng", "eng-fra"]``: headword language first, ISO 639-3 codes as
    the language profiles' ``iso3``); None when the pair has none or none is installed.

    Stemming the ~80,000 entries takes seconds, so the stemmed maps are kept as JSON in evalkit's
    cache (``<cache>/derived/``, ``cache_dir`` or ``EVALKIT_CACHE``), keyed by everything they
    depend on (:func:`_store_key`): a new process reads them back, a changed database is re-read."""
    base = Path(folder or os.environ.get("EVALKIT_FREEDICT_DIR", "/usr/share/dictd"))
    iso3 = {profile(src_lang).get("iso3"): src_lang, profile(tgt_lang).get("iso3"): tgt_lang}
    files = []
    for name in pair_profile(src_lang, tgt_lang).get("freedict", ()):
        head, _, other = name.partition("-")
        path = base / f"freedict-{name}.dict.dz"
        if head in iso3 and other in iso3 and path.is_file():
            files.append((path, iso3[head], iso3[other]))
    if not files:
        return None
    from evalkit.models.derived import cached

    maps, pos = cached(f"freedict-{src_lang}-{tgt_lang}", _store_key(src_lang, tgt_lang, files),
                       lambda: _build(src_lang, tgt_lang, files), decode=_decode, encode=_encode, cache_dir=cache_dir)
    return BilingualDictionary(maps, pos)


def _build(src_lang: str, tgt_lang: str, files: list[tuple[Path, str, str]]) -> tuple[dict, dict]:
    """Both directions' stem maps and the parts of speech, from the FreeDict databases."""
    maps: dict[tuple[str, str], dict[str, set[str]]] = {(src_lang, tgt_lang): {}, (tgt_lang, src_lang): {}}
    pos: dict[str, dict[str, set[str]]] = {src_lang: {}, tgt_lang: {}}

    def tag(word: str, lang: str, p: str) -> None:
        k = _key(word, lang)
        if k and p:
            pos[lang].setdefault(k, set()).add({"vt": "v", "vi": "v"}.get(p, p))

    def add(a: str, la: str, b: str, lb: str) -> None:
        ka, kb = _key(a, la), _key(b, lb)
        if ka and kb:
            maps[(la, lb)].setdefault(ka, set()).add(kb)
            maps[(lb, la)].setdefault(kb, set()).add(ka)

    for path, head_lang, other_lang in files:
        for head, trans, p in _entries(path):
            tag(head, head_lang, p)
            for tr in trans:
                add(head, head_lang, tr, other_lang)
    return maps, pos


__all__ = ["BilingualDictionary", "load_dictionary"]
