"""A part-of-speech bigram model: a cheap, offline stand-in for a language model's fluency.

Word frequencies cannot see "they production", "was removal from" or "can be
occuring": every word is common, the sequence is not. Apertium's own
morphological analyser and tagger (installed with the MT pairs) give coarse
part-of-speech tags; a tag-bigram model counted on clean human text
(TransRead novels, ``bench/score_pos_model.py``) then says how surprising each
transition is. Only unusually surprising transitions are counted, so a longer
sentence is not penalised for being longer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from evalkit.text.tagging import coarse_tag, tag_lines, tagger_paths  # noqa: F401 - the stage's tagging API

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "score"
RARE_BITS = 7.0  # a transition rarer than 1 in 128 counts as a surprise


@dataclass(frozen=True)
class BigramModel:
    """Add-k smoothed tag-bigram probabilities."""

    counts: dict[str, dict[str, int]]
    vocab: tuple[str, ...]
    k: float = 0.1

    def logp(self, prev: str, tag: str) -> float:
        row = self.counts.get(prev, {})
        total = sum(row.values())
        return math.log2((row.get(tag, 0) + self.k) / (total + self.k * len(self.vocab)))

    def surprises(self, tags: Sequence[str]) -> list[float]:
        seq = ["<s>", *tags, "</s>"]
        return [-self.logp(a, b) for a, b in zip(seq, seq[1:])]

    def to_json(self) -> dict:
        return {"k": self.k, "vocab": list(self.vocab), "counts": self.counts}


def count_bigrams(tag_seqs: Sequence[Sequence[str]], k: float = 0.1) -> BigramModel:
    counts: dict[str, dict[str, int]] = {}
    vocab = {"</s>"}
    for tags in tag_seqs:
        seq = ["<s>", *tags, "</s>"]
        vocab.update(tags)
        for a, b in zip(seq, seq[1:]):
            counts.setdefault(a, {})
            counts[a][b] = counts[a].get(b, 0) + 1
    return BigramModel(counts, tuple(sorted(vocab)), k)


@lru_cache(maxsize=4)
def load_model(lang: str) -> BigramModel | None:
    path = MODEL_DIR / f"pos_bigrams.{lang}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return BigramModel(data["counts"], tuple(data["vocab"]), float(data["k"]))


FINITE = {"vaux.pres", "vaux.past", "vbmod.pres", "vbmod.past", "vblex.pres", "vblex.past", "vbser.pri",
          "vbser.past", "vbser.pres", "vbhaver.pres", "vbhaver.past"}


def pronoun_case_errors(tags: Sequence[str], lang: str) -> int:
    """English pronoun in the wrong case: a subject pronoun before a noun or adjective
    ("they production" for "their"), an object pronoun before a finite verb ("him fell")."""
    if lang != "en":
        return 0
    n = 0
    for i, t in enumerate(tags):
        if t not in ("prn.subj", "prn.obj"):
            continue
        j = i + 1
        while j < len(tags) and tags[j] in ("adv", "guio"):
            j += 1
        if j >= len(tags):
            continue
        nxt = tags[j]
        if t == "prn.subj" and nxt in ("n", "adj") and j == i + 1 or (t == "prn.subj" and nxt == "adj" and j > i + 1
                                                                     and "guio" in tags[i + 1:j]):
            n += 1
        elif t == "prn.obj" and nxt in FINITE and j == i + 1:
            n += 1
    return n


def pos_cues(tags: Sequence[str], model: BigramModel, lang: str = "en") -> dict[str, float]:
    """``pos_rare``: transitions rarer than 2^-RARE_BITS; ``pos_excess``: their bits above it;
    ``pronoun_case``: see :func:`pronoun_case_errors`."""
    sur = model.surprises(tags)
    return {"pos_rare": float(sum(1 for x in sur if x > RARE_BITS)),
            "pos_excess": float(sum(max(0.0, x - RARE_BITS) for x in sur)),
            "pronoun_case": float(pronoun_case_errors(tags, lang))}


def tense_profile(tags: Sequence[str]) -> tuple[int, int]:
    """(past, pluperfect) verb groups from coarse tags, comparable between French and English.

    Past: English simple past and present perfect; French imparfait, passé simple and passé
    composé with avoir. Pluperfect: had + participle / avait + participle. Passives with
    be/être are read as they look (past when the auxiliary is past), in both languages alike.
    """
    past = pluperfect = 0
    skip = -1
    for i, t in enumerate(tags):
        if i <= skip:
            continue
        base, _, tense = t.partition(".")
        nxt = [j for j in range(i + 1, min(i + 4, len(tags))) if tags[j].endswith(".pp")]
        if base == "vbhaver" and nxt:
            if tense in ("past", "pii"):
                pluperfect += 1
            elif tense in ("pri", "pres"):
                past += 1
            skip = nxt[0]
        elif tense in ("past", "pii", "ifi"):
            past += 1
            if nxt:
                skip = nxt[0]
    return past, pluperfect


def tense_cues(src_tags: Sequence[str], hyp_tags: Sequence[str]) -> dict[str, float]:
    (sp, spl), (hp, hpl) = tense_profile(src_tags), tense_profile(hyp_tags)
    return {"past_mismatch": float(abs(sp - hp)), "pluperfect_mismatch": float(abs(spl - hpl))}


def syntax_cues(src_lines: Sequence[str], hyp_lines: Sequence[str], src_lang: str,
                tgt_lang: str) -> list[dict[str, float]] | None:
    """POS-bigram fluency of each translation and tense agreement with its source.

    None when the target tagger or model is missing; the tense cues are left out
    when only the source tagger is missing.
    """
    model = load_model(tgt_lang)
    if model is None:
        return None
    hyp_tags = tag_lines(hyp_lines, tgt_lang)
    if hyp_tags is None:
        return None
    src_tags = tag_lines(src_lines, src_lang)
    out = []
    for i, tags in enumerate(hyp_tags):
        d = pos_cues(tags, model, tgt_lang)
        if src_tags is not None:
            d.update(tense_cues(src_tags[i], tags))
        out.append(d)
    return out


def pos_scores(lines: Sequence[str], lang: str) -> list[dict[str, float]] | None:
    """POS-bigram cues alone for each line (None when the tagger or the model is missing)."""
    model = load_model(lang)
    tagged = tag_lines(lines, lang) if model is not None else None
    if tagged is None:
        return None
    return [pos_cues(tags, model, lang) for tags in tagged]
