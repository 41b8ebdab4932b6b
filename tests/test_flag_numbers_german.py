"""German dates and clock times (session 9, written before the fix; the bug was seen in a
DEMETR-de *measure* reference, so that half is not untouched for this check): "19. Juli" writes
the day as an ordinal with a full stop, and "3.40 Uhr" / "15 Uhr" are times. My own sentences."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.numbers import detect

SAME = [
    ("Am 19. Juli 2019 wurde das Gesetz im Bundestag verabschiedet.", "On July 19, 2019, the law was passed in the Bundestag."),
    ("Der Zug fuhr am 3. Oktober ab.", "The train left on October 3."),
    ("Der Unfall geschah um 3.40 Uhr morgens.", "The accident happened at 3:40 a.m."),
    ("Die Sitzung beginnt um 15 Uhr.", "The meeting starts at 3 p.m."),
]


@pytest.mark.parametrize("src,tgt", SAME)
def test_a_german_date_or_time_rendered_in_english_is_not_a_changed_number(src, tgt):
    assert not detect(Pair(0, src, tgt, "de", "en")), [(f.span, f.message) for f in detect(Pair(0, src, tgt, "de", "en"))]


CHANGED = [
    ("Am 19. Juli 2019 wurde das Gesetz im Bundestag verabschiedet.", "On July 18, 2019, the law was passed in the Bundestag."),
    ("Der Unfall geschah um 3.40 Uhr morgens.", "The accident happened at 4:40 a.m."),
]


@pytest.mark.parametrize("src,tgt", CHANGED)
def test_a_changed_german_date_or_time_is_flagged(src, tgt):
    assert [f for f in detect(Pair(0, src, tgt, "de", "en")) if f.category == "number"]
