"""The sense lexicon: false friends, wrong senses in context, idioms; its data file."""

from collections import Counter

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.lexicon import detect, load_lexicon, parse_lexicon


def flags(src, tgt, sl="fr", tl="en", context=""):
    return detect(Pair(0, src, tgt, sl, tl, context))


def test_lexicon_is_broad_and_covers_both_directions():
    entries = load_lexicon()
    kinds = Counter((e.direction, e.kind) for e in entries)
    assert len(entries) >= 300
    assert kinds[("fr-en", "false-friend")] >= 100 and kinds[("en-fr", "false-friend")] >= 50
    assert kinds[("fr-en", "idiom")] >= 50


@pytest.mark.parametrize(
    "src, tgt, span",
    [
        ("Actuellement, le musée est fermé.", "Actually, the museum is closed.", "Actually"),
        ("Elle a ouvert une librairie.", "She opened a library.", "library"),
        ("Ça coûte les yeux de la tête.", "It costs the eyes of the head.", "eyes"),
        ("Il surveille le pas de sa porte.", "He watches the pace of his door.", "pace"),
    ],
)
def test_traps_are_flagged(src, tgt, span):
    out = flags(src, tgt)
    assert [f.span for f in out] == [span]
    assert out[0].src_span and out[0].suggestion


def test_right_rendering_is_not_flagged():
    assert flags("Actuellement, le musée est fermé.", "The museum is currently closed.") == []
    assert flags("Elle a ouvert une librairie.", "She opened a bookshop.") == []


def test_officine_depends_on_context():
    spy = flags("L'agence de renseignement et seize autres officines ont signé.",
                "The intelligence agency and sixteen other pharmacies signed.")
    assert [f.span for f in spy] == ["pharmacies"] and spy[0].category == "wrong-sense"
    drug = flags("La pharmacienne a repris l'officine du village.", "The pharmacist took over the village pharmacy.")
    assert drug == []
    no_cue = flags("Il a repris une officine.", "He took over a pharmacy.")
    assert no_cue == []


def test_literal_sense_cue_wins():
    assert flags("Il assumera la présidence du conseil.", "He will assume the chairmanship of the board.") == []
    assert [f.span for f in flags("La ministre assume ce choix.", "The minister assumes this choice.")] == ["assumes"]


def test_english_to_french():
    assert [f.span for f in flags("We found no evidence.", "Nous n'avons trouvé aucune évidence.", "en", "fr")] == ["évidence"]
    assert flags("We found no evidence.", "Nous n'avons trouvé aucune preuve.", "en", "fr") == []


def test_bad_lexicon_row_is_rejected(tmp_path):
    p = tmp_path / "lex.tsv"
    p.write_text("dir\tkind\ttrap\twrong\tright\tok_cues\twrong_cues\tdefault\tseverity\tnote\n"
                 "fr-en\tfalse-friend\tactuel\tactual\tcurrent\t\t\tsometimes\tmajor\tx\n", encoding="utf-8")
    with pytest.raises(ValueError):
        parse_lexicon(p)


def test_no_dead_entries():
    # an entry whose wrong rendering is also a right one could never fire
    dead = [(e.trap[0], w) for e in load_lexicon() for w in e.wrong if w in e.right]
    assert dead == []
