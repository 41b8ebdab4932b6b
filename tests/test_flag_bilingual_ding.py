"""FreeDict's German-English database (Ding, converted by ding2tei) has its own layout: a
translation line carries its part of speech ("new <adj>") and a subject label ("[cook.] Eel <n>"),
and the entry goes on with example sentences, "Synonyms: {frisch}, {ausgeruht}" (German words),
"see: {...}" cross-references and "Note: ..." lines. Read as plain translations, "new <adj>" is
two words and is dropped, while the German synonyms become "English" translations: "neu" had
"frisch" and "erneut" among its renderings but not "new". These tests pin the reading of that
layout on a real file excerpt and on the installed database."""

import gzip
from pathlib import Path

import pytest

from evalkit.flag import bilingual

FREEDICT = Path("/usr/share/dictd")

EXCERPT = """\
neu /nˈɔø/ <adj>
new <adj>
      "Ich bin neu in Prag, aber mein Onkel wohnt schon lange hier."  - I am new to Prague, but my uncle has long been living here.
 see: {neuer}, {am neusten}, {am neuesten}, {wie neu}

neu /nˈɔø/ <adj>
fresh <adj>
   Synonyms: {frisch}, {ausgeruht}

 see: {frisch gestrichen}

Aal /ˈɑːl/ <masc, n, sg>
 [cook.] Eel <n>
         Note: on a menu
      "Aal in Aspik"  - Jellied Eel
 see: {Aal blau}, {blauer Aal}, {Aal grün}, {grüner Aal}

Fischmolche /fˈɪʃmɔlçə/ <pl>
 [zool.] amphiuma salamanders, amphiumas, congo eels [coll.] , congo snakes [coll.]
         Note: zoological genus
   Synonym: {Aalmolche}
"""


def test_the_ding_layout_gives_translations_without_tags_labels_or_synonyms(tmp_path):
    path = tmp_path / "freedict-deu-eng.dict.dz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(EXCERPT)
    entries = bilingual._entries(path)
    assert entries[0] == ("neu", ["new"], "adj")
    assert entries[1] == ("neu", ["fresh"], "adj")
    assert entries[2] == ("Aal", ["Eel"], "masc")
    assert entries[3][1] == ["amphiuma salamanders", "amphiumas", "congo eels", "congo snakes"]


def test_plain_freedict_entries_read_as_before(tmp_path):
    path = tmp_path / "freedict-fra-eng.dict.dz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("abriter /abʀite/ <v>\n1. accommodate, entertain, put up\n2. protect\n3. shelter\n")
    assert bilingual._entries(path) == [("abriter", ["accommodate", "entertain", "put up", "protect", "shelter"], "v")]


needs_deu = pytest.mark.skipif(not (FREEDICT / "freedict-deu-eng.dict.dz").is_file(),
                               reason="dict-freedict-deu-eng is not installed")


@needs_deu
@pytest.mark.parametrize("word, english", [
    ("neu", "new"), ("neuen", "new"), ("mehr", "more"), ("betroffenen", "affected"),
    ("Armut", "poverty"), ("plötzlich", "suddenly"), ("Aal", "eel"), ("lokalen", "local"),
])
def test_german_words_find_their_english_renderings(word, english):
    dic = bilingual.load_dictionary("de", "en")
    assert bilingual._headword_stem(english, "en") in dic.translations(word, "de", "en")


@needs_deu
@pytest.mark.parametrize("word, german", [("neu", "frisch"), ("neu", "erneut"), ("neu", "ausgeruht")])
def test_german_synonyms_are_not_english_renderings(word, german):
    dic = bilingual.load_dictionary("de", "en")
    assert bilingual._headword_stem(german, "en") not in dic.translations(word, "de", "en")


@needs_deu
def test_english_finds_the_german_word_back():
    dic = bilingual.load_dictionary("de", "en")
    assert bilingual._headword_stem("neu", "de") in dic.translations("new", "en", "de")
