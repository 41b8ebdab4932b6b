"""Numbers: locale-aware parsing, changed/missing/added numbers, foreign number formats."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.numbers import detect, extract, locale_flags


def values(text, lang):
    return [q.value for q in extract(text, lang)]


@pytest.mark.parametrize(
    "fr, en",
    [
        ("devant 10 000 personnes", "in front of 10,000 people"),
        ("un contrat de 10 milliards de dollars", "a $10 billion contract"),
        ("47 % du marché", "47% of the market"),
        ("une hausse de 1,5 point", "a rise of 1.5 points"),
        ("seize autres agences", "sixteen other agencies"),
        ("deux millions de personnes", "2 million people"),
        ("quatre-vingt-dix jours", "ninety days"),
    ],
)
def test_same_quantity_in_both_locales(fr, en):
    assert values(fr, "fr") == values(en, "en")
    assert detect(Pair(0, fr, en, "fr", "en")) == []


def test_changed_number_is_critical_and_points_at_target():
    tgt = "The project cost $10 million."
    flags = detect(Pair(3, "Le projet a coûté 10 milliards de dollars.", tgt, "fr", "en"))
    assert len(flags) == 1
    f = flags[0]
    assert f.category == "number" and f.severity == "critical" and f.bead == 3
    assert tgt[f.start:f.end] == f.span == "$10 million"
    assert f.src_span == "10 milliards"


def test_missing_and_added_numbers():
    missing = detect(Pair(0, "En 2016, dix-sept pays ont signé.", "Seventeen countries signed.", "fr", "en"))
    assert [f.src_span for f in missing] == ["2016"]
    added = detect(Pair(0, "Des pays ont signé.", "Seventeen countries signed.", "fr", "en"))
    assert [f.span for f in added] == ["Seventeen"]


def test_currency_change_is_flagged():
    flags = detect(Pair(0, "Sales rose to €3.2 billion.", "Les ventes ont atteint 3,2 milliards de dollars.", "en", "fr"))
    assert flags and "currency" in flags[0].message


def test_both_is_not_a_missing_two():
    assert detect(Pair(0, "Secured by Design, tous deux au Royaume-Uni", "Secured by Design, both in the UK", "fr", "en")) == []


def test_locale_flags_for_foreign_formats():
    en = locale_flags(0, "In front of 10 000 people, $ 5 billion and 47 % more.", "en")
    assert {f.span for f in en} >= {"10 000", "$ ", "7 %"}
    fr = locale_flags(0, "Un contrat de $19,4 milliards de dollars.", "fr")
    assert any("currency given twice" in f.message for f in fr)
    assert locale_flags(0, "In front of 10,000 people.", "en") == []


@pytest.mark.parametrize(
    "fr, en",
    [
        ("vers 12 h 00 GMT le même jour", "around 1200 GMT the same day"),
        ("le feu a été maîtrisé à 23:35", "the fire was put out at 11:35 pm"),
        ("entre le XIe et le XIVe siècle", "between the 11th and the 14th century"),
        ("il est arrivé 2e", "he came second"),
        ("une seconde chance", "a second chance"),
    ],
)
def test_times_and_ordinals(fr, en):
    assert detect(Pair(0, fr, en, "fr", "en")) == []


def test_changed_time():
    flags = detect(Pair(0, "à 9 h 30", "at 10:30 am", "fr", "en"))
    assert [f.span for f in flags] == ["10:30 am"]


def test_english_hundred_and_roman_part_numbers_and_approximate_french_numerals():
    from evalkit.flag.numbers import extract

    assert [q.value for q in extract("She weighed three hundred and fifty pounds.", "en")] == [350.0]
    assert [q.value for q in extract("two and three", "en")] == [2.0, 3.0]  # "and" joins only after hundred/thousand
    assert [q.value for q in extract("CHAPITRE III. Comment Candide", "fr")] == [3.0]
    assert extract("a part I liked", "en") == []
    (q,) = extract("une vingtaine de personnes", "fr")
    assert q.value == 20.0 and q.optional


# Dates written another way are the same date (month names are profile data). Written before
# the date reading: "11 septembre 2001" / "post-9/11" was a critical "number changed" flag.
DATE_PAIRS = [
    ("Le monde de l'après-11 septembre 2001 a changé.", "The post-9/11 world has changed."),
    ("La réunion a eu lieu le 3 mars 2020.", "The meeting took place on March 3, 2020."),
    ("La réunion a eu lieu le 3 mars 2020.", "The meeting took place on 3 March 2020."),
    ("Il est né le 14 juillet 1989.", "He was born on 14/07/1989."),
]


@pytest.mark.parametrize("src,tgt", DATE_PAIRS)
def test_a_date_written_another_way_is_the_same_date(src, tgt):
    from evalkit.flag.numbers import detect

    assert [f.message for f in detect(Pair(0, src, tgt, "fr", "en")) if f.severity in ("major", "critical")] == []


def test_a_changed_date_is_still_flagged():
    from evalkit.flag.numbers import detect

    flags = detect(Pair(0, "La réunion a eu lieu le 3 mars 2020.", "The meeting took place on March 4, 2020.", "fr", "en"))
    assert any(f.severity in ("major", "critical") and "4" in f.span for f in flags)
    flags = detect(Pair(0, "Il est né le 14 juillet 1989.", "He was born on 14 June 1989.", "fr", "en"))
    assert any(f.severity in ("major", "critical") for f in flags)
