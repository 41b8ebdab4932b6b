"""``qe``: a combined reference-free quality estimate per segment.

No single signal sees every kind of error: e5 similarity catches meaning
changes but barely notices a misspelling; chrF against an Apertium
pseudo-reference and the round-trip chrF react to changed words, tense and
word order; USE-v3 similarity reacts to changed words; the surface cues of
:mod:`evalkit.score.fluency` catch typography and casing; the preservation
cues catch numbers, names and negation. ``qe`` is a linear combination of the
standardised signals, with weights fitted as a logistic regression on ranking
pairs (good translation vs the same translation with one planted error) from
the DEMETR fr->en development half (``bench/score_demetr.py --fit``), with
cross-validation by item.

Several models are stored, from the most complete to the leanest; the first
one whose signals were all measured is used (so ``qe`` exists without an MT
engine too), and its name is recorded in ``Evaluation.signals``. The offset
puts 0 at the average unperturbed machine translation of the fitting data.
Because the model is a logistic regression on pairs, ``sigmoid(qe_a - qe_b)``
is the estimated probability that segment a is better than segment b, and
``sigmoid(qe)`` the probability that a segment is better than that typical
clean MT; the value itself is a log-odds, unbounded but kept in range by
clipping each standardised signal to +-4.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from evalkit.score.fluency import fluency_cues
from evalkit.score.preservation import preservation_cues

Z_CLIP = 4.0  # standardised signals are clipped: a document far from DEMETR sentences cannot explode qe
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "score" / "qe_weights.json"


def surface_scores(src: str, hyp: str, src_lang: str, tgt_lang: str) -> dict[str, float]:
    """Fluency and preservation cues under their score names."""
    out = {f"fluency:{k}": v for k, v in fluency_cues(src, hyp, tgt_lang, src_lang).items()}
    out.update({f"preserve:{k}": v for k, v in preservation_cues(src, hyp, src_lang, tgt_lang).items()})
    return out


@dataclass(frozen=True)
class QEModel:
    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    weights: tuple[float, ...]
    offset: float = 0.0

    def raw(self, scores: Mapping[str, float]) -> float:
        return float(sum(w * max(-Z_CLIP, min(Z_CLIP, (scores[f] - m) / s)) for f, m, s, w in
                         zip(self.features, self.mean, self.std, self.weights)))

    def __call__(self, scores: Mapping[str, float]) -> float:
        return self.raw(scores) - self.offset

    def to_json(self) -> dict:
        return {"name": self.name, "features": list(self.features), "mean": list(self.mean),
                "std": list(self.std), "weights": list(self.weights), "offset": self.offset}


@lru_cache(maxsize=4)
def load_models(path: str = str(WEIGHTS_FILE)) -> tuple[QEModel, ...]:
    p = Path(path)
    if not p.exists():
        return ()
    data = json.loads(p.read_text())
    return tuple(QEModel(m["name"], tuple(m["features"]), tuple(m["mean"]), tuple(m["std"]),
                         tuple(m["weights"]), float(m.get("offset", 0.0))) for m in data["models"])


def weights_file(src_lang: str, tgt_lang: str) -> Path:
    """The pair profile's ``qe_weights`` file under data/score (the French-fitted default otherwise)."""
    from evalkit.text.profiles import pair_profile

    name = pair_profile(src_lang, tgt_lang).get("qe_weights")
    return WEIGHTS_FILE.parent / name if name else WEIGHTS_FILE


def pick_model(available: Sequence[str], models: Sequence[QEModel] | None = None) -> QEModel | None:
    """The most complete stored model whose features were all measured."""
    have = set(available)
    for m in (load_models() if models is None else models):
        if set(m.features) <= have:
            return m
    return None
