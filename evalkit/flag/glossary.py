"""Client glossaries: required and forbidden translations, from CSV/TSV or TBX.

CSV/TSV columns: source term, target term, status (required | forbidden), optional note.
A header row is recognised and skipped. Several rows with the same source term and status
``required`` list accepted alternatives. A forbidden row may leave the source term empty
(the target term is banned everywhere).

TBX (TermBase eXchange, v2 ``martif`` or v3 ``tbx``): every concept entry gives, per
language, its terms; ``preferredTerm``/``admittedTerm`` target terms are required renderings
of the entry's source terms, ``deprecatedTerm``/``supersededTerm`` ones are forbidden.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from evalkit.errors import InputError
from evalkit.flag.base import BeadDetector, FlagContext, Pair, make_flag
from evalkit.text import fold
from evalkit.records import Flag

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    status: str  # required | forbidden
    note: str = ""


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    src_lang: str | None = None
    tgt_lang: str | None = None

    def required(self) -> dict[str, list[Term]]:
        out: dict[str, list[Term]] = {}
        for t in self.terms:
            if t.status == "required" and t.source:
                out.setdefault(t.source, []).append(t)
        return out

    def forbidden(self) -> list[Term]:
        return [t for t in self.terms if t.status == "forbidden"]


def _term_regex(term: str) -> re.Pattern[str]:
    """Folded, word-bounded, tolerant of a plural ending on the last word."""
    words = [re.escape(w) for w in re.findall(r"[^\W_]+", fold(term))]
    last = words[-1]
    if last.endswith("y"):  # agency/agencies
        last = rf"{last[:-1]}(?:y|ies)"
    elif last.endswith("al"):  # national/nationaux
        last = rf"{last[:-2]}(?:al|aux|als)"
    else:
        last = rf"{last}(?:s|x|es)?"
    body = r"[\s\-'’]+".join(words[:-1] + [last])
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def find_term(term: str, text: str) -> tuple[int, int] | None:
    """Offsets of a glossary term in ``text`` (folding keeps offsets: same length per char)."""
    m = _term_regex(term).search(_fold_same_length(text))
    return (m.start(), m.end()) if m else None


def _fold_same_length(text: str) -> str:
    return "".join(fold(c)[:1] or c for c in text)


def load_glossary(path: str | Path, src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Read a CSV, TSV or TBX glossary; raise InputError for unreadable or empty files."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: glossary not found")
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<"):
        g = _load_tbx(text, p, src_lang, tgt_lang)
    else:
        g = _load_table(text, p)
        g.src_lang, g.tgt_lang = src_lang, tgt_lang
    if not g.terms:
        raise InputError(f"{p}: no glossary terms found")
    return g


def _load_table(text: str, p: Path) -> Glossary:
    delim = "\t" if p.suffix.lower() == ".tsv" or ("\t" in text.splitlines()[0] if text.strip() else False) else ","
    terms: list[Term] = []
    for n, row in enumerate(csv.reader(text.splitlines(), delimiter=delim), 1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if n == 1 and len(cells) >= 3 and fold(cells[2]) in ("status", "statut", "type"):
            continue
        if len(cells) < 2:
            raise InputError(f"{p}:{n}: expected 'source term, target term, status[, note]'")
        status = fold(cells[2]) if len(cells) > 2 and cells[2] else "required"
        status = {"preferred": "required", "admitted": "required", "deprecated": "forbidden",
                  "banned": "forbidden", "do not use": "forbidden"}.get(status, status)
        if status not in ("required", "forbidden"):
            raise InputError(f"{p}:{n}: status must be required or forbidden, not {cells[2]!r}")
        if not cells[1] or (status == "required" and not cells[0]):
            raise InputError(f"{p}:{n}: a required term needs both a source and a target term")
        terms.append(Term(cells[0], cells[1], status, cells[3] if len(cells) > 3 else ""))
    return Glossary(terms)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _load_tbx(text: str, p: Path, src_lang: str | None, tgt_lang: str | None) -> Glossary:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{p}: not valid TBX/XML ({exc})") from exc
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    langs_seen: list[str] = []
    parsed: list[dict[str, list[tuple[str, str]]]] = []
    for entry in entries:
        by_lang: dict[str, list[tuple[str, str]]] = {}
        note = ""
        for el in entry.iter():
            if _local(el.tag) in ("descrip", "note") and el.text and not note:
                note = el.text.strip()
        for ls in entry:
            if _local(ls.tag) != "langSet" and _local(ls.tag) != "langSec":
                continue
            lang = (ls.get(_XML_LANG) or ls.get("lang") or "").split("-")[0].lower()
            if lang and lang not in langs_seen:
                langs_seen.append(lang)
            for holder in ls.iter():
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term = next((t.text.strip() for t in holder.iter() if _local(t.tag) == "term" and t.text), None)
                if not term:
                    continue
                status = "admitted"
                for tn in holder.iter():
                    if _local(tn.tag) in ("termNote", "admin") and "status" in (tn.get("type") or "").lower() and tn.text:
                        status = tn.text.strip()
                by_lang.setdefault(lang, []).append((term, status))
        by_lang["__note__"] = [(note, "")]
        parsed.append(by_lang)
    if len(langs_seen) < 2:
        raise InputError(f"{p}: TBX needs terms in two languages")
    src = src_lang or langs_seen[0]
    tgt = tgt_lang or next(lang for lang in langs_seen if lang != src)
    terms: list[Term] = []
    for by_lang in parsed:
        note = by_lang["__note__"][0][0]
        sources = [t for t, s in by_lang.get(src, []) if "deprecated" not in s and "superseded" not in s]
        for tterm, status in by_lang.get(tgt, []):
            forbidden = "deprecated" in status or "superseded" in status or "forbidden" in status
            if forbidden:
                terms.append(Term(sources[0] if sources else "", tterm, "forbidden", note))
            else:
                terms.extend(Term(s, tterm, "required", note) for s in sources)
    return Glossary(terms, src, tgt)


def detect(pair: Pair, glossary: Glossary) -> list[Flag]:
    """Required target terms missing where the source term occurs; forbidden terms used."""
    flags: list[Flag] = []
    if not pair.tgt.strip():
        return flags
    for source, alts in glossary.required().items():
        hit = find_term(source, pair.src) if pair.src else None
        if not hit or any(find_term(a.target, pair.tgt) for a in alts):
            continue
        wanted = " / ".join(a.target for a in alts)
        note = next((a.note for a in alts if a.note), "")
        flags.append(make_flag(pair.index, pair.tgt, 0, 0, "terminology", "major",
                               f"glossary: {source!r} must be translated {wanted!r}" + (f" ({note})" if note else ""),
                               "glossary", 0.9, src=pair.src, src_start=hit[0], src_end=hit[1], suggestion=alts[0].target))
    for t in glossary.forbidden():
        where = find_term(t.target, pair.tgt)
        if not where:
            continue
        shit = find_term(t.source, pair.src) if t.source and pair.src else None
        if t.source and pair.src and not shit:
            continue
        better = [a.target for a in glossary.required().get(t.source, [])]
        flags.append(make_flag(pair.index, pair.tgt, where[0], where[1], "terminology", "major",
                               f"glossary: {t.target!r} is a forbidden rendering" + (f" of {t.source!r}" if t.source else "")
                               + (f"; use {' / '.join(better)}" if better else "") + (f" ({t.note})" if t.note else ""),
                               "glossary", 0.9, src=pair.src if shit else None, src_start=shit[0] if shit else None,
                               src_end=shit[1] if shit else None, suggestion=better[0] if better else None))
    return flags


class GlossaryDetector(BeadDetector):
    """Required and forbidden terms of the user's glossary (forbidden ones only without a source)."""

    name = "glossary"
    modes = frozenset({"pair", "check"})

    def check(self, pair: Pair, ctx: FlagContext) -> list[Flag]:
        # no glossary is no gap in the checks (the user has none to apply): nothing to report
        return detect(pair, ctx.glossary) if isinstance(ctx.glossary, Glossary) else []
