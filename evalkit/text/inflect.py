"""English verb forms for suggestions ("was signing" -> "signed", "is depending" -> "depends").

A thin layer over LemmInflect's inflection tables (MIT; they ship in the wheel, no download),
loaded on the first call: only a run with a flag that needs a suggestion pays for them (~0.2 s,
18 MB). Its lemmatiser is not used (33 MB more): the callers have WordNet's verb lemmas and
exceptions already (:func:`evalkit.flag.wordnet.verb_forms`). English only.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def verb_form(lemma: str, tag: str) -> str | None:
    """The Penn tag's form of an English verb: VBD past ('took'), VBN participle ('taken'), VBZ
    third person present ('takes'), VBP other present ('take'), VB base."""
    from lemminflect import getInflection

    out = getInflection(lemma, tag=tag)
    return out[0] if out else None
