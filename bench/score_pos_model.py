"""Build the part-of-speech bigram models of evalkit.score.syntax from clean human text.

Counts coarse Apertium tag bigrams over the TransRead novels (English side for
``en``, French side for ``fr``; 5 books), writes
evalkit/data/score/pos_bigrams.{lang}.json, and prints, on the sixth book held
out, the mean surprisal of the real sentences against the same sentences with
two adjacent words swapped (the baseline a useful model must beat).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path("/work/shared/benchmarks/align-transread")


def main() -> None:
    from evalkit.score.syntax import MODEL_DIR, RARE_BITS, count_bigrams, tag_lines

    rng = random.Random(7)
    books = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    for lang in ("en", "fr"):
        train = [ln for b in books[:-1] for ln in b.joinpath(f"{lang}.txt").read_text().splitlines() if ln.strip()]
        test = [ln for ln in books[-1].joinpath(f"{lang}.txt").read_text().splitlines() if len(ln.split()) > 4]
        tags = tag_lines(train, lang)
        if tags is None:
            print(f"{lang}: apertium tagger not installed, skipped")
            continue
        model = count_bigrams(tags)
        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        out = MODEL_DIR / f"pos_bigrams.{lang}.json"
        out.write_text(json.dumps({"source": "TransRead (5 books), Apertium coarse tags", **model.to_json()}))
        swapped = []
        for ln in test:
            w = ln.split()
            i = rng.randrange(len(w) - 1)
            w[i], w[i + 1] = w[i + 1], w[i]
            swapped.append(" ".join(w))
        real_t, swap_t = tag_lines(test, lang), tag_lines(swapped, lang)
        rare = lambda ts: [sum(1 for x in model.surprises(t) if x > RARE_BITS) for t in ts]  # noqa: E731
        r, s = rare(real_t), rare(swap_t)
        wins = sum(1 for a, b in zip(r, s) if a < b) / len(r)
        print(f"{lang}: {len(train)} training sentences, {len(model.vocab)} tags -> {out.name}; held-out book "
              f"{books[-1].name}: rare transitions/sentence real {statistics.mean(r):.2f} vs word-swapped "
              f"{statistics.mean(s):.2f}; swapped strictly worse on {wins:.0%} of {len(r)} sentences")


if __name__ == "__main__":
    main()
