"""The provenance invariant, checked on generated documents of every layout.

Invariant (docs/ingest.md): segments are ordered by ``start``; each segment's
``spans`` are non-empty raw ranges inside ``[start, end)``, in increasing
order, starting at ``start`` and ending at ``end``; the spans of all segments
are pairwise disjoint; every non-whitespace character of the raw text lies in
some span, except a paragraph-number label removed as the paragraph id (web, plain);
and a segment's text, ignoring whitespace and hyphens, is exactly the raw text
of its spans ignoring whitespace and hyphens (repairs only add or drop hyphens
and whitespace, so nothing is lost, invented or reordered).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalkit.ingest import segment_text
from evalkit.ingest.webtext import PARA_NUMBER

WORDS = [
    "la",
    "maison",
    "orga",
    "nisé",
    "Etats",
    "Unis",
    "atil",
    "ceuxci",
    "M.",
    "Mme",
    "E.",
    "10",
    "000",
    "3,5",
    "the",
    "house",
    "U.S.",
    "«",
    "»",
    '"',
    "...",
    "…",
    "(...)",
    "-",
    "–",
    "C",
    "ette",
    "PLAN",
    "SOCIAL",
    "l'an",
    "cien",
    "Read",
    "also",
    "RAW",
    "Paste",
    "Data",
    "Publicité",
    "alexandre",
    "dupont",
    "12",
    "|",
    "JEUDI",
    "3",
    "MARS",
    "2020",
    "de",
    "pour",
    "tant",
    "inté",
    "grée",
    "exmari",
    "Zélande",
    "Nouvelle",
]
PUNCT = ["", "", "", ".", ",", "?", "!", ":", " »", "."]

token = st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)).map(lambda t: t[0] + t[1])
line = st.lists(token, min_size=1, max_size=8).map(" ".join)
numbered = st.tuples(st.integers(1, 60), line).map(lambda t: f"  {t[0]}. {t[1]}")
doc_lines = st.lists(st.one_of(line, line, numbered, st.just(""), st.just("   ")), min_size=1, max_size=25)
documents = doc_lines.map(lambda ls: "\n".join(ls) + "\n")


def check(raw: str, layout: str, lang: str) -> None:
    segs = segment_text(raw, lang, layout)
    assert [s.id for s in segs] == list(range(len(segs)))
    assert [s.start for s in segs] == sorted(s.start for s in segs)
    covered = [False] * len(raw)
    for s in segs:
        spans = s.spans or ((s.start, s.end),)
        assert spans[0][0] == s.start and spans[-1][1] == s.end
        for (a, b), nxt in zip(spans, list(spans[1:]) + [None]):
            assert 0 <= a < b <= len(raw)
            if nxt is not None:
                assert b <= nxt[0]
            for i in range(a, b):
                assert not covered[i], f"overlap at {i} in {s}"
                covered[i] = True
        piece = "".join(raw[a:b] for a, b in spans)
        assert re.sub(r"[\s\-]", "", s.text) == re.sub(r"[\s\-]", "", piece), s
        assert s.kind in ("body", "heading", "furniture", "skipped")
        assert s.kind != "skipped" or s.reason
    labels = set()
    if layout in ("web", "plain"):
        for m in re.finditer(r"(?m)^[ \t]*(\S.*)$", raw):
            p = PARA_NUMBER.match(m.group(1))
            if p:
                labels.update(range(m.start(1), m.start(1) + p.end()))
    missing = [i for i, c in enumerate(raw) if not c.isspace() and not covered[i] and i not in labels]
    assert not missing, f"uncovered characters {[raw[i] for i in missing]} at {missing[:5]}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_pdf_text_invariant(raw: str) -> None:
    check(raw, "pdf-text", "fr")


@settings(max_examples=100, deadline=None)
@given(documents)
def test_web_invariant(raw: str) -> None:
    check(raw, "web", "en")


@settings(max_examples=100, deadline=None)
@given(documents)
def test_plain_invariant(raw: str) -> None:
    check(raw, "plain", "fr")


@settings(max_examples=60, deadline=None)
@given(documents)
def test_presegmented_invariant(raw: str) -> None:
    check(raw, "presegmented", "fr")


def test_seed_documents_invariant() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    check((root / "pairs/lemonde-amazon/source.fr.txt").read_text(encoding="utf-8"), "pdf-text", "fr")
    check((root / "pairs/lemonde-amazon/translation.en.txt").read_text(encoding="utf-8"), "web", "en")
