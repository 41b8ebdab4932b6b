"""Bidi controls in a translation are flagged (issue 13, item 10): they make the screen show
other words than the file holds, so a reviewer must see them, in a report and in `check`."""

import json

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead
from inputs_support import evalkit


def test_an_override_in_the_translation_is_a_critical_flag_on_the_control():
    tgt = "The court found him \u202eevil\u202c yesterday."
    b = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Le tribunal l'a jugé coupable hier.", tgt)
    flags = [f for f in find_flags([b], "fr", "en", embedder=None) if f.category == "bidi-control"]
    assert [(f.span, f.severity) for f in flags] == [("\u202e", "critical"), ("\u202c", "minor")]
    assert "right-to-left override" in flags[0].message


def test_clean_text_has_no_bidi_flag():
    b = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), "Le tribunal l'a jugé hier.", "The court ruled yesterday.")
    assert not [f for f in find_flags([b], "fr", "en", embedder=None) if f.category == "bidi-control"]


def test_check_reports_a_bidi_control_in_a_translation_alone(tmp_path):
    doc = tmp_path / "t.en.txt"
    doc.write_text("The board approved the \u2067budget\u2069 for next year.\nIt was a long meeting for all.\n",
                   encoding="utf-8")
    r = evalkit("check", doc, "--lang", "en", "--format", "json", "--no-lang-check", "-q")
    assert r.returncode == 0, r.stderr
    cats = [f["category"] for f in json.loads(r.stdout)]
    assert cats.count("bidi-control") == 2
