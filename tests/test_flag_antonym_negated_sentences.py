"""Antonyms in a sentence whose source negates something else (issue 10, session 12; written
before the change, my own sentences).

The antonym check left every source sentence with a negation to the polarity check, because
"pas grand" -> "small" is right. But a negation elsewhere in the sentence ("Die neuen Regeln
gelten nicht...": German puts "nicht" near the verb) says nothing about "neuen": "The old
rules do not apply" reverses a word the negation never touched. Only the words a negation
governs (the next few after it) may be rendered by their opposite.
"""

from __future__ import annotations

import pytest

from flagcase import pair_flags

def antonym_spans(lang: str, src: str, tgt: str) -> list[str]:
    return [f.span for f in pair_flags(lang, src, tgt, category="antonym", major=True)]


@pytest.mark.xfail(strict=True, reason="built and dropped after the first run: silencing only the words a negation "
                   "governs (inside it and the next two) found 3 more DEMETR tune antonym items (de, es, it) but gave 11 "
                   "more TransRead tune beads a major flag (literary French renders negated phrases by opposites well "
                   "beyond two words: 'ne ... que peu' -> 'much', 'je ne m'en souviendrai plus' -> 'forget')")
@pytest.mark.parametrize("lang,src,tgt,word", [
    ("fr", "Le gouvernement n'a toujours pas publié le nouveau rapport sur la pauvreté des enfants.",
     "The government has still not published the old report on child poverty.", "old"),
    ("de", "Die neuen Regeln gelten nicht für kleine Betriebe mit weniger als zehn Mitarbeitern.",
     "The old rules do not apply to small businesses with fewer than ten employees.", "old"),
    ("es", "La nueva ley laboral no protege a los trabajadores temporales del sector agrícola.",
     "The old labour law does not protect temporary workers in the farming sector.", "old"),
    ("it", "Il nuovo stadio non sarà pronto prima della fine del campionato.",
     "The old stadium will not be ready before the end of the championship.", "old"),
])
def test_opposite_far_from_the_negation_is_flagged(lang, src, tgt, word):
    assert word in antonym_spans(lang, src, tgt)


@pytest.mark.parametrize("lang,src,tgt", [
    ("fr", "Le nouveau bâtiment du tribunal n'est pas grand.", "The new court building is small."),
    ("fr", "Ce n'est pas une nouvelle idée, disent les économistes.", "It is an old idea, economists say."),
    ("de", "Das neue Krankenhaus ist nicht groß, aber modern.", "The new hospital is small but modern."),
    ("es", "La casa del juez no es grande.", "The judge's house is small."),
    ("it", "La sala del tribunale non è grande.", "The courtroom is small."),
])
def test_opposite_of_a_negated_word_is_not_flagged(lang, src, tgt):
    assert antonym_spans(lang, src, tgt) == []
