"""English opposites from WordNet's antonym relations (Debian ``wordnet-base``, if installed).

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
from pathlib import Path

from evalkit.text import zipf

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
