"""Omissions and additions: content words with no counterpart on the other side.

Built on the word aligner (:mod:`evalkit.flag.wordalign`: contextual token vectors,
mutual-argmax links, plus dictionary/cognate/identical-string links). Paraphrase is
normal, so a word is reported only when independent signals agree:

1. **no link**: the word has neither a vector link nor a lexical one;
2. **empty gap**: no unlinked content word sits on the other side where its counterpart
   should be (between the renderings of its linked neighbours). An unlinked source word
   facing an unlinked target word is a paraphrase the aligner missed ("président" /
   "Speaker"), not a loss;
3. **the omission model**: for omissions, a logistic model fitted on development data
   (``data/flag_omissions.toml``, ``bench/omission_fit.py``) weighs the evidence into one
   probability: the *deletion test* (the source without the word is closer to the
   translation than the full source: a translated word makes it *less* similar), how far
   below its linked neighbours the word's best target match lies, whether the dictionary
   knows the word (so none of its translations or look-alikes is in the target) or it is a
   number/name (no identical string), its class and frequency, and how loosely the bead is
   translated around it. No single signal decides; the fitted thresholds give major and
   minor flags. Additions get their own model over the same evidence, the deletion test
   run on the target side.

Content words: not function words, informative by wordfreq (Zipf <= 6), or numbers.
An omission is flagged on the target word next to where the missing word belongs (the
rendering of its nearest linked neighbour: "armes nucléaires" -> "nuclear"), with the
missing word as ``src_span``; an addition on the added word. Severity comes from the model's
probability.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from evalkit.flag.base import FlagContext, Pair, make_flag
from evalkit.flag.bilingual import BilingualDictionary, load_dictionary
from evalkit.flag.entities import capitalised_common_noun, name_runs, named_nearby
from evalkit.text import Token, fold, has_word, stopwords, tokenize, zipf
from evalkit.flag.glosses import glosses
from evalkit.flag.resources import acronym_equivalents
from evalkit.flag.wordalign import Glosses, TokenVectors, WordAlignment, align, cognate, words
from evalkit.errors import EvalkitError
from evalkit.records import Flag
from evalkit.text.profiles import pair_profile, profile

MAX_ZIPF = 6.0  # more frequent words ("fait", "made") carry little information of their own
GAP_REACH = 1  # target words either side of the neighbours' renderings that may hold the counterpart
MIN_LINKED_SHARE = 0.6  # beads with fewer linked content words are not translations of each other
_cognate = cognate  # kept for callers of the earlier API


def is_content(tok: Token, lang: str) -> bool:
    """Numbers and informative words; not function words."""
    return _is_content(tok.text, lang)


@lru_cache(maxsize=200_000)
def _is_content(text: str, lang: str) -> bool:
    """:func:`is_content` by the word's text (asked ~250 times a segment for the same words)."""
    if text.isdigit():
        return len(text) > 1 and text.strip("0") != ""  # "18 h 00": the 00 says nothing
    f = fold(text)
    if len(f) < 3 or not f.isalpha() or f in stopwords(lang) or text in stopwords(lang):
        return False
    return zipf(text.lower(), lang) <= MAX_ZIPF


def word_class(tok: Token, lang: str, dic: BilingualDictionary | None, first: bool, other_lang: str = "en") -> str:
    """'number', 'name', 'modifier' (adjective/adverb) or 'core' (noun/verb/unknown).

    A capital is evidence of a name except where every noun has one (German): there
    :func:`~evalkit.flag.entities.capitalised_common_noun` decides, against ``other_lang``."""
    if any(c.isdigit() for c in tok.text):
        return "number"
    if tok.text[0].isupper() and not first and not (
            profile(lang).get("nouns_capitalised", False) and capitalised_common_noun(tok.text, lang, other_lang, dic)):
        return "name"
    tags = dic.pos(tok.text, lang) if dic else set()
    f = fold(tok.text)
    if (tags and tags <= {"adj", "adv"}) or any(f.endswith(s) for s in profile(lang).get("adverb_suffixes", ())):
        return "modifier"
    return "core"


@dataclass(frozen=True)
class Candidate:
    """A word with no counterpart, waiting for the deletion test."""

    pair: Pair
    kind: str  # "omission" | "addition"
    word: Token  # source word (omission) or target word (addition)
    anchor: Token  # target span to flag
    cls: str  # word_class
    verdict: str  # "dictionary" | "identity" | "" (the deletion test must decide)
    drop: float = 0.0  # best cosine of the word on the other side minus the median best of linked words
    free_words: int = 0  # unlinked content words on the word's side of the bead (itself included)
    free_share: float = 0.0  # ... as a share of that side's content words (paraphrase leaves many)
    gap: int = 0  # positions on the other side where its counterpart should be
    zipf: float = 0.0  # the word's frequency in its language (wordfreq Zipf)
    beside: tuple[Token, ...] = ()  # omissions: the renderings of its nearest linked neighbours, left and right

    def texts(self) -> tuple[str, str, str]:
        """(full side, side without the word, other side) for the deletion test."""
        own, other = (self.pair.src, self.pair.tgt) if self.kind == "omission" else (self.pair.tgt, self.pair.src)
        less = (own[: self.word.start] + own[self.word.end:]).replace("  ", " ")
        return own, less, other


def _shortened_name(a: WordAlignment, i: int, tgt: str) -> bool:
    """Source name word ``i`` sits next to another capitalised name word that the target keeps."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(a.src):
            other = a.src[k].text
            if other[:1].isupper() and has_word(tgt, other):
                return True
    return False


def _translated_name(a: WordAlignment, i: int, src: str, lang: str) -> bool:
    """Source name word ``i`` belongs to a run of capitalised words (with connectors: "Cúpula de
    Hierro") another of whose words the target renders by a translation: the name was translated as
    a unit ("Iron Dome"), so its other words are not missing. A word kept as the same string says
    the name was kept, not translated ("Olympique de Marseille" -> "Olympique Lyonnais" is a change)."""
    w = a.src[i]
    for run in name_runs(src, drop_initial=False):
        if run.start <= w.start < run.end:
            starts = set(run.starts) - {w.start}
            return any(t.start in starts and t.text[:1].isupper() and is_content(t, lang) and a.src_partners(k)
                       and not any(fold(a.tgt[j].text) == fold(t.text) for j in a.src_partners(k))
                       for k, t in enumerate(a.src))  # an article ("El País") says nothing
    return False


def _gap(a: WordAlignment, i: int, side: str) -> list[int]:
    """Positions on the other side where the counterpart of word ``i`` should be."""
    toks = a.src if side == "src" else a.tgt
    partners = a.src_partners if side == "src" else a.tgt_partners
    n_other = len(a.tgt if side == "src" else a.src)
    near: list[int] = []
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(toks) and not partners(k):
            k += step
        if 0 <= k < len(toks):
            near += partners(k)
    if not near:
        return list(range(n_other))
    lo, hi = min(near) - GAP_REACH, max(near) + GAP_REACH
    if hi - lo > 8:  # crossing links: look only around each neighbour
        return sorted({x for j in near for x in range(j - GAP_REACH, j + GAP_REACH + 1) if 0 <= x < n_other})
    return [x for x in range(max(lo, 0), min(hi, n_other - 1) + 1)]


def _weak_link(a: WordAlignment, i: int, j: int) -> bool:
    """One-sided best match: source word ``i`` prefers ``j`` or ``j`` prefers ``i`` (a paraphrase the
    mutual test missed), among the words still unlinked."""
    return int(a.sim[i].argmax()) == j or int(a.sim[:, j].argmax()) == i


def _anchor(a: WordAlignment, i: int, langs: tuple[str, str]) -> Token:
    """Target word to flag for missing source word ``i``: the rendering of its nearest linked neighbour."""
    for d in range(1, len(a.src)):
        for k in (i + d, i - d):
            if 0 <= k < len(a.src) and a.src_partners(k) and fold(a.src[k].text) not in stopwords(
                    langs[0]) | stopwords(langs[1]):
                return a.tgt[min(a.src_partners(k), key=lambda j: abs(j - i))]
    return a.tgt[int(a.sim[i].argmax())] if a.tgt else Token("", 0, 0)


def _beside(a: WordAlignment, i: int, langs: tuple[str, str]) -> tuple[Token, ...]:
    """The target words a missing source word ``i`` belongs beside: the renderings of its nearest
    linked content neighbour on each side ("voiture rouge devant" -> "car", "front"), where the
    scorer tries it back (flag/restore.py)."""
    stop = stopwords(langs[0]) | stopwords(langs[1])
    out: list[Token] = []
    for rng in (range(i - 1, -1, -1), range(i + 1, len(a.src))):
        k = next((k for k in rng if a.src_partners(k) and fold(a.src[k].text) not in stop), None)
        if k is not None:
            t = a.tgt[min(a.src_partners(k), key=lambda j: abs(j - i))]
            if t not in out:
                out.append(t)
    return tuple(out)


def candidates(pair: Pair, vectors: TokenVectors, dic: BilingualDictionary | None = None,
               glosses: tuple[Glosses, Glosses] = ({}, {})) -> list[Candidate]:
    """Unlinked content words whose place on the other side holds no unlinked content word."""
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    a = align(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, vectors, dic, glosses)
    sl, tl = pair.src_lang, pair.tgt_lang
    src_content = [i for i, t in enumerate(a.src) if is_content(t, sl)]
    tgt_content = [j for j, t in enumerate(a.tgt) if is_content(t, tl)]
    if not src_content or not tgt_content:
        return []
    linked = [i for i in src_content if a.src_partners(i)]
    if len(linked) / len(src_content) < MIN_LINKED_SHARE:
        return []  # the bead does not look like a translation: misaligned, say nothing
    row_best = a.sim.max(axis=1)
    col_best = a.sim.max(axis=0)
    src_ref = float(np.median(row_best[linked]))
    tgt_linked = [j for j in tgt_content if a.tgt_partners(j)]
    tgt_ref = float(np.median(col_best[tgt_linked])) if tgt_linked else float(col_best.max())
    free_tgt = {j for j in tgt_content if not a.tgt_partners(j)}
    free_src = {i for i in src_content if not a.src_partners(i)}
    out: list[Candidate] = []
    for i in sorted(free_src):
        gap_free = free_tgt & set(_gap(a, i, "src"))
        if len(gap_free) > 1 or any(_weak_link(a, i, j) for j in gap_free):
            continue  # several unlinked words there ("an arm and a leg"), or one it prefers: a paraphrase
        w = a.src[i]
        cls = word_class(w, sl, dic, i == 0, tl)
        if cls == "name" and (_shortened_name(a, i, pair.tgt) or _translated_name(a, i, pair.src, sl)):
            continue  # "Stephen Arnold" -> "Arnold": news style; "Cúpula de Hierro" -> "Iron Dome": translated
        verdict = ""
        if cls in ("number", "name"):
            verdict = "identity"
        elif dic is not None and dic.translations(w.text, sl, tl):
            verdict = "dictionary"
        out.append(Candidate(pair, "omission", w, _anchor(a, i, (sl, tl)), cls, verdict, float(row_best[i]) - src_ref,
                             len(free_src), len(free_src) / len(src_content), len(_gap(a, i, "src")),
                             zipf(w.text.lower(), sl), _beside(a, i, (sl, tl))))
    for j in sorted(free_tgt):
        if free_src & set(_gap(a, j, "tgt")):
            continue  # additions are reported conservatively: any unlinked source word there may be its source
        w = a.tgt[j]
        if any(has_word(pair.src, f) for f in acronym_equivalents().get(w.text, ())):
            continue  # "CEO" for "PDG", "NATO" for "OTAN": a known equivalent is in the source
        out.append(Candidate(pair, "addition", w, w, word_class(w, tl, dic, j == 0, sl), "", float(col_best[j]) - tgt_ref,
                             len(free_tgt), len(free_tgt) / len(tgt_content), len(_gap(a, j, "tgt")),
                             zipf(w.text.lower(), tl)))
    return out


@dataclass(frozen=True)
class OmissionModel:
    """The fitted confirmation of omission (or addition) candidates (``data/flag_omissions.toml``): a logistic
    model over :func:`features`, and the probabilities at which a candidate becomes a major or a
    minor flag. Fitted and measured by ``bench/omission_fit.py`` (development halves only)."""

    intercept: float
    weights: dict[str, float]
    major: float
    minor: float

    def probability(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(w * feats[k] for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=2)
def omission_model(kind: str = "omission") -> OmissionModel:
    """The fitted model of one kind of candidate: "omission" or "addition"."""
    import tomllib

    from evalkit.flag.resources import data_path

    m = tomllib.loads(data_path("flag_omissions.toml").read_text(encoding="utf-8"))[kind]
    unknown = set(m["weights"]) - set(FEATURES)
    if unknown:
        raise EvalkitError(f"flag_omissions.toml: unknown features {sorted(unknown)} (known: {', '.join(FEATURES)})")
    return OmissionModel(float(m["intercept"]), {k: float(v) for k, v in m["weights"].items()},
                         float(m["major"]), float(m["minor"]))


# What the omission model reads of a candidate (scaled to comparable ranges).
FEATURES = ("delta", "drop", "dictionary", "identity", "modifier", "name", "number", "zipf",
            "free_words", "gap", "free_share")


def features(c: Candidate, delta: float) -> dict[str, float]:
    """A candidate's evidence for the omission model: the deletion test's similarity gain
    (hundredths of cosine), how far below its linked neighbours the word's best match lies
    (tenths), the dictionary/identity verdicts, its class, its frequency, and how loosely the
    bead is translated around it (unlinked words, their share, the width of the gap)."""
    return {"delta": 100 * delta, "drop": 10 * c.drop, "dictionary": float(c.verdict == "dictionary"),
            "identity": float(c.verdict == "identity"), "modifier": float(c.cls == "modifier"),
            "name": float(c.cls == "name"), "number": float(c.cls == "number"), "zipf": c.zipf,
            "free_words": float(min(c.free_words, 8)), "gap": min(c.gap, 12) / 4, "free_share": c.free_share}


def deltas(cands: list[Candidate], embedder) -> list[float]:
    """The deletion test of every candidate, in one batched ``encode``: the similarity of the side
    without the word to the other side, minus that of the full side (a translated word: < 0)."""
    texts: list[str] = []
    index: dict[str, int] = {}

    def slot(t: str) -> int:
        if t not in index:
            index[t] = len(texts)
            texts.append(t)
        return index[t]

    rows = [tuple(slot(t) for t in c.texts()) for c in cands]
    X = np.asarray(embedder.encode(texts), dtype=np.float32)
    return [float(X[less] @ X[other] - X[full] @ X[other]) for full, less, other in rows]


def confirm(cands: list[Candidate], embedder) -> list[Flag]:
    """Run the deletion test (one batched ``encode``) and turn the candidates the fitted models
    confirm into flags (severity from the probability)."""
    if not cands or embedder is None:
        return []
    flags = []
    for c, delta in zip(cands, deltas(cands, embedder)):
        model = omission_model(c.kind)
        prob = model.probability(features(c, delta))
        if prob >= model.minor:
            pronoun = _pronominalised(c)
            flags.append(_flag(c, delta, "major" if prob >= model.major and not pronoun else "minor", prob, pronoun))
    return flags


def _pronominalised(c: Candidate) -> bool:
    """A missing name the neighbouring target segments name: a pronoun or rephrasing here, probably
    (the single-name check's rule, :func:`evalkit.flag.entities.named_nearby`)."""
    w = c.word.text
    if c.kind != "omission" or not w[:1].isupper() or w.isupper() or not c.pair.tgt_context:
        return False  # (a sentence's first word is class "core", so the capital decides, as there)
    names = " ".join(t.text for t in tokenize(c.pair.tgt_context) if t.text[:1].isupper())
    return named_nearby(fold(w), names)


def _flag(c: Candidate, delta: float, severity: str, conf: float, pronoun: bool = False) -> Flag:
    p, w = c.pair, c.word
    why = {"dictionary": "none of its dictionary translations is there",
           "identity": "it does not occur in the translation",
           "": "no dictionary evidence"}[c.verdict]
    if c.kind == "omission":
        msg = (f"source word {w.text!r} has no counterpart in the translation ({why}; similarity gain "
               f"without it: {delta:+.3f}; omission model: p={conf:.2f}); it belonged next to {c.anchor.text!r}"
               + ("; the neighbouring segments name it: a pronoun here, probably" if pronoun else ""))
        return make_flag(p.index, p.tgt, c.anchor.start, c.anchor.end, "omission", severity, msg, "omissions",
                         conf, src=p.src, src_start=w.start, src_end=w.end)
    msg = (f"{w.text!r} has no counterpart in the source (similarity to the source gains "
           f"{delta:+.3f} without it; addition model: p={conf:.2f})")
    return make_flag(p.index, p.tgt, w.start, w.end, "addition", severity, msg, "omissions", conf)


def detect_pairs(pairs: list[Pair], embedder, dic: BilingualDictionary | None = None, *,
                 vectors: TokenVectors | None = None, memo: dict | None = None) -> list[Flag]:
    """Omission and addition flags for many beads (one ``encode`` call for all deletion tests).

    An embedder without token vectors (USE) gives no flags. ``vectors`` lets a caller
    reuse word vectors across calls.
    """
    return confirm(collect(pairs, embedder, dic, vectors=vectors, memo=memo), embedder)


def collect(pairs: list[Pair], embedder, dic: BilingualDictionary | None = None, *,
            vectors: TokenVectors | None = None, memo: dict | None = None) -> list[Candidate]:
    """The omission and addition candidates of many beads (token vectors in one batched call);
    none without an embedder that has token vectors."""
    if embedder is None:
        return []
    vectors = vectors or TokenVectors(embedder)
    cands: list[Candidate] = []
    by_dir: dict[tuple[str, str], tuple[Glosses, Glosses]] = {}
    for sl, tl in {(p.src_lang, p.tgt_lang) for p in pairs}:
        mine = [p for p in pairs if (p.src_lang, p.tgt_lang) == (sl, tl)]
        d = dic if dic is not None else load_dictionary(sl, tl)
        by_dir[(sl, tl)] = (d, *content_glosses(mine, sl, tl, memo))
    try:
        vectors.prefetch(token_texts(pairs))
        for p in pairs:
            d, *gl = by_dir[(p.src_lang, p.tgt_lang)]
            cands += candidates(p, vectors, d, tuple(gl))
    except EvalkitError:  # no token vectors in this model
        return []
    return cands


def content_glosses(pairs: Sequence[Pair], src_lang: str, tgt_lang: str,
                    memo: dict | None = None) -> tuple[Glosses, Glosses]:
    """Apertium glosses of the content words of both sides of ``pairs`` (source -> target stems,
    target -> source stems): one call a direction for the run. The word-order check and the
    coverage rule (flag/literal.py) ask for the same words, so their calls are hits in Apertium's
    persistent cache; with a run's ``memo`` (``FlagContext.glosses_memo``) they share one answer."""
    return (glosses(content_words([p.src for p in pairs], src_lang), src_lang, tgt_lang, memo),
            glosses(content_words([p.tgt for p in pairs], tgt_lang), tgt_lang, src_lang, memo))


def content_words(texts: Sequence[str], lang: str) -> list[str]:
    """The content words of ``texts``, in order: the one word list every check sends to Apertium for
    a side, so the run's memo and Apertium's cache answer the repeats."""
    return [w.text for t in texts for w in words(t) if is_content(w, lang)]


def token_texts(pairs: Sequence[Pair]) -> list[str]:
    """The texts whose token vectors :func:`detect_pairs` reads (both sides of every bead with text on
    both): prefetched in one batched call, and what the scoring stage's e5 pass may cache for it."""
    return [t for p in pairs if p.src.strip() and p.tgt.strip() for t in (p.src, p.tgt)]


def detect(pair: Pair, embedder, dic: BilingualDictionary | None = None) -> list[Flag]:
    """Omission/addition flags for one bead (see the module docstring)."""
    return detect_pairs([pair], embedder, dic)


class OmissionDetector:
    """Source content with no counterpart (omission) and target content with none (addition).

    Batched: one encoder call confirms the candidates of every bead.
    """

    name = "omissions"
    per_bead = True  # batched for speed, but each bead's flags depend on that bead alone (Ray shards)
    modes = frozenset({"pair"})

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.dictionary is None:
            names = pair_profile(ctx.src_lang, ctx.tgt_lang).get("freedict")
            return (f"needs the FreeDict dictionaries ({', '.join('dict-freedict-' + n for n in names)}), not installed"
                    if names else f"no bilingual dictionary for {ctx.src_lang}->{ctx.tgt_lang}")
        if not ctx.dictionary.supports(ctx.src_lang, ctx.tgt_lang):
            return f"no bilingual dictionary for {ctx.src_lang}->{ctx.tgt_lang}"
        if ctx.load_embedder is None:
            return "turned off (no embedder)"
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        mine = [p for p in pairs if p.src.strip() and p.tgt.strip()]
        if not mine:
            return []
        embedder = ctx.embedder()
        cands = collect(mine, embedder, ctx.dictionary, memo=ctx.glosses_memo)
        flags = confirm(cands, embedder)
        if ctx.load_scorer is None or not cands:
            return flags
        scorer = ctx.scorer()  # full checks: the scorer judges a restored word (flag/restore.py)
        if scorer is None:
            return flags
        from evalkit.flag.contrastive import settings
        from evalkit.flag.glosses import source_gloss_words
        from evalkit.flag.restore import restore

        gloss = source_gloss_words(mine, ctx.src_lang, ctx.tgt_lang, ctx.glosses_memo)
        return restore(cands, flags, scorer, gloss, ctx.dictionary, settings(), memo=ctx.translations_memo,
                       glosses_memo=ctx.glosses_memo)
