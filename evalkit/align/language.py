"""Which language is a side written in? Function-word lexicons from wordfreq.

Used only to warn (and refuse to call a pair parallel) when both sides are in
the same language or a side is not in the declared language.
"""

from __future__ import annotations

import re
from functools import lru_cache

CANDIDATES = ("fr", "en", "de", "es", "it", "pt", "nl")
_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> frozenset[str]:
    from wordfreq import top_n_list

    try:
        return frozenset(top_n_list(lang, 150))
    except (LookupError, ValueError):
        return frozenset()


def language_scores(texts: list[str], langs: tuple[str, ...] = CANDIDATES, max_tokens: int = 5000) -> dict[str, float]:
    """Share of tokens that are frequent function words of each language."""
    toks: list[str] = []
    for t in texts:
        toks.extend(w.lower() for w in _TOKEN.findall(t))
        if len(toks) >= max_tokens:
            break
    if not toks:
        return {}
    out = {}
    for lang in langs:
        lex = _lexicon(lang)
        if lex:
            out[lang] = sum(w in lex for w in toks) / len(toks)
    return out


def guess_language(texts: list[str], extra: tuple[str, ...] = ()) -> str | None:
    """Most likely language, or None when the text is too short to tell."""
    langs = tuple(dict.fromkeys(CANDIDATES + extra))
    sc = language_scores(texts, langs)
    if not sc or sum(len(t) for t in texts) < 40:
        return None
    best = max(sc, key=sc.get)
    return best if sc[best] >= 0.15 else None
