"""False friends, wrong senses and word-for-word idioms, driven by a curated lexicon.

Each entry of ``evalkit/data/false_friends.tsv`` names a trap in the source (a word or
an idiom), the tell-tale wrong rendering(s) in the target, the usual right ones, and
context cues: words (prefixes) near the bead that make the literal sense right (then
nothing is flagged) or wrong (then the flag is confident). ``default`` says what to do
without cues: ``flag`` (the literal rendering is almost always wrong: actuellement ->
actually) or ``cue`` (only flag when a wrong-sense cue is present: officine -> pharmacy
is right about drugstores, wrong about spies).

Pattern syntax (folded: lower case, no accents): phrases separated by ";", words by
spaces, a trailing "*" matches any ending ("coût*"), up to two other words may sit
between the words of a phrase ("tarit pas d'éloges" matches "tari* d eloges").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.resources import data_path, read_tsv
from evalkit.text import fold, similar, tokenize
from evalkit.records import Flag

MAX_GAP = 2


@dataclass(frozen=True)
class Entry:
    direction: str  # "fr-en"
    kind: str  # false-friend | wrong-sense | idiom
    trap: tuple[tuple[str, ...], ...]
    wrong: tuple[tuple[str, ...], ...]
    right: tuple[tuple[str, ...], ...]
    ok_cues: tuple[str, ...]
    wrong_cues: tuple[str, ...]
    default: str  # flag | cue
    severity: str
    note: str
    raw_right: str


def _phrases(cell: str) -> tuple[tuple[str, ...], ...]:
    out = []
    for phrase in cell.split(";"):
        words = tuple(fold(w) for w in phrase.replace("'", " ").replace("’", " ").replace("-", " ").split() if w)
        if words:
            out.append(words)
    return tuple(out)


def _cues(cell: str) -> tuple[str, ...]:
    return tuple(fold(c.strip()) for c in cell.split(";") if c.strip())


def parse_lexicon(path: Path) -> list[Entry]:
    """Read a lexicon TSV (format in docs/flags.md); bad rows raise ValueError with the line."""
    entries = []
    for row in read_tsv(path):
        try:
            entries.append(Entry(
                direction=row["dir"], kind=row["kind"], trap=_phrases(row["trap"]), wrong=_phrases(row["wrong"]),
                right=_phrases(row["right"]), ok_cues=_cues(row["ok_cues"]), wrong_cues=_cues(row["wrong_cues"]),
                default=row["default"] or "flag", severity=row["severity"] or "major", note=row["note"],
                raw_right=row["right"],
            ))
        except KeyError as exc:  # pragma: no cover - malformed data file
            raise ValueError(f"{path}: missing column {exc} in row {row}") from exc
    for e in entries:
        if e.default not in ("flag", "cue") or e.severity not in ("minor", "major", "critical") or not e.trap or not e.wrong:
            raise ValueError(f"{path}: bad entry {e}")
    return entries


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> tuple[Entry, ...]:
    return tuple(parse_lexicon(Path(path) if path else data_path("false_friends.tsv")))


@lru_cache(maxsize=4096)
def _first_words(phrases: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Exact first words and first-word prefixes of a pattern, for a cheap pre-check."""
    exact = frozenset(p[0] for p in phrases if not p[0].endswith("*"))
    prefixes = tuple(p[0][:-1] for p in phrases if p[0].endswith("*"))
    return exact, prefixes


@lru_cache(maxsize=16)
def _trap_index(direction: str) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The packaged lexicon's entries of one direction by the first word of their trap: exact
    words -> entry numbers, ``word*`` prefixes -> entry numbers, and the prefix lengths. A bead
    then looks its own words up (and their prefixes of those lengths) instead of testing all
    ~400 entries' patterns against every word."""
    exact: dict[str, list[int]] = {}
    prefixes: dict[str, list[int]] = {}
    for k, e in enumerate(load_lexicon()):
        if e.direction != direction:
            continue
        for phrase in e.trap:
            if phrase[0].endswith("*"):
                prefixes.setdefault(phrase[0][:-1], []).append(k)
            else:
                exact.setdefault(phrase[0], []).append(k)
    lengths = tuple(sorted({len(pre) for pre in prefixes}))
    return ({w: tuple(ks) for w, ks in exact.items()}, {p: tuple(ks) for p, ks in prefixes.items()}, lengths)


def _candidates(direction: str, words: set[str]) -> list[int]:
    """Numbers (in lexicon order) of the packaged entries whose trap may start in ``words``."""
    exact, prefixes, lengths = _trap_index(direction)
    found = {k for w in words for k in exact.get(w, ())}
    for w in words:
        for n in lengths:
            if n > len(w):
                break
            found.update(prefixes.get(w[:n], ()))
    return sorted(found)


def _may_match(phrases: tuple[tuple[str, ...], ...], words: set[str]) -> bool:
    exact, prefixes = _first_words(phrases)
    return bool(exact & words) or any(w.startswith(pre) for pre in prefixes for w in words)


def _word_match(pat: str, word: str) -> bool:
    return word.startswith(pat[:-1]) if pat.endswith("*") else word == pat


def find(phrases: tuple[tuple[str, ...], ...], toks: list[str]) -> tuple[int, int] | None:
    """(first, last) token index of the first phrase found, allowing small gaps."""
    for phrase in phrases:
        for i, w in enumerate(toks):
            if not _word_match(phrase[0], w):
                continue
            pos, ok = i, True
            for pat in phrase[1:]:
                nxt = next((j for j in range(pos + 1, min(len(toks), pos + 2 + MAX_GAP)) if _word_match(pat, toks[j])), None)
                if nxt is None:
                    ok = False
                    break
                pos = nxt
            if ok:
                return i, pos
    return None


def find_all(phrases: tuple[tuple[str, ...], ...], toks: list[str]) -> list[tuple[int, int]]:
    """Every (first, last) match of any phrase (one per starting word)."""
    out = []
    for phrase in phrases:
        for i, w in enumerate(toks):
            if not _word_match(phrase[0], w):
                continue
            hit = find((phrase,), toks[i:])
            if hit:
                out.append((i + hit[0], i + hit[1]))
    return out


def _has_cue(cues: tuple[str, ...], words: list[str]) -> str | None:
    """First cue found: a one-word cue is a prefix (exact match under 4 letters), a phrase must occur."""
    joined = " " + " ".join(words) + " "
    for c in cues:
        if " " in c:
            if f" {c} " in joined or (c.endswith("*") and f" {c[:-1]}" in joined):
                return c
            continue
        for w in words:
            if w.startswith(c) if len(c) >= 4 else w == c:
                return c
    return None


def _cognate_in(word: str, words: list[str]) -> bool:
    """True when a word of the other side looks like this one (agency/agence, contract/contrat)."""
    if len(word) < 4:
        return word in words
    return any(len(w) >= 4 and w[:3] == word[:3] and similar(w, word) >= 0.8 for w in words)


def _explained(span: tuple[int, int], tw: list[str], sw: list[str], skip: set[int]) -> bool:
    """The target words of ``span`` all have a look-alike among the other source words."""
    others = [w for i, w in enumerate(sw) if i not in skip]
    content = [w for w in tw[span[0]:span[1] + 1] if len(w) >= 3]
    return bool(content) and all(_cognate_in(w, others) for w in content)


def detect(pair: Pair, entries: tuple[Entry, ...] | None = None) -> list[Flag]:
    """Lexicon flags for one bead (both sides needed)."""
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    direction = f"{pair.src_lang}-{pair.tgt_lang}"
    src_toks, tgt_toks = tokenize(pair.src), tokenize(pair.tgt)
    sw, tw = [t.norm for t in src_toks], [t.norm for t in tgt_toks]
    ctx_words: list[str] | None = None  # the nearby beads' words: read by few entries, tokenised then
    flags: list[Flag] = []
    taken: set[int] = set()
    sw_set, tw_set = set(sw), set(tw)
    if entries is None:  # the packaged lexicon: only the entries a source word can start
        entries = load_lexicon()
        visit = [entries[k] for k in _candidates(direction, sw_set)]
    else:
        visit = [e for e in entries if e.direction == direction and _may_match(e.trap, sw_set)]
    for e in visit:
        if not _may_match(e.wrong, tw_set):
            continue
        s_hit = find(e.trap, sw)
        if not s_hit:
            continue
        t_hit = find(e.wrong, tw)
        if not t_hit or t_hit[0] in taken:
            continue
        skip = set(range(s_hit[0], s_hit[1] + 1))
        # the wrong word may be the faithful rendering of another source word (pharmacie -> pharmacy)
        if _explained(t_hit, tw, sw, skip):
            continue
        # a right rendering counts unless it just echoes another source word (agence -> agency)
        r_hit = find_all(e.right, tw)
        if any(not _explained(r, tw, sw, skip) for r in r_hit):
            continue
        tgt_rest = [w for i, w in enumerate(tw) if not t_hit[0] <= i <= t_hit[1]]
        # literal-sense cues in the bead always win
        if _has_cue(e.ok_cues, sw) or _has_cue(e.ok_cues, tgt_rest):
            continue
        # wrong-sense cues: in this bead (outside the trap itself), else in nearby beads (the
        # topic), which only count for context-dependent entries with no literal cue nearby
        bad = _has_cue(e.wrong_cues, [w for i, w in enumerate(sw) if i not in skip]) or _has_cue(e.wrong_cues, tgt_rest)
        conf = 0.85 if bad else 0.7
        if not bad and e.default == "cue":
            single = tuple(c for c in e.wrong_cues if " " not in c)
            if ctx_words is None:
                ctx_words = [t.norm for t in tokenize(pair.context)]
            bad = _has_cue(single, ctx_words)
            if not bad or _has_cue(tuple(c for c in e.ok_cues if " " not in c), ctx_words):
                continue
            conf = 0.65
        taken.add(t_hit[0])
        s0, s1 = src_toks[s_hit[0]], src_toks[s_hit[1]]
        t0, t1 = tgt_toks[t_hit[0]], tgt_toks[t_hit[1]]
        right = e.raw_right.split(";")[0].strip() if e.raw_right else None
        why = f"context word '{bad}' points to another sense" if bad else "this rendering is usually wrong"
        label = {"idiom": "idiom translated word for word", "false-friend": "false friend",
                 "wrong-sense": "wrong sense"}.get(e.kind, e.kind)
        msg = f"{label}: {pair.src[s0.start:s1.end]!r} rendered {pair.tgt[t0.start:t1.end]!r}; {why}"
        if right:
            msg += f" (usually: {e.raw_right.replace(';', ', ')})"
        if e.note:
            msg += f". {e.note}"
        flags.append(make_flag(pair.index, pair.tgt, t0.start, t1.end, e.kind, e.severity, msg, "lexicon", conf, src=pair.src, src_start=s0.start, src_end=s1.end, suggestion=right))
    return flags


class LexiconDetector(BeadDetector):
    """False friends, wrong senses and literal idioms listed in the lexicon, with context cues."""

    name = "lexicon"

    def supports(self, ctx: FlagContext) -> str | None:
        direction = f"{ctx.src_lang}-{ctx.tgt_lang}"
        if any(e.direction == direction for e in load_lexicon()):
            return None
        return f"no false-friend lexicon for {ctx.src_lang}->{ctx.tgt_lang}"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return detect(pair)


__all__ = ["Entry", "LexiconDetector", "detect", "find", "load_lexicon", "parse_lexicon"]
