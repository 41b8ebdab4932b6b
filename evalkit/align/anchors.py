"""Lexical anchors that survive translation: numbers, years, names, acronyms, cognates.

Embeddings blur exactly the tokens a translation must keep ("47 %" and "47%",
"10 milliards de dollars" and "$10 billion", "AWS", "Palantir"), so we add
their overlap as independent evidence. Each segment becomes a set of feature
ids; the overlap of two runs is a sparse dot product, computed only for the
cells of the search band.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from evalkit.text import HYPHENATED_WORD_RE, fold
from evalkit.text.numbers import NUMBER_RE, number_key

_MIN_COGNATE = 6
_DIGIT = re.compile(r"\d")
_PREFIX = 5


def features(text: str) -> set[str]:
    """Anchor features of one segment.

    ``#n`` numbers (amounts, percentages, years), ``@w`` capitalised words that
    are not sentence-initial and all-caps acronyms (names), ``~p`` the 5-letter
    prefix of long words (cognates such as 'controversé'/'controversial').
    """
    feats: set[str] = set()
    if _DIGIT.search(text):  # every number starts with a digit: most segments have none
        for m in NUMBER_RE.finditer(text):
            feats.add("#" + number_key(m.group()))
    words = HYPHENATED_WORD_RE.findall(text)
    if not words:
        return feats
    # a short lower-case ASCII word is no name, acronym or cognate: most words, left out unfolded
    words[1:] = [w for w in words[1:] if len(w) >= _MIN_COGNATE or w[0].isupper() or not w.isascii()]
    for k, w in enumerate(words):
        f = fold(w)
        if len(w) >= 2 and w.isupper():
            feats.add("@" + f)
        elif k > 0 and w[0].isupper():
            feats.add("@" + f[:_PREFIX + 2])
        if len(f) >= _MIN_COGNATE:
            feats.add("~" + f[:_PREFIX])
    return feats


class AnchorIndex:
    """Binary feature matrices of both sides, over a shared vocabulary.

    Features seen on one side only can never match and are dropped; features
    too frequent in either document (function-word prefixes) carry no
    evidence and are dropped too.
    """

    def __init__(self, src_texts: list[str], tgt_texts: list[str], max_df: float = 0.05) -> None:
        fs = [features(t) for t in src_texts]
        ft = [features(t) for t in tgt_texts]

        def df(sets: list[set[str]]) -> dict[str, int]:
            out: dict[str, int] = {}
            for s in sets:
                for f in s:
                    out[f] = out.get(f, 0) + 1
            return out

        ds, dt = df(fs), df(ft)
        cap_s = max(3, int(max_df * len(fs)))
        cap_t = max(3, int(max_df * len(ft)))
        vocab = {f: k for k, f in enumerate(sorted(f for f in ds if f in dt and ds[f] <= cap_s and dt[f] <= cap_t))}
        self.vocab = vocab
        self.src = self._matrix(fs, vocab)
        self.tgt = self._matrix(ft, vocab)
        # all features (matched or not) count in the size, so a number with no
        # counterpart lowers the overlap ratio
        self.src_size = np.array([len(s) for s in fs], dtype=np.float64)
        self.tgt_size = np.array([len(s) for s in ft], dtype=np.float64)
        self.src_nums = [{f for f in s if f[0] == "#"} for s in fs]
        self.tgt_nums = [{f for f in s if f[0] == "#"} for s in ft]

    @staticmethod
    def _matrix(sets: list[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
        rows, cols = [], []
        for r, s in enumerate(sets):
            for f in s:
                k = vocab.get(f)
                if k is not None:
                    rows.append(r)
                    cols.append(k)
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(1, len(vocab))))


def run_matrix(m: sparse.csr_matrix, length: int) -> sparse.csr_matrix:
    """Row k = features of segments k .. k+length-1 (binary union)."""
    n = m.shape[0]
    rows = max(0, n - length + 1)
    if rows == 0:
        return sparse.csr_matrix((0, m.shape[1]), dtype=np.float32)
    r = np.repeat(np.arange(rows), length)
    c = (np.arange(rows)[:, None] + np.arange(length)[None, :]).ravel()
    sel = sparse.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(rows, n))
    out = (sel @ m).tocsr()
    out.data[:] = 1.0
    return out


def run_sizes(sizes: np.ndarray, length: int) -> np.ndarray:
    """Total feature count of each run of ``length`` segments."""
    c = np.concatenate([[0.0], np.cumsum(sizes)])
    return c[length:] - c[:-length] if len(sizes) >= length else np.zeros(0)
