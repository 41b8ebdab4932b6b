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


def _index_lemmas(path: Path) -> set[str]:
    """The single-word lemmas of one ``index.<pos>`` file (none when it is missing)."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        return {w for line in fh if not line.startswith(" ") and "_" not in (w := line.split(" ", 1)[0])}


def build_lemmas(folder: Path) -> list[str]:
    """Every single-word lemma of WordNet's index files (any part of speech), lower-cased."""
    out: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        out |= _index_lemmas(folder / f"index.{pos}")
    return sorted(out)


@lru_cache(maxsize=4)
def lemmas(folder: Path | None = None, cache_dir: str | os.PathLike | None = None) -> frozenset[str]:
    """English words WordNet lists (empty without WordNet), from the derived store when the index
    files have not changed: it tells an English word spelled like a French one (savant, chaise,
    chagrin) from a word left untranslated. Loaded on first use, once per process."""
    folder = folder or wordnet_dir()
    files = [folder / f"index.{pos}" for pos in ("noun", "verb", "adj", "adv") if (folder / f"index.{pos}").exists()]
    if not files:
        return frozenset()
    from evalkit.models.derived import cached, store_key

    stats = [f"{f}:{f.stat().st_size}:{int(f.stat().st_mtime)}" for f in files]
    key = store_key([*stats, "lemmas-v1"])
    return frozenset(cached("wordnet-lemmas", key, lambda: build_lemmas(folder), cache_dir=cache_dir))


@lru_cache(maxsize=4)
def verb_forms(folder: Path | None = None) -> tuple[frozenset[str], dict[str, str]]:
    """(WordNet's single-word verb lemmas, its irregular verb forms -> lemma: "gave" -> "give"), read
    directly from ``index.verb`` and ``verb.exc`` (~14k lines, a few ms; empty without WordNet). The
    tense check tells a present ("gives") from a past ("gave") and a verb from a noun with them."""
    folder = folder or wordnet_dir()
    forms: dict[str, str] = {}
    exc = folder / "verb.exc"
    if exc.exists():
        with exc.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and "_" not in parts[0]:
                    forms.setdefault(parts[0], parts[1])
    return frozenset(_index_lemmas(folder / "index.verb")), forms


def is_english_word(word: str, folder: Path | None = None) -> bool:
    """``word`` or its singular ("savants", "chemises") is a WordNet lemma."""
    w = word.lower()
    words = lemmas(folder)
    return w in words or (w.endswith("s") and (w[:-1] in words or (w.endswith("es") and w[:-2] in words)))


# --------------------------------------------------------------------------- hypernyms
PERSON = "person"  # the noun whose first sense heads WordNet's people (Hypernyms.is_person)
NOUN_SENSES = 1  # a word's most frequent senses (index.noun order) whose ancestors count:
# with two, "cat" is also a man (its slang sense) and "brain" an ability


def build_hypernyms(folder: Path) -> dict[str, object]:
    """The noun hierarchy, compactly and in stems (``evalkit.text.stem``, English, as dictionaries
    give translations), so a run stems nothing: ``senses[stem] -> synset ids`` of the first
    NOUN_SENSES senses of every lemma with that stem, ``parents[id] -> hypernym ids`` (``@``
    pointers; not instance ``@i`` ones, which make the Salmon River a river and so "salmon" a
    river), ``stems[id] -> stems of its single-word lemmas`` that English text uses (Zipf >=
    MIN_ZIPF), ``lemma[stem]`` its commonest lemma (a suggestion's word) and ``nouns`` every
    such lemma (is a word, as written, a noun?)."""
    data, index = folder / "data.noun", folder / "index.noun"
    if not data.exists() or not index.exists():
        return {"senses": {}, "parents": [], "stems": [], "lemma": {}, "nouns": []}
    synsets = _synsets(data)
    ids = {offset: k for k, offset in enumerate(synsets)}
    parents = [[ids[t] for sym, t, _, _ in ptrs if sym == "@" and t in ids] for _, _, ptrs in synsets.values()]
    stems = [sorted({stem(w, "en") for w in lemmas if "_" not in w and zipf(w, "en") >= MIN_ZIPF})
             for _, lemmas, _ in synsets.values()]
    senses: dict[str, set[int]] = {}
    lemma: dict[str, str] = {}
    nouns: list[str] = []
    first: dict[str, int] = {}  # word -> its first sense
    with index.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split()
            word, n_synsets = parts[0], int(parts[2])
            if "_" in word or zipf(word, "en") < MIN_ZIPF:
                continue
            nouns.append(word)
            if parts[-n_synsets] in ids:
                first[word] = ids[parts[-n_synsets]]
            st = stem(word, "en")
            senses.setdefault(st, set()).update(ids[o] for o in parts[-n_synsets:][:NOUN_SENSES] if o in ids)
            if st not in lemma or zipf(word, "en") > zipf(lemma[st], "en"):
                lemma[st] = word
    person = first.get(PERSON)  # a common word: kept by the filter above
    persons = sorted(w for w, k in first.items() if person is not None and _under(k, person, parents))
    # keep only the synsets a sense reaches (a quarter of them): the table loads on every run
    keep, stack = set(), [s for v in senses.values() for s in v]
    while stack:
        k = stack.pop()
        if k not in keep:
            keep.add(k)
            stack.extend(parents[k])
    new_id = {k: n for n, k in enumerate(sorted(keep))}
    return {"senses": {k: sorted(new_id[s] for s in v) for k, v in senses.items()},
            "parents": [[new_id[q] for q in parents[k]] for k in sorted(keep)],
            "stems": [stems[k] for k in sorted(keep)], "lemma": lemma, "nouns": nouns, "persons": persons}


def _under(k: int, ancestor: int, parents: list[list[int]]) -> bool:
    """Synset ``k`` is ``ancestor`` or below it (hypernym pointers)."""
    seen, stack = set(), [k]
    while stack:
        x = stack.pop()
        if x == ancestor:
            return True
        if x not in seen:
            seen.add(x)
            stack.extend(parents[x])
    return False


class Hypernyms:
    """Is one English noun a more general term for another (WordNet's hypernym closure), in stems."""

    def __init__(self, table: dict) -> None:
        self._senses, self._parents, self._stems = table["senses"], table["parents"], table["stems"]
        self._lemma, self._nouns = table["lemma"], frozenset(table["nouns"])
        self._persons = frozenset(table.get("persons", ()))
        self._ancestors: dict[str, dict[str, int]] = {}

    def __bool__(self) -> bool:
        return bool(self._senses)

    def is_noun(self, word: str) -> bool:
        """``word`` as written (lower-cased) is a WordNet noun lemma."""
        return word.lower() in self._nouns

    def is_person(self, word: str) -> bool:
        """``word`` as written (lower-cased) is a noun whose first sense is a person ("pianist", "client";
        not "report", though "reporter" shares its stem)."""
        return word.lower() in self._persons

    def ancestor_stems(self, stem_: str) -> dict[str, int]:
        """Stems of every hypernym of the first senses of the nouns with stem ``stem_``, with their
        depth (1 = parent; the nearest kept)."""
        if stem_ not in self._ancestors:
            out: dict[str, int] = {}
            frontier, seen, depth = list(self._senses.get(stem_, ())), set(), 0
            while frontier:
                depth += 1
                nxt = []
                for s in frontier:
                    for p in self._parents[s]:
                        if p not in seen:
                            seen.add(p)
                            nxt.append(p)
                            for w in self._stems[p]:
                                if w != stem_:
                                    out.setdefault(w, depth)
                frontier = nxt
            self._ancestors[stem_] = out
        return self._ancestors[stem_]

    def lemma_for(self, stem_: str) -> str | None:
        """The commonest noun with this stem (a suggestion's word)."""
        return self._lemma.get(stem_)


def has_hypernyms(folder: Path | None = None) -> bool:
    """Whether WordNet's noun files are there, without loading the table (a check's ``supports``)."""
    folder = folder or wordnet_dir()
    return all((folder / f).exists() for f in ("data.noun", "index.noun"))


@lru_cache(maxsize=4)
def hypernyms(folder: Path | None = None, cache_dir: str | os.PathLike | None = None) -> Hypernyms:
    """WordNet's noun hierarchy from the derived store (empty without WordNet); one per process
    and folder, as it memoises the ancestors it has looked up."""
    folder = folder or wordnet_dir()
    files = [folder / "data.noun", folder / "index.noun"]
    if not all(f.exists() for f in files):
        return Hypernyms(build_hypernyms(folder))
    from evalkit.models.derived import cached, store_key

    stats = [f"{f}:{f.stat().st_size}:{int(f.stat().st_mtime)}" for f in files]
    key = store_key([*stats, Path(__file__), str(MIN_ZIPF), str(NOUN_SENSES)])
    return Hypernyms(cached("wordnet-hypernyms", key, lambda: build_hypernyms(folder), cache_dir=cache_dir))
