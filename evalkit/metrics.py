"""Reference-based metric definitions: the one place a sacreBLEU metric is built.

``evalkit score`` (sentence and corpus scores against a reference or a pseudo-reference),
``evalkit review`` and ``evalkit gate`` (corpus scores with intervals) all take their metric
objects here, so one input gives one number and one signature everywhere. BLEU's tokeniser
follows sacreBLEU's own choice per target language (13a, except Chinese, Japanese and
Korean), named explicitly so the signature says it.
"""

from __future__ import annotations

METRICS = ("bleu", "chrf", "chrf++", "ter")
HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "chrf++": True, "ter": False}
# sacreBLEU's per-language BLEU tokenisers (sacrebleu.metrics.bleu); every other language: 13a.
BLEU_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
DEFAULT_BLEU_TOKENIZER = "13a"


def bleu_tokenizer(tgt_lang: str) -> str:
    return BLEU_TOKENIZERS.get((tgt_lang or "").split("-")[0].lower(), DEFAULT_BLEU_TOKENIZER)


def sacrebleu_metric(name: str, tgt_lang: str, *, sentence: bool = False):
    """The sacreBLEU metric object for ``name`` (bleu|chrf|chrf++|ter) and a target language.

    ``sentence``: BLEU with effective order, so a short sentence with no 4-gram match does
    not score zero (sacreBLEU's advice for sentence-level BLEU).
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(tokenize=bleu_tokenizer(tgt_lang), effective_order=sentence)
    if name == "chrf":
        return CHRF()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise ValueError(f"unknown metric {name!r}: known are {', '.join(METRICS)}")


def signature(metric, *, bootstrap: int | None = None, seed: int | None = None) -> str:
    """sacreBLEU's signature of an evaluated ``metric``; with ``bootstrap``, the resampling too (bs, seed)."""
    sig = metric.get_signature()
    if bootstrap:
        sig.update("bs", bootstrap)
        sig.update("seed", seed)
    return sig.format()
