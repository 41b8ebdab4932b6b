"""Beads made only of page/site furniture are layout, not translation: no flags there,
while the body beads of the same document are still checked."""

import pytest

from evalkit.records import Alignment, Bead, Document, Segment
from evalkit.score import evaluate

pytestmark = pytest.mark.slow  # real embedder


def _doc(lang, pieces):
    raw, segs = "", []
    for i, (text, kind) in enumerate(pieces):
        segs.append(Segment(i, text, kind, len(raw), len(raw) + len(text)))
        raw += text + "\n"
    return Document(f"<{lang}>", lang, raw, segs)


def test_furniture_pair_is_not_flagged_but_body_is(embedder):
    src = _doc("fr", [("Page 12 | Régions MARDI 3 MARS 2020", "furniture"),
                      ("La mairie a recruté 45 agents pour l'été.", "body")])
    tgt = _doc("en", [("Posted by a guest, Mar 3rd, 2020, 918 views", "furniture"),
                      ("The town hall hired 54 staff for the summer.", "body")])
    beads = [Bead((0,), (0,), 1.0, 0.9), Bead((1,), (1,), 1.0, 0.95)]
    ev = evaluate(Alignment(src, tgt, beads, "parallel", 1.0, 1.0), embedder, engines="none")
    assert ev.beads[0].flags == []
    assert any(f.category == "number" for f in ev.beads[1].flags)


def test_not_parallel_documents_get_no_sentence_by_sentence_omissions(embedder):
    src = _doc("fr", [("Le conseil municipal a voté le budget de la piscine.", "body")])
    tgt = _doc("en", [("The football season starts next week in Lyon.", "body")])
    beads = [Bead((0,), (), 0.0, 0.9), Bead((), (0,), 0.0, 0.9)]
    flags_of = lambda verdict: [f for sb in evaluate(Alignment(src, tgt, beads, verdict, 0.0, 0.0),
                                                      embedder, engines="none").beads for f in sb.flags]
    assert {f.category for f in flags_of("partial")} >= {"omission", "addition"}
    assert flags_of("not-parallel") == []


def test_not_parallel_documents_have_no_mqm_score(embedder):
    from evalkit.score.summary import mqm_score

    src = _doc("fr", [("Le conseil municipal a voté le budget de la piscine.", "body")])
    tgt = _doc("en", [("The football season starts next week in Lyon.", "body")])
    beads = [Bead((0,), (), 0.0, 0.9), Bead((), (0,), 0.0, 0.9)]
    ev = evaluate(Alignment(src, tgt, beads, "not-parallel", 0.0, 0.0), embedder, engines="none")
    assert mqm_score(ev)[0] is None
    ev.alignment.verdict = "partial"
    assert mqm_score(ev)[0] is not None
