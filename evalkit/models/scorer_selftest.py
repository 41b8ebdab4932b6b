"""Prove a converted Gemma-3-270M folder computes what the GGUF computes before it is installed.

A wrong tensor name, a missing ``-1`` on a norm or a tokenizer that splits differently does
not crash: it silently gives worse scores. So every install scores fixed sentence pairs with
the new folder (through the real scorer code: prompt, batching, vocabulary projection) and
compares each token's log-probability with reference values pinned below, which were
computed from the GGUF file itself by transformers' own GGUF loader (its own dequantisation
kernels, name mapping and tokenizer conversion; ``python -m evalkit.models.scorer_selftest
--reference`` recomputes them, needs ``accelerate``). It also requires the faithful
translation to score above a negated / wrong-number one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError

PROMPT = "Translate from French to English. French: {source} English:"
# (source, faithful, perturbed)
PAIRS = (
    ("Le chat noir dort sur le canapé.", "The black cat is sleeping on the sofa.", "The black cat is not sleeping on the sofa."),
    ("Elle a acheté trois pommes au marché.", "She bought three apples at the market.", "She bought five apples at the market."),
)
MAX_TOKEN_DIFF = 2e-3  # nats; float32 on different kernels/batch shapes differs by ~1e-5

# Per-token log-probabilities of each target (faithful, perturbed, per pair, in order), from
# transformers' GGUF loader on gemma-3-270m-q4_k_m.gguf (SHA-256 a5fd3b62…6818), float32, CPU.
REFERENCE: dict[str, list[float]] = {
    'The black cat is sleeping on the sofa.': [-0.79632, -2.50881, -0.34557, -2.05671, -1.84837, -0.17377, -0.06128, -0.7033, -0.0447],
    'The black cat is not sleeping on the sofa.': [-0.79632, -2.50881, -0.34557, -2.05671, -6.32794, -1.9069, -0.30481, -0.04309, -0.69164, -0.03905],
    'She bought three apples at the market.': [-1.15521, -0.24247, -0.05034, -1.10016, -0.6755, -0.014, -0.0528, -0.09544],
    'She bought five apples at the market.': [-1.15521, -0.24247, -6.05025, -0.83578, -0.64032, -0.01363, -0.04724, -0.09156],
}


def _targets() -> list[tuple[str, str]]:
    return [(src, t) for src, good, bad in PAIRS for t in (good, bad)]


def reference_logprobs(gguf_path: Path) -> dict[str, list[float]]:
    """Recompute REFERENCE from the GGUF with transformers' loader (slow: about a minute)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32).eval()
    out = {}
    with torch.inference_mode():
        for src, tgt in _targets():
            prefix = tok(PROMPT.format(source=src)).input_ids
            target = tok(" " + tgt, add_special_tokens=False).input_ids
            ids = torch.tensor([prefix + target])
            lp = model(ids).logits[0].float().log_softmax(-1)
            out[tgt] = [round(float(lp[len(prefix) + j - 1, t]), 5) for j, t in enumerate(target)]
    return out


def self_test(folder: Path) -> str:
    """Score the fixed pairs with the folder; raise EvalkitError on any mismatch. Returns a summary."""
    from evalkit.models.device import choose_device
    from evalkit.models.registry import ModelSpec
    from evalkit.models.scorer import CausalLMScorer
    from evalkit.models.store import Location

    spec = ModelSpec(name="self-test", role="scorer", backend="causal-lm", prompt=PROMPT.replace("French", "{src_lang}", 2).replace("English", "{tgt_lang}"))
    scorer = CausalLMScorer.from_spec(spec, Location(spec, Path(folder), "path", str(folder)), choose_device("cpu"))
    pairs = _targets()
    got = scorer.token_logprobs(pairs, "fr", "en", batch_size=len(pairs))
    worst = 0.0
    for (src, tgt), ts in zip(pairs, got):
        want = REFERENCE.get(tgt)
        if want is None or len(want) != len(ts.logprobs):
            raise EvalkitError(f"self-test failed for {folder}: {tgt!r} has {len(ts.logprobs)} tokens, reference {len(want or [])}")
        diff = float(np.max(np.abs(np.asarray(want) - ts.logprobs)))
        worst = max(worst, diff)
        if diff > MAX_TOKEN_DIFF:
            raise EvalkitError(
                f"self-test failed for {folder}: a token log-probability of {tgt!r} differs from the GGUF reference "
                f"by {diff:.4f} > {MAX_TOKEN_DIFF}; the folder was not installed"
            )
    for k, (src, good, bad) in enumerate(PAIRS):
        g, b = got[2 * k].total, got[2 * k + 1].total
        if not g > b:
            raise EvalkitError(f"self-test failed for {folder}: {bad!r} ({b:.2f}) scored at least {good!r} ({g:.2f})")
    return f"token log-probs within {worst:.1e} of the GGUF reference; faithful > perturbed on {len(PAIRS)} pairs"


if __name__ == "__main__" and "--reference" in sys.argv:  # pragma: no cover - maintenance tool
    import json
    import tempfile

    from evalkit.models.gemma_gguf import GGUF_NAME, assemble_gguf

    with tempfile.TemporaryDirectory() as d:
        path, _ = assemble_gguf(Path(d) / GGUF_NAME)
        print(json.dumps(reference_logprobs(path), indent=1))
