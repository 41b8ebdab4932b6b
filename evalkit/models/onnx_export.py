"""Export an installed sentence-transformers embedder (e5) to ONNX, once, for the ONNX Runtime backends.

``evalkit models install --onnx`` (or ``EVALKIT_EMBEDDER_RUNTIME=onnx…`` and a plain install) writes
``<cache>/onnx/<name>/``, a folder of its own (the installed model folder is never touched):

* ``model.onnx``: the transformer (input ids, attention mask -> last hidden states), float32, traced
  by ``torch.onnx.export`` from the installed weights (no hub); the attention mask is turned into
  the additive mask outside transformers' mask helpers, whose shape logic does not trace;
* ``model_int8.onnx``: the same with its weights dynamically quantised to int8, per channel
  (onnxruntime.quantization; per-tensor scales moved sentence vectors to cosine 0.97);
* ``tokenizer.json`` (copied) and ``evalkit-onnx.json``: the source weights' SHA-256, every file's
  SHA-256, the window, the special token ids and the self-test's figures.

Self-test before the folder is renamed into place: sentence vectors of a few sentences through both
graphs against sentence-transformers' own, refused below cosine 1 - 1e-5 (float32) or 0.98 (int8).
Optimum (what sentence-transformers' ``backend="onnx"`` uses) is not needed: its current release
requires transformers < 4.58, evalkit runs on transformers 5.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError, ModelNotFoundError
from evalkit.models.onnx_embedder import ONNX_MANIFEST
from evalkit.models.paths import cache_root

ONNX_SUBDIR = "onnx"
FORMAT = 1
OPSET = 17
FP32_MIN_COS = 1 - 1e-5
INT8_MIN_COS = 0.98
SELF_TEST = [
    "query: Le gouvernement a annoncé mardi une hausse de 3 % du budget de la santé.",
    "query: The government announced on Tuesday a 3% increase in the health budget.",
    "query: Die Regierung kündigte am Dienstag eine Erhöhung des Gesundheitsbudgets an.",
    "query: El gobierno anunció el martes un aumento del presupuesto de salud.",
    "query: Oui.",
    "query: « Ce n’est pas la fin », a-t-il dit, en regardant la mer grise sous le ciel d’hiver.",
]


def onnx_dir(name: str, cache_dir: str | os.PathLike | None = None) -> Path:
    return cache_root(cache_dir) / ONNX_SUBDIR / name.replace("/", "--")


def _source_sha(st_folder: Path) -> str:
    from evalkit.models.materialise import sha256_file
    from evalkit.models.store import MANIFEST

    manifest = st_folder / MANIFEST
    if manifest.is_file():
        sha = json.loads(manifest.read_text(encoding="utf-8")).get("weights_sha256")
        if sha:
            return sha
    weights = sorted(st_folder.glob("*.safetensors"))
    if not weights:
        raise EvalkitError(f"{st_folder}: no safetensors weights to export")
    return sha256_file(weights[0])


def find_onnx(name: str, st_folder: Path, cache_dir: str | os.PathLike | None = None) -> Path | None:
    """The export folder of ``name`` when it exists, is complete and was made from these weights."""
    folder = onnx_dir(name, cache_dir)
    try:
        manifest = json.loads((folder / ONNX_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("format") != FORMAT or not all((folder / f).is_file() for f in manifest.get("files", {})):
        return None
    if manifest.get("source_weights_sha256") != _source_sha(st_folder):
        return None
    return folder


def _check_pooling(st_folder: Path) -> tuple[int, int]:
    """(max_seq_length, dim) of a Transformer + mean Pooling (+ Normalize) folder, else refuse."""
    modules = json.loads((st_folder / "modules.json").read_text(encoding="utf-8"))
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or not set(kinds[2:]) <= {"Normalize"}:
        raise EvalkitError(f"{st_folder}: only Transformer + mean Pooling (+ Normalize) models are exported, not {kinds}")
    pooling = json.loads((st_folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    modes = pooling.get("pooling_mode") or [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True]
    if modes not in ("mean", ["pooling_mode_mean_tokens"]) or pooling.get("include_prompt", True) is not True:
        raise EvalkitError(f"{st_folder}: pooling {modes} is not the plain mean the ONNX backend computes")
    bert_cfg = st_folder / "sentence_bert_config.json"
    window = json.loads(bert_cfg.read_text(encoding="utf-8")).get("max_seq_length", 512) if bert_cfg.is_file() else 512
    return int(window), int(pooling["word_embedding_dimension"])


def export_onnx(st_folder: Path, out: Path) -> dict:
    """Write ``model.onnx``, ``model_int8.onnx``, ``tokenizer.json`` and the manifest into ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    from evalkit.models.embedders import quiet_transformers
    from evalkit.models.materialise import sha256_file

    window, dim = _check_pooling(st_folder)
    out.mkdir(parents=True, exist_ok=True)
    with quiet_transformers():
        model = AutoModel.from_pretrained(str(st_folder), attn_implementation="eager").eval()
    if not (hasattr(model, "embeddings") and hasattr(model, "encoder")):
        raise EvalkitError(f"{st_folder}: a {type(model).__name__} is not a BERT-like encoder; it cannot be exported")

    class Encoder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            hidden = self.inner.embeddings(input_ids=input_ids)
            additive = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
            return self.inner.encoder(hidden, attention_mask=additive).last_hidden_state

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 5, 6, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    axes = {0: "batch", 1: "tokens"}
    import warnings

    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(model), (ids, mask), str(out / "model.onnx"), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes})
    del model
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # onnxruntime.quantization advises pre-processing on the root logger, every time
    try:
        quantize_dynamic(str(out / "model.onnx"), str(out / "model_int8.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True)
    finally:
        root.setLevel(level)
    shutil.copy2(st_folder / "tokenizer.json", out / "tokenizer.json")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    special = json.loads((st_folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    ids_of = {k: tok.token_to_id(special[k]) for k in ("cls_token", "sep_token", "pad_token")}
    if None in ids_of.values():
        raise EvalkitError(f"{st_folder}: the tokenizer lacks one of {sorted(ids_of)}")
    import onnxruntime

    manifest = {
        "format": FORMAT,
        "source": str(st_folder),
        "source_weights_sha256": _source_sha(st_folder),
        "files": {f: sha256_file(out / f) for f in ("model.onnx", "model_int8.onnx", "tokenizer.json")},
        "dim": dim,
        "max_seq_length": window,
        "cls_token_id": ids_of["cls_token"],
        "sep_token_id": ids_of["sep_token"],
        "pad_token_id": ids_of["pad_token"],
        "opset": OPSET,
        "torch": torch.__version__,
        "onnxruntime": onnxruntime.__version__,
        "quantisation": "dynamic int8, per channel (onnxruntime.quantization.quantize_dynamic)",
    }
    (out / ONNX_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    manifest["self_test"] = self_test(st_folder, out)
    (out / ONNX_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def self_test(st_folder: Path, out: Path) -> dict[str, float]:
    """Worst cosine of each graph's sentence vectors against sentence-transformers'; raises below the bounds."""
    from sentence_transformers import SentenceTransformer

    from evalkit.models.device import choose_device
    from evalkit.models.embedders import quiet_transformers
    from evalkit.models.onnx_embedder import OnnxEmbedder, OnnxInt8Embedder

    with quiet_transformers():
        st = SentenceTransformer(str(st_folder), device="cpu", local_files_only=True)
    ref = st.encode(SELF_TEST, normalize_embeddings=True, convert_to_numpy=True)
    worst = {}
    for cls, bound in ((OnnxEmbedder, FP32_MIN_COS), (OnnxInt8Embedder, INT8_MIN_COS)):
        emb = cls("self-test", out, "", choose_device("cpu"), "self-test", None)
        got = emb.encode(SELF_TEST)
        worst[cls.runtime] = float((got * ref).sum(axis=1).min())
        if not np.isfinite(worst[cls.runtime]) or worst[cls.runtime] < bound:
            raise EvalkitError(f"ONNX export self-test failed: {cls.runtime} sentence vectors reach cosine "
                               f"{worst[cls.runtime]:.6f} with sentence-transformers', below {bound}")
    return worst


def install_onnx(name: str, st_folder: Path, cache_dir: str | os.PathLike | None = None, *, force: bool = False,
                 quiet: bool = False) -> tuple[Path, bool]:
    """Export ``name`` (installed at ``st_folder``) into its ONNX folder, atomically and under a lock.
    Returns (folder, whether it was made now)."""
    from evalkit.models.store import _commit, _install_lock, _note

    try:
        import onnxruntime  # noqa: F401
        import onnx  # noqa: F401
    except ImportError:
        raise ModelNotFoundError("the ONNX export needs onnxruntime and onnx: pip install onnxruntime onnx") from None
    final = onnx_dir(name, cache_dir)
    if not force and find_onnx(name, st_folder, cache_dir):
        return final, False
    with _install_lock(f"onnx-{name}", cache_dir):
        if not force and find_onnx(name, st_folder, cache_dir):
            return final, False
        final.parent.mkdir(parents=True, exist_ok=True)
        leftover = re.compile(rf"\.(tmp|old)-{re.escape(final.name)}-\d+")
        for stale in final.parent.iterdir():
            if leftover.fullmatch(stale.name):
                shutil.rmtree(stale, ignore_errors=True)
        tmp = final.with_name(f".tmp-{final.name}-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        _note(quiet, f"exporting {name} to ONNX (float32 and int8) into {final}")
        try:
            manifest = export_onnx(st_folder, tmp)
            _commit(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _note(quiet, f"ONNX self-test passed: cosine >= {manifest['self_test']['onnx']:.6f} (float32), "
                     f">= {manifest['self_test']['onnx-int8']:.4f} (int8) against sentence-transformers")
    return final, True
