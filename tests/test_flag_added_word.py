"""A word the source does not say, judged by taking it out (issue 10, session 14).

Written before the code, my own sentences (gardening, trains, museums, swimming, bakeries,
weather), and not to be edited after seeing its results. The addition check (flag/omissions.py)
finds target content words with no counterpart in the source; its fast model keeps few of
them, because faithful translations add words too. With the full checks the scorer should be
asked: is the translation likelier, given the source, without the word? Free translations
(where few source words have a counterpart) are left alone: there an added word is style.

Shares, not single items: a 270M model misses some.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

# (source, translation with one word the source does not say, that word)
ADDED = [
    ("Ma voisine arrose ses tomates chaque matin.", "My neighbour waters her tomatoes every rainy morning.", "rainy"),
    ("Le train de Lyon est arrivé à midi.", "The train from Lyon arrived at noon with a broken engine.", "broken"),
    ("Le musée ouvre ses portes à neuf heures.", "The famous museum opens its doors at nine o'clock.", "famous"),
    ("La nageuse a gagné la course de cent mètres.", "The young swimmer won the hundred-metre race.", "young"),
    ("Le boulanger vend son pain au marché.", "The baker sells his stale bread at the market.", "stale"),
    ("Il a neigé toute la nuit sur la ville.", "It snowed heavily all night over the city.", "heavily"),
    ("Le directeur a signé le contrat hier.", "The director secretly signed the contract yesterday.", "secretly"),
    ("Les enfants jouent dans le jardin.", "The children play quietly in the garden.", "quietly"),
    ("Le maire a présenté le budget de la ville.", "The mayor presented the city's huge budget.", "huge"),
    ("Le médecin a examiné le patient.", "The doctor carefully examined the elderly patient.", "elderly"),
]

# faithful translations, some of them adding a word English needs or prefers: nothing is added in meaning
FAITHFUL = [
    ("Ma voisine arrose ses tomates chaque matin.", "My neighbour waters her tomatoes every morning."),
    ("Le train de Lyon est arrivé à midi.", "The train from Lyon arrived at noon."),
    ("Le musée ouvre ses portes à neuf heures.", "The museum opens its doors at nine o'clock."),
    ("La nageuse a gagné la course de cent mètres.", "The swimmer won the hundred-metre race."),
    ("Il a neigé toute la nuit sur la ville.", "It snowed all night long over the city."),
    ("Le directeur a signé le contrat hier.", "The director signed the contract yesterday."),
    ("Les enfants jouent dans le jardin.", "The children are playing in the garden."),
    ("Le médecin a examiné le patient.", "The doctor examined the patient."),
    ("Elle s'est cassé la jambe en faisant du ski.", "She broke her leg while she was skiing."),
    ("Nous avons déjeuné en terrasse.", "We had lunch outside on the terrace."),
]


def addition_flags(embedder, scorer, src: str, tgt: str) -> list:
    from evalkit.flag import find_flags
    from evalkit.records import Bead, ScoredBead

    bead = ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)
    return [f for f in find_flags([bead], "fr", "en", embedder=embedder, scorer=scorer) if f.category == "addition"]


@pytest.mark.xfail(strict=True, reason="marked after the first run: 1 of 10 ('huge', 15.6 nats). Taking the word out "
                   "wins by less than the 12-nat margin for 'stale' (11.1), 'famous' (9.2), 'heavily' and 'carefully' (7.7), "
                   "and loses for 'broken' (-3.1); 'rainy', 'young', 'secretly', 'quietly', 'elderly' are no addition "
                   "candidates (the word vectors link them to a source word, or an unlinked source word sits where their "
                   "source would be)")
def test_added_words_get_a_major_flag_on_the_word(embedder, scorer):
    hits = []
    for src, tgt, word in ADDED:
        at = tgt.index(word)
        if any(f.severity in ("major", "critical") and f.start <= at < f.end
               for f in addition_flags(embedder, scorer, src, tgt)):
            hits.append(word)
    assert len(hits) >= len(ADDED) // 2, f"{len(hits)} of {len(ADDED)}: {hits}"


def test_faithful_translations_get_no_major_addition_flag(embedder, scorer):
    flagged = [tgt for src, tgt in FAITHFUL
               if any(f.severity in ("major", "critical") for f in addition_flags(embedder, scorer, src, tgt))]
    assert len(flagged) <= 1, flagged


def test_the_fast_checks_do_not_take_words_out(embedder):
    """Without the scorer no addition flag claims the scorer's evidence (the same answers for the
    same checks)."""
    for src, tgt, _word in ADDED[:4]:
        assert not any("nats" in f.message for f in addition_flags(embedder, None, src, tgt))
