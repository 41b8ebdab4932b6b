"""Source-conditioned language-model scorer: log P(target token | source, target prefix).

Two backends, registered in ``SCORER_BACKENDS`` like the embedder backends:

- ``causal-lm``: a decoder-only LM prompted with the registry's template, by default
  ``Translate from {src_lang} to {tgt_lang}. {src_lang}: {source} {tgt_lang}:``, followed by
  ``" " + target``. Prompt and target are tokenised separately (the target with no BOS), so
  the prompt+source prefix is the same token sequence for every candidate target and its
  KV cache can be reused (``score_alternatives``).
- ``seq2seq``: forced decoding of the target by an MT model (Marian, NLLB, M2M-100: the
  Prism / "MT model as judge" approach). The end-of-sentence token is scored too (it
  catches truncated translations); it is the last token, with the empty offset
  ``(len(tgt), len(tgt))``. For ``score_alternatives`` the encoder runs once.

Scores are natural-log probabilities. ``score`` returns the **sum** over target tokens by
default (``reduce="mean"`` for the per-token mean). Nothing is loaded at import time.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from evalkit.errors import EvalkitError, ModelNotFoundError

log = logging.getLogger(__name__)

__all__ = ["SCORER_BACKENDS", "Edit", "Scorer", "TokenScores", "apply_edit", "edit_deltas_many", "language_name", "load_scorer"]

# Scorer backends by the name a registry entry gives in ``backend``: a class with
# ``from_spec(spec, location, device_choice)``.
SCORER_BACKENDS: dict[str, str] = {
    "causal-lm": "evalkit.models.scorer:CausalLMScorer",
    "seq2seq": "evalkit.models.scorer:Seq2SeqScorer",
}

DEFAULT_PROMPT = "Translate from {src_lang} to {tgt_lang}. {src_lang}: {source} {tgt_lang}:"
CPU_BATCH = 1  # bench/models_scorer.py on 2 busy cores: batch 1/8/32 = 1.90/1.54/1.25 pairs/s
CPU_ALTERNATIVES_BATCH = 8  # variants share one cached prefix: 5 in one batch ran 2.07x one by one
CPU_EDITS_BATCH = 32  # a few tokens each: one pass for all edits of a sentence beats one per position
GPU_BATCH = 64
_HEAD_CHUNK = 512  # rows of hidden states sent through the vocabulary projection at once
_GROUP_ROWS = 192  # target tokens of the items whose rows one CPU projection takes (probe_many)
_VOCAB_BLOCK = 8192  # vocabulary rows per block of the CPU projection (bench: 4k-32k, 8k fastest)


def _top_order(values: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Per row, the positions of the ``k`` largest ``values``, largest first, ties by smaller id."""
    return np.stack([np.lexsort((i, -v))[:k] for v, i in zip(values, ids)]) if len(values) else np.zeros((0, k), np.int64)

_LANGUAGE_NAMES = {
    "ar": "Arabic", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "fi": "Finnish", "fr": "French", "hu": "Hungarian",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish",
    "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}
# NLLB-200 language codes (FLORES-200) for the ISO 639-1 codes evalkit uses.
_NLLB_CODES = {
    "ar": "arb_Arab", "ca": "cat_Latn", "cs": "ces_Latn", "da": "dan_Latn", "de": "deu_Latn",
    "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "fi": "fin_Latn", "fr": "fra_Latn",
    "hu": "hun_Latn", "it": "ita_Latn", "ja": "jpn_Jpan", "ko": "kor_Hang", "nl": "nld_Latn",
    "no": "nob_Latn", "pl": "pol_Latn", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "sv": "swe_Latn", "tr": "tur_Latn", "uk": "ukr_Cyrl", "zh": "zho_Hans",
}


def language_name(code: str) -> str:
    """English name of a language code for prompts ("fr" -> "French"); unknown codes pass through."""
    return _LANGUAGE_NAMES.get(code.lower().split("-")[0].split("_")[0], code)


@dataclass(frozen=True)
class TokenScores:
    """One target's tokens, their ``(start, end)`` character offsets in the target text
    (leading spaces trimmed), and the natural-log probability of each token."""

    tokens: list[str]
    offsets: list[tuple[int, int]]
    logprobs: np.ndarray = field(repr=False)
    # With ``topk=k``: the k likeliest token ids at each position and their log-probabilities
    # (shape (n_tokens, k)): what the model expected where the translation has its token.
    top_ids: np.ndarray | None = field(default=None, repr=False)
    top_logprobs: np.ndarray | None = field(default=None, repr=False)

    @property
    def total(self) -> float:
        return float(np.sum(self.logprobs, dtype=np.float64))

    @property
    def mean(self) -> float:
        return self.total / len(self.logprobs) if len(self.logprobs) else 0.0

    def reduce(self, how: str = "sum") -> float:
        if how == "sum":
            return self.total
        if how == "mean":
            return self.mean
        raise EvalkitError(f"reduce must be 'sum' or 'mean', not {how!r}")


@dataclass(frozen=True)
class Edit:
    """Replace ``target[start:end]`` by ``text`` (an empty ``text`` deletes, ``start == end`` inserts)."""

    start: int
    end: int
    text: str


def apply_edit(target: str, edit: Edit) -> str:
    return target[: edit.start] + edit.text + target[edit.end :]


def edit_deltas_many(scorer, items: Sequence[tuple[str, str, str, str]], edits: Sequence[Sequence[Edit]], *,
                     words_after: int = 3) -> list[list[float]]:
    """:meth:`Scorer.edit_deltas` for many ``(src, tgt, src_lang, tgt_lang)`` items at once, item
    ``k`` with ``edits[k]``: through ``probe_many`` where the backend has it (the causal one: beads
    share the vocabulary projections, the costly part on a CPU), else item by item."""
    todo = [k for k, e in enumerate(edits) if e]
    out: list[list[float]] = [[] for _ in items]
    many = getattr(scorer, "probe_many", None)
    if many is not None and todo:
        res = many([items[k] for k in todo], lambda i, _ts: list(edits[todo[i]]), topk=0, words_after=words_after)
        for k, (_, _, deltas) in zip(todo, res):
            out[k] = [float(d) for d in deltas]
        return out
    for k in todo:
        src, tgt, src_lang, tgt_lang = items[k]
        out[k] = [float(d) for d in scorer.edit_deltas(src, tgt, list(edits[k]), src_lang, tgt_lang,
                                                       words_after=words_after)]
    return out


def _window_end(target: str, edit: Edit, words_after: int) -> tuple[int, int]:
    """Where the compared stretch ends, in the original and in the edited target: after the
    ``words_after``-th whitespace-separated word that follows the edit (the text beyond is
    the same in both and conditions nothing before it)."""
    pos, n = edit.end, len(target)
    for _ in range(words_after):
        while pos < n and target[pos].isspace():
            pos += 1
        while pos < n and not target[pos].isspace():
            pos += 1
    return pos, pos + len(edit.text) - (edit.end - edit.start)


def _first_at(offsets: Sequence[tuple[int, int]], limit: int) -> int:
    """Index of the first token that starts at or after ``limit`` (tokens are in text order)."""
    for j, (s, e) in enumerate(offsets):
        if s >= limit and e > s:
            return j
    return len(offsets)


class Scorer(Protocol):
    name: str
    device: str
    dtype: str

    def token_logprobs(
        self, pairs: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str, *, batch_size: int | None = None,
        topk: int = 0,
    ) -> list[TokenScores]: ...

    def token_text(self, token_id: int) -> str:
        """A vocabulary entry as text, a leading space where the token starts a word."""

    def score(
        self, pairs: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str, *, reduce: str = "sum",
        batch_size: int | None = None,
    ) -> list[float]: ...

    def alternatives_logprobs(
        self, src: str, tgt_variants: Sequence[str], src_lang: str, tgt_lang: str, *, batch_size: int | None = None
    ) -> list[TokenScores]: ...

    def score_alternatives(
        self, src: str, tgt_variants: Sequence[str], src_lang: str, tgt_lang: str, *, reduce: str = "sum",
        batch_size: int | None = None,
    ) -> list[float]: ...

    def edit_deltas(
        self, src: str, tgt: str, edits: Sequence[Edit], src_lang: str, tgt_lang: str, *, words_after: int = 3
    ) -> list[float]: ...

    def probe(self, src: str, tgt: str, src_lang: str, tgt_lang: str, propose, *, topk: int = 8,
              words_after: int = 3) -> tuple[TokenScores, list[Edit], list[float]]: ...


def _trim_offsets(text: str, offsets: Sequence[tuple[int, int]], shift: int) -> list[tuple[int, int]]:
    """Offsets into ``text`` from offsets into ``" " * shift + text``; leading spaces trimmed."""
    out = []
    n = len(text)
    for s, e in offsets:
        s, e = max(0, min(n, s - shift)), max(0, min(n, e - shift))
        while s < e and text[s].isspace():
            s += 1
        out.append((s, max(s, e)))
    return out


def _search_offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets for tokenizers without an offset mapping (sentencepiece-only Marian, M2M):
    each piece, without its word-start mark, is looked for from where the previous one ended."""
    out, pos = [], 0
    for tok in tokens:
        piece = tok.replace("\u2581", " ").strip()
        at = text.find(piece, pos) if piece else -1
        if at < 0:
            out.append((pos, pos))
            continue
        out.append((at, at + len(piece)))
        pos = at + len(piece)
    return out


class _RustTokenizer:
    """The calls the causal scorer makes of a tokenizer, answered by the folder's ``tokenizer.json``
    through the ``tokenizers`` library. transformers' GemmaTokenizer spent ~3.8 s of CPU building
    itself around the same Rust tokenizer (its 6,384 added tokens) against 1.5 s here; ids, offsets
    and token strings were identical on the seed pair's 149 texts, with and without special tokens.
    Used only for the folders ``evalkit models install`` converts (``GemmaTokenizer``, whose
    ``tokenizer.json`` adds ``<bos>`` itself); any other folder gets ``AutoTokenizer``."""

    is_fast = True

    def __init__(self, tok, pad_token_id: int | None, eos_token_id: int | None) -> None:
        self._tok = tok
        self.pad_token_id = pad_token_id
        self.eos_token_id = eos_token_id

    @classmethod
    def for_folder(cls, folder) -> _RustTokenizer | None:
        import json
        from pathlib import Path

        cfg_file, tok_file = Path(folder) / "tokenizer_config.json", Path(folder) / "tokenizer.json"
        if not (cfg_file.is_file() and tok_file.is_file()):
            return None
        cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
        if cfg.get("tokenizer_class") != "GemmaTokenizer" or cfg.get("backend") != "tokenizers":
            return None
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tok_file))
        post = json.loads(tok.to_str()).get("post_processor") or {}
        if "<bos>" not in post.get("special_tokens", {}):
            return None  # the prompt must start with <bos>, as transformers' tokenizer gives it
        ids = {k: tok.token_to_id(cfg[k]) if isinstance(cfg.get(k), str) else None for k in ("pad_token", "eos_token")}
        return cls(tok, ids["pad_token"], ids["eos_token"])

    def __call__(self, text: str, *, add_special_tokens: bool = True, return_offsets_mapping: bool = False):
        from types import SimpleNamespace

        enc = self._tok.encode(text, add_special_tokens=add_special_tokens)
        return SimpleNamespace(input_ids=enc.ids, offset_mapping=enc.offsets if return_offsets_mapping else None)

    def convert_ids_to_tokens(self, ids):
        if isinstance(ids, int):
            return self._tok.id_to_token(ids)
        return [self._tok.id_to_token(int(i)) for i in ids]


class _TorchScorer:
    """What both backends share: device, dtype, threads, batching, the vocabulary projection."""

    name: str
    device: str
    dtype: str
    cpu_projection = True  # the blocked numpy projection on CPU (False: torch's, for comparisons)

    def __init__(self, name: str, model, tokenizer, choice, batch_size: int) -> None:
        self.name = name
        self.model = model
        self.tokenizer = tokenizer
        self.device = choice.device
        self.dtype = str(next(model.parameters()).dtype).removeprefix("torch.")
        self.batch_size = batch_size
        self.alternatives_batch = max(batch_size, CPU_ALTERNATIVES_BATCH if choice.device == "cpu" else GPU_BATCH)
        self.edits_batch = max(batch_size, CPU_EDITS_BATCH if choice.device == "cpu" else GPU_BATCH)
        pad = tokenizer.pad_token_id
        self.pad_id = int(pad if pad is not None else (tokenizer.eos_token_id or 0))

    @classmethod
    def _load(cls, auto_model, loc, choice, batch_size: int | None):
        """(model, tokenizer, batch size) from an installed folder, offline, on ``choice``'s device."""
        import torch
        from transformers import AutoTokenizer

        from evalkit.models.embedders import quiet_transformers

        path = str(loc.path)
        with quiet_transformers():
            tok = _RustTokenizer.for_folder(loc.path) or AutoTokenizer.from_pretrained(path, local_files_only=True)
            model = auto_model.from_pretrained(path, dtype=cls._torch_dtype(choice), local_files_only=True)
        model.to(choice.device).eval()
        if choice.threads:
            torch.set_num_threads(choice.threads)
        return model, tok, batch_size or (CPU_BATCH if choice.device == "cpu" else GPU_BATCH)

    @staticmethod
    def _torch_dtype(choice):
        import torch

        if choice.device == "cpu":
            return torch.float32  # bf16 matmuls are ~5x slower than fp32 on CPUs without AVX512-BF16
        # Gemma-family activations overflow float16; prefer bfloat16 where the GPU has it.
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16

    def _logprobs_at(self, hidden, targets, topk: int = 0):
        """(log P(target) for rows of final hidden states (float32 log-softmax over the
        vocabulary, a tensor), and with ``topk`` the ``topk`` likeliest ids and log-probabilities
        of every row as numpy arrays, else None, None)."""
        import torch

        head = self.model.get_output_embeddings()
        if (self.cpu_projection and hidden.device.type == "cpu" and hidden.dtype == torch.float32
                and getattr(head, "weight", None) is not None):
            return self._logprobs_at_cpu(head, hidden, targets, topk)
        cap = getattr(self.model.config, "final_logit_softcapping", None)
        out, top_v, top_i = [], [], []
        for i in range(0, hidden.shape[0], _HEAD_CHUNK):
            logits = head(hidden[i : i + _HEAD_CHUNK]).float()
            if cap:
                logits = torch.tanh(logits / cap) * cap
            lp = torch.log_softmax(logits, dim=-1)
            out.append(lp.gather(1, targets[i : i + _HEAD_CHUNK, None]).squeeze(1))
            if topk:
                v, ix = lp.topk(topk, dim=-1)
                top_v.append(v)
                top_i.append(ix)
        lps = torch.cat(out) if out else hidden.new_zeros((0,), dtype=torch.float32)
        if not topk:
            return lps, None, None
        if not out:
            empty = np.zeros((0, topk))
            return lps, empty.astype(np.int64), empty.astype(np.float32)
        return lps, torch.cat(top_i).cpu().numpy(), torch.cat(top_v).cpu().numpy().astype(np.float32)

    def _logprobs_at_cpu(self, head, hidden, targets, topk: int = 0):
        """:meth:`_logprobs_at` on a CPU: the vocabulary projection is most of the scorer's CPU
        time (262,144 x 640 for Gemma), and it runs as numpy (OpenBLAS) products over blocks of
        ``_VOCAB_BLOCK`` vocabulary rows, each block reduced to its maximum, sum of exponentials,
        top-k and target logits while it is in cache, so the rows x vocabulary logits are never
        written out. On this project's AMD CPU MKL's sgemm (torch) ran at about half OpenBLAS's
        rate on these shapes. The log-sum-exp is combined in float64; log-probabilities differ from
        torch's ``log_softmax`` by float32 rounding (~1e-6 nats, bench/contrastive_speed.py)."""
        import torch
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=torch.get_num_threads(), user_api="blas"):  # torch's thread choice
            return self._project_cpu(head, hidden, targets, topk)

    def _project_cpu(self, head, hidden, targets, topk: int):
        import torch

        cap = getattr(self.model.config, "final_logit_softcapping", None)
        w = head.weight.detach().numpy()
        bias = head.bias.detach().numpy() if getattr(head, "bias", None) is not None else None
        h = hidden.detach().contiguous().numpy()
        tg = targets.cpu().numpy()
        n, vocab = h.shape[0], w.shape[0]
        k = min(topk, vocab)
        rows = np.arange(n)
        maxes, sums, tops_v, tops_i = [], [], [], []
        t_logit = np.zeros(n, np.float32)
        for v0 in range(0, vocab, _VOCAB_BLOCK):
            z = h @ w[v0 : v0 + _VOCAB_BLOCK].T
            if bias is not None:
                z += bias[v0 : v0 + _VOCAB_BLOCK]
            if cap:
                z = np.tanh(z / cap) * cap
            m = z.max(axis=1)
            maxes.append(m)
            sums.append(np.exp(z - m[:, None]).sum(axis=1, dtype=np.float64))
            inside = (tg >= v0) & (tg < v0 + z.shape[1])
            if inside.any():
                t_logit[inside] = z[rows[inside], tg[inside] - v0]
            if k:
                kk = min(k, z.shape[1])
                ix = np.argpartition(z, -kk, axis=1)[:, -kk:]
                tops_v.append(np.take_along_axis(z, ix, 1))
                tops_i.append(ix + v0)
        if n:
            mx = np.stack(maxes, 1).astype(np.float64)
            top = mx.max(axis=1)
            lse = top + np.log((np.stack(sums, 1) * np.exp(mx - top[:, None])).sum(axis=1))
        else:
            lse = np.zeros(0)
        lps = torch.from_numpy((t_logit - lse).astype(np.float32))
        if not topk:
            return lps, None, None
        if not n:
            empty = np.zeros((0, topk))
            return lps, empty.astype(np.int64), empty.astype(np.float32)
        cand_v, cand_i = np.concatenate(tops_v, 1), np.concatenate(tops_i, 1)
        # the likeliest first; equal logits by vocabulary id, as a sort would give them
        order = _top_order(cand_v, cand_i, k)
        top_v = (np.take_along_axis(cand_v, order, 1) - lse[:, None]).astype(np.float32)
        return lps, np.take_along_axis(cand_i, order, 1).astype(np.int64), top_v

    def _target(self, tgt: str) -> tuple[list[int], list[str], list[tuple[int, int]]]:
        raise NotImplementedError

    def token_text(self, token_id: int) -> str:
        """A vocabulary entry as text, with a leading space where the token starts a word
        (sentencepiece's "\u2581"), so alternatives from ``topk`` can be spliced into a target."""
        return self.tokenizer.convert_ids_to_tokens(int(token_id)).replace("\u2581", " ")

    def score(self, pairs, src_lang, tgt_lang, *, reduce="sum", batch_size=None) -> list[float]:
        return [t.reduce(reduce) for t in self.token_logprobs(pairs, src_lang, tgt_lang, batch_size=batch_size)]

    def score_alternatives(self, src, tgt_variants, src_lang, tgt_lang, *, reduce="sum", batch_size=None) -> list[float]:
        scored = self.alternatives_logprobs(src, tgt_variants, src_lang, tgt_lang, batch_size=batch_size)
        return [t.reduce(reduce) for t in scored]

    def edit_deltas(self, src, tgt, edits, src_lang, tgt_lang, *, words_after: int = 3) -> list[float]:
        """For each edit of ``tgt``: log P(edited target) - log P(target), given the source,
        both read up to ``words_after`` words past the edit (a positive delta: the model
        prefers the edit). This generic version scores whole variants; the causal backend
        overrides it to run only the tokens that differ (same numbers, far less work)."""
        if not edits:
            return []
        variants = [tgt] + [apply_edit(tgt, e) for e in edits]
        scored = self.alternatives_logprobs(src, variants, src_lang, tgt_lang)
        base = scored[0]
        out = []
        for e, ts in zip(edits, scored[1:]):
            o_hi, v_hi = _window_end(tgt, e, words_after)
            o_lp = float(np.sum(base.logprobs[: _first_at(base.offsets, o_hi)], dtype=np.float64))
            v_lp = float(np.sum(ts.logprobs[: _first_at(ts.offsets, v_hi)], dtype=np.float64))
            out.append(v_lp - o_lp)
        return out

    def probe(self, src, tgt, src_lang, tgt_lang, propose, *, topk: int = 8, words_after: int = 3):
        """One target's token scores with the top-k expected tokens, the edits ``propose``
        makes from them, and each edit's delta (see :meth:`edit_deltas`): the contrastive
        check's whole question in one call (the causal backend shares one pass between both)."""
        ts = self.token_logprobs([(src, tgt)], src_lang, tgt_lang, topk=topk)[0]
        edits = propose(ts)
        return ts, edits, self.edit_deltas(src, tgt, edits, src_lang, tgt_lang, words_after=words_after)

    def _batches(self, order: list[int], batch_size: int | None, default: int | None = None):
        bs = batch_size or default or self.batch_size
        if bs < 1:
            raise EvalkitError("batch_size must be at least 1")
        for i in range(0, len(order), bs):
            yield order[i : i + bs]


class CausalLMScorer(_TorchScorer):
    """A decoder-only LM scoring ``" " + target`` after a translation prompt."""

    def __init__(self, name, model, tokenizer, choice, batch_size, prompt: str) -> None:
        super().__init__(name, model, tokenizer, choice, batch_size)
        self.prompt = prompt or DEFAULT_PROMPT
        self.body = model.get_decoder()
        import inspect

        # transformers >= 5.2x names the KV cache argument and output "cache" (was "past_key_values")
        params = inspect.signature(self.body.forward).parameters
        self._cache_arg = "cache" if "cache" in params else "past_key_values"

    @classmethod
    def from_spec(cls, spec, loc, choice, *, batch_size: int | None = None) -> CausalLMScorer:
        from transformers import AutoModelForCausalLM

        model, tok, batch = cls._load(AutoModelForCausalLM, loc, choice, batch_size)
        return cls(spec.name, model, tok, choice, batch, spec.prompt)

    def _prefix(self, src: str, src_lang: str, tgt_lang: str) -> list[int]:
        text = self.prompt.format(src_lang=language_name(src_lang), tgt_lang=language_name(tgt_lang), source=src)
        return list(self.tokenizer(text).input_ids)

    def _target(self, tgt: str):
        if not tgt:
            return [], [], []  # an empty translation has no tokens (score 0)
        enc = self.tokenizer(" " + tgt, add_special_tokens=False, return_offsets_mapping=True)
        ids = list(enc.input_ids)
        return ids, self.tokenizer.convert_ids_to_tokens(ids), _trim_offsets(tgt, enc.offset_mapping, 1)

    def token_logprobs(self, pairs, src_lang, tgt_lang, *, batch_size=None, topk: int = 0) -> list[TokenScores]:
        import torch

        items = []
        for src, tgt in pairs:
            ids, toks, offs = self._target(tgt)
            items.append((self._prefix(src, src_lang, tgt_lang), ids, toks, offs))
        results: list[TokenScores | None] = [None] * len(items)
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]) + len(items[i][1]))
        with torch.inference_mode():
            for chunk in self._batches(order, batch_size):
                seqs = [items[i][0] + items[i][1] for i in chunk]
                width = max(len(s) for s in seqs)
                ids = torch.full((len(seqs), width), self.pad_id, dtype=torch.long)
                mask = torch.zeros((len(seqs), width), dtype=torch.long)
                rows, cols, targets = [], [], []
                for r, (i, s) in enumerate(zip(chunk, seqs)):
                    ids[r, : len(s)] = torch.tensor(s)
                    mask[r, : len(s)] = 1  # right padding: real tokens never attend to pads
                    p, t = len(items[i][0]), len(items[i][1])
                    rows += [r] * t
                    cols += list(range(p - 1, p + t - 1))
                    targets += items[i][1]
                hidden = self.body(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).last_hidden_state
                sel = hidden[torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)]
                tg = torch.tensor(targets, dtype=torch.long, device=self.device)
                lp, top_i, top_v = self._logprobs_at(sel, tg, topk)
                lp = lp.cpu().numpy()
                k = 0
                for i in chunk:
                    t = len(items[i][1])
                    extra = (top_i[k : k + t], top_v[k : k + t]) if topk else (None, None)
                    results[i] = TokenScores(items[i][2], items[i][3], lp[k : k + t].astype(np.float32), *extra)
                    k += t
        return results  # type: ignore[return-value]

    def alternatives_logprobs(self, src, tgt_variants, src_lang, tgt_lang, *, batch_size=None) -> list[TokenScores]:
        """Every variant of one target after the same prompt+source, which runs once: its KV
        cache is copied for each batch of variants."""
        import torch

        prefix = self._prefix(src, src_lang, tgt_lang)
        targets = [self._target(t) for t in tgt_variants]
        results: list[TokenScores | None] = [None] * len(targets)
        with torch.inference_mode():
            p_ids = torch.tensor([prefix], device=self.device)
            out = self.body(input_ids=p_ids, use_cache=True)
            cache = getattr(out, "cache", None) or getattr(out, "past_key_values", None)
            last = out.last_hidden_state[0, -1]
            order = sorted(range(len(targets)), key=lambda i: len(targets[i][0]))
            for chunk in self._batches(order, batch_size, self.alternatives_batch):
                lens = [len(targets[i][0]) for i in chunk]
                width = max(lens)
                if width == 0:
                    for i in chunk:
                        results[i] = TokenScores([], [], np.zeros(0, np.float32))
                    continue
                ids = torch.full((len(chunk), width), self.pad_id, dtype=torch.long)
                mask = torch.zeros((len(chunk), len(prefix) + width), dtype=torch.long)
                mask[:, : len(prefix)] = 1
                for r, i in enumerate(chunk):
                    if lens[r]:
                        ids[r, : lens[r]] = torch.tensor(targets[i][0])
                    mask[r, len(prefix) : len(prefix) + lens[r]] = 1
                c = copy.deepcopy(cache)
                c.batch_repeat_interleave(len(chunk))
                hidden = self.body(
                    input_ids=ids.to(self.device), attention_mask=mask.to(self.device), use_cache=True, **{self._cache_arg: c}
                ).last_hidden_state
                rows_h, tgt_ids = [], []
                for r, i in enumerate(chunk):
                    for j, tok_id in enumerate(targets[i][0]):
                        rows_h.append(last if j == 0 else hidden[r, j - 1])
                        tgt_ids.append(tok_id)
                lp = self._logprobs_at(torch.stack(rows_h), torch.tensor(tgt_ids, device=self.device))[0].cpu().numpy()
                k = 0
                for r, i in enumerate(chunk):
                    results[i] = TokenScores(targets[i][1], targets[i][2], lp[k : k + lens[r]].astype(np.float32))
                    k += lens[r]
        return results  # type: ignore[return-value]

    def edit_deltas(self, src, tgt, edits, src_lang, tgt_lang, *, words_after: int = 3) -> list[float]:
        """The same deltas as the generic version, computing only what differs (see :meth:`probe`)."""
        if not edits:
            return []
        return self.probe(src, tgt, src_lang, tgt_lang, lambda _: list(edits), topk=0, words_after=words_after)[2]

    def probe(self, src, tgt, src_lang, tgt_lang, propose, *, topk: int = 8, words_after: int = 3):
        """One pass over prompt+source+target gives the token scores (and top-k) and keeps its
        KV cache; each proposed edit's tokens, from the first one that differs to the end of
        its window, run on that cache cut back to the shared prefix, and the vocabulary
        projection runs on those rows only."""
        return self.probe_many([(src, tgt, src_lang, tgt_lang)], lambda _, ts: propose(ts), topk=topk,
                               words_after=words_after)[0]

    def probe_many(self, items, propose, *, topk: int = 8, words_after: int = 3, rows: int | None = None):
        """:meth:`probe` for several ``(src, tgt, src_lang, tgt_lang)`` items (``propose(k, ts)``
        for item ``k``): the transformer runs item by item as in :meth:`probe`, but the vocabulary
        projection takes the target rows of a group of items at once, then the edit rows of the
        group at once. On a CPU a projection of a few rows costs nearly as much as one of dozens
        (the 262,144 x 640 weights are read either way: ~25 ms a row at 4 rows, ~5 ms from 180 on
        this project's CPU). A group closes at about ``rows`` target tokens (counted as 4 characters
        each; default 192 on CPU, on a GPU every item is its own group); its items' KV caches are
        held until it closes. The numbers are those of :meth:`probe` item by item (the rows of a
        projection do not depend on each other, up to float32 rounding of the BLAS blocking)."""
        limit = rows if rows is not None else (_GROUP_ROWS if self.device == "cpu" else 0)
        out: list = [None] * len(items)
        group: list[int] = []
        n_rows = 0
        for k, (src, tgt, _, _) in enumerate(items):
            group.append(k)
            n_rows += len(tgt)  # characters: a cheap stand-in for tokens, only to size groups
            if n_rows >= limit * 4:
                self._probe_group(items, group, propose, topk, words_after, out)
                group, n_rows = [], 0
        if group:
            self._probe_group(items, group, propose, topk, words_after, out)
        return out

    def _probe_group(self, items, group, propose, topk, words_after, out) -> None:
        import torch

        with torch.inference_mode():
            firsts = []  # per item: prefix length, target ids/tokens/offsets, KV cache, hidden states
            for k in group:
                src, tgt, src_lang, tgt_lang = items[k]
                prefix = self._prefix(src, src_lang, tgt_lang)
                o_ids, o_toks, o_offs = self._target(tgt)
                res = self.body(input_ids=torch.tensor([prefix + o_ids], device=self.device), use_cache=True)
                cache = getattr(res, "cache", None) or getattr(res, "past_key_values", None)
                firsts.append((len(prefix), o_ids, o_toks, o_offs, cache, res.last_hidden_state[0]))
            # position k predicts token k+1: the rows before each target token, every item at once
            rows = torch.cat([h[n_p - 1 : n_p - 1 + len(ids)] for n_p, ids, _, _, _, h in firsts])
            tg = torch.tensor([t for f in firsts for t in f[1]], dtype=torch.long, device=self.device)
            lp_all, top_i, top_v = self._logprobs_at(rows, tg, topk)
            lp_all = lp_all.cpu().numpy().astype(np.float32)
            at = 0
            edit_rows, edit_want, spans = [], [], []  # rows to project, their tokens, (item, edit, row count)
            plans_of = {}
            for k, (n_p, o_ids, o_toks, o_offs, cache, hidden) in zip(group, firsts):
                n = len(o_ids)
                extra = (top_i[at : at + n], top_v[at : at + n]) if topk else (None, None)
                ts = TokenScores(o_toks, o_offs, lp_all[at : at + n], *extra)
                at += n
                tgt = items[k][1]
                edits = list(propose(k, ts))
                plans = []  # (shared tokens c, variant ids to feed, original window end)
                for e in edits:
                    v_ids, _, v_offs = self._target(apply_edit(tgt, e))
                    o_hi, v_hi = _window_end(tgt, e, words_after)
                    c = 0
                    while c < min(len(o_ids), len(v_ids)) and o_ids[c] == v_ids[c]:
                        c += 1
                    o_end, v_end = _first_at(o_offs, o_hi), _first_at(v_offs, v_hi)
                    c = min(c, o_end, v_end)
                    plans.append((c, v_ids[c:v_end], o_end))
                plans_of[k] = (ts, edits, plans)
                total = n_p + n
                for chunk in self._batches(list(range(len(plans))), None, self.edits_batch):
                    # All edits of a chunk in one pass on the whole cached sequence: each row sees
                    # the shared prefix of its own edit (the cached tokens after it are masked out)
                    # and its new tokens take the positions right after that prefix.
                    feeds = [plans[j][1] for j in chunk]
                    width = max(len(f) for f in feeds)
                    h = None
                    if width:
                        cut = copy.deepcopy(cache)
                        cut.batch_repeat_interleave(len(chunk))
                        x = torch.full((len(chunk), width), self.pad_id, dtype=torch.long)
                        mask = torch.zeros((len(chunk), total + width), dtype=torch.long)
                        pos = torch.zeros((len(chunk), width), dtype=torch.long)
                        for r, j in enumerate(chunk):
                            c, f = plans[j][0], feeds[r]
                            if f:
                                x[r, : len(f)] = torch.tensor(f)
                            mask[r, : n_p + c] = 1
                            mask[r, total : total + max(1, len(f))] = 1
                            pos[r] = torch.arange(n_p + c, n_p + c + width)
                        h = self.body(input_ids=x.to(self.device), attention_mask=mask.to(self.device),
                                      position_ids=pos.to(self.device), use_cache=True,
                                      **{self._cache_arg: cut}).last_hidden_state
                    for r, j in enumerate(chunk):
                        c = plans[j][0]
                        for i, tok in enumerate(feeds[r]):
                            edit_rows.append(hidden[n_p + c - 1] if i == 0 else h[r, i - 1])
                            edit_want.append(tok)
                        spans.append((k, j, len(feeds[r])))
            del firsts
            lp = np.zeros(0)
            if edit_rows:
                lp = self._logprobs_at(torch.stack(edit_rows), torch.tensor(edit_want, device=self.device))[0]
                lp = lp.double().cpu().numpy()
        deltas_of = {k: [0.0] * len(plans_of[k][2]) for k in group}
        at = 0
        for k, j, n in spans:
            plans = plans_of[k][2]
            o_lp = plans_of[k][0].logprobs.astype(np.float64)
            deltas_of[k][j] = float(lp[at : at + n].sum()) - float(o_lp[plans[j][0] : plans[j][2]].sum())
            at += n
        for k in group:
            ts, edits, _ = plans_of[k]
            out[k] = (ts, edits, deltas_of[k])


class Seq2SeqScorer(_TorchScorer):
    """Forced decoding of the target by an encoder-decoder MT model (Marian, NLLB, M2M-100)."""

    @classmethod
    def from_spec(cls, spec, loc, choice, *, batch_size: int | None = None) -> Seq2SeqScorer:
        from transformers import AutoModelForSeq2SeqLM

        model, tok, batch = cls._load(AutoModelForSeq2SeqLM, loc, choice, batch_size)
        return cls(spec.name, model, tok, choice, batch)

    def _set_langs(self, src_lang: str, tgt_lang: str) -> None:
        tok = self.tokenizer
        if not hasattr(tok, "src_lang"):
            return  # single-pair models (Marian opus-mt-fr-en): nothing to set
        vocab = tok.get_vocab()
        for attr, code in (("src_lang", src_lang), ("tgt_lang", tgt_lang)):
            for cand in (_NLLB_CODES.get(code), code, f"__{code}__"):
                if cand and (cand in vocab or f"__{cand}__" in vocab):
                    setattr(tok, attr, cand)
                    break
            else:
                raise EvalkitError(f"scorer {self.name!r}: language {code!r} is not in its vocabulary")

    def _encode_source(self, sources: list[str]):
        enc = self.tokenizer(sources, padding=True, return_tensors="pt")
        return enc.input_ids.to(self.device), enc.attention_mask.to(self.device)

    def _target(self, tgt: str):
        fast = getattr(self.tokenizer, "is_fast", False)
        enc = self.tokenizer(text_target=tgt, return_offsets_mapping=fast, return_special_tokens_mask=True)
        ids, special = list(enc.input_ids), list(enc.special_tokens_mask)
        offs = list(enc.offset_mapping) if fast else _search_offsets(tgt, self.tokenizer.convert_ids_to_tokens(ids))
        lead = 0
        while lead < len(ids) and special[lead] and ids[lead] != self.tokenizer.eos_token_id:
            lead += 1  # forced language code: given, not scored
        forced, ids, offs, special = ids[:lead], ids[lead:], offs[lead:], special[lead:]
        offsets = _trim_offsets(tgt, offs, 0)
        offsets = [(len(tgt), len(tgt)) if sp else o for o, sp in zip(offsets, special)]
        return ids, self.tokenizer.convert_ids_to_tokens(ids), offsets, forced

    def _decode(self, enc_out, enc_mask, targets, topk: int = 0):
        import torch

        start = self.model.config.decoder_start_token_id
        if start is None:
            start = self.pad_id
        width = max(len(f) + len(ids) for ids, _, _, f in targets)
        dec = torch.full((len(targets), width), self.pad_id, dtype=torch.long)
        dmask = torch.zeros((len(targets), width), dtype=torch.long)
        rows, cols, tgt_ids = [], [], []
        for r, (ids, _, _, forced) in enumerate(targets):
            seq = [start] + forced + ids[:-1] if ids else [start] + forced
            dec[r, : len(seq)] = torch.tensor(seq)
            dmask[r, : len(seq)] = 1
            rows += [r] * len(ids)
            cols += list(range(len(forced), len(forced) + len(ids)))
            tgt_ids += ids
        out = self.model.get_decoder()(
            input_ids=dec.to(self.device), attention_mask=dmask.to(self.device),
            encoder_hidden_states=enc_out, encoder_attention_mask=enc_mask,
        ).last_hidden_state
        sel = out[torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)]
        lp, top_i, top_v = self._logprobs_at(sel, torch.tensor(tgt_ids, dtype=torch.long, device=self.device), topk)
        return lp.cpu().numpy(), top_i, top_v

    def token_logprobs(self, pairs, src_lang, tgt_lang, *, batch_size=None, topk: int = 0) -> list[TokenScores]:
        import torch

        self._set_langs(src_lang, tgt_lang)
        targets = [self._target(t) for _, t in pairs]
        results: list[TokenScores | None] = [None] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for chunk in self._batches(order, batch_size):
                ids, mask = self._encode_source([pairs[i][0] for i in chunk])
                enc = self.model.get_encoder()(input_ids=ids, attention_mask=mask).last_hidden_state
                lp, top_i, top_v = self._decode(enc, mask, [targets[i] for i in chunk], topk)
                k = 0
                for i in chunk:
                    n = len(targets[i][0])
                    extra = (top_i[k : k + n], top_v[k : k + n]) if topk else (None, None)
                    results[i] = TokenScores(targets[i][1], targets[i][2], lp[k : k + n].astype(np.float32), *extra)
                    k += n
        return results  # type: ignore[return-value]

    def alternatives_logprobs(self, src, tgt_variants, src_lang, tgt_lang, *, batch_size=None) -> list[TokenScores]:
        """The encoder runs once on the source; its states are shared by every variant."""
        import torch

        self._set_langs(src_lang, tgt_lang)
        targets = [self._target(t) for t in tgt_variants]
        results: list[TokenScores | None] = [None] * len(targets)
        with torch.inference_mode():
            ids, mask = self._encode_source([src])
            enc = self.model.get_encoder()(input_ids=ids, attention_mask=mask).last_hidden_state
            for chunk in self._batches(list(range(len(targets))), batch_size, self.alternatives_batch):
                n = len(chunk)
                lp = self._decode(enc.expand(n, -1, -1), mask.expand(n, -1), [targets[i] for i in chunk])[0]
                k = 0
                for i in chunk:
                    m = len(targets[i][0])
                    results[i] = TokenScores(targets[i][1], targets[i][2], lp[k : k + m].astype(np.float32))
                    k += m
        return results  # type: ignore[return-value]


def scorer_backend_class(name: str):
    import importlib

    target = SCORER_BACKENDS.get(name)
    if target is None:
        raise EvalkitError(f"unknown scorer backend {name!r}: known are {', '.join(SCORER_BACKENDS)}")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def _guess_backend(path) -> str:
    import json
    from pathlib import Path

    cfg = Path(path) / "config.json"
    if cfg.is_file():
        data = json.loads(cfg.read_text(encoding="utf-8"))
        if data.get("is_encoder_decoder"):
            return "seq2seq"
    return "causal-lm"


def load_scorer(
    name: str | None = None,
    device: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    *,
    install: bool = True,
    quiet: bool = False,
    threads: int | None = None,
    batch_size: int | None = None,
) -> Scorer:
    """Load a scorer by registry name, transformers folder path or hub id (default: the
    registry's ``default_scorer``, Gemma-3-270M from its PyPI package).

    A folder or hub id that is an encoder-decoder model (``is_encoder_decoder`` in its
    config) gets the ``seq2seq`` backend, anything else ``causal-lm``.
    """
    from dataclasses import replace

    from evalkit.models.device import choose_device
    from evalkit.models.registry import load_registry
    from evalkit.models.store import (
        find_installed,
        install_model,
        missing_message,
        spec_for,
    )

    registry = load_registry()
    spec = spec_for(name or registry.default_scorer, registry, role="scorer")
    if spec.role != "scorer":
        raise ModelNotFoundError(f"model {spec.name!r} is a {spec.role} model, not a scorer")
    choice = choose_device(device)
    if threads is not None:
        if threads < 1:
            raise EvalkitError("threads must be at least 1")
        if choice.device == "cpu":
            choice = replace(choice, threads=threads)
    loc = find_installed(spec, cache_dir)
    if loc is None:
        if not install:
            raise ModelNotFoundError(missing_message(spec, []))
        loc = install_model(spec, cache_dir, quiet=quiet)
    backend = spec.backend if spec.backend != "auto" else _guess_backend(loc.path)
    if backend != spec.backend:
        spec = replace(spec, backend=backend)
    log.debug("scorer %s (%s) on %s: %s", spec.name, backend, choice.device, choice.reason)
    return scorer_backend_class(backend).from_spec(spec, loc, choice, batch_size=batch_size)
