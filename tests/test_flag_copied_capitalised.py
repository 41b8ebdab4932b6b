"""Source words copied into the translation with a capital: German nouns ("the Behörden") and
any sentence's first word ("Bisher, no injuries..."). Written before the change (issue 10,
session 12), my own sentences; the copied-words check looked at lower-case words only, so a
German noun, capitalised in its own language, was never caught. Names kept as they are
(Scholz, Siemens, Dresden, Paris) must still pass. The real detectors run; nothing is mocked.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

SENTENCE_START = ("built, then dropped after the held-out literary books were measured (disclosed): a copied word "
                  "opening a sentence cannot be told from a name that is also a common word (Verne's 'Conseil'); "
                  "the branch gave 13 beads of a held-out novel a major flag for 4 DEMETR tune items")


def copied(lang: str, src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags(lang, src, tgt, category="untranslated", major=True)]


@pytest.mark.parametrize("lang,src,tgt,word", [
    ("de", "Die Behörden warnen vor schweren Unwettern im ganzen Land.",
     "The Behörden are warning of severe storms across the country.", "Behörden"),
    ("de", "Der Präsident des Verbandes traf sich am Freitag mit der Ministerin.",
     "The Präsident of the association met the minister on Friday.", "Präsident"),
    ("de", "Die Mannschaft gewann trotz einer schwachen Saison den Pokal.",
     "The team won the cup despite a weak Saison.", "Saison"),
    pytest.param("de", "Bisher wurden keine Verletzten gemeldet.",
     "Bisher, no injuries have been reported.", "Bisher",
                 marks=pytest.mark.xfail(strict=True, reason=SENTENCE_START)),
    ("de", "Das Gericht verurteilte den Angeklagten zu einer Geldstrafe.",
     "The Gericht sentenced the defendant to a fine.", "Gericht"),
    pytest.param("fr", "Hier, le tribunal a rendu son jugement dans l'affaire des fausses factures.",
     "Hier, the court delivered its judgment in the false invoices case.", "Hier",
                 marks=pytest.mark.xfail(strict=True, reason=SENTENCE_START)),
])
def test_capitalised_copied_word_is_flagged(lang, src, tgt, word):
    assert word in copied(lang, src, tgt)


@pytest.mark.parametrize("lang,src,tgt", [
    ("de", "Bundeskanzler Scholz besuchte am Montag die Hochwassergebiete bei Dresden.",
     "Chancellor Scholz visited the flood areas near Dresden on Monday."),
    ("de", "Der Konzern Siemens meldete einen deutlichen Gewinn im dritten Quartal.",
     "Siemens reported a clear profit in the third quarter."),
    ("de", "Berlin und Hamburg haben die meisten Einwohner.",
     "Berlin and Hamburg have the most inhabitants."),
    ("de", "Im Kindergarten der Gemeinde fehlen Erzieherinnen.",
     "The municipality's Kindergarten is short of teachers."),
    ("fr", "Paris, la capitale, accueillera les Jeux olympiques.",
     "Paris, the capital, will host the Olympic Games."),
    ("fr", "Marseille a battu Lyon dimanche soir au Vélodrome.",
     "Marseille beat Lyon on Sunday evening at the Vélodrome."),
])
def test_kept_names_and_loanwords_are_not_flagged(lang, src, tgt):
    assert copied(lang, src, tgt) == []
