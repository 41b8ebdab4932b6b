"""Glossaries: CSV/TSV and TBX loading, required and forbidden renderings."""

import pytest

from evalkit.errors import InputError
from evalkit.flag import find_flags, load_glossary
from evalkit.records import Bead, ScoredBead

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="c1">
   <descrip type="definition">cloud computing</descrip>
   <langSet xml:lang="fr"><tig><term>informatique en nuage</term></tig></langSet>
   <langSet xml:lang="en">
    <tig><term>cloud computing</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>cloud informatics</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
 </body></text>
</martif>
"""


def beads(*pairs):
    return [ScoredBead(i, Bead((i,), (i,), 1.0, 1.0), s, t) for i, (s, t) in enumerate(pairs)]


def test_csv_required_and_forbidden(tmp_path):
    g = tmp_path / "g.csv"
    g.write_text("source,target,status,note\nofficine,agency,required,spy context\n,drugstore,forbidden,US term\n", encoding="utf-8")
    gl = load_glossary(g)
    assert len(gl.terms) == 2
    out = find_flags(beads(("Seize autres officines ont signé.", "Sixteen other outfits signed."),
                           ("Une officine.", "A drugstore."),
                           ("Seize officines.", "Sixteen agencies.")), "fr", "en", glossary=g, embedder=None)
    term = [f for f in out if f.category == "terminology"]
    assert [(f.bead, f.span) for f in term] == [(0, ""), (1, ""), (1, "drugstore")]
    assert term[0].src_span == "officines" and term[0].suggestion == "agency"


def test_tsv_and_bad_status(tmp_path):
    g = tmp_path / "g.tsv"
    g.write_text("PDG\tCEO\trequired\n", encoding="utf-8")
    assert load_glossary(g).terms[0].target == "CEO"
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,sometimes\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_glossary(bad)


def test_tbx_preferred_and_deprecated(tmp_path):
    g = tmp_path / "g.tbx"
    g.write_text(TBX, encoding="utf-8")
    gl = load_glossary(g, "fr", "en")
    assert {(t.source, t.target, t.status) for t in gl.terms} == {
        ("informatique en nuage", "cloud computing", "required"),
        ("informatique en nuage", "cloud informatics", "forbidden"),
    }
    out = find_flags(beads(("L'informatique en nuage progresse.", "Cloud informatics is growing.")), "fr", "en",
                     glossary=gl, embedder=None)
    spans = {f.span for f in out if f.category == "terminology"}
    assert spans == {"", "Cloud informatics"}


def test_missing_glossary_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_glossary(tmp_path / "nope.csv")
