"""Cold-cache cost of the e5 work behind the omission detector (issue 12), in one process.

The bead texts of a review report (``reports/<name>.json``) get sentence vectors and token
vectors three ways, alternated, each with a fresh vector cache and the model already loaded, so
the figures compare the passes and not the model load or the machine's load drift:

- before: ``encode`` + one single-sequence ``encode_tokens`` per text (the old cold path);
- batched: ``encode`` + ``encode_tokens_many`` (length-sorted padded batches);
- joint: ``encode_with_tokens`` (one pass for both), then ``encode_tokens_many`` hits the cache.

Usage: python bench/cold_tokens.py REPORT.json [ROUNDS]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path


def bead_texts(report: Path) -> list[str]:
    """Both sides of every bead with text on both: the texts the omission detector reads."""
    beads = json.loads(report.read_text(encoding="utf-8"))["beads"]
    return [t for b in beads if (b.get("src_text") or "").strip() and (b.get("tgt_text") or "").strip()
            for t in (b["src_text"], b["tgt_text"])]


def main() -> None:
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    texts = bead_texts(Path(sys.argv[1]))
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    loaded = load_embedder(device="cpu", cache=False, install=False, quiet=True)
    loaded.encode(["Bonjour."])
    loaded.encode_tokens("Bonjour.")

    def fresh():
        emb = load_embedder(device="cpu", cache=Path(tempfile.mkdtemp()) / "v.sqlite", install=False, quiet=True)
        emb._st = loaded._st  # time the passes, not the model load
        return emb

    ways = {
        "before": lambda e: (e.encode(texts), [e.encode_tokens(t) for t in dict.fromkeys(texts)]),
        "batched": lambda e: (e.encode(texts), e.encode_tokens_many(texts)),
        "joint": lambda e: (e.encode_with_tokens(texts, texts), e.encode_tokens_many(texts)),
    }
    res: dict[str, list[tuple[float, float]]] = {k: [] for k in ways}
    for _ in range(rounds):
        for name, run in ways.items():
            emb = fresh()
            wall, cpu = time.perf_counter(), time.process_time()
            run(emb)
            res[name].append((round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)))
    print(json.dumps({"texts": len(texts), "wall_cpu_s": res}))


if __name__ == "__main__":
    main()
