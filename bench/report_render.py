"""How report writing and the gate's bootstrap scale with document size.

Prints, for synthetic evaluations of growing size: time to build the report
dict, render HTML and JSON, the HTML size, and the ratio of HTML rendering to
a plain ``json.dumps`` of the same data (the cheapest possible export, measured
in the same run). Then the cost of 1000-resample bootstrap intervals for
corpus BLEU/chrF/TER relative to one sacreBLEU corpus score.

Run: /work/main/.venv/bin/python bench/report_render.py
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from evalkit.records import Alignment, Bead, Document, Evaluation, Flag, ScoredBead, Segment  # noqa: E402

WORDS = ("le la les un une des chat maison rapport agence contrat police données nuage sécurité "
         "the a of agency contract police data cloud security report house cat").split()


def synthetic(n: int, seed: int = 0) -> Evaluation:
    rng = random.Random(seed)
    src_segs, tgt_segs, beads, sbs = [], [], [], []
    for i in range(n):
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."
        t = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + "."
        src_segs.append(Segment(i, s, "body", 0, len(s)))
        tgt_segs.append(Segment(i, t, "body", 0, len(t)))
        b = Bead((i,), (i,), rng.random(), rng.random())
        sb = ScoredBead(i, b, s, t, {"similarity": 0.8 + 0.15 * rng.random(), "chrf": 100 * rng.random()})
        if rng.random() < 0.2:
            w = t.split()[0]
            sb.flags.append(Flag(i, t, w, 0, len(w), rng.choice(["number", "omission", "term"]),
                                 rng.choice(["minor", "major", "critical"]), "synthetic flag", "bench"))
        beads.append(b)
        sbs.append(sb)
    al = Alignment(Document("s", "fr", "", src_segs), Document("t", "en", "", tgt_segs), beads, "parallel", 1.0, 1.0)
    return Evaluation(al, sbs, signals=["similarity:bench"])


def timed(fn, repeat: int = 3):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    from evalkit.report.html import render_html
    from evalkit.report.json_export import to_json
    from evalkit.report.model import build_report

    print("beads  build_s  html_s  json_s  html_MB  html/json.dumps")
    for n in (100, 1000, 5000):
        ev = synthetic(n)
        tb, rep = timed(lambda: build_report(ev, "bench"))
        th, html = timed(lambda: render_html(rep))
        tj, _ = timed(lambda: to_json(rep))
        td, _ = timed(lambda: json.dumps(rep))
        print(f"{n:5d}  {tb:7.3f}  {th:6.3f}  {tj:6.3f}  {len(html.encode()) / 1e6:7.2f}  {th / td:8.1f}x")

    from evalkit.metrics import corpus_metric
    import sacrebleu

    rng = random.Random(1)
    print("\nsegments  metric  corpus_score_s  with_1000_bootstrap_s  ratio")
    for n in (500, 2000):
        refs = [" ".join(rng.choice(WORDS) for _ in range(20)) for _ in range(n)]
        hyps = [" ".join(w if rng.random() < 0.7 else rng.choice(WORDS) for w in r.split()) for r in refs]
        for name, fn in (("bleu", sacrebleu.corpus_bleu), ("chrf", sacrebleu.corpus_chrf), ("ter", sacrebleu.corpus_ter)):
            t0, _ = timed(lambda: fn(hyps, [refs]), repeat=1)
            t1, _ = timed(lambda: corpus_metric(name, hyps, refs), repeat=1)
            print(f"{n:8d}  {name:6s}  {t0:14.3f}  {t1:21.3f}  {t1 / t0:5.1f}x")


if __name__ == "__main__":
    main()
