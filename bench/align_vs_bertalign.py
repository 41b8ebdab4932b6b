"""Alignment search time against Bertalign's, on the same real vectors, and its growth for 2x input.

Input: five TransRead novels concatenated (Alice, Candide, Swann, Travailleurs, Vingt mille
lieues: 3,965 x 4,064 sentences) and the same five twice over (7,930 x 8,128). Vectors: USE v3
(the aligner's default embedder), read from the benchmark cache (/tmp/evalkit-cache/align-emb,
filled on the first run). Every text either search asks for (sentences and merged runs of up to 4
sentences, both sides) is embedded before the clock starts and handed over in a memo, so neither
timing includes any embedding: an embedder that is asked for anything raises.

Timed, each size in its own process (peak RSS per process):
* evalkit: ``align_segments`` whole (search space, gains, DP, post-pass, confidences and the
  verdict with its order test) with ``runs="embed"`` (what the vectors were made for);
* Bertalign's algorithm (bench/align_baseline.py, published defaults), same memo;
* evalkit's order test alone (the part of the verdict that re-aligns shuffles).

The language-ID tables (wordfreq lists, loaded once per process by the same-language check)
are loaded before the clock starts and their time printed apart: they are not search.

    /work/main/.venv/bin/python bench/align_vs_bertalign.py [--repeat 3] [--profile FILE] [--baseline REV]

``--baseline REV``: REV's code (``git archive`` into a temporary folder, this script copied
in) timed the same way, one run of each in turn so that a shared machine's load falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from align_common import BOOKS, CACHE, ROOT, get_embedder, load_pair, set_threads

FIVE = BOOKS[:5]


class NoEmbedder:
    """Stands in for the embedder once every vector is in the memo: embedding is never timed."""

    name = "memo-only"

    def encode(self, texts):
        raise RuntimeError(f"asked to embed {len(list(texts))} texts inside the timed search")


def corpus(copies: int) -> tuple[list[str], list[str]]:
    """The five novels concatenated, ``copies`` times over (same texts, so same vectors)."""
    fr: list[str] = []
    en: list[str] = []
    for _ in range(copies):
        for b in FIVE:
            s, t, _, _, _ = load_pair(b)
            fr += s
            en += t
    return fr, en


def fill_memo(fr: list[str], en: list[str], max_run: int = 4) -> dict:
    """Every sentence and run (up to ``max_run``) of both sides, embedded once (cached on disk)."""
    from evalkit.align.embedding import RunEmbeddings

    store = CACHE / f"align-vs-bertalign-{len(fr)}x{len(en)}.pkl"  # one file: children start fast
    if store.exists():
        with open(store, "rb") as f:
            texts, vectors = pickle.load(f)
        return dict(zip(texts, vectors))
    memo: dict = {}
    emb = get_embedder("use-v3")
    for side in (fr, en):
        r = RunEmbeddings(side, emb, memo)
        for k in range(1, max_run + 1):
            r.ensure(k)
    with open(store, "wb") as f:
        pickle.dump((list(memo), np.stack(list(memo.values()))), f)
    return memo


def _timed(fn) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of ``fn()`` (one thread: CPU time is what a shared machine's load distorts least)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def one(copies: int, repeat: int, profile: str | None) -> dict:
    """Best-of-``repeat`` seconds for both searches and the order test, on one input size."""
    set_threads()
    from align_baseline import bertalign

    from evalkit.align import AlignOptions, align_segments
    from evalkit.align.verdict import order_test
    from evalkit.records import Document

    fr, en = corpus(copies)
    memo = fill_memo(fr, en)
    from evalkit.langid import guess_language

    t0 = time.perf_counter()
    guess_language("le chat dort")  # the language tables load once per process: not search time
    tables = time.perf_counter() - t0
    src, tgt = Document.from_lines(fr, "fr"), Document.from_lines(en, "en")
    opts = AlignOptions(runs="embed")
    ours = lambda: align_segments(src, tgt, NoEmbedder(), options=opts, memo=dict(memo))  # noqa: E731
    base = lambda: bertalign(fr, en, NoEmbedder(), dict(memo))  # noqa: E731
    if profile:
        import cProfile

        prof = cProfile.Profile(time.process_time)  # CPU seconds: a loaded machine distorts them less
        prof.runcall(ours)
        prof.dump_stats(profile)
    t_ours, t_base, t_order, c_ours, c_base, c_order = [], [], [], [], [], []
    verdict = ""
    for _ in range(repeat):
        dt, ct, r = _timed(ours)
        t_ours.append(dt)
        c_ours.append(ct)
        verdict = r.alignment.verdict
        dt, ct, _ = _timed(base)
        t_base.append(dt)
        c_base.append(ct)
        k = min(len(fr), 3000)  # the aligner's leading block (aligner._finish)
        X, Y = r.ctx.Es[:k], r.ctx.Et[: max(8, int(round(len(en) * k / len(fr))))]
        dt, ct, _ = _timed(lambda: order_test(X, Y))
        t_order.append(dt)
        c_order.append(ct)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": len(fr), "m": len(en), "ours": min(t_ours), "base": min(t_base), "order": min(t_order),
            "cpu_ours": min(c_ours), "cpu_base": min(c_base), "cpu_order": min(c_order),
            "verdict": verdict, "beads": len(r.alignment.beads), "peak_mb": peak, "tables": tables, "all_ours": t_ours, "all_base": t_base}


def _baseline_tree(rev: str) -> Path:
    """REV's files in a temporary folder (``git archive``), with this script in its bench/."""
    tree = Path(tempfile.mkdtemp(prefix="align-vs-bertalign-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.copy(__file__, tree / "bench" / Path(__file__).name)
    return tree


def _child(script: Path, copies: int, repeat: int, profile: str | None) -> dict:
    cmd = [sys.executable, str(script), "--child", str(copies), "--repeat", str(repeat)]
    if profile:
        cmd += ["--profile", profile]
    env = dict(os.environ, PYTHONPATH=str(script.parents[1]))
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _merge(runs: list[dict]) -> dict:
    """Best of the interleaved runs of one tree and size (peak RSS: the largest)."""
    out = dict(runs[0])
    for key in ("ours", "base", "order", "cpu_ours", "cpu_base", "cpu_order"):
        out[key] = min(r[key] for r in runs)
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    out["all_ours"] = [t for r in runs for t in r["all_ours"]]
    out["all_base"] = [t for r in runs for t in r["all_base"]]
    return out


def _table(label: str, rows: list[dict]) -> None:
    print(f"{label}:")
    print(f"{'input':>20} | {'evalkit s':>9} {'order test s':>12} {'Bertalign s':>11} {'ratio':>5} | "
          f"{'CPU s: evalkit':>14} {'order test':>10} {'Bertalign':>9} {'ratio':>5} | {'peak MB':>7}  verdict")
    for r in rows:
        print(f"{r['n']:>9} x {r['m']:<8} | {r['ours']:9.2f} {r['order']:12.2f} {r['base']:11.2f} {r['ours'] / r['base']:5.2f} | "
              f"{r['cpu_ours']:14.2f} {r['cpu_order']:10.2f} {r['cpu_base']:9.2f} {r['cpu_ours'] / r['cpu_base']:5.2f} | "
              f"{r['peak_mb']:7.0f}  {r['verdict']} ({r['beads']} beads)")
    a, b = rows
    print(f"growth for 2x input: evalkit x{b['ours'] / a['ours']:.2f} (CPU x{b['cpu_ours'] / a['cpu_ours']:.2f}), "
          f"Bertalign x{b['base'] / a['base']:.2f} (CPU x{b['cpu_base'] / a['cpu_base']:.2f})")
    print("all runs, wall s:", json.dumps({f"{r['n']}": {"evalkit": np.round(r["all_ours"], 2).tolist(),
                                                          "bertalign": np.round(r["all_base"], 2).tolist()} for r in rows}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", type=int, default=0)
    ap.add_argument("--profile", default=None, help="cProfile evalkit's search on the 1x input into FILE")
    ap.add_argument("--baseline", default=None, help="a git revision timed the same way, its runs interleaved with these")
    args = ap.parse_args()
    if args.child:
        prof = args.profile if args.child == 1 else None
        print(json.dumps(one(args.child, args.repeat, prof)))
        return
    here = Path(__file__).resolve()
    trees = {"this tree": here}
    if args.baseline:
        trees[f"baseline {args.baseline}"] = _baseline_tree(args.baseline) / "bench" / here.name
    runs: dict[tuple[str, int], list[dict]] = {}
    # one run of each tree in turn, `repeat` rounds: a shared machine's load falls on both alike
    for rnd in range(args.repeat):
        for label, script in trees.items():
            for copies in (1, 2):
                prof = None
                if args.profile and rnd == 0:
                    prof = args.profile + ("" if label == "this tree" else ".baseline")
                runs.setdefault((label, copies), []).append(_child(script, copies, 1, prof))
    rows = {label: [_merge(runs[(label, c)]) for c in (1, 2)] for label in trees}
    for label, script in trees.items():
        if label != "this tree":
            shutil.rmtree(script.parents[1], ignore_errors=True)  # the baseline's temporary checkout
    print(f"USE v3 vectors from the cache, no embedding timed; best of {args.repeat} interleaved runs; BLAS at 1 thread;"
          " wall-clock and CPU seconds")
    for label, rr in rows.items():
        _table(label, rr)
    print(f"(not timed above: loading the language-ID tables, once per process: {rows['this tree'][0]['tables']:.1f} s)")
    print("targets (issue 12): ratio to Bertalign <= 3, growth <= 2.3 for 2x input")


if __name__ == "__main__":
    main()
