"""Build the English fluency model of :mod:`evalkit.text.fluency` from WordNet's example sentences.

    /work/main/.venv/bin/python bench/flag_fluency_model.py [--check]

WordNet (Debian ``wordnet-base``, ``/usr/share/wordnet/data.{noun,verb,adj,adv}``) quotes
about 35,000 example sentences of four words or more in its glosses ("he needs a car to get to
work"). They are tagged by Apertium's English tagger, mapped to the model's symbols and
counted as trigrams into ``evalkit/data/lang/fluency.en.json``. Why WordNet: it is English
prose that none of the project's benchmarks contains (DEMETR, TransRead, the planted sets), so
thresholds fitted on their tune halves and figures measured on their other halves do not read
sentences the model has counted.

``--check`` prints, on a tenth of the examples held out of the counts, the mean surprisal of the
real sentences against the same words shuffled (the separation the word-salad check relies on).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDNET = Path("/usr/share/wordnet")
OUT = ROOT / "evalkit/data/lang/fluency.en.json"


def examples() -> list[str]:
    out = []
    for part in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue
            out += [m for m in re.findall(r'"([^"]+)"', line.split("|", 1)[1]) if len(m.split()) >= 4]
    return out


def main() -> None:
    from evalkit.text.fluency import count_trigrams, symbols
    from evalkit.text.tagging import tag_units

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="hold out a tenth and print the separation; write nothing")
    args = ap.parse_args()
    lines = examples()
    rng = random.Random(12)
    held = set(rng.sample(range(len(lines)), len(lines) // 10)) if args.check else set()
    tagged = []
    for k in range(0, len(lines), 2000):
        units = tag_units(lines[k:k + 2000], "en")
        if units is None:
            sys.exit("Apertium's English tagger (apertium-eng-spa) is not installed")
        tagged += units
    train = [s for k, u in enumerate(tagged) if k not in held for s in symbols(u, "en")]
    model = count_trigrams(train, f"WordNet 3.0 example sentences ({len(lines) - len(held)} of 4+ words), "
                                  "Apertium eng-spa tags; bench/flag_fluency_model.py")
    print(f"{len(lines)} examples, {sum(len(s) for s in train)} symbols, {len(model.trigrams)} trigram types",
          file=sys.stderr)
    if args.check:
        def mean(units):
            xs = [x for s in symbols(units, "en") for x in model.surprisals(s)]
            return sum(xs) / len(xs) if xs else 0.0
        test = [lines[k] for k in sorted(held) if len(lines[k].split()) >= 8]
        shuffled = []
        for t in test:
            w = t.split()
            rng.shuffle(w)
            shuffled.append(" ".join(w))
        real = [mean(u) for u in tag_units(test, "en")]
        salad = [mean(u) for u in tag_units(shuffled, "en")]
        print(f"held-out examples (8+ words): {len(test)}; mean surprisal per word real {statistics.mean(real):.2f}, "
              f"shuffled {statistics.mean(salad):.2f}; real < shuffled in {sum(r < s for r, s in zip(real, salad)) / len(test):.1%}")
        return
    OUT.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
