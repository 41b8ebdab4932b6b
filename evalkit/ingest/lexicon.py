"""Word knowledge for repairs: wordfreq frequencies plus an optional compound list.

Repairs decide between readings ("organisé" vs "orga nisé") by how common each
reading is, so they work on any text in the language instead of on a list of
one article's words. wordfreq splits hyphenated words when looking them up, so
it cannot say whether "grand-père" is a word: for that we read the hyphenated
entries of the system word list (Debian ``wfrench`` / ``wamerican``) when it is
installed; without it, compounds fall back to the morphological rules.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from evalkit.text import zipf
from evalkit.text.profiles import profile

@lru_cache(maxsize=8)
def compounds(lang: str) -> frozenset[str]:
    """Hyphenated words of the system word list for ``lang`` (lower-cased); empty if none."""
    for name in profile(lang).get("wordlists", ()):
        p = Path(name)
        if p.is_file():
            try:
                lines = p.read_text(encoding="utf-8", errors="ignore").splitlines()
            except OSError:
                continue
            return frozenset(w.lower() for w in lines if "-" in w.strip("-") and " " not in w)
    return frozenset()


def is_compound(word: str, lang: str) -> bool:
    """Whether the hyphenated ``word`` is listed as a compound."""
    return word.lower() in compounds(lang)


def is_function_word(word: str, lang: str) -> bool:
    """Very frequent words (articles, pronouns, prepositions): they start sentences and clauses."""
    return zipf(word, lang) >= 6.0
