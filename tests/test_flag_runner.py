"""find_flags / check_document end to end, and the planted set's quality floor."""

import json
from pathlib import Path

from evalkit.flag import check_document, find_flags
from evalkit.records import Bead, Document, ScoredBead

PLANTED = Path(__file__).parent / "data" / "flag" / "planted.jsonl"


def bead(i, src, tgt):
    return ScoredBead(i, Bead((i,) if src else (), (i,) if tgt else (), 1.0, 1.0), src, tgt)


def test_unaligned_beads_and_offsets():
    beads = [bead(0, "Le projet a coûté 10 milliards de dollars.", "The project cost $10 million ."),
             bead(1, "", "Read also: 55 researchers wrote a letter ."),
             bead(2, "Une phrase sans traduction.", "")]
    flags = find_flags(beads, "fr", "en", embedder=None)
    assert {f.bead for f in flags} == {0, 1}
    for f in flags:
        assert f.segment[f.start:f.end] == f.span
        assert f.severity in ("minor", "major", "critical")
    assert any(f.category == "number" and f.span == "$10 million" for f in flags)
    assert not any(f.category == "number" for f in flags if f.bead == 1)  # no source: no number check


def test_duplicates_are_merged():
    beads = [bead(0, "Il a vu le the.", "He saw the the cat  , twice.")]
    flags = find_flags(beads, "fr", "en", embedder=None)
    keys = [(f.bead, f.category, f.start) for f in flags]
    assert len(keys) == len(set(keys))


def test_check_document_finds_garbled_acronym():
    doc = Document.from_lines(["Le service (ICE) recrute.", "L'ICE a dépensé 3 milliards.",
                               "Un contrat avec la CIE.", "L'ICE refuse."], "fr")
    flags = check_document(doc)
    assert [(f.bead, f.span, f.category) for f in flags] == [(2, "CIE", "consistency")]


def test_planted_set_quality_floor():
    items = [json.loads(line) for line in PLANTED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 80
    hits = errs = alarms = controls = 0
    for it in items:
        beads = [bead(0, it["src"], it["tgt"])] + [bead(k + 1, s, t) for k, (s, t) in enumerate(it["context"])]
        flags = [f for f in find_flags(beads, it["src_lang"], it["tgt_lang"], embedder=None) if f.bead == 0]
        if it["error"]:
            s = it["tgt"].find(it["span"])
            errs += 1
            hits += any(f.start < s + len(it["span"]) and s < f.end for f in flags)
        else:
            controls += 1
            alarms += bool(flags)
    assert hits / errs >= 0.7
    assert alarms / controls <= 0.1


def test_other_language_pairs_degrade_gracefully():
    beads = [bead(0, "Der Vertrag wurde 2016 von 17 Ländern unterzeichnet.", "Le traité a été signé en 2015 par 17 pays."),
             bead(1, "Die NATO und die UNO.", "L'OTAN et l'ONU.")]
    flags = find_flags(beads, "de", "fr", embedder=None)
    assert [(f.bead, f.span, f.category) for f in flags] == [(0, "2015", "number")]


def test_low_confidence_beads_get_target_checks_only():
    b = ScoredBead(0, Bead((0,), (0,), 0.3, 0.05), "Le projet a coûté 10 milliards.", "The project cost 3 million .")
    flags = find_flags([b], "fr", "en", embedder=None)
    assert [f.category for f in flags] == ["punctuation"]
