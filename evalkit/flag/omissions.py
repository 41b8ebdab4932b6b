"""Omissions: source content words with no counterpart in the translation.

Two steps, so that paraphrase (normal) is not reported:
1. *candidates*: informative source words (wordfreq Zipf 2-5, not names) for which neither a
   dictionary translation (:mod:`evalkit.flag.bilingual`, by stem) nor a look-alike
   (cognate: "serveurs"/"servers") occurs in the target, in a bead that matches well
   otherwise (at least half of its dictionary-known words found);
2. *deletion test* with the multilingual embedder, on local windows (six words each side of
   the candidate, and of the kept neighbour's rendering in the target): the source window
   without the word must be closer to the target window than the full source window. A word that was
   translated (in any paraphrase) makes the source *less* similar when removed; a word
   that was dropped makes it *more* similar. Without an embedder nothing is reported.

Only a missing word next to a kept one ("armes nucléaires" -> "nuclear") is reported,
located on the kept word, as major: unlocated candidates were mostly paraphrase on the
seed pair (1 real omission in 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evalkit.flag.base import Pair, make_flag
from evalkit.flag.bilingual import BilingualDictionary, load_dictionary
from evalkit.flag.text import Token, fold, is_content_word, similar, stem, tokenize, zipf
from evalkit.records import Flag

UNKNOWN = -2
MISSING = -1
MAX_ZIPF = 5.0
MIN_ZIPF = 2.0
MIN_FOUND_SHARE = 0.5
MAX_CANDIDATES = 10
DELTA_MIN = 0.006  # cosine gain of the local window when the word is removed (translated words: < 0)


# Regular French/English suffix correspondences: "chimique" ~ "chemical", "qualité" ~ "quality".
_SUFFIXES = [("iques", "ical"), ("ique", "ical"), ("iques", "ic"), ("ique", "ic"), ("ites", "ity"), ("ite", "ity"),
             ("eurs", "ors"), ("eur", "or"), ("ies", "y"), ("ie", "y"), ("isme", "ism"), ("iste", "ist"),
             ("aires", "ary"), ("aire", "ary"), ("elle", "al"), ("el", "al"), ("eux", "ous"), ("euse", "ous"),
             ("if", "ive"), ("ive", "ive"), ("ees", "ed"), ("ee", "ed"), ("e", "")]


def _cognate(a: str, b: str) -> bool:
    """Look-alike words across French/English (also after regular suffix changes)."""
    fa, fb = fold(a), fold(b)
    if len(fa) < 4 or len(fb) < 4:
        return fa == fb
    if fa[:3] == fb[:3] and (similar(fa, fb) >= 0.75 or fa[:6] == fb[:6]):
        return True
    if fa[0] != fb[0]:
        return False
    for x, y in ((fa, fb), (fb, fa)):
        for fr_suf, en_suf in _SUFFIXES:
            if x.endswith(fr_suf) and len(x) - len(fr_suf) >= 3:
                if similar(x[: len(x) - len(fr_suf)] + en_suf, y.rstrip("s")) >= 0.8:
                    return True
    return False


def match_words(a: list[Token], a_lang: str, b: list[Token], b_lang: str,
                dic: BilingualDictionary | None) -> dict[int, int]:
    """For each content word of ``a``: index of its counterpart in ``b``, MISSING or UNKNOWN."""
    b_stems = [stem(t.text, b_lang) for t in b]
    status: dict[int, int] = {}
    for i, t in enumerate(a):
        if not is_content_word(t.text, a_lang) or (t.text[0].isupper() and i > 0):
            continue
        cands = dic.translations(t.text, a_lang, b_lang) if dic else set()
        hit = next((j for j, s in enumerate(b_stems) if s in cands), None)
        if hit is None:
            hit = next((j for j, u in enumerate(b) if _cognate(t.text, u.text)), None)
        status[i] = hit if hit is not None else (MISSING if cands else UNKNOWN)
    return status


WINDOW = 6  # words on each side: the deletion test compares local windows, not whole sentences


@dataclass(frozen=True)
class Candidate:
    pair: Pair
    word: Token  # source token
    kept: Token | None  # target token of the neighbouring source word, if any
    kept_src: Token | None
    src_window: tuple[int, int] = (0, 0)  # character span around the word
    tgt_window: tuple[int, int] = (0, 0)  # character span around the kept target word

    @property
    def src_text(self) -> str:
        return self.pair.src[self.src_window[0]:self.src_window[1]]

    @property
    def tgt_text(self) -> str:
        return self.pair.tgt[self.tgt_window[0]:self.tgt_window[1]]

    @property
    def reduced(self) -> str:
        a, b = self.src_window
        return (self.pair.src[a: self.word.start] + self.pair.src[self.word.end: b]).replace("  ", " ")


def _window(toks: list[Token], i: int) -> tuple[int, int]:
    return toks[max(0, i - WINDOW)].start, toks[min(len(toks) - 1, i + WINDOW)].end


def candidates(pair: Pair, dic: BilingualDictionary | None = None) -> list[Candidate]:
    """Source words that may have been dropped (to be confirmed by :func:`confirm`)."""
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    src, tgt = tokenize(pair.src), tokenize(pair.tgt)
    status = match_words(src, pair.src_lang, tgt, pair.tgt_lang, dic)
    informative = [i for i, s in status.items() if not src[i].text[0].isupper()
                   and MIN_ZIPF <= zipf(src[i].text.lower(), pair.src_lang) <= MAX_ZIPF]
    known = [i for i in informative if status[i] != UNKNOWN]
    found = [i for i in known if status[i] >= 0]
    if dic is not None and (len(known) < 2 or len(found) / len(known) < MIN_FOUND_SHARE):
        return []  # the bead does not look like a translation: misaligned, say nothing
    out = []
    for i in informative:
        if status[i] >= 0:
            continue
        nb = next((j for j in (i + 1, i - 1) if status.get(j, UNKNOWN) >= 0
                   and not pair.src[min(src[i].end, src[j].end):max(src[i].start, src[j].start)].strip()), None)
        if nb is None:
            continue  # unlocated: mostly paraphrase on real text, not worth an embedder call
        out.append(Candidate(pair, src[i], tgt[status[nb]], src[nb], _window(src, i), _window(tgt, status[nb])))
    out.sort(key=lambda c: zipf(c.word.text.lower(), pair.src_lang))  # rarest (most informative) first
    return out[:MAX_CANDIDATES]


def confirm(cands: list[Candidate], embedder) -> list[Flag]:
    """Keep the candidates whose removal brings the source closer to the translation."""
    if not cands or embedder is None:
        return []
    texts: list[str] = []
    index: dict[str, int] = {}

    def slot(t: str) -> int:
        if t not in index:
            index[t] = len(texts)
            texts.append(t)
        return index[t]

    rows = [(slot(c.src_text), slot(c.tgt_text), slot(c.reduced)) for c in cands]
    X = np.asarray(embedder.encode(texts), dtype=np.float32)
    flags = []
    for c, (s, t, r) in zip(cands, rows):
        delta = float(X[r] @ X[t] - X[s] @ X[t])
        if delta < DELTA_MIN or c.kept is None:
            continue  # unlocated candidates are mostly paraphrase: not reported
        p, w = c.pair, c.word
        conf = min(0.9, 0.5 + 30 * delta)
        if c.kept is not None:
            flags.append(make_flag(p.index, p.tgt, c.kept.start, c.kept.end, "omission", "major",
                                   f"source word {w.text!r} (next to {c.kept_src.text!r}, rendered {c.kept.text!r}) "
                                   f"seems to be missing from the translation (similarity gain without it: {delta:+.3f})",
                                   "omissions", conf, src=p.src, src_start=w.start, src_end=w.end))
    return flags


def detect(pair: Pair, embedder, dic: BilingualDictionary | None = None) -> list[Flag]:
    """Omission flags for one bead (see the module docstring)."""
    return confirm(candidates(pair, dic if dic is not None else load_dictionary()), embedder)
