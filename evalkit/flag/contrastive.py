"""Span errors found by contrast: the language-model scorer, given the source, judges edits.

No list names the error. One scorer pass per bead gives each target token's log-probability
given the source and the target so far, and the tokens the model expected there (top-k).
A word the model found surprising where it strongly expected something else is a
*trigger*; each trigger proposes edits:

- **replace** the word by one of the model's expected words (a wrong word: sense, name,
  number, pronoun, a false friend), or the word and the next one or two by the first
  expected word (**phrase**: "does not open" -> "opens");
- **insert** the expected word before it (something the source says is missing here);
- **delete** the word (something the source does not say).

Every edit that could flag is then *confirmed* by rescoring (:func:`can_flag`): the scorer reads the edited target up to a few
words past the edit, so an alternative that does not fit what follows loses
(:meth:`evalkit.models.scorer.Scorer.probe`). A flag needs the edit to win by a margin,
fitted per kind of edit on development data to a target rate of flags on faithful human
translations (``data/flag_contrastive.toml`` says how, on which data). The winning edit is
the flag's suggestion; the message gives the evidence (the surprisal gap, the margin).
Severity comes from the size of the margin; many confident edits in one bead become one
segment-level flag.

Lists (lexicons, antonyms, acronyms) are not consulted here: other detectors use them, and
this one catches what they do not name. Evidence from the source (a counterpart of a word:
identical, a cognate, a dictionary translation) only chooses which margin applies: deleting
a word the source backs, or replacing a word by one the source backs. Limits: a small model (Gemma-3-270M by default) knows common
words and names; rare terms surprise it even when right, which is why a trigger alone never
flags and the margins are fitted on faithful translations.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from evalkit.flag.base import FlagContext, Pair, make_flag
from evalkit.records import Flag
from evalkit.text import ALNUM_RE, fold, sentence_starts, similar, stem, stopwords
from evalkit.text.profiles import profile

log = logging.getLogger(__name__)

KINDS = ("replace", "phrase", "insert", "delete")  # phrase: the expected word in place of several
# How each edit is judged (its margin): a content word replaced, a pronoun swapped for another
# (he/she/it: gender, person), another function word swapped (in/on), several words replaced
# by one, a word inserted, a word deleted. "-sourced": the source backs the edit's side (the
# alternative has a counterpart in the source and the word does not; the deleted word has one).
MARGINS = ("replace", "replace-sourced", "pronoun", "swap", "phrase", "insert", "delete", "delete-sourced")
COGNATE = 0.75  # folded-spelling similarity of a target word and a source word that renders it
# A margin this large turns its kind of edit off: the fit's grid writes "never" as 99
# (data/flag_contrastive.toml); no rescored edit comes near it (the largest delta of 21,267
# DEMETR tune edits in bench/.cache/contrastive is 61.5 nats), so such edits are not rescored.
OFF = 99.0


@dataclass(frozen=True)
class Settings:
    """The detector's numbers (``data/flag_contrastive.toml``)."""

    topk: int
    trigger_gap: float  # nats between the model's first choice and the word's first token
    max_triggers: int  # per bead, the most surprising first
    max_chars: int  # longer beads are not scored (cost grows with length)
    replacements: int  # expected words tried in place of a trigger
    span_words: int  # the first expected word is also tried in place of up to this many words
    words_after: int  # how far past an edit the rescoring reads
    segment_spans: int  # this many major edits in one bead become one segment-level flag
    major: dict[str, float]  # margin (nats) per judged kind (MARGINS) for a major flag
    minor: dict[str, float]  # and for a minor one
    per_extra_word: float  # a phrase edit removes words, which alone raises its score: nats per word removed
    confirm: float  # nats by which another check's suggestion must win to make its flag major
    restore_addition: float  # flag/restore.py: nats by which a translation must win without an added word
    restore_coverage: float  # ... and the literal coverage a bead needs for that judgement


@lru_cache(maxsize=1)
def settings() -> Settings:
    import tomllib

    from evalkit.flag.resources import data_path

    data = tomllib.loads(data_path("flag_contrastive.toml").read_text(encoding="utf-8"))
    t, m = data["trigger"], data["margin"]
    return Settings(
        topk=int(t["topk"]), trigger_gap=float(t["gap"]), max_triggers=int(t["max_per_bead"]),
        max_chars=int(t["max_chars"]), replacements=int(t["replacements"]), span_words=int(t["span_words"]),
        words_after=int(t["words_after"]), segment_spans=int(data["segment"]["spans"]),
        major={k: float(m["major"][k]) for k in MARGINS}, minor={k: float(m["minor"][k]) for k in MARGINS},
        per_extra_word=float(m["per_extra_word"]), confirm=float(data["confirm"]["suggestion"]),
        restore_addition=float(data["restore"]["addition"]), restore_coverage=float(data["restore"]["addition_coverage"]),
    )


@dataclass(frozen=True)
class Contrast:
    """One edit of one bead: what was tried and how the scorer judged it."""

    bead: int
    kind: str  # replace | phrase | insert | delete
    start: int  # the trigger word (for a phrase, the words replaced) in the target
    end: int
    word: str
    alternative: str  # the expected word ("" for a deletion)
    gap: float  # surprisal gap at the trigger (nats)
    delta: float  # log P(edited) - log P(target), given the source (nats)

    @property
    def suggestion(self) -> str:
        """What the span should read (empty: delete it)."""
        if self.kind in ("replace", "phrase"):
            return self.alternative
        if self.kind == "insert":
            return f"{self.alternative} {self.word}"
        return ""


def _token_at(offsets: Sequence[tuple[int, int]], start: int, end: int) -> int | None:
    """The first scorer token inside or covering the word [start, end)."""
    for j, (s, e) in enumerate(offsets):
        if e > s and s < end and e > start:
            return j
    return None


def _expected_word(text: str) -> str | None:
    """A vocabulary entry that begins a word and is a word by itself (" sister" -> "sister")."""
    if not text.startswith(" "):
        return None
    w = text.strip()
    return w if w and ALNUM_RE.fullmatch(w) else None


def propose(pair: Pair, scores, token_text, cfg: Settings) -> list[Contrast]:
    """Edits worth rescoring in one bead, from one scorer pass with top-k (delta not yet known)."""
    tgt = pair.tgt
    stop = stopwords(pair.tgt_lang)
    found = list(ALNUM_RE.finditer(tgt))
    following = {m.start(): found[k + 1 : k + cfg.span_words] for k, m in enumerate(found)}
    triggers = []
    for m in found:
        j = _token_at(scores.offsets, m.start(), m.end())
        if j is None or scores.offsets[j][0] != m.start():
            continue  # the word starts inside a token ("(the"): no clean alternative position
        gap = float(scores.top_logprobs[j, 0] - scores.logprobs[j])
        if gap >= cfg.trigger_gap:
            triggers.append((gap, m, j))
    triggers.sort(key=lambda t: -t[0])
    out: list[Contrast] = []
    for gap, m, j in triggers[: cfg.max_triggers]:
        word = m.group()
        expected: list[str] = []
        for tok_id, lp in zip(scores.top_ids[j], scores.top_logprobs[j]):
            w = _expected_word(token_text(int(tok_id)))
            if w and fold(w) != fold(word) and lp > scores.logprobs[j] + 1.0 and w not in expected:
                expected.append(w)
        for alt in expected[: cfg.replacements]:
            out.append(Contrast(pair.index, "replace", m.start(), m.end(), word, alt, gap, math.nan))
        end = m.end()
        for nxt in following[m.start()] if expected else ():
            if tgt[end : nxt.start()].strip():
                break  # punctuation between: a phrase ends there
            end = nxt.end()
            out.append(Contrast(pair.index, "phrase", m.start(), end, tgt[m.start() : end], expected[0], gap, math.nan))
        if expected:
            out.append(Contrast(pair.index, "insert", m.start(), m.end(), word, expected[0], gap, math.nan))
        if fold(word) not in stop and not word.isdigit():
            out.append(Contrast(pair.index, "delete", m.start(), m.end(), word, "", gap, math.nan))
    return out


def _edit(tgt: str, c: Contrast):
    from evalkit.models.scorer import Edit

    if c.kind in ("replace", "phrase"):
        return Edit(c.start, c.end, c.alternative)
    if c.kind == "insert":
        return Edit(c.start, c.start, c.alternative + " ")
    return deletion(tgt, c.start, c.end)


def deletion(tgt: str, start: int, end: int):
    """The edit that takes ``tgt[start:end]`` out with the spaces after it (the last word: before it)."""
    from evalkit.models.scorer import Edit

    stop = end
    while stop < len(tgt) and tgt[stop] == " ":
        stop += 1  # the word and the space after it
    if stop == end:
        while start > 0 and tgt[start - 1] == " ":
            start -= 1  # last word: the space before it
    return Edit(start, stop, "")


def contrasts(pairs: Sequence[Pair], scorer, cfg: Settings | None = None,
              target_logprobs: dict[tuple[str, str], float] | None = None, keep=None) -> list[Contrast]:
    """Every proposed edit of every bead, with the scorer's verdict (``delta``). Each bead's
    mean target log-probability goes into ``target_logprobs`` (a by-product of the first pass).
    ``keep(contrast, pair)``: only the edits it accepts are rescored (the others keep a NaN
    delta); rescoring is most of the check's cost, and the fit needs every edit, a run only
    those that can flag (:func:`can_flag`)."""
    cfg = cfg or settings()
    todo = [p for p in pairs if p.src.strip() and p.tgt.strip() and len(p.tgt) <= cfg.max_chars]
    props: list[list[Contrast]] = [[] for _ in todo]

    def edits(k, ts):
        p = todo[k]
        props[k] = [c for c in propose(p, ts, scorer.token_text, cfg) if keep is None or keep(c, p)]
        return [_edit(p.tgt, c) for c in props[k]]

    items = [(p.src, p.tgt, p.src_lang, p.tgt_lang) for p in todo]
    many = getattr(scorer, "probe_many", None)  # the causal backend: beads share projections
    if many is not None:
        results = many(items, edits, topk=cfg.topk, words_after=cfg.words_after)
    else:
        results = [scorer.probe(*item, lambda ts, k=k: edits(k, ts), topk=cfg.topk, words_after=cfg.words_after)
                   for k, item in enumerate(items)]
    out: list[Contrast] = []
    for p, found, (ts, _, deltas) in zip(todo, props, results):
        if target_logprobs is not None:
            target_logprobs[(p.src, p.tgt)] = ts.mean
        out += [Contrast(**{**c.__dict__, "delta": float(d)}) for c, d in zip(found, deltas)]
    return out


def in_source(word: str, pair: Pair, dictionary=None) -> bool:
    """The source has a counterpart of this target word: the same word, a cognate
    ("encephalitis"/"encéphalite"), or (with a dictionary) a translation of one of its words."""
    f = fold(word)
    if len(f) < 4:
        return False
    src_words = [m.group() for m in ALNUM_RE.finditer(pair.src)]
    if any(similar(f, w) >= COGNATE for w in src_words if len(w) >= 4):
        return True
    if dictionary is not None and dictionary.supports(pair.src_lang, pair.tgt_lang):
        st = stem(word, pair.tgt_lang)
        return any(st in dictionary.translations(w, pair.src_lang, pair.tgt_lang) for w in src_words)
    return False


def judged_as(c: Contrast, pair: Pair, cfg: Settings, dictionary=None) -> tuple[str, float] | None:
    """(margin kind, extra nats needed) for an edit, or None when the edit is no error claim:
    a content word "replaced" by a function word, or a function word inserted (other than a
    dropped subject pronoun) only trade style, not meaning."""
    stop = stopwords(pair.tgt_lang)
    alt_fn, word_fn = fold(c.alternative) in stop, fold(c.word) in stop
    if c.kind == "replace":
        personal = profile(pair.tgt_lang).words("pronouns.personal")
        if fold(c.alternative) in personal and fold(c.word) in personal:
            return "pronoun", 0.0
        if alt_fn and word_fn:
            return "swap", 0.0
        if alt_fn or len(c.alternative) < 2:
            return None
        sourced = in_source(c.alternative, pair, dictionary) and not in_source(c.word, pair, dictionary)
        return ("replace-sourced" if sourced else "replace"), 0.0
    if c.kind == "phrase":
        if alt_fn:
            return None
        return "phrase", cfg.per_extra_word * (len(c.word.split()) - 1)
    if c.kind == "insert":
        if alt_fn and fold(c.alternative) not in profile(pair.tgt_lang).words("pronouns.subject"):
            return None
        return "insert", 0.0
    return ("delete-sourced" if in_source(c.word, pair, dictionary) else "delete"), 0.0


def can_flag(c: Contrast, pair: Pair, cfg: Settings, dictionary=None) -> bool:
    """Whether an edit could flag at all, before it is rescored: it is an error claim
    (:func:`judged_as`) and its margin is not :data:`OFF`."""
    judged = judged_as(c, pair, cfg, dictionary)
    if judged is None:
        return False
    kind, extra = judged
    return min(cfg.major[kind], cfg.minor[kind]) + extra < OFF


_CATEGORY = {"insert": "omission", "delete": "addition"}
REVERSALS = frozenset({"name", "number", "polarity"})  # changed, not missing: critical (docs/flags.md)


def _category(c: Contrast, tgt: str, tgt_lang: str) -> str:
    """What kind of error the winning edit says this is: a number, a name, a negation gained
    or lost, or a plain mistranslation (the language's negation cue is profile data)."""
    if c.kind in _CATEGORY:
        return _CATEGORY[c.kind]
    if any(ch.isdigit() for ch in c.word + c.alternative):
        return "number"
    cue = profile(tgt_lang).regex("negation.cue")
    if cue is not None and bool(cue.search(c.word)) != bool(cue.search(c.alternative)):
        return "polarity"
    mid_sentence = c.start > 0 and c.start not in sentence_starts(tgt)
    if mid_sentence and c.word[:1].isupper() and c.alternative[:1].isupper():
        return "name"  # a name replaced by another (not merely missing)
    return "mistranslation"


def _message(c: Contrast, margin: float) -> str:
    how = f"the model, given the source, prefers this by {c.delta:.1f} nats (needed {margin:.1f}; surprisal gap {c.gap:.1f})"
    if c.kind in ("replace", "phrase"):
        return f"'{c.word}' may not render the source: '{c.alternative}' fits it better; {how}"
    if c.kind == "insert":
        return f"something may be missing before '{c.word}' (the source suggests '{c.alternative}'); {how}"
    return f"'{c.word}' may not be in the source; the translation reads better without it; {how}"


def decide(found: Sequence[Contrast], pair_of: dict[int, Pair], cfg: Settings | None = None,
           dictionary=None) -> list[Flag]:
    """Flags for the edits that win by their margin: the best edit per trigger word."""
    cfg = cfg or settings()
    best: dict[tuple[int, int], tuple[float, Contrast, str, float]] = {}
    for c in found:
        if math.isnan(c.delta):
            continue
        judged = judged_as(c, pair_of[c.bead], cfg, dictionary)
        if judged is None:
            continue
        kind, extra = judged
        major, minor = cfg.major[kind] + extra, cfg.minor[kind] + extra
        sev = "major" if c.delta >= major else "minor" if c.delta >= minor else None
        if sev is None:
            continue
        key, lead = (c.bead, c.start), c.delta - major
        if key not in best or lead > best[key][0]:
            best[key] = (lead, c, sev, major)
    by_bead: dict[int, list[tuple[float, Contrast, str, float]]] = {}
    for item in best.values():
        by_bead.setdefault(item[1].bead, []).append(item)
    flags = []
    for bead, here in sorted(by_bead.items()):
        p = pair_of[bead]
        majors = sorted((c for _, c, sev, _ in here if sev == "major"), key=lambda c: c.start)
        if len(majors) >= cfg.segment_spans:
            # many confident edits: the segment as a whole is the problem, and one flag says so
            words = ", ".join(f"'{c.word}'" for c in majors)
            msg = (f"this segment reads unlike a translation of its source: the model, given the source, would "
                   f"change {len(majors)} places ({words}; up to {max(c.delta for c in majors):.1f} nats)")
            flags.append(make_flag(p.index, p.tgt, 0, len(p.tgt), "mistranslation", "major", msg, "contrastive",
                                   confidence=0.9))
            here = [h for h in here if h[2] != "major"]
        for lead, c, sev, major in here:
            conf = 1 / (1 + math.exp(-lead))
            category = _category(c, p.tgt, p.tgt_lang)
            if sev == "major" and category in REVERSALS:
                sev = "critical"  # the severity model: a meaning reversal is critical whichever check finds it
            flags.append(make_flag(p.index, p.tgt, c.start, c.end, category, sev,
                                   _message(c, major), "contrastive", confidence=conf, suggestion=c.suggestion))
    return flags


def confirm_suggestions(flags: Sequence[Flag], pairs: Sequence[Pair], scorer, cfg: Settings | None = None) -> list[Flag]:
    """Another check's minor flags with a suggestion, judged by the scorer: each bead's target is
    rescored with the suggestion in place of the flagged words (every bead in one batched call,
    :func:`~evalkit.models.scorer.edit_deltas_many`),
    and a flag whose suggestion wins by ``cfg.confirm`` nats becomes major, its message saying by
    how much. The other flags are returned unchanged. Evidence (a dictionary, WordNet) proposes;
    the scorer, given the source, decides how sure to be."""
    from dataclasses import replace

    from evalkit.models.scorer import Edit, edit_deltas_many

    cfg = cfg or settings()
    pair_of = {p.index: p for p in pairs}
    by_bead: dict[int, list[int]] = {}
    for k, f in enumerate(flags):
        p = pair_of.get(f.bead)
        if f.severity == "minor" and f.suggestion and f.end > f.start and p is not None and len(p.tgt) <= cfg.max_chars:
            by_bead.setdefault(f.bead, []).append(k)
    out = list(flags)
    items = [(p.src, p.tgt, p.src_lang, p.tgt_lang) for p in (pair_of[b] for b in by_bead)]
    edits = [[Edit(out[k].start, out[k].end, out[k].suggestion) for k in ks] for ks in by_bead.values()]
    for ks, deltas in zip(by_bead.values(), edit_deltas_many(scorer, items, edits, words_after=cfg.words_after)):
        for k, d in zip(ks, deltas):
            if d >= cfg.confirm:
                f = out[k]
                out[k] = replace(f, severity="major", message=f"{f.message}. The language model, given the source, "
                                 f"prefers '{f.suggestion}' by {d:.1f} nats", confidence=max(f.confidence, 0.7))
    return out


class ContrastiveDetector:
    """Edits proposed where the scorer was surprised, flagged when the scorer prefers them."""

    name = "contrastive"
    per_bead = True  # batched for speed, but each bead's flags depend on that bead alone (Ray shards)
    modes = frozenset({"pair"})

    def supports(self, ctx: FlagContext) -> str | None:
        if ctx.load_scorer is None:
            return "no language-model scorer (fast checks)"
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        scorer = ctx.scorer()
        if scorer is None:
            return []
        cfg = settings()
        found = contrasts(pairs, scorer, cfg, target_logprobs=ctx.target_logprobs,
                          keep=lambda c, p: can_flag(c, p, cfg, ctx.dictionary))
        return decide(found, {p.index: p for p in pairs}, cfg, dictionary=ctx.dictionary)


__all__ = ["OFF", "Contrast", "ContrastiveDetector", "Settings", "can_flag", "confirm_suggestions", "contrasts", "decide", "in_source", "judged_as",
           "propose", "settings"]
