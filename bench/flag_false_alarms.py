"""False alarms of the span detectors on human translations: TransRead gold beads (fr->en).

    /work/main/.venv/bin/python bench/flag_false_alarms.py

Every bead of the six TransRead books' gold alignment with text on both sides is a
faithful (if literary, and tokenised) human translation, so every flag on it is a
false alarm or a liberty of the translator. Printed: the share of beads with a flag of
each category, for all detectors that need no embedder (the omission check is measured
on DEMETR by bench/flag_omissions.py). The tokenised English ("it 's", "Alice ,") makes
punctuation flags expected here; they are listed but say nothing about precision.
Baseline in the same run: the share of beads where the source and the target differ in
the mere presence of a negation word, a question mark or "will" (the naive rules the
polarity, mood and tense checks refine).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align_common import BOOKS, load_pair  # noqa: E402

from evalkit.flag import find_flags  # noqa: E402
from evalkit.records import Bead, ScoredBead  # noqa: E402

NAIVE = {
    "polarity": (re.compile(r"\b(?:ne|n'|pas|jamais|rien|aucun)\b", re.I), re.compile(r"\b(?:not|never|no|nothing)\b|n\s?'t\b", re.I)),
    "mood": (re.compile(r"\?"), re.compile(r"\?")),
    "tense": (re.compile(r"$^"), re.compile(r"\bwill\b|'ll\b", re.I)),
}


def main() -> None:
    per_cat: Counter = Counter()
    naive: Counter = Counter()
    n = 0
    for name in BOOKS:
        s, t, g, sl, tl = load_pair(name)
        beads = []
        for a, b in g:
            if a and b:
                beads.append(ScoredBead(len(beads), Bead(tuple(a), tuple(b), 1.0, 0.99), " ".join(s[i] for i in a), " ".join(t[j] for j in b)))
        n += len(beads)
        flags = find_flags(beads, sl, tl, embedder=None)
        for cat in {(f.bead, f.category) for f in flags}:
            per_cat[cat[1]] += 1
        for b in beads:
            for cat, (ps, pt) in NAIVE.items():
                naive[cat] += bool(ps.search(b.src_text)) != bool(pt.search(b.tgt_text))
    print(f"TransRead gold beads (fr->en human translation): {n}")
    print(f"{'category':14s} beads with a flag   naive rule (same run)")
    for cat, k in sorted(per_cat.items(), key=lambda kv: -kv[1]):
        base = f"{naive[cat] / n:.3f}" if cat in naive else ""
        print(f"{cat:14s} {k:6d}  {k / n:.3f}      {base}")


if __name__ == "__main__":
    main()
