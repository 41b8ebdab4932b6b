"""Names and acronyms: source vs target, and consistency inside one translation."""

import pytest


from evalkit.flag.base import Pair
from evalkit.flag.entities import (
    acronym_consistency_flags,
    acronym_pair_flags,
    first_name_consistency,
    name_flags,
    near_miss,
)


def test_acronym_equivalents_from_the_data_file():
    for fr, en in [("l'OTAN", "NATO"), ("l'ONU", "the UN"), ("l'UE", "the EU"), ("le PDG", "the CEO"), ("le FMI", "the IMF")]:
        assert acronym_pair_flags(Pair(0, f"Selon {fr}, tout va bien.", f"According to {en}, all is well.", "fr", "en")) == []


def test_scrambled_acronym_is_major():
    tgt = "The IFM expects 3% growth."
    flags = acronym_pair_flags(Pair(0, "Le FMI prévoit 3 % de croissance.", tgt, "fr", "en"))
    assert len(flags) == 1 and flags[0].span == "IFM" and flags[0].severity == "major" and flags[0].suggestion == "IMF"


def test_near_miss_rule():
    assert near_miss("CIE", "ICE")
    assert not near_miss("CIA", "CIE")  # one letter off is only suspicious from 4 letters
    assert near_miss("UNHCR", "UNHCP")


def test_acronym_consistency_in_a_translation():
    segs = [(0, "Le service de l'immigration (ICE) recrute."), (1, "L'ICE a dépensé 3 milliards."),
            (2, "Microsoft a signé un contrat avec la CIE."), (3, "L'ICE refuse de commenter.")]
    flags = acronym_consistency_flags(segs)
    assert [(f.bead, f.span) for f in flags] == [(2, "CIE")]
    # a known equivalent pair is not a garbled copy (CIO/IOC are the same body)
    assert acronym_consistency_flags([(0, "Le CIO et l'IOC"), (1, "IOC"), (2, "IOC")]) == []


def test_changed_first_name_against_the_source():
    pairs = [
        Pair(0, "Sean Roche ne tarit pas d'éloges.", "Sean Roche is full of praise.", "fr", "en"),
        Pair(1, "Le collègue de M. Roche, John Edwards, a parlé.", "John Roche's colleague John Edwards spoke.", "fr", "en"),
        Pair(2, "En juillet, M. Trump s'est inquiété.", "In July Trump was worried.", "fr", "en"),
    ]
    flags = name_flags(pairs)
    assert [(f.bead, f.span) for f in flags] == [(1, "John Roche")]
    assert flags[0].suggestion == "Sean Roche" and flags[0].severity == "critical"  # a name replaced


def test_altered_multiword_name():
    flags = name_flags([Pair(0, "résume We Won't Build It, un collectif", "summarizes We Will not Build It, a collective", "fr", "en")])
    assert flags and flags[0].span == "We Will not Build It" and flags[0].category == "name"


def test_first_name_consistency_needs_a_person():
    segs = [(0, "Sean Roche spoke first."), (1, "Then Mr. Roche left."), (2, "John Roche's colleague came.")]
    assert [f.span for f in first_name_consistency(segs)] == ["John Roche"]
    orgs = [(0, "American Airlines and Alaska Airlines fly."), (1, "Delta and American Airlines too.")]
    assert first_name_consistency(orgs) == []


def test_single_source_name_dropped_or_replaced():
    from evalkit.flag.entities import single_name_flags

    src = "Après sept jours de défaites électorales, Bush a annoncé son plan."
    assert single_name_flags(Pair(0, src, "After seven days of electoral defeats, Bush announced his plan.", "fr", "en")) == []
    out = single_name_flags(Pair(0, src, "After seven days of electoral defeats, Corona announced his plan.", "fr", "en"))
    assert [(f.src_span, f.category) for f in out] == [("Bush", "name")]
    assert out[0].severity == "major"  # missing, possibly only dropped: not known to be a change
    # translated place names are common words: not expected verbatim
    assert single_name_flags(Pair(0, "Il vit en Allemagne et à Londres.", "He lives in Germany and London.", "fr", "en")) == []


def test_shortened_name_is_not_a_dropped_name():
    from evalkit.flag.entities import single_name_flags

    assert single_name_flags(Pair(0, "Ce n'est pas fini, ajoute Stephen Arnold.", "It is not over, adds Arnold.", "fr", "en")) == []


def test_first_word_of_quoted_speech_is_not_a_name_but_a_quoted_name_still_is():
    from evalkit.flag.entities import single_name_flags

    src = "Il leur cria : « Descendez donc, compère ! »"
    assert single_name_flags(Pair(0, src, 'He shouted to them: "Come down, my friend!"', "fr", "en")) == []
    src = "Il a répondu : « Palantir travaille déjà pour l'armée. »"
    out = single_name_flags(Pair(0, src, 'He replied: "The company already works for the army."', "fr", "en"))
    assert [f.src_span for f in out] == ["Palantir"]


@pytest.mark.parametrize(
    "name,rendering",
    [("Ouzbékistan", "Uzbekistan"), ("Biélorussie", "Belarus"), ("Ratisbonne", "Regensburg"), ("Lituanie", "Lithuania")],
)
def test_exonyms_are_renderings_but_a_replaced_country_is_still_flagged(name, rendering):
    from evalkit.flag.bilingual import load_dictionary
    from evalkit.flag.entities import single_name_flags

    dic = load_dictionary("fr", "en")
    src = f"Le président a parlé hier à {name} devant la presse."
    assert single_name_flags(Pair(0, src, f"The president spoke yesterday in {rendering} to the press.", "fr", "en"), dic) == []
    out = single_name_flags(Pair(0, src, "The president spoke yesterday in Peru to the press.", "fr", "en"), dic)
    assert [f.src_span for f in out] == [name]


@pytest.mark.parametrize("src, tgt", [
    ("Das Wirtschaftsministerium kündigte neue Hilfen für Saisonarbeiter an.",
     "The Ministry of Economic Affairs announced new aid for seasonal workers."),
    ("Die Oppositionsfraktionen kritisierten die Kurzarbeit im Landesinneren.",
     "The opposition groups criticised the short-time work in the interior of the country."),
    ("Eine junge Schwedin reiste durch Südostasien.", "A young Swedish woman travelled through Southeast Asia."),
])
def test_german_common_nouns_are_not_names(src, tgt):
    """German capitalises every noun: capitals alone are no evidence of a name there."""
    from evalkit.flag.entities import single_name_flags

    assert single_name_flags(Pair(0, src, tgt, "de", "en")) == []


def test_a_dropped_german_name_is_still_flagged():
    from evalkit.flag.entities import single_name_flags

    flags = single_name_flags(Pair(0, "Laut Scholz wird die Steuer im nächsten Jahr sinken.",
                                   "According to the chancellor, the tax will fall next year.", "de", "en"))
    assert [f.src_span for f in flags] == ["Scholz"]
