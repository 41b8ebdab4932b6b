"""Sentence boundaries in French and English (held-out sentences, not the seed article)."""

from __future__ import annotations

import pytest

from evalkit.ingest.sentences import split_sentences


def split(text: str, lang: str = "fr") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("M. Dupont est arrivé hier. Il a parlé longtemps.", ["M. Dupont est arrivé hier.", "Il a parlé longtemps."]),
        (
            "Mme Lefèvre et MM. Durand et Petit ont voté contre.",
            ["Mme Lefèvre et MM. Durand et Petit ont voté contre."],
        ),
        (
            "Selon Jean-Paul C. Martel, la ville grandit. Elle compte 250 000 habitants.",
            ["Selon Jean-Paul C. Martel, la ville grandit.", "Elle compte 250 000 habitants."],
        ),
        (
            "« Nous partons. Demain, tout change », a-t-il dit. Le reste suit.",
            ["« Nous partons.", "Demain, tout change », a-t-il dit.", "Le reste suit."],
        ),
        ("Il a conclu : « C'est fini. » Puis il est parti.", ["Il a conclu : « C'est fini. »", "Puis il est parti."]),
        ("Il hésita... Puis il partit.", ["Il hésita...", "Puis il partit."]),
        ("Il hésita… et partit.", ["Il hésita… et partit."]),
        (
            "Elle a refusé de « signer (...) sans garantie ». Le maire insiste.",
            ["Elle a refusé de « signer (...) sans garantie ».", "Le maire insiste."],
        ),
        (
            "La hausse atteint 3,5 %. Les prix ont doublé en 2019.",
            ["La hausse atteint 3,5 %.", "Les prix ont doublé en 2019."],
        ),
        ("Pourquoi partir? Personne ne le sait!", ["Pourquoi partir?", "Personne ne le sait!"]),
        ("Il vit à Paris, etc. Le reste est connu.", ["Il vit à Paris, etc.", "Le reste est connu."]),
    ],
)
def test_french(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        (
            "The U.S. Army denied it. The U.S. The report says so.",
            ["The U.S. Army denied it.", "The U.S.", "The report says so."],
        ),
        ("John F. Kennedy spoke at 3.5 p.m. sharp.", ["John F. Kennedy spoke at 3.5 p.m. sharp."]),
        ('"We will win. " He smiled.', ['"We will win. "', "He smiled."]),
        (
            '"We will win," he said. "Nobody doubts it." Then he left.',
            ['"We will win," he said.', '"Nobody doubts it."', "Then he left."],
        ),
        ("Acme Inc. and Beta Ltd. merged. The deal closed.", ["Acme Inc. and Beta Ltd. merged.", "The deal closed."]),
        ("It cost $10,000.50 in total. Prices rose.", ["It cost $10,000.50 in total.", "Prices rose."]),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split(text, "en") == expected


def test_newlines_are_hard_breaks_and_offsets_exact() -> None:
    text = "  Premier titre\nUne phrase. Une autre.  \n"
    spans = split_sentences(text, "fr")
    assert [text[s:e] for s, e in spans] == ["Premier titre", "Une phrase.", "Une autre."]
