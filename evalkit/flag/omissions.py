"""Omissions and additions: content words with no plausible counterpart on the other side.

Each content word is looked up in the bilingual dictionary (:mod:`evalkit.flag.bilingual`)
and accepted as translated if one of its translations (by stem) or a look-alike (cognate:
"serveurs"/"servers") is in the other side. Paraphrase is normal, so the detector keeps
quiet unless it has evidence: the word must be in the dictionary (we know what to look
for), be informative (wordfreq Zipf <= 5, i.e. not a light verb), and the bead must be a
good match otherwise (most known content words found). A missing head next to a kept
modifier ("armes nucléaires" -> "nuclear") is the typical, and major, case.
"""

from __future__ import annotations

from evalkit.flag.base import Pair, make_flag
from evalkit.flag.bilingual import BilingualDictionary, load_dictionary
from evalkit.flag.text import Token, fold, is_content_word, similar, stem, tokenize, zipf
from evalkit.records import Flag

UNKNOWN = -2
MISSING = -1
MAX_ZIPF = 5.0
MIN_ZIPF = 2.0
MIN_FOUND_SHARE = 0.5


def _cognate(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if len(fa) < 4 or len(fb) < 4:
        return fa == fb
    return fa[:3] == fb[:3] and (similar(fa, fb) >= 0.75 or fa[:6] == fb[:6])


def match_words(a: list[Token], a_lang: str, b: list[Token], b_lang: str, dic: BilingualDictionary) -> dict[int, int]:
    """For each content word of ``a``: index of its counterpart in ``b``, MISSING or UNKNOWN."""
    b_stems = [stem(t.text, b_lang) for t in b]
    status: dict[int, int] = {}
    for i, t in enumerate(a):
        if not is_content_word(t.text, a_lang) or (t.text[0].isupper() and i > 0):
            continue
        cands = dic.translations(t.text, a_lang, b_lang)
        hit = next((j for j, s in enumerate(b_stems) if s in cands), None)
        if hit is None:
            hit = next((j for j, u in enumerate(b) if _cognate(t.text, u.text)), None)
        if hit is not None:
            status[i] = hit
        else:
            status[i] = MISSING if cands else UNKNOWN
    return status


def _unmatched(a: list[Token], a_lang: str, b: list[Token], b_lang: str, dic: BilingualDictionary):
    """Informative known words of ``a`` with no counterpart, if the bead matches well otherwise."""
    status = match_words(a, a_lang, b, b_lang, dic)
    informative = [i for i, s in status.items() if s != UNKNOWN and not a[i].text[0].isupper()
                   and MIN_ZIPF <= zipf(a[i].text.lower(), a_lang) <= MAX_ZIPF]
    found = [i for i in informative if status[i] >= 0]
    if len(informative) < 3 or len(found) / len(informative) < MIN_FOUND_SHARE:
        return status, []
    return status, [i for i in informative if status[i] == MISSING]


def detect(pair: Pair, dic: BilingualDictionary | None = None) -> list[Flag]:
    """Omission flags: a source word lost next to a neighbour that was kept.

    Unlocated omissions and additions (target words from nowhere) are not reported: with a
    dictionary of a few thousand words they are mostly paraphrase, i.e. false alarms.
    """
    if not pair.src.strip() or not pair.tgt.strip():
        return []
    dic = dic or load_dictionary()
    if dic is None or not dic.supports(pair.src_lang, pair.tgt_lang):
        return []
    src, tgt = tokenize(pair.src), tokenize(pair.tgt)
    flags: list[Flag] = []
    status, missing = _unmatched(src, pair.src_lang, tgt, pair.tgt_lang, dic)
    for i in missing:
        # a kept neighbour (modifier or head) locates the omission in the target
        nb = next((j for j in (i + 1, i - 1) if status.get(j, UNKNOWN) >= 0
                   and not set(pair.src[min(src[i].end, src[j].end):max(src[i].start, src[j].start)]) - set(" ")), None)
        w = src[i].text
        trans = ", ".join(sorted(dic.translations(w, pair.src_lang, pair.tgt_lang)))[:60]
        if nb is not None:
            t = tgt[status[nb]]
            flags.append(make_flag(pair.index, pair.tgt, t.start, t.end, "omission", "major",
                                   f"source word {w!r} (next to {src[nb].text!r}, rendered {t.text!r}) has no counterpart "
                                   f"in the translation (dictionary: {trans})", "omissions", 0.6,
                                   src=pair.src, src_start=src[i].start, src_end=src[i].end))
    return flags
