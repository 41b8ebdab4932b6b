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
