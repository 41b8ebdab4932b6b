"""ONNX Runtime backends for sentence-transformers embedders (e5): ``onnx`` (float32) and ``onnx-int8``.

The same vectors as :class:`~evalkit.models.embedders.SentenceTransformerEmbedder` (sentence
vectors, token vectors, the joint pass) with the forward passes run by ONNX Runtime on a graph
exported once by ``evalkit models install --onnx`` (:mod:`evalkit.models.onnx_export`), and the
tokenizer read from its ``tokenizer.json`` by the ``tokenizers`` library: no torch, transformers
or sentence-transformers import (seconds of a cold run). Only models whose sentence vector is
the mean of the last hidden states (e5: Transformer, mean Pooling, Normalize) are exported, so
the pooling here is that mean. Tolerances and figures: docs/models.md, "ONNX Runtime".
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError
from evalkit.models.device import DeviceChoice
from evalkit.models.embedders import SentenceTransformerEmbedder
from evalkit.models.vector_cache import VectorCache

ONNX_MANIFEST = "evalkit-onnx.json"


class OnnxEmbedder(SentenceTransformerEmbedder):
    """e5 (or any mean-pooling sentence-transformers model) through ONNX Runtime, float32."""

    runtime = "onnx"
    model_file = "model.onnx"

    @classmethod
    def from_spec(cls, spec, location, choice: DeviceChoice, fingerprint: str,
                  vector_cache: VectorCache | None) -> "OnnxEmbedder":
        if location.path is None or not (location.path / ONNX_MANIFEST).is_file():
            raise EvalkitError(f"model {spec.name!r}: the {cls.runtime} backend needs an ONNX export folder "
                               f"(evalkit models install {spec.name} --onnx)")
        return cls(spec.name, location.path, spec.prompt, choice, fingerprint, vector_cache, spec.dim)

    def __init__(self, name: str, path: Path, prompt: str, choice: DeviceChoice, fingerprint: str,
                 vector_cache: VectorCache | None, expected_dim: int | None = None) -> None:
        if choice.device != "cpu":
            raise EvalkitError(f"the {self.runtime} embedder runs on the CPU only (device {choice.device!r} asked); "
                               "use EVALKIT_EMBEDDER_RUNTIME=torch for a GPU")
        self.manifest = json.loads((Path(path) / ONNX_MANIFEST).read_text(encoding="utf-8"))
        file_hash = self.manifest["files"][self.model_file][:12]
        super().__init__(name, path, prompt, choice, f"{fingerprint}-{file_hash}", vector_cache,
                         expected_dim or int(self.manifest["dim"]))
        self.dtype = "int8" if self.runtime.endswith("int8") else "float32"

    def _load_model(self, name: str | None = None) -> int:
        try:
            import onnxruntime as ort
        except ImportError:
            raise EvalkitError(f"the {self.runtime} embedder needs onnxruntime: pip install onnxruntime onnx") from None
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = self._choice.threads or 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        session = ort.InferenceSession(str(self.path / self.model_file), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        dim = int(self.manifest["dim"])
        if self._expected_dim and dim != self._expected_dim:
            raise EvalkitError(f"model {name or self.name} at {self.path} gives {dim}-d vectors but the registry says "
                               f"{self._expected_dim}")
        self._loaded_model = (session, tokenizer)
        return dim

    @property
    def _session(self):
        return self._model[0]

    @property
    def _tokenizer(self):
        return self._model[1]

    def _mean_pooling(self) -> bool:
        return True  # the export refuses any other pooling

    def _pieces(self, texts: list[str]) -> tuple[list[list[int]], list[list[tuple[int, int]]]]:
        encs = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        return [e.ids for e in encs], [e.offsets for e in encs]

    def _specials(self) -> tuple[int, int]:
        return int(self.manifest["cls_token_id"]), int(self.manifest["sep_token_id"])

    def _piece_names(self, ids: list[int]) -> list[str]:
        tok = self._tokenizer
        return [tok.id_to_token(i) for i in ids]

    def _window(self) -> int:
        return max(1, int(self.manifest["max_seq_length"]) - 2)

    def _compute(self, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        """Sentence vectors as sentence-transformers makes them: prompt + text, [CLS] … [SEP], cut to the
        window, the mean of every position's last hidden state (normalised by the caller)."""
        ids, _ = self._pieces([(self.prompt or "") + t for t in texts])
        cls, sep = self._specials()
        window = self._window()
        states = self._hidden_states([[cls, *row[:window], sep] for row in ids], batch_size)
        return np.stack([s.mean(axis=0) for s in states]).astype(np.float32)

    def _hidden_states(self, seqs: list[list[int]], batch_size: int) -> list[np.ndarray]:
        """Last hidden states of each sequence, shortest first in padded batches (mask always given)."""
        pad = int(self.manifest["pad_token_id"])
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        states: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(seqs)
        step = max(1, batch_size)
        for start in range(0, len(order), step):
            idx = order[start : start + step]
            width = max(len(seqs[i]) for i in idx)
            ids = np.full((len(idx), width), pad, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : len(seqs[i])] = seqs[i]
                mask[row, : len(seqs[i])] = 1
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            for row, i in enumerate(idx):
                states[i] = np.ascontiguousarray(hidden[row, : len(seqs[i])], dtype=np.float32)
        return states


class OnnxInt8Embedder(OnnxEmbedder):
    """The same, on the export with dynamically quantised int8 weights (per channel)."""

    runtime = "onnx-int8"
    model_file = "model_int8.onnx"
