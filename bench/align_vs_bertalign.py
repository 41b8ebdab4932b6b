"""Alignment search time against Bertalign's, on the same real vectors, and its growth for 2x input.

Input: five TransRead novels concatenated (Alice, Candide, Swann, Travailleurs, Vingt mille
lieues: 3,965 x 4,064 sentences) and the same five twice over (7,930 x 8,128). Vectors: USE v3
(the aligner's default embedder), read from the benchmark cache (/tmp/evalkit-cache/align-emb,
filled on the first run). Every text either search asks for (sentences and merged runs of up to 4
sentences, both sides) is embedded before the clock starts and handed over in a memo, so neither
timing includes any embedding: an embedder that is asked for anything raises.

Timed, each size in its own process (peak RSS per process, and "(evalkit)": the peak once the
vectors are loaded and evalkit has searched, before either Bertalign runs; the baseline
revision's children run evalkit only, so compare that column):
* evalkit: ``align_segments`` whole (search space, gains, DP, post-pass, confidences and the
  verdict with its order test) with ``runs="embed"`` (what the vectors were made for);
* Bertalign's algorithm (bench/align_baseline.py, published defaults), same memo, twice: in
  numpy (``bertalign``) and compiled as Bertalign's own code runs it (``bertalign_compiled``:
  faiss top-k, numba DP loops; its search alone is timed apart from gathering the run vectors
  into its layout, and numba's compile time is spent on a tiny input first and printed beside).
  The compiled one needs numba and faiss-cpu (the ``bench`` extra, e.g. ``pip install --target
  DIR numba faiss-cpu`` and ``PYTHONPATH=DIR``); without them it is skipped with a message;
* evalkit's order test alone (the part of the verdict that re-aligns shuffles).

Everything runs on one thread: the children get OMP_NUM_THREADS=1 (BLAS, faiss's OpenMP) and
NUMBA_NUM_THREADS=1. The two Bertalign alignments are compared bead by bead (same beads or not).

The language-ID tables (wordfreq lists, loaded once per process by the same-language check)
are loaded before the clock starts and their time printed apart: they are not search.

    PYTHONPATH=/work/bench-extra /work/main/.venv/bin/python bench/align_vs_bertalign.py [--repeat 3] [--profile FILE] [--baseline REV]

``--baseline REV``: REV's code (``git archive`` into a temporary folder, this script copied
in) timed the same way, one run of each in turn so that a shared machine's load falls on both
(evalkit only: the Bertalign baselines are timed in this tree).
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


def _bead_ids(beads) -> list:
    """Beads as (src ids, tgt ids), sorted: a null bead is its segment whichever side of a skip it was taken on."""
    return sorted((tuple(range(b.i0, b.i1)), tuple(range(b.j0, b.j1))) for b in beads)


def _compiled(fr: list[str], en: list[str], memo: dict) -> tuple[object, dict] | str:
    """The compiled Bertalign run (warmed: JIT done) and its info, or why it is skipped."""
    try:
        import align_baseline as ab
    except ImportError as e:
        return f"compiled Bertalign baseline skipped: {e}"
    why = ab.compiled_available() if hasattr(ab, "compiled_available") else "compiled Bertalign baseline skipped: not in this tree"
    if why:
        return why
    import faiss
    import numba

    faiss.omp_set_num_threads(1)
    numba.set_num_threads(1)
    info = {"jit": ab.warm_compiled(), "timings": {}}
    return (lambda: ab.bertalign_compiled(fr, en, NoEmbedder(), dict(memo), timings=info["timings"])), info


def one(copies: int, repeat: int, profile: str | None, only_ours: bool = False) -> dict:
    """Best-of-``repeat`` seconds for the searches and the order test, on one input size."""
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
    comp, skipped = None, None
    if profile:
        import cProfile

        prof = cProfile.Profile(time.process_time)  # CPU seconds: a loaded machine distorts them less
        prof.runcall(ours)
        prof.dump_stats(profile)
    t_ours, t_base, t_order, c_ours, c_base, c_order = [], [], [], [], [], []
    t_comp, c_comp, t_search, c_search = [], [], [], []
    verdict, same = "", None
    peak_ours = 0.0
    for _ in range(repeat):
        dt, ct, r = _timed(ours)
        t_ours.append(dt)
        c_ours.append(ct)
        verdict = r.alignment.verdict
        # the vectors (memo) and evalkit's search, before either Bertalign adds its own arrays
        # (and before numba, llvmlite and faiss are imported: ~170 MB)
        peak_ours = peak_ours or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not only_ours and comp is None and skipped is None:
            comp = _compiled(fr, en, memo)
            if isinstance(comp, str):
                skipped, comp = comp, None
                print(skipped, file=sys.stderr)
        if not only_ours:
            dt, ct, numpy_beads = _timed(base)
            t_base.append(dt)
            c_base.append(ct)
        if comp is not None:
            run, info = comp
            dt, ct, comp_beads = _timed(run)
            t_comp.append(dt)
            c_comp.append(ct)
            t_search.append(info["timings"]["search"])
            c_search.append(info["timings"]["cpu_search"])
            a, b = _bead_ids(numpy_beads), _bead_ids(comp_beads)
            same = f"{len(set(a) ^ set(b))} beads differ of {len(a)} / {len(b)}" if a != b else f"same {len(a)} beads"
        k = min(len(fr), 3000)  # the aligner's leading block (aligner._finish)
        X, Y = r.ctx.Es[:k], r.ctx.Et[: max(8, int(round(len(en) * k / len(fr))))]
        dt, ct, _ = _timed(lambda: order_test(X, Y))
        t_order.append(dt)
        c_order.append(ct)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best = lambda xs: min(xs) if xs else None  # noqa: E731
    return {"n": len(fr), "m": len(en), "ours": min(t_ours), "base": best(t_base), "order": min(t_order),
            "cpu_ours": min(c_ours), "cpu_base": best(c_base), "cpu_order": min(c_order),
            "comp": best(t_comp), "cpu_comp": best(c_comp), "search": best(t_search), "cpu_search": best(c_search),
            "jit": comp[1]["jit"] if comp is not None else None, "same": same, "skipped": skipped,
            "verdict": verdict, "beads": len(r.alignment.beads), "peak_mb": peak, "peak_ours_mb": peak_ours, "tables": tables,
            "all_ours": t_ours, "all_base": t_base, "all_cpu_ours": c_ours, "all_cpu_search": c_search}


def _baseline_tree(rev: str) -> Path:
    """REV's files in a temporary folder (``git archive``), with this script in its bench/."""
    tree = Path(tempfile.mkdtemp(prefix="align-vs-bertalign-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.copy(__file__, tree / "bench" / Path(__file__).name)
    return tree


def _child(script: Path, copies: int, repeat: int, profile: str | None, only_ours: bool = False) -> dict:
    cmd = [sys.executable, str(script), "--child", str(copies), "--repeat", str(repeat)]
    if profile:
        cmd += ["--profile", profile]
    if only_ours:
        cmd += ["--only-ours"]
    # the tree's root first (its evalkit), then whatever the caller had (the bench extras); one thread
    path = os.pathsep.join(p for p in (str(script.parents[1]), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONPATH=path, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               NUMBA_NUM_THREADS="1")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _merge(runs: list[dict]) -> dict:
    """Best of the interleaved runs of one tree and size (peak RSS: the largest)."""
    out = dict(runs[0])
    for key in ("ours", "base", "order", "cpu_ours", "cpu_base", "cpu_order", "comp", "cpu_comp", "search", "cpu_search", "jit"):
        vals = [r[key] for r in runs if r.get(key) is not None]
        out[key] = min(vals) if vals else None
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    out["peak_ours_mb"] = max(r.get("peak_ours_mb", 0.0) for r in runs)
    for key in ("all_ours", "all_base", "all_cpu_ours", "all_cpu_search"):
        out[key] = [t for r in runs for t in r.get(key, [])]
    out["same"] = sorted({r.get("same") for r in runs if r.get("same")})
    return out


def _f(x, fmt: str = "9.2f") -> str:
    return format(x, fmt) if x is not None else format("-", ">" + fmt.split(".")[0])


def _ratio(a, b) -> str:
    return f"{a / b:6.2f}" if a is not None and b else f"{'-':>6}"


def _table(label: str, rows: list[dict]) -> None:
    print(f"{label}:")
    print(f"{'input':>20} | {'CPU s: evalkit':>14} {'order test':>10} {'Bertalign numpy':>15} {'compiled':>8} "
          f"{'(search)':>8} {'JIT':>5} | {'ratio to numpy':>14} {'to compiled':>11} {'(search)':>8} | "
          f"{'wall s: evalkit':>15} {'numpy':>6} {'compiled':>8} {'(search)':>8} | {'peak MB':>7} {'(evalkit)':>9}  verdict")
    for r in rows:
        print(f"{r['n']:>9} x {r['m']:<8} | {r['cpu_ours']:14.2f} {r['cpu_order']:10.2f} {_f(r['cpu_base'], '15.2f')} "
              f"{_f(r['cpu_comp'], '8.2f')} {_f(r['cpu_search'], '8.2f')} {_f(r['jit'], '5.1f')} | "
              f"{_ratio(r['cpu_ours'], r['cpu_base']):>14} {_ratio(r['cpu_ours'], r['cpu_comp']):>11} "
              f"{_ratio(r['cpu_ours'], r['cpu_search']):>8} | {r['ours']:15.2f} {_f(r['base'], '6.2f')} "
              f"{_f(r['comp'], '8.2f')} {_f(r['search'], '8.2f')} | {r['peak_mb']:7.0f} {r['peak_ours_mb']:9.0f}  {r['verdict']} ({r['beads']} beads)")
    a, b = rows
    growth = lambda k: f"x{b[k] / a[k]:.2f}" if a.get(k) and b.get(k) else "-"  # noqa: E731
    print(f"growth for 2x input, CPU: evalkit {growth('cpu_ours')}, Bertalign numpy {growth('cpu_base')}, "
          f"compiled {growth('cpu_comp')} (search {growth('cpu_search')}); wall: evalkit {growth('ours')}")
    for r in rows:
        if r.get("same"):
            print(f"  {r['n']} x {r['m']}: compiled vs numpy Bertalign: {'; '.join(r['same'])}")
        if r.get("skipped"):
            print(f"  {r['skipped']}")
    print("all runs:", json.dumps({f"{r['n']}": {"evalkit wall": np.round(r["all_ours"], 2).tolist(),
                                                  "evalkit CPU": np.round(r["all_cpu_ours"], 2).tolist(),
                                                  "numpy Bertalign wall": np.round(r["all_base"], 2).tolist(),
                                                  "compiled search CPU": np.round(r["all_cpu_search"], 3).tolist()} for r in rows}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", type=int, default=0)
    ap.add_argument("--profile", default=None, help="cProfile evalkit's search on the 1x input into FILE")
    ap.add_argument("--baseline", default=None, help="a git revision timed the same way, its runs interleaved with these")
    ap.add_argument("--only-ours", action="store_true", help=argparse.SUPPRESS)  # the baseline tree's children
    args = ap.parse_args()
    if args.child:
        prof = args.profile if args.child == 1 else None
        print(json.dumps(one(args.child, args.repeat, prof, args.only_ours)))
        return
    here = Path(__file__).resolve()
    trees = {"this tree": here}
    if args.baseline:
        trees[f"baseline {args.baseline}"] = _baseline_tree(args.baseline) / "bench" / here.name
    runs: dict[tuple[str, int], list[dict]] = {}
    if args.profile:  # a process of its own: the profiled run would warm the timed one's caches
        for label, script in trees.items():
            _child(script, 1, 1, args.profile + ("" if label == "this tree" else ".baseline"), True)
    # one run of each tree in turn, `repeat` rounds: a shared machine's load falls on both alike
    for rnd in range(args.repeat):
        for label, script in trees.items():
            for copies in (1, 2):
                runs.setdefault((label, copies), []).append(_child(script, copies, 1, None, label != "this tree"))
    rows = {label: [_merge(runs[(label, c)]) for c in (1, 2)] for label in trees}
    for label, script in trees.items():
        if label != "this tree":
            shutil.rmtree(script.parents[1], ignore_errors=True)  # the baseline's temporary checkout
    print(f"USE v3 vectors from the cache, no embedding timed; best of {args.repeat} interleaved runs; one thread "
          "(BLAS, faiss, numba); CPU and wall-clock seconds")
    print("compiled = Bertalign as its own code runs it (faiss top-k, numba DP), whole call (run vectors gathered from "
          "the memo into its layout) and (search) alone; JIT = numba's compile time, spent before the clock")
    for label, rr in rows.items():
        _table(label, rr)
    print(f"(not timed above: loading the language-ID tables, once per process: {rows['this tree'][0]['tables']:.1f} s)")
    print("targets (issue 12): ratio to Bertalign <= 3 (its own, compiled code), growth <= 2.3 for 2x input")


if __name__ == "__main__":
    main()
