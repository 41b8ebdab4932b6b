"""Names and acronyms: source vs target, and consistency inside the translation.

Rules (all general, no list of names):
* a source acronym must reappear in the target, or a known equivalent
  (``evalkit/data/acronyms.tsv``: OTAN <-> NATO, PDG <-> CEO, ...); an acronym that is an
  anagram or a one-letter near-miss of one used elsewhere is a garbled copy (CIE beside ICE);
* a surname keeps its first name: "Sean Roche" in the source, "John Roche" in the target is
  a changed name, and so is a first name put where the source has an honorific (M. Roche);
* a multi-word source name (organisation, title, quoted name) that comes back only partly,
  with other words inside, was altered ("We Won't Build It" -> "We Will not Build It").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.flag.resources import acronym_equivalents, acronym_forms, country_names
from evalkit.flag.standin import acronym_stand_in, has_source_counterpart, name_stand_in
from evalkit.text.profiles import profile
from evalkit.text import fold, has_word, levenshtein, sentence_starts, similar, stem, stopwords, tokenize, zipf
from evalkit.records import Flag

_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z&]{1,6})(s?)(?![\w-])")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Capitalised words that precede names without being given names (dates, titles).
NOT_GIVEN_NAMES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday janvier fevrier mars avril mai juin
    juillet aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi samedi
    dimanche president presidente senator senateur senatrice governor gouverneur general minister
    ministre secretary secretaire chairman ceo pdg judge juge mayor maire prince princess king queen
    roi reine pope pape saint sainte father pere mother mere sister soeur brother frere captain
    capitaine colonel sergeant lieutenant professor professeur doctor docteur rabbi imam bishop
    eveque cardinal chancellor chancelier premier prime chief chef director directeur directrice""".split()
)
HONORIFICS = frozenset("m mm mme mmes mlle mr mrs ms dr pr me mgr sir dame lord lady st ste".split())
_CONNECT = r"(?:of|and|the|by|for|on|de|du|des|la|le|les|d'|von|van|der|den|da|di|del|y)"
# a capitalised word; a full stop belongs to it only after an initial or a short abbreviation
# ("J.", "St.", "U.S.", "D.C."): after a longer word it ends the sentence ("Cacambo. Candide")
_CAP = r"(?:[A-ZÀ-ÝÉ](?:[\w'’-]{0,2}\.(?:[A-Z]\.)*(?![\w'’-])|[\w'’-]*)|(?:M|Mme|Mr|Mrs|Ms|Dr)\.?)"
_RUN = re.compile(rf"{_CAP}(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)*{_CAP})*")

# A capitalised word of a language that capitalises nouns counts as a name when the target
# language knows it nearly as well (names travel: Scholz 3.97 de / 2.30 en), not when it is far
# rarer there (Steuer 4.42 / 1.64, Jahr 5.84 / 2.01) or unknown (compounds). Set on a handful
# of German words; names unknown to English wordfreq (Laschet) are missed.
NAME_ZIPF_GAP = 2.2


# Upper-case function words of headings glued to a sentence ("FOURNISSEUR DE PALANTIR Certes").
_COMMON_CAPS = frozenset(stopwords("fr") | stopwords("en") | {"ok"})


@lru_cache(maxsize=65_536)
def is_heading(text: str) -> bool:
    """Mostly upper-case segments are headings: their capitals say nothing about names. Memoised:
    the name, acronym and stand-in checks ask it ~7 times per segment (0.1 s per 1,000 lines)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def is_title_case(text: str) -> bool:
    """A title set in title case ("What Befell Candide among the Bulgarians"): no sentence
    punctuation at its end and at least half its longer words capitalised. Its capitals say
    nothing about names either."""
    longer = re.findall(r"[^\W\d_]{4,}", text)
    if len(longer) < 3 or re.search(r"[.!?:;,\"'»”’)]\s*$", text.strip()):
        return False
    return sum(w[0].isupper() for w in longer) / len(longer) >= 0.5


def acronyms(text: str) -> list[tuple[str, int, int]]:
    """(acronym, start, end) of upper-case words of 2-7 letters; a plural 's' is dropped."""
    if is_heading(text):
        return []
    out = []
    for m in _ACRONYM.finditer(text):
        a = m.group(1)
        if (_ROMAN.match(a) and len(a) <= 4) or fold(a) in _COMMON_CAPS:
            continue
        out.append((a, m.start(1), m.end(1)))
    return out


def _equivalents(a: str) -> frozenset[str]:
    return acronym_equivalents().get(a, frozenset({a}))


def near_miss(a: str, b: str) -> bool:
    """Same letters in another order (CIE/ICE), or one letter off for longer acronyms."""
    if a == b or len(a) < 3 or len(b) < 3:
        return False
    if len(a) == len(b) and sorted(a) == sorted(b):
        return True
    return min(len(a), len(b)) >= 4 and levenshtein(a, b) == 1


def acronym_pair_flags(pair: Pair) -> list[Flag]:
    """Source acronyms that vanish from the target, or come back garbled."""
    flags: list[Flag] = []
    if not pair.src.strip() or not pair.tgt.strip():
        return flags
    tgt_acr = acronyms(pair.tgt)
    tgt_set = {a for a, _, _ in tgt_acr}
    tgt_words = {t.text for t in tokenize(pair.tgt)} | tgt_set
    tgt_fold = fold(pair.tgt)
    for a, s, e in acronyms(pair.src):
        eq = _equivalents(a)
        if eq & tgt_words or any(len(f) > 3 and " " in f and fold(f) in tgt_fold for f in eq):
            continue
        bad = next(((b, bs, be) for b, bs, be in tgt_acr if near_miss(a, b) and not (_equivalents(b) & {a})), None)
        wanted = sorted(eq - {a}) or [a]
        if bad:
            flags.append(make_flag(pair.index, pair.tgt, bad[1], bad[2], "acronym", "major",
                                   f"source acronym {a!r} appears as {bad[0]!r} (letters scrambled)",
                                   "entities.acronyms", 0.9, src=pair.src, src_start=s, src_end=e, suggestion=wanted[0]))
        elif not _initials_present(a, pair.tgt):
            src_acr = {x for x, _, _ in acronyms(pair.src)}
            at = acronym_stand_in(pair.src, pair.tgt, s, src_acr | {y for x in src_acr for y in _equivalents(x)}, tgt_acr)
            flags.append(make_flag(pair.index, pair.tgt, *(at or (0, 0)), "acronym", "minor",
                                   f"source acronym {a!r} (or an equivalent) is missing from the translation"
                                   + (f"; {pair.tgt[at[0]:at[1]]!r} stands in its place" if at else ""),
                                   "entities.acronyms", 0.45, src=pair.src, src_start=s, src_end=e,
                                   suggestion=wanted[0] if at else None))
    return flags


def untranslated_acronym_flags(pair: Pair, glosses_memo: dict | None = None) -> list[Flag]:
    """Source acronyms copied into the target where the target language has a form of its own
    ("the OMS" for WHO, "OTAN" for NATO): from the acronym table's columns for the two languages,
    or else Apertium's gloss of the acronym when that is no function word (Apertium reads "EL"
    as "the" and "OS" as "you"; so WHO itself must come from the table). An acronym with no
    other form (SNCF) or valid in both (UNESCO) is left alone."""
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    copied = {a: (s, e) for a, s, e in acronyms(pair.tgt)}
    tgt_words = {t.text for t in tokenize(pair.tgt)}
    table = acronym_forms(pair.src_lang, pair.tgt_lang)
    flags: list[Flag] = []
    for a, s, e in acronyms(pair.src):
        if a not in copied or a in table.get(a, ()):
            continue
        forms = set(table.get(a, ()))
        if not forms and a not in table and a.lower() not in stopwords(pair.src_lang):
            from evalkit.flag.glosses import glosses

            forms = {g.upper() for g in glosses([a], pair.src_lang, pair.tgt_lang, glosses_memo).get(a, ())
                     if g.isalpha() and 2 <= len(g) <= 7 and g not in (a.lower(), stem(a.lower(), pair.tgt_lang))
                     and g not in stopwords(pair.tgt_lang)}  # glosses are stems: "AWS" kept comes back as "aw"
        if not forms or forms & tgt_words:
            continue
        want = sorted(forms)[0]
        ts, te = copied[a]
        flags.append(make_flag(pair.index, pair.tgt, ts, te, "acronym", "major",
                               f"source acronym {a!r} is left in its {pair.src_lang!r} form: {pair.tgt_lang!r} writes "
                               f"{' or '.join(sorted(forms))}", "entities.acronyms", 0.8,
                               src=pair.src, src_start=s, src_end=e, suggestion=want))
    return flags


def _initials_present(a: str, text: str) -> bool:
    """True when a run of capitalised words spells the acronym (it was written out)."""
    caps = [t.text[0] for t in tokenize(text) if t.text[0].isupper()]
    joined = "".join(caps)
    return a in joined or a[::-1] in joined


def acronym_consistency_flags(segments: list[tuple[int, str]], src_text: str = "") -> list[Flag]:
    """An acronym that is an anagram/near-miss of a more frequent one in the same document."""
    counts: Counter[str] = Counter()
    where: dict[str, list[tuple[int, str, int, int]]] = {}
    for idx, text in segments:
        for a, s, e in acronyms(text):
            counts[a] += 1
            where.setdefault(a, []).append((idx, text, s, e))
    src_acr = {a for a, _, _ in acronyms(src_text)} if src_text else set()
    flags: list[Flag] = []
    for rare in counts:
        for common in counts:
            if not near_miss(rare, common) or counts[common] < 2 or counts[common] < 2 * counts[rare]:
                continue
            if common in _equivalents(rare) or rare in src_acr:
                continue
            for idx, text, s, e in where[rare]:
                flags.append(make_flag(idx, text, s, e, "consistency", "major",
                                       f"acronym {rare!r} looks like a garbled {common!r}, used {counts[common]} times in this document",
                                       "entities.consistency", 0.85, suggestion=common))
            break
    return flags


@dataclass(frozen=True)
class NameRun:
    tokens: tuple[str, ...]  # letter tokens, honorifics kept as written
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    start: int
    end: int


def name_runs(text: str, drop_initial: bool = True) -> list[NameRun]:
    """Runs of capitalised words (with name connectors); a sentence's common first word is dropped."""
    return list(_name_runs(text, drop_initial))


@lru_cache(maxsize=8192)
def _name_runs(text: str, drop_initial: bool) -> tuple[NameRun, ...]:
    """:func:`name_runs` once per text (frozen runs): several checks ask for the same bead's."""
    if is_heading(text) or is_title_case(text):
        return ()
    starts = sentence_starts(text)
    runs = []
    for m in _RUN.finditer(text):
        toks = [t for t in tokenize(m.group())]
        toks = [t.__class__(t.text, t.start + m.start(), t.end + m.start()) for t in toks]
        # a sentence-initial common word is not part of a name ("Selon Stephen Arnold")
        while drop_initial and toks and toks[0].start in starts and fold(toks[0].text) not in HONORIFICS and (
            zipf(toks[0].text.lower(), "en") >= 5.5 or zipf(toks[0].text.lower(), "fr") >= 5.5
        ) and len(toks) > 1:
            toks = toks[1:]
        caps = [t for t in toks if t.text[0].isupper()]
        if len(caps) < 2:
            continue
        runs.append(NameRun(tuple(t.text for t in toks), tuple(t.start for t in toks), tuple(t.end for t in toks),
                            toks[0].start, toks[-1].end))
    return tuple(runs)


def _person_pairs(text: str, drop_initial: bool = True) -> list[tuple[str, str, int, int, int]]:
    """(first, surname, first_start, first_end, surname_end) for 'First Surname' word pairs."""
    out = []
    for run in name_runs(text, drop_initial):
        for i in range(len(run.tokens) - 1):
            first, last = run.tokens[i], run.tokens[i + 1]
            if not (first[0].isupper() and last[0].isupper()) or len(last) < 3:
                continue
            if run.starts[i + 1] - run.ends[i] > 2:
                continue
            out.append((first, last, run.starts[i], run.ends[i], run.ends[i + 1]))
    return out


def _translates_source_word(word: str, pair: Pair, dic) -> bool:
    """``word`` renders a word of the bead's source by the dictionary ("Master" for "Maître"):
    a translated title or common word, not a person's first name."""
    if dic is None or not dic.supports(pair.src_lang, pair.tgt_lang):
        return False
    target = stem(word, pair.tgt_lang)
    return any(target in dic.translations(t.text, pair.src_lang, pair.tgt_lang) for t in tokenize(pair.src))


def _common_word(word: str, src_lang: str, tgt_lang: str, dic) -> bool:
    """A function word, or a word the bilingual dictionary translates ("Cependant", "Comme")."""
    return fold(word) in stopwords(src_lang) or (dic is not None and dic.supports(src_lang, tgt_lang)
                                                 and dic.knows(word, src_lang, tgt_lang))


def name_flags(pairs: list[Pair], dic=None) -> list[Flag]:
    """Changed first names and altered multi-word names, checked against the source."""
    flags: list[Flag] = []
    src_all = " \n".join(p.src for p in pairs)
    src_first: dict[str, set[str]] = {}
    src_starts = sentence_starts(src_all)
    for first, last, fs, *_ in _person_pairs(src_all, drop_initial=False):
        if fold(first) in HONORIFICS:
            continue
        if fs in src_starts and pairs and _common_word(first, pairs[0].src_lang, pairs[0].tgt_lang, dic):
            continue  # "Cependant Mirabelle": a sentence's first word, not her first name
        src_first.setdefault(fold(last), set()).add(fold(first))
    for p in pairs:
        if not p.src.strip() or not p.tgt.strip():
            continue
        tgt_lang_sw = stopwords(p.tgt_lang)
        for first, last, fs, fe, le in _person_pairs(p.tgt):
            f, l = fold(first), fold(last)
            if l not in src_first or f in HONORIFICS or f in NOT_GIVEN_NAMES or f in tgt_lang_sw or f"{f} {l}" in fold(p.src):
                continue
            if any(similar(f, t.norm) >= 0.8 for t in tokenize(p.src) if len(t.text) > 3 and t.text[0].islower()):
                continue  # a translated title or word ("President" for "président")
            if _translates_source_word(first, p, dic):
                continue  # "Master Pangloss" for "Maître Pangloss"
            known = src_first[l]
            if f in known or any(similar(f, k) >= 0.75 for k in known):
                continue
            if fs in sentence_starts(p.tgt) and zipf(first.lower(), p.tgt_lang) >= 5.5:
                continue
            flags.append(make_flag(p.index, p.tgt, fs, le, "name", "critical",
                                   f"name changed: {first} {last} does not match the source"
                                   + (f" (source: {', '.join(sorted(k.title() for k in known))} {last})" if known else ""),
                                   "entities.names", 0.85,
                                   suggestion=(next(iter(known)).title() + " " + last) if len(known) == 1 else None))
        flags.extend(_partial_run_flags(p))
    return flags


def _partial_run_flags(p: Pair) -> list[Flag]:
    """A multi-word source name that comes back with some words replaced."""
    flags: list[Flag] = []
    tgt_toks = tokenize(p.tgt)
    tgt_fold = fold(p.tgt)
    for run in name_runs(p.src):
        words = [fold(w) for w in run.tokens if fold(w) not in HONORIFICS]
        if len(words) < 3 or fold(p.src[run.start:run.end]) in tgt_fold:
            continue
        hits = [i for i, t in enumerate(tgt_toks) if fold(t.text) in words]
        if len(hits) < 2 or len({fold(tgt_toks[i].text) for i in hits}) < max(2, len(words) // 2 + 1):
            continue
        # the tightest window of target tokens holding the hits
        lo, hi = hits[0], hits[-1]
        if hi - lo + 1 > len(words) + 2:
            continue
        window = tgt_toks[lo:hi + 1]
        extra = [t.text for t in window if fold(t.text) not in words]
        if not extra:
            continue
        flags.append(make_flag(p.index, p.tgt, window[0].start, window[-1].end, "name", "minor",
                               f"name altered: source has {p.src[run.start:run.end]!r}",
                               "entities.names", 0.7, src=p.src, src_start=run.start, src_end=run.end,
                               suggestion=p.src[run.start:run.end]))
    return flags


def _standalone_surnames(segments: list[tuple[int, str]]) -> set[str]:
    """Capitalised words also used alone or after an honorific ("Mr. Roche", "Roche said"):
    people are referred to by surname, organisations ("American Airlines") are not."""
    out: set[str] = set()
    for _, text in segments:
        starts = sentence_starts(text)
        toks = tokenize(text)
        for k, t in enumerate(toks):
            if not t.text[0].isupper() or t.start in starts or len(t.text) < 3:
                continue
            prev = toks[k - 1] if k else None
            gap = text[prev.end:t.start] if prev else ""
            if prev is None or not prev.text[0].isupper() or fold(prev.text) in HONORIFICS or gap.strip(" .") :
                out.add(fold(t.text))
    return out


def first_name_consistency(segments: list[tuple[int, str]]) -> list[Flag]:
    """Translation only: one surname with two different first names (Sean Roche / John Roche)."""
    seen: dict[str, Counter[str]] = {}
    places: list[tuple[int, str, str, str, int, int]] = []
    standalone = _standalone_surnames(segments)
    for idx, text in segments:
        for first, last, fs, fe, le in _person_pairs(text):
            if fold(first) in HONORIFICS or fold(first) in NOT_GIVEN_NAMES or fold(last) not in standalone:
                continue
            seen.setdefault(fold(last), Counter())[first] += 1
            places.append((idx, text, first, last, fs, le))
    flags = []
    for idx, text, first, last, fs, le in places:
        firsts = seen[fold(last)]
        if len(firsts) < 2:
            continue
        top, n = firsts.most_common(1)[0]
        if first == top and n > firsts[first] - 1 and list(firsts.values()).count(n) == 1:
            continue
        if first == top:
            continue
        flags.append(make_flag(idx, text, fs, le, "consistency", "minor",
                               f"{first} {last}: the same surname appears with another first name ({top} {last})",
                               "entities.consistency", 0.5, suggestion=f"{top} {last}"))
    return flags


_QUOTE_START = re.compile(r"[«“\"—–:(]\s*$")


def _rendered(word: str, pair: Pair, tgt_fold: str, tgt_stems: set[str], dic) -> bool:
    """The target has a known rendering of a source name: an ISO country name in the target
    language ("Ouzbékistan" -> "Uzbekistan"), a dictionary translation ("Lituanie" -> "Lithuania"),
    or a capitalised target word holding one ("Forgeron" -> "Blacksmith")."""
    if any(has_word(tgt_fold, name) for name in country_names(pair.src_lang, pair.tgt_lang).get(fold(word), ())):
        return True
    if dic is not None and dic.supports(pair.src_lang, pair.tgt_lang):
        trans = dic.translations(word, pair.src_lang, pair.tgt_lang)  # looked up by stem: case does not matter
        if trans & tgt_stems:
            return True
        # a name made of a trade or title, rendered by a capitalised compound ("Forgeron" -> "Blacksmith")
        caps = [t.norm for t in tokenize(pair.tgt) if t.text[:1].isupper()]
        return any(len(x) >= 4 and x in c and x != c for x in trans for c in caps)
    return False


def _compound(word: str, lang: str) -> bool:
    """An unknown word that ends in a known word of 4+ letters (Traditions|rennstrecke): a compound."""
    low = word.lower()
    return any(zipf(low[i:], lang) >= 3.0 for i in range(3, len(low) - 3))


def capitalised_common_noun(word: str, lang: str, other_lang: str, dic=None) -> bool:
    """In a language that capitalises every noun (German), is capitalised ``word`` a common noun
    rather than a name? A name is a word the other language knows too (names travel: Scholz,
    Merkel) or one the source language does not know at all; a common noun is far rarer in the
    other language (Steuer, Jahr), an unknown compound, or a noun to the dictionary ("Tote";
    countries and brands it lists untagged). The one test entities and omissions share."""
    zs, zt = zipf(word.lower(), lang), zipf(word.lower(), other_lang)
    if zs > 0 and (zt == 0 or zs - zt >= NAME_ZIPF_GAP) or (zs == 0 and _compound(word, lang)):
        return True
    return dic is not None and dic.is_noun(word, lang)


def surname_starts(src: str, src_lang: str, tgt_lang: str, dic=None) -> set[int]:
    """Where nouns are capitalised, the starts of the words right after a name word of their run of
    capitals: surnames, whatever else they mean ("Antony Blinken": "blinken" is also a verb;
    "Hubertus Heil": "Heil" is also a noun). Empty for other languages."""
    if not profile(src_lang).get("nouns_capitalised", False):
        return set()
    return {run.starts[k] for run in name_runs(src, drop_initial=False) for k in range(1, len(run.tokens))
            if run.tokens[k - 1][:1].isupper() and not run.tokens[k - 1].isupper()
            and not capitalised_common_noun(run.tokens[k - 1], src_lang, tgt_lang, dic)}


def single_name_flags(pair: Pair, dic=None) -> list[Flag]:
    """A source proper name (capitalised mid-sentence, rare as a common word) absent from the
    target, even as a look-alike or a known rendering: a dropped or replaced name (Bush -> Corona).

    ``dic`` (a BilingualDictionary) and the ISO country catalogues let exonyms pass
    ("Lituanie" -> "Lithuania", "Ouzbékistan" -> "Uzbekistan")."""
    if not pair.src.strip() or not pair.tgt.strip() or is_heading(pair.src):
        return []
    starts = sentence_starts(pair.src)
    tgt_words = [t.norm for t in tokenize(pair.tgt)]
    tgt_fold = fold(pair.tgt)
    tgt_stems = {stem(t.text.lower(), pair.tgt_lang) for t in tokenize(pair.tgt)}
    flags = []
    seen: set[str] = set()
    # a first name dropped while the surname is kept ("Stephen Arnold" -> "Arnold") is normal
    # (a look-alike counts: "San Petersburgo" -> "St. Petersburg"; not where every noun is
    # capitalised, as a run there may be a common noun and a name: "Diözese Nantes")
    nouns_capitalised = bool(profile(pair.src_lang).get("nouns_capitalised", False))

    def kept(x: str) -> bool:
        return fold(x) in tgt_words or (not nouns_capitalised and len(x) >= 5 and any(
            len(u) >= 5 and similar(fold(x), u) >= 0.8 for u in tgt_words))

    # ... but a run's last word (the surname, the head) is excused only by itself: "Sheikh Hasina" ->
    # "Sheikh Chugoku" is a changed name when another word stands in its place (``head_only``)
    kept_runs: set[int] = set()
    head_stand_ins: dict[int, tuple[int, int]] = {}
    surnames = surname_starts(pair.src, pair.src_lang, pair.tgt_lang, dic)
    for run in name_runs(pair.src, drop_initial=False):
        # an acronym kept from the run ("US-Außenminister Antony Blinken" -> "US Secretary ... Jake
        # Sullivan") names a country or an organisation, not the person: it excuses no other word
        kept_words = [kept(x) and not x.isupper() for x in run.tokens]
        if any(kept_words):
            kept_runs.update(run.starts)
            if len(run.tokens) > 1 and kept_words[-2] and not kept_words[-1]:
                at = _head_stand_in(run.tokens[-2], pair, dic)
                if at:
                    kept_runs.discard(run.starts[-1])
                    head_stand_ins[run.starts[-1]] = at
    for t in tokenize(pair.src):
        w = t.text
        if not w[0].isupper() or w.isupper() or t.start in starts or len(w) < 3 or t.norm in seen or t.start in kept_runs:
            continue
        if any(c.isupper() for c in w[1:]) or pair.src[t.end:t.end + 1] in ("'", "’"):
            continue  # glued compounds (EtatsUnis) and contractions (Won't) are not single names
        zs, zt = zipf(w.lower(), pair.src_lang), zipf(w.lower(), pair.tgt_lang)
        if nouns_capitalised:
            if capitalised_common_noun(w, pair.src_lang, pair.tgt_lang, dic) and t.start not in surnames:
                continue
        elif zs >= 3.5 and zs - zt > 1.0:
            continue  # a common word or a name with a translation (Allemagne, Londres, Etat...)
        if fold(w) in HONORIFICS or fold(w) in NOT_GIVEN_NAMES:
            continue
        if zs >= 2.5 and _QUOTE_START.search(pair.src[: t.start]):
            continue  # first word of quoted speech ("— Pardon, Madame", ": « Descendez"): a word, not a name
        seen.add(t.norm)
        if t.norm in tgt_words or t.norm in tgt_fold or any(len(u) >= 4 and similar(t.norm, u) >= 0.75 for u in tgt_words):
            continue
        if len(t.norm) >= 6 and any(u[:5] == t.norm[:5] for u in tgt_words):
            continue  # a derived form of the same name ("Portugals" -> "Portuguese", "Italie" -> "Italian")
        if _rendered(w, pair, tgt_fold, tgt_stems, dic):
            continue
        at = head_stand_ins.get(t.start) or name_stand_in(pair.src, pair.tgt, pair.src_lang, pair.tgt_lang, t.start, dic)
        nearby = not at and named_nearby(t.norm, pair.tgt_context)
        respelled = bool(at) and spelled_otherwise(w, pair.tgt[at[0]:at[1]])
        first = t.start
        if at and flags and (flags[-1].start, flags[-1].end) == at and flags[-1].src_end is not None \
                and not pair.src[flags[-1].src_end:t.start].strip():
            # the next word of the same name, replaced by the same words: one flag for the whole name
            # ("Antony Blinken" -> "Jake Sullivan"), not two that the merge would fold into the first
            first = flags.pop().src_start
            w = pair.src[first:t.end]
        flags.append(make_flag(pair.index, pair.tgt, *(at or (0, 0)), "name", "minor" if nearby or respelled else "major",
                               f"source name {w!r} is missing from the translation"
                               + (f": {pair.tgt[at[0]:at[1]]!r} stands in its place"
                                  + (" (the same name spelled another way, probably: an exonym or a transliteration)"
                                     if respelled else " (name changed)") if at
                                  else " (the neighbouring segments name it: a pronoun or rephrasing here, probably)"
                                  if nearby else " (dropped or replaced)"),
                               "entities.names", 0.55, src=pair.src, src_start=first, src_end=t.end,
                               suggestion=w if at else None))
    return flags


def _head_stand_in(before: str, pair: Pair, dic=None) -> tuple[int, int] | None:
    """The target word right after ``before`` (the word before a source name's last word, kept in
    the target), when it is capitalised and renders nothing in the source: the last word replaced
    ("Sheikh Hasina" -> "Sheikh Chugoku", "Jean Valmont" -> "Jean Dubreuil")."""
    toks = tokenize(pair.tgt)
    for k, u in enumerate(toks[:-1]):
        nxt = toks[k + 1]
        if fold(u.text) == fold(before) and nxt.text[:1].isupper() and not pair.tgt[u.end:nxt.start].strip() \
                and not has_source_counterpart(nxt.text, pair.src, pair.src_lang, pair.tgt_lang, dic):
            return nxt.start, nxt.end
    return None


# first letters that spell one sound across languages (Yocul/Jokul, Cadix/Kadiks)
_SAME_SOUND = ({"j", "y", "i"}, {"c", "k", "q"}, {"f", "p"})
RESPELLED_MIN = 0.55  # letters shared by an exonym and its source (Padoue/Padua .73, Ignace/Ignatius .57)


def spelled_otherwise(name: str, stand_in: str) -> bool:
    """``stand_in`` is ``name`` in another spelling: one word beginning with the same letter or
    sound, sharing most letters (Padoue/Padua, Sénèque/Seneca, Reykjawik/Rejkiavik). Look-alikes
    closer than :func:`similar` 0.75 never reach here (they count as the name itself)."""
    a, b = fold(name).lower(), fold(stand_in).lower()
    if not a or not b or " " in b or "-" in b:
        return False
    same_start = a[0] == b[0] or any(a[0] in g and b[0] in g for g in _SAME_SOUND)
    return same_start and similar(a, b) >= RESPELLED_MIN


def named_nearby(norm: str, tgt_context: str) -> bool:
    """The name (or a look-alike: "Cunégonde" / "Cunegund") is in the neighbouring target segments."""
    words = [t.norm for t in tokenize(tgt_context)]
    return norm in words or any(len(u) >= 4 and similar(norm, u) >= 0.75 for u in words)


MAX_PLACE_WORDS = 4  # "Corée du Nord", "Bosnia and Herzegovina"


def _places(text: str, names: frozenset[str] | dict) -> list[tuple[str, int, int]]:
    """(folded name, start, end) of the country names of ``names`` in ``text``: runs of up to four
    words that start with a capital, joined as written ("Pays-Bas", "Países Bajos"), longest first."""
    toks = tokenize(text)
    out: list[tuple[str, int, int]] = []
    taken: set[int] = set()
    for i, t in enumerate(toks):
        if not t.text[:1].isupper() or i in taken:
            continue
        for n in range(min(MAX_PLACE_WORDS, len(toks) - i), 0, -1):
            j = i + n - 1
            key = fold(text[t.start:toks[j].end])
            if key in names:
                out.append((key, t.start, toks[j].end))
                taken.update(range(i, j + 1))
                break
    return out


@lru_cache(maxsize=16)
def _target_countries(src_lang: str, tgt_lang: str) -> frozenset[str]:
    """Every folded country name in the target language (the ISO catalogues' values)."""
    return frozenset(n for v in country_names(src_lang, tgt_lang).values() for n in v)


def country_flags(pair: Pair) -> list[Flag]:
    """A source country none of whose names is in the translation, where the translation names
    another country that renders nothing in the source: a changed name ("Lebanon" for "le Japon").

    Country names have translations, so :func:`single_name_flags` leaves them alone. A derived
    word sharing a name's first five letters ("Japanese") renders it; a country dropped or
    rephrased ("the Dutch", "Tokyo", "the UK") names no other country and is left to the other
    checks. Names from pycountry's ISO catalogues (``resources.country_names``)."""
    table = country_names(pair.src_lang, pair.tgt_lang)
    if not table or not pair.src.strip() or not pair.tgt.strip():
        return []
    src_places = _places(pair.src, table)
    if not src_places:
        return []
    tgt_fold = fold(pair.tgt)
    tgt_words = [t.norm for t in tokenize(pair.tgt)]
    rendered_any = {n for key, _, _ in src_places for n in table[key]} | {key for key, _, _ in src_places}
    others = [(k, s, e) for k, s, e in _places(pair.tgt, _target_countries(pair.src_lang, pair.tgt_lang))
              if k not in rendered_any]
    flags: list[Flag] = []
    for key, start, end in src_places:
        names = table[key] | {key}
        if any(has_word(tgt_fold, n) for n in names) or any(
                len(n) >= 5 and any(u[:5] == n[:5] for u in tgt_words) for n in names):
            continue  # kept, or a derived word ("Japanese")
        if not others:
            continue  # dropped or rephrased, not replaced
        k, s, e = others[0]
        best = min(table[key], key=len)
        flags.append(make_flag(pair.index, pair.tgt, s, e, "name", "critical",
                               f"source country {pair.src[start:end]!r} is missing from the translation: "
                               f"{pair.tgt[s:e]!r}, another country, stands in its place (name changed)",
                               "entities.names", 0.7, src=pair.src, src_start=start, src_end=end,
                               suggestion=" ".join(w if w in ("of", "and", "the") else w.capitalize()
                                                   for w in best.split(" "))))
    return flags


class SingleNameDetector(BeadDetector):
    """A one-word source name with no rendering in the target; a country replaced by another."""

    name = "single-name"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        names = single_name_flags(pair, ctx.dictionary)
        seen = {f.src_start for f in names}
        return names + [f for f in country_flags(pair) if f.src_start not in seen]


class AcronymDetector(BeadDetector):
    """A source acronym missing, changed or left untranslated in the target."""

    name = "acronym"

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        return acronym_pair_flags(pair) + untranslated_acronym_flags(pair, ctx.glosses_memo)


class NameDetector:
    """Multi-word names of the source missing or changed in the target (needs the whole document)."""

    name = "names"
    modes = frozenset({"pair"})

    def supports(self, ctx: FlagContext) -> str | None:
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        return name_flags(list(pairs), ctx.dictionary)


class AcronymConsistencyDetector:
    """One acronym written several ways across the translation."""

    name = "acronym-consistency"
    modes = frozenset({"pair", "check"})

    def supports(self, ctx: FlagContext) -> str | None:
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        segments = [(p.index, p.tgt) for p in pairs]
        if ctx.mode == "check":
            return acronym_consistency_flags(segments)
        return acronym_consistency_flags(segments, " ".join(p.src for p in pairs))


class FirstNameConsistencyDetector:
    """A person's first name spelt two ways in a translation checked on its own."""

    name = "first-name-consistency"
    modes = frozenset({"check"})

    def supports(self, ctx: FlagContext) -> str | None:
        return None

    def detect(self, pairs: Sequence[Pair], ctx: FlagContext) -> list[Flag]:
        return first_name_consistency([(p.index, p.tgt) for p in pairs])
