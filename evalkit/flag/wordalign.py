"""Word alignment of one bead from contextual token vectors plus lexical evidence.

SimAlign-style (Jalili Sabet et al., 2020): the embedder's subword vectors
(``encode_tokens``) are mean-pooled into words, a cosine matrix is built, and words are
linked when they are each other's best match (*argmax*), repeated a second round over words
still unlinked on one side (*itermax*), so a word rendered by two words still finds both.
Contextual vectors miss rare words and names, so lexical evidence adds links: identical
strings (names, numbers), FreeDict translations (by stem), and cognates ("serveurs" /
"servers"). The omission/addition detector reads which words end up with no link at all.

Words are letter or digit runs (elisions and hyphens split: "l'armée" -> "l", "armée"),
the same notion of a word the other detectors use, so offsets point into the bead text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from evalkit.flag.bilingual import BilingualDictionary
from evalkit.flag.glosses import Glosses  # word -> stems of its translations
from evalkit.text import ALNUM_RE, Token, fold, similar, stem

ITERATIONS = 2
PREFETCH_CHUNK = 64  # texts per batched token-vector call: subword rows of a whole book never sit in memory


def words(text: str) -> list[Token]:
    """Letter/digit runs with offsets."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[Token, ...]:
    """The same bead's words are asked for by several checks (about a dozen times a segment):
    built once per text, frozen (tokens are immutable; callers get their own list)."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in ALNUM_RE.finditer(text))


class TokenVectors:
    """Pooled word vectors of texts, computed once per distinct text (memoised per instance).

    Beads repeat (headings, the same MT under several checks), and the deletion test needs
    the same sentence again, so the memo saves whole forward passes.
    """

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self._memo: dict[str, tuple[list[Token], np.ndarray]] = {}

    def prefetch(self, texts: list[str]) -> None:
        """Compute the texts not yet memoised in batched calls of 64 texts (cache look-up, then padded
        batches): on a cold cache, one forward pass per text was the omission detector's largest cost."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        for start in range(0, len(todo), PREFETCH_CHUNK):  # chunks: only pooled word rows are kept
            chunk = todo[start : start + PREFETCH_CHUNK]
            for text, (_, offsets, vecs) in zip(chunk, self.embedder.encode_tokens_many(chunk)):
                self._memo[text] = pool(text, offsets, vecs)

    def __call__(self, text: str) -> tuple[list[Token], np.ndarray]:
        if text not in self._memo:
            self._memo[text] = pool(text, *self.embedder.encode_tokens(text)[1:])
        return self._memo[text]


def pool(text: str, offsets: list[tuple[int, int]], vecs: np.ndarray) -> tuple[list[Token], np.ndarray]:
    """Mean of the subword vectors overlapping each word, L2-normalised."""
    toks = words(text)
    dim = vecs.shape[1] if vecs.ndim == 2 else 1
    out = np.zeros((len(toks), dim), np.float32)
    if not toks or not offsets:
        return toks, out
    starts = np.array([a for a, _ in offsets], dtype=np.int64)
    ends = np.array([b for _, b in offsets], dtype=np.int64)
    w_starts = np.array([t.start for t in toks], dtype=np.int64)
    w_ends = np.array([t.end for t in toks], dtype=np.int64)
    overlap = (starts[None, :] < w_ends[:, None]) & (ends[None, :] > w_starts[:, None])  # word x subword
    counts = overlap.sum(axis=1)
    firsts = overlap.argmax(axis=1)
    for k in np.nonzero(counts)[0]:
        # one piece: the row itself (its mean, bit for bit); several: their mean, as always
        v = vecs[firsts[k]] if counts[k] == 1 else vecs[np.nonzero(overlap[k])[0]].mean(axis=0)
        out[k] = v / (np.sqrt(v.dot(v)) or 1.0)  # np.linalg.norm's own arithmetic for a vector
    return toks, out


def itermax(sim: np.ndarray, iterations: int = ITERATIONS) -> set[tuple[int, int]]:
    """Mutual-argmax links, then further rounds among pairs with at least one side unlinked."""
    links: set[tuple[int, int]] = set()
    if sim.size == 0:
        return links
    n, m = sim.shape
    for _ in range(iterations):
        src_done = np.zeros(n, bool)
        tgt_done = np.zeros(m, bool)
        for i, j in links:
            src_done[i] = tgt_done[j] = True
        masked = np.where(src_done[:, None] & tgt_done[None, :], -np.inf, sim)
        fwd = masked.argmax(axis=1)
        bwd = masked.argmax(axis=0)
        new = {(i, int(fwd[i])) for i in range(n) if bwd[fwd[i]] == i and np.isfinite(masked[i, fwd[i]])}
        if not new - links:
            break
        links |= new
    return links


_SUFFIXES = [("iques", "ical"), ("ique", "ical"), ("iques", "ic"), ("ique", "ic"), ("ites", "ity"), ("ite", "ity"),
             ("eurs", "ors"), ("eur", "or"), ("ies", "y"), ("ie", "y"), ("isme", "ism"), ("iste", "ist"),
             ("aires", "ary"), ("aire", "ary"), ("elle", "al"), ("el", "al"), ("eux", "ous"), ("euse", "ous"),
             ("if", "ive"), ("ive", "ive"), ("ees", "ed"), ("ee", "ed"), ("e", "")]


@lru_cache(maxsize=200_000)
def cognate(a: str, b: str) -> bool:
    """Look-alike words across French/English (also after regular suffix changes): 'chimique' ~ 'chemical'."""
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


def lexical_links(src: list[Token], src_lang: str, tgt: list[Token], tgt_lang: str,
                  dic: BilingualDictionary | None, glosses: tuple[Glosses, Glosses] = ({}, {})
                  ) -> set[tuple[int, int]]:
    """Links from identical strings, dictionary translations and glosses (both directions), cognates.

    Every source word meets every target word, so what depends on one word only (folded form,
    stem, translations) is looked up once per word, not once per pair."""
    links: set[tuple[int, int]] = set()
    fwd_g, bwd_g = glosses
    # Inverted indexes of the target side: folded form -> words, stem -> words, and a source stem
    # -> the target words whose translations or glosses hold it. A source word then looks its links
    # up instead of testing every target word; only cognates are tested pair by pair, and only
    # against target words with the same first folded letter (a cognate shares it, or is the same
    # folded string, which the fold index already links).
    by_fold: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    by_back: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    for j, t in enumerate(tgt):
        f = fold(t.text)
        by_fold.setdefault(f, []).append(j)
        by_stem.setdefault(stem(t.text, tgt_lang), []).append(j)
        by_first.setdefault(f[:1], []).append(j)
        for b in bwd_g.get(t.text, set()) | (dic.translations(t.text, tgt_lang, src_lang) if dic else set()):
            by_back.setdefault(b, []).append(j)
    for i, s in enumerate(src):
        fwd = (dic.translations(s.text, src_lang, tgt_lang) if dic else set()) | fwd_g.get(s.text, set())
        s_fold = fold(s.text)
        found = set(by_fold.get(s_fold, ()))
        found.update(by_back.get(stem(s.text, src_lang), ()))
        for st in by_stem.keys() & fwd:  # iterates the smaller side
            found.update(by_stem[st])
        if len(s.text) > 3:
            found.update(j for j in by_first.get(s_fold[:1], ()) if j not in found and cognate(s.text, tgt[j].text))
        links.update((i, j) for j in found)
    return links


def text_links(src: str, tgt: str, src_lang: str, tgt_lang: str, dic: BilingualDictionary | None = None,
               glosses: tuple[Glosses, Glosses] = ({}, {})) -> tuple[list[Token], list[Token], set[tuple[int, int]]]:
    """The words of two texts and their :func:`lexical_links` (no vectors): what the word-order,
    coverage and stand-in checks read."""
    s_words, t_words = words(src), words(tgt)
    return s_words, t_words, lexical_links(s_words, src_lang, t_words, tgt_lang, dic, glosses)


@dataclass
class WordAlignment:
    """Words of both sides, their cosine matrix, and links by kind."""

    src: list[Token]
    tgt: list[Token]
    sim: np.ndarray
    vector_links: set[tuple[int, int]] = field(default_factory=set)
    lexical: set[tuple[int, int]] = field(default_factory=set)

    @property
    def links(self) -> set[tuple[int, int]]:
        return self.vector_links | self.lexical

    def src_partners(self, i: int) -> list[int]:
        return sorted(j for a, j in self.links if a == i)

    def tgt_partners(self, j: int) -> list[int]:
        return sorted(i for i, b in self.links if b == j)

    def src_margin(self, i: int) -> float:
        """How much better word ``i``'s best target match is than its row's median (0 if no target)."""
        row = self.sim[i]
        return float(row.max() - np.median(row)) if row.size else 0.0

    def tgt_margin(self, j: int) -> float:
        col = self.sim[:, j]
        return float(col.max() - np.median(col)) if col.size else 0.0


def align(src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, vectors: TokenVectors,
          dic: BilingualDictionary | None = None, glosses: tuple[Glosses, Glosses] = ({}, {})) -> WordAlignment:
    """Align the words of one bead (``vectors`` wraps the embedder; see :class:`TokenVectors`).

    ``glosses``: optional (source word -> target stems, target word -> source stems) maps,
    e.g. from :func:`evalkit.flag.glosses.glosses`.
    """
    src, vs = vectors(src_text)
    tgt, vt = vectors(tgt_text)
    sim = vs @ vt.T if len(src) and len(tgt) else np.zeros((len(src), len(tgt)), np.float32)
    return WordAlignment(src, tgt, sim, itermax(sim), lexical_links(src, src_lang, tgt, tgt_lang, dic, glosses))


__all__ = ["Glosses", "TokenVectors", "WordAlignment", "align", "cognate", "itermax", "lexical_links", "pool", "text_links",
           "words"]
