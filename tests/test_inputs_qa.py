"""Regressions found by the new-user QA pass that are not input errors as such."""

from pathlib import Path

import pytest

from evalkit.flag.punctuation import detect

DATA = Path(__file__).parent / "data" / "inputs"


@pytest.mark.parametrize("lang", ["es", "pt", "it"])
def test_guillemets_are_not_flagged_where_they_are_the_normal_quotes(lang):
    line = next(l for l in (DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines() if "«" in l)
    assert [f for f in detect(0, line, lang) if f.span in "«»"] == []
    assert [f for f in detect(0, "He said « yes » to the plan.", "en") if f.span == "«"]


def test_reports_are_written_all_or_none(tmp_path):
    from evalkit.errors import EvalkitError
    from evalkit.report.atomic import write_together

    out = tmp_path / "out"
    (out / "r.json").mkdir(parents=True)  # the second file cannot be written: it is a folder
    with pytest.raises(EvalkitError, match="r.json: cannot write"):
        write_together({"html": (out / "r.html", "<p>new</p>"), "json": (out / "r.json", "{}")})
    assert sorted(p.name for p in out.iterdir()) == ["r.json"]  # no r.html alone, no temp files left
    paths = write_together({"html": (tmp_path / "a.html", "a"), "json": (tmp_path / "a.json", b"{}")})
    assert paths["html"].read_text() == "a" and paths["json"].read_bytes() == b"{}"
