"""How much a line reads like a sentence of its language: a part-of-speech trigram model.

Word salad keeps every word of a translation and loses the sentence: embeddings, word
frequencies and dictionaries see nothing wrong, and where the source language orders its words
differently (German verb-final clauses) the word-order check cannot tell a scramble from a
faithful rendering. A model of which part-of-speech follows which can: "the is", "of and",
"has been by", "can anywhere in" are rare in any prose, while a real sentence's transitions are
common. Symbols are Apertium's coarse tags (:mod:`evalkit.text.tagging`), with the function
words (the profile's stopwords among articles, prepositions, conjunctions) kept as words,
since "of the" and "the of" share their tags' classes but not their likelihood.

The counts (``data/lang/<file>`` named by ``fluency_model`` in the language profile) come from
WordNet's example sentences (``bench/flag_fluency_model.py``): English that no benchmark of
this project holds, so the data the flag thresholds are fitted and measured on stays unseen by
the model. Hand-written rather than a library n-gram model (NLTK's ``lm`` needs NLTK's data
downloads; KenLM builds from source) because the whole model is ~100 lines of counting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

from evalkit.text.profiles import profile
from evalkit.text.tagging import coarse_tag, lemma, tag_units

# Tags that are punctuation: a sentence end splits the line, the others are skipped.
SENTENCE_END = frozenset({"sent"})
PUNCTUATION = frozenset({"cm", "lquot", "rquot", "apos", "lpar", "rpar", "guio", "percent", "lquest", "rquest"})
# Closed classes whose function words are kept as words (see the module docstring).
WORD_CLASSES = frozenset({"det", "pr", "cnjcoo", "cnjsub", "cnjadv", "preadv", "predet", "rel", "itg"})
MIN_WORDS = 8  # fewer scored words: a mean too noisy to tell anything
START, END = "<s>", "</s>"


def symbols(units: Sequence[str], lang: str) -> list[list[str]]:
    """The model's symbols of one tagged line, split into sentences."""
    from evalkit.text.words import stopwords

    stop = stopwords(lang)
    out: list[list[str]] = [[]]
    for u in units:
        tag = coarse_tag(u)
        if tag in SENTENCE_END:
            if out[-1]:
                out.append([])
            continue
        if tag in PUNCTUATION:
            continue
        word = lemma(u).lower()
        out[-1].append(word if tag.split(".")[0] in WORD_CLASSES and word in stop else tag)
    return [s for s in out if s]


@dataclass(frozen=True)
class TrigramModel:
    """Interpolated trigram probabilities: each order backs off to the one below with a weight
    that shrinks as its context is seen more often (Dirichlet smoothing), down to add-one
    unigrams. Keys are the symbols joined by spaces ("det n pr"): the table is read as it is
    stored, ~2 MB for English's 22k trigrams."""

    trigrams: dict[str, int]
    source: str = ""
    bigram_prior: float = 0.1
    trigram_prior: float = 0.5

    def __post_init__(self) -> None:
        bi: dict[str, int] = {}
        uni: dict[str, int] = {}
        ctx2: dict[str, int] = {}
        ctx1: dict[str, int] = {}
        for key, n in self.trigrams.items():
            a, b, c = key.split(" ")
            ab, bc = f"{a} {b}", f"{b} {c}"
            ctx2[ab] = ctx2.get(ab, 0) + n
            bi[bc] = bi.get(bc, 0) + n
            ctx1[b] = ctx1.get(b, 0) + n
            uni[c] = uni.get(c, 0) + n
        for name, value in (("_bi", bi), ("_uni", uni), ("_ctx2", ctx2), ("_ctx1", ctx1),
                            ("_total", sum(uni.values())), ("_vocab", len(uni) + 1)):
            object.__setattr__(self, name, value)

    def logp(self, a: str, b: str, c: str) -> float:
        v = self._vocab
        p = (self._uni.get(c, 0) + 1) / (self._total + v)
        if self._ctx1.get(b):
            p = (self._bi.get(f"{b} {c}", 0) + self.bigram_prior * v * p) / (self._ctx1[b] + self.bigram_prior * v)
        ab = f"{a} {b}"
        if self._ctx2.get(ab):
            p = (self.trigrams.get(f"{ab} {c}", 0) + self.trigram_prior * v * p) / (self._ctx2[ab] + self.trigram_prior * v)
        return math.log(p)

    def surprisals(self, sentence: Sequence[str]) -> list[float]:
        """Nats of each symbol given the two before it, and of the sentence's end."""
        seq = [START, START, *sentence, END]
        return [-self.logp(seq[k - 2], seq[k - 1], seq[k]) for k in range(2, len(seq))]

    def to_json(self) -> dict:
        return {"source": self.source, "trigrams": dict(sorted(self.trigrams.items()))}

    @classmethod
    def from_json(cls, data: dict) -> TrigramModel:
        return cls(data["trigrams"], str(data.get("source", "")))


def count_trigrams(sentences: Sequence[Sequence[str]], source: str = "") -> TrigramModel:
    counts: dict[str, int] = {}
    for s in sentences:
        seq = [START, START, *s, END]
        for k in range(2, len(seq)):
            key = " ".join(seq[k - 2:k + 1])
            counts[key] = counts.get(key, 0) + 1
    return TrigramModel(counts, source)


@lru_cache(maxsize=4)
def load_model(lang: str) -> TrigramModel | None:
    """The language's fluency model (``fluency_model`` in its profile), None without one."""
    name = profile(lang).get("fluency_model")
    if not name:
        return None
    path = resources.files("evalkit") / "data" / "lang" / str(name)
    if not path.is_file():
        return None
    return TrigramModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def mean_surprisals(lines: Sequence[str], lang: str) -> list[float | None]:
    """Mean nats per word of each line under the language's model (one tagger call for all);
    None for a line with fewer than ``MIN_WORDS`` scored words, and for every line when the
    language has no model or Apertium's tagger is missing."""
    model = load_model(lang)
    units = tag_units(lines, lang) if model is not None and lines else None
    if model is None or units is None:
        return [None] * len(lines)
    out: list[float | None] = []
    for line in units:
        sentences = symbols(line, lang)
        scores = [x for s in sentences for x in model.surprisals(s)]
        words = sum(len(s) for s in sentences)
        out.append(sum(scores) / len(scores) if words >= MIN_WORDS else None)
    return out
