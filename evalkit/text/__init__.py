"""The text kernel: one notion of a word, a number and a frequency for every stage.

``words`` (tokens with offsets, folding, stems, Zipf frequencies, stopwords, sentence starts),
``numbers`` (locale-aware digit reading) and ``profiles`` (each language's knowledge, as data
files). Importing this package loads no data: profiles, word lists and stemmers load on first use.
"""

from evalkit.text.words import (
    ALNUM_RE,
    ELIDED_WORD_RE,
    HYPHENATED_WORD_RE,
    WORD_RE,
    Token,
    cased_like,
    fold,
    has_word,
    in_title,
    is_content_word,
    levenshtein,
    sentence_breaks,
    sentence_starts,
    similar,
    stem,
    stopwords,
    tokenize,
    zipf,
)

__all__ = [
    "ALNUM_RE", "ELIDED_WORD_RE", "HYPHENATED_WORD_RE", "WORD_RE", "Token", "cased_like", "fold", "has_word",
    "in_title", "is_content_word", "levenshtein", "sentence_breaks", "sentence_starts", "similar", "stem",
    "stopwords", "tokenize", "zipf",
]
