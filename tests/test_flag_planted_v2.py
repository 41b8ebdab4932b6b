"""planted_v2 is well formed: the checks a frozen test set must pass before anyone measures on it.

This validates the data only (it runs no detector). Span positions: the bench locates ``span`` as its
only whole-word occurrence in ``tgt``, so that is what is checked here.
"""

import json
import re
from collections import Counter
from pathlib import Path

PLANTED_V2 = Path(__file__).parent / "data" / "flag" / "planted_v2.jsonl"
CATEGORIES = (
    "false-friend", "wrong-sense", "literal-idiom", "acronym", "pronoun", "omission", "addition",
    "negation", "named-entity", "number", "antonym", "tense",
)
DOMAINS = {"economy", "courts", "health", "sport"}
FIELDS = {"id", "domain", "src_lang", "tgt_lang", "src", "tgt", "error", "category", "span",
          "src_span", "suggestion", "note"}


def load():
    return [json.loads(line) for line in PLANTED_V2.read_text(encoding="utf-8").splitlines() if line.strip()]


def whole_word_spans(span, text):
    """Start offsets of ``span`` in ``text`` not glued to a letter or digit on either side."""
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(span) + r"(?!\w)", text)]


def test_records_are_well_formed():
    items = load()
    assert len({r["id"] for r in items}) == len(items)
    for r in items:
        assert set(r) == FIELDS, r["id"]
        assert (r["src_lang"], r["tgt_lang"]) == ("fr", "en")
        assert r["domain"] in DOMAINS and r["category"] in CATEGORIES, r["id"]
        assert r["src"].strip() and r["tgt"].strip() and r["note"].strip(), r["id"]
        assert r["src"] != r["tgt"]
        if not r["error"]:
            assert r["span"] is None and r["suggestion"] is None, r["id"]
        elif r["category"] == "omission":
            assert r["span"] is None and r["src_span"] and r["src_span"] in r["src"], r["id"]
            assert r["suggestion"], r["id"]
        else:
            assert r["span"] and r["suggestion"], r["id"]
            assert len(whole_word_spans(r["span"], r["tgt"])) == 1, r["id"]
        if r["src_span"] and r["category"] not in ("addition",):
            for part in r["src_span"].split(" / "):
                assert part in r["src"], (r["id"], part)


def test_counts_meet_the_brief():
    items = load()
    errors = Counter(r["category"] for r in items if r["error"])
    controls = Counter(r["category"] for r in items if not r["error"])
    assert sum(errors.values()) >= 150 and sum(controls.values()) >= 100
    assert all(errors[c] >= 10 for c in CATEGORIES), errors
    for c in ("false-friend", "wrong-sense", "literal-idiom"):
        assert errors[c] >= 15 and controls[c] >= 15, c
    assert 0.55 <= sum(errors.values()) / len(items) <= 0.65
    assert {r["domain"] for r in items} == DOMAINS
