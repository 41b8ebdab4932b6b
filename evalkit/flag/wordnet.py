"""English opposites and the noun hierarchy from WordNet (Debian ``wordnet-base``, if installed).

The antonym check started from ~75 hand-written pairs (``data/antonyms.tsv``), so it found
only what the list named. WordNet 3.0 links about 7,000 lemma pairs as antonyms (``!``
pointers in ``/usr/share/wordnet/data.{adj,adv,verb,noun}``), and an adjective *satellite*
("stingy", under the head "ungenerous") inherits the opposite of its head ("generous").
Read here directly, in WordNet's documented ``wndb(5)`` layout: NLTK's reader would need
NLTK and its own download of the same files, and the layout takes thirty lines.

Only adjectives and adverbs are read, and satellites are off (``SATELLITES``): with verbs and
nouns (come/go, day/night) or satellites the table drew flags on faithful literary text.
The table keeps single words that English text actually uses (wordfreq Zipf >= 2.5) and
is kept as JSON in evalkit's derived store, keyed by the data files (path, size, time).
Without the package it is empty and the hand-written list works alone.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from evalkit.text import stem, zipf

POS_FILES = ("adj", "adv")  # verbs and nouns (come/go, day/night) drew flags on faithful literary text
MIN_ZIPF = 2.5
SATELLITES = False  # satellites widen the table tenfold; on faithful literary text they flagged 6% of segments


def _synsets(path: Path) -> dict[str, tuple[str, list[str], list[tuple[str, str, int, int]]]]:
    """offset -> (synset type, lemmas, pointers (symbol, target offset, source word, target word))."""
    out = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue  # the licence header
            parts = line.split(" | ", 1)[0].split()
            offset, ss_type, n_words = parts[0], parts[2], int(parts[3], 16)
            lemmas = [parts[4 + 2 * k].split("(")[0].lower() for k in range(n_words)]
            k = 4 + 2 * n_words
            n_ptr = int(parts[k])
            ptrs = []
            for p in range(n_ptr):
                sym, target, _pos, st = parts[k + 1 + 4 * p: k + 5 + 4 * p]
                ptrs.append((sym, target, int(st[:2], 16), int(st[2:], 16)))
            out[offset] = (ss_type, lemmas, ptrs)
    return out


def build_antonyms(folder: Path) -> dict[str, list[str]]:
    """Lemma -> its opposites: direct antonyms, the other head's satellites for a head
    adjective, and the other head for a satellite."""
    table: dict[str, set[str]] = {}

    def add(a: str, b: str) -> None:
        if "_" in a or "_" in b or a == b:
            return
        table.setdefault(a, set()).add(b)

    for pos in POS_FILES:
        path = folder / f"data.{pos}"
        if not path.exists():
            continue
        synsets = _synsets(path)
        satellites: dict[str, list[str]] = {}  # head offset -> lemmas of its satellites
        for offset, (ss_type, lemmas, ptrs) in synsets.items():
            if ss_type == "s":
                for sym, target, _, _ in ptrs:
                    if sym == "&":
                        satellites.setdefault(target, []).extend(lemmas)
        for offset, (_, lemmas, ptrs) in synsets.items():
            for sym, target, src_word, tgt_word in ptrs:
                if sym != "!" or target not in synsets:
                    continue
                other = synsets[target][1]
                mine = lemmas if src_word == 0 else [lemmas[src_word - 1]]
                theirs = other if tgt_word == 0 else [other[tgt_word - 1]]
                for a in mine:
                    for b in theirs:
                        add(a, b)
                if SATELLITES:
                    for a in mine:
                        for b in satellites.get(target, ()):  # generous <-> stingy (under "ungenerous")
                            add(a, b)
                            add(b, a)
    return {w: sorted(o for o in opp if zipf(o, "en") >= MIN_ZIPF)
            for w, opp in table.items() if zipf(w, "en") >= MIN_ZIPF}


def wordnet_dir() -> Path:
    return Path(os.environ.get("EVALKIT_WORDNET_DIR", "/usr/share/wordnet"))


def antonyms(folder: Path | None = None, cache_dir: str | os.PathLike | None = None) -> dict[str, list[str]]:
    """WordNet's opposites, from the derived store when the data files have not changed ({} without WordNet)."""
    folder = folder or wordnet_dir()
    files = [folder / f"data.{pos}" for pos in POS_FILES if (folder / f"data.{pos}").exists()]
    if not files:
        return {}
    from evalkit.models.derived import cached, store_key

    stats = [f"{f}:{f.stat().st_size}:{int(f.stat().st_mtime)}" for f in files]
    key = store_key([*stats, Path(__file__), str(MIN_ZIPF), str(SATELLITES)])
    return cached("wordnet-antonyms", key, lambda: build_antonyms(folder), cache_dir=cache_dir)


# --------------------------------------------------------------------------- hypernyms
NOUN_SENSES = 1  # a word's most frequent senses (index.noun order) whose ancestors count:
# with two, "cat" is also a man (its slang sense) and "brain" an ability


def build_hypernyms(folder: Path) -> dict[str, list]:
    """The noun hierarchy, compactly: ``lemma -> [synset ids of its first NOUN_SENSES senses]``,
    ``parents[id] -> [hypernym ids]`` (``@`` pointers; not instance ``@i`` ones, which make the
    Salmon River a river and so "salmon" a river) and ``words[id] -> its single-word lemmas``
    that English text uses (Zipf >= MIN_ZIPF)."""
    data, index = folder / "data.noun", folder / "index.noun"
    if not data.exists() or not index.exists():
        return {"senses": {}, "parents": [], "words": []}
    synsets = _synsets(data)
    ids = {offset: k for k, offset in enumerate(synsets)}
    parents = [[ids[t] for sym, t, _, _ in ptrs if sym == "@" and t in ids] for _, _, ptrs in synsets.values()]
    words = [[w for w in lemmas if "_" not in w and zipf(w, "en") >= MIN_ZIPF] for _, lemmas, _ in synsets.values()]
    senses: dict[str, list[int]] = {}
    with index.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, n_synsets = parts[0], int(parts[2])
            if "_" in lemma or zipf(lemma, "en") < MIN_ZIPF:
                continue
            senses[lemma] = [ids[o] for o in parts[-n_synsets:][:NOUN_SENSES] if o in ids]
    return {"senses": senses, "parents": parents, "words": words}


class Hypernyms:
    """Is one English noun a more general term for another (WordNet's hypernym closure)?"""

    def __init__(self, table: dict[str, list]) -> None:
        self._senses, self._parents, self._words = table["senses"], table["parents"], table["words"]
        self._ancestors: dict[str, dict[str, int]] = {}
        self._by_stem_ancestors: dict[str, dict[str, int]] = {}
        self._stems: dict[str, list[str]] | None = None

    def __bool__(self) -> bool:
        return bool(self._senses)

    def ancestors(self, word: str) -> dict[str, int]:
        """Lemmas of every hypernym of ``word``'s first senses, with their depth (1 = parent)."""
        word = word.lower()
        if word not in self._ancestors:
            out: dict[str, int] = {}
            frontier, seen, depth = list(self._senses.get(word, ())), set(), 0
            while frontier:
                depth += 1
                nxt = []
                for s in frontier:
                    for p in self._parents[s]:
                        if p not in seen:
                            seen.add(p)
                            nxt.append(p)
                            for w in self._words[p]:
                                if w != word:
                                    out.setdefault(w, depth)
                frontier = nxt
            self._ancestors[word] = out
        return self._ancestors[word]

    def is_noun(self, word: str) -> bool:
        return word.lower() in self._senses

    def ancestor_stems(self, stem_: str) -> dict[str, int]:
        """The same, between stems (``evalkit.text.stem``, English), as dictionaries give
        translations: every lemma with that stem, their ancestors' stems, nearest depth kept."""
        if stem_ not in self._by_stem_ancestors:
            out: dict[str, int] = {}
            for lemma in self._stem_index().get(stem_, ()):
                for w, d in self.ancestors(lemma).items():
                    sw = stem(w, "en")
                    if sw != stem_ and d < out.get(sw, 99):
                        out[sw] = d
            self._by_stem_ancestors[stem_] = out
        return self._by_stem_ancestors[stem_]

    def lemma_for(self, stem_: str) -> str | None:
        """The commonest noun with this stem (a suggestion's word)."""
        lemmas = self._stem_index().get(stem_, ())
        return max(lemmas, key=lambda w: zipf(w, "en")) if lemmas else None

    def _stem_index(self) -> dict[str, list[str]]:
        if self._stems is None:
            self._stems = {}
            for lemma in self._senses:
                self._stems.setdefault(stem(lemma, "en"), []).append(lemma)
        return self._stems


@lru_cache(maxsize=4)
def hypernyms(folder: Path | None = None, cache_dir: str | os.PathLike | None = None) -> Hypernyms:
    """WordNet's noun hierarchy from the derived store (empty without WordNet); one per process
    and folder, as it memoises the ancestors it has looked up."""
    folder = folder or wordnet_dir()
    files = [folder / "data.noun", folder / "index.noun"]
    if not all(f.exists() for f in files):
        return Hypernyms({"senses": {}, "parents": [], "words": []})
    from evalkit.models.derived import cached, store_key

    stats = [f"{f}:{f.stat().st_size}:{int(f.stat().st_mtime)}" for f in files]
    key = store_key([*stats, Path(__file__), str(MIN_ZIPF), str(NOUN_SENSES)])
    return Hypernyms(cached("wordnet-hypernyms", key, lambda: build_hypernyms(folder), cache_dir=cache_dir))
