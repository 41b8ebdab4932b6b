"""Word order: a translation whose words keep no sensible order against the source.

Written before the detector (issue 10): faithful translations of my own (economy, sport,
health; French, German, Spanish and Italian into English, with the reorderings each language
pair really has: adjectives after nouns, German verb-final clauses, fronted adverbs) must
pass, and the same English words put in a random order must be flagged on the whole segment.
The real detector runs, through the registry, with its packaged data.
"""

from __future__ import annotations

import random

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

FAITHFUL = [
    ("fr", "La banque centrale européenne a relevé ses taux directeurs pour la troisième fois cette année afin de freiner l'inflation.",
     "The European Central Bank raised its key interest rates for the third time this year in order to curb inflation."),
    ("fr", "Les joueurs de l'équipe nationale ont remporté le match grâce à un but marqué dans les dernières minutes de la rencontre.",
     "The national team's players won the match thanks to a goal scored in the final minutes of the game."),
    ("fr", "Selon le ministère de la santé, le nombre de patients hospitalisés a diminué de moitié depuis le mois de janvier.",
     "According to the health ministry, the number of hospitalised patients has halved since January."),
    ("fr", "Hier soir, le conseil municipal a approuvé à l'unanimité le budget présenté par la maire pour l'année prochaine.",
     "Last night the city council unanimously approved the budget the mayor presented for next year."),
    ("de", "Die Regierung hat gestern eine umfassende Reform des Rentensystems angekündigt, die im nächsten Jahr in Kraft treten soll.",
     "Yesterday the government announced a comprehensive reform of the pension system, which is to take effect next year."),
    ("de", "Nach dem Spiel sagte der Trainer, dass seine Mannschaft in der zweiten Halbzeit deutlich besser gespielt habe.",
     "After the match the coach said that his team had played much better in the second half."),
    ("es", "El hospital regional inauguró ayer una nueva unidad de cuidados intensivos con veinte camas para pacientes graves.",
     "The regional hospital opened a new intensive care unit with twenty beds for seriously ill patients yesterday."),
    ("it", "La società ha registrato un forte aumento delle vendite nel secondo trimestre grazie alla domanda proveniente dall'Asia.",
     "The company recorded a strong increase in sales in the second quarter thanks to demand from Asia."),
]


def bead(src: str, tgt: str) -> ScoredBead:
    return ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)


def order_flags(lang: str, src: str, tgt: str) -> list:
    return [f for f in find_flags([bead(src, tgt)], lang, "en", embedder=None) if f.category == "word-order"]


def scramble(text: str, seed: int) -> str:
    """The translation's own words in a random order, dressed as a sentence (capital, full stop)."""
    words = text.rstrip(".").split()
    order = list(range(len(words)))
    rng = random.Random(seed)
    while True:
        rng.shuffle(order)
        inversions = sum(1 for a in range(len(order)) for b in range(a + 1, len(order)) if order[a] > order[b])
        if inversions >= 0.35 * len(order) * (len(order) - 1) / 2:  # a real scramble, not a near-identity
            break
    shuffled = [words[k] for k in order]
    out = " ".join(shuffled)
    return out[0].upper() + out[1:] + "."


@pytest.mark.parametrize("lang,src,tgt", FAITHFUL, ids=[f"{lang}{k}" for k, (lang, _, _) in enumerate(FAITHFUL)])
def test_faithful_translations_keep_their_order(lang, src, tgt):
    assert order_flags(lang, src, tgt) == []


# Added after the first run, assertions unchanged: misses of the detector as built, kept visible.
# German reorders too much for the threshold (the pair is reported as not checked); the Italian
# scramble keeps its few matched content words nearly in order (24% inverted). Session 12: the
# word-salad rule (English fluency + a looser order share) now checks German and finds de4.
# Session 13: de5 is found since the German dictionary is read right (flag/bilingual.py: more
# matched words, so the scramble's inversions show).
KNOWN_MISSES = {"it7": "matched words stay in order"}


def scramble_cases():
    for k, (lang, src, tgt) in enumerate(FAITHFUL):
        case_id = f"{lang}{k}"
        marks = [pytest.mark.xfail(reason=KNOWN_MISSES[case_id], strict=True)] if case_id in KNOWN_MISSES else []
        yield pytest.param(lang, src, tgt, id=case_id, marks=marks)


@pytest.mark.parametrize("lang,src,tgt", list(scramble_cases()))
def test_scrambled_translations_are_flagged_on_the_whole_segment(lang, src, tgt):
    garbled = scramble(tgt, seed=len(src))
    flags = order_flags(lang, src, garbled)
    assert len(flags) == 1, garbled
    flag = flags[0]
    assert flag.severity in ("major", "critical")
    assert (flag.start, flag.end) == (0, len(garbled))


def test_short_segments_are_left_alone():
    # three words cannot show a scramble: too few links to tell a choice from an accident
    assert order_flags("fr", "Merci beaucoup, Paris.", "Paris, thank you.") == []
