"""English verb forms for suggestions ("was signing" -> "signed", "is depending" -> "depends").

A thin layer over LemmInflect (MIT; its lemma and inflection tables ship in the wheel, no
download), loaded on the first call: only a run with a flag that needs a suggestion pays its
~0.3 s. English only: the suggestions are for English targets.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def verb_lemma(form: str) -> str | None:
    """'signing' -> 'sign', 'taking' -> 'take', 'occuring' -> 'occur'; None when it is no verb form."""
    from lemminflect import getLemma

    out = getLemma(form.lower(), upos="VERB")
    return out[0] if out else None


@lru_cache(maxsize=4096)
def verb_form(lemma: str, tag: str) -> str | None:
    """The Penn tag's form of an English verb: VBD past ('took'), VBN participle ('taken'), VBZ
    third person present ('takes'), VBP other present ('take'), VB base."""
    from lemminflect import getInflection

    out = getInflection(lemma, tag=tag)
    return out[0] if out else None
