"""Typography of the target language, doubled words, quotes, brackets, run-together sentences."""

from evalkit.flag.punctuation import detect


def spans(text, lang):
    return [(f.span, f.category) for f in detect(0, text, lang)]


def test_french_spacing_left_in_english():
    out = spans("Look at it differently\u00a0: the group is a player in the sector , he said.", "en")
    assert ("\u00a0:", "punctuation") in out and (" ,", "punctuation") in out


def test_french_quotes_in_english_and_doubled_word():
    out = spans("He said « yes » to the the plan.", "en")
    assert ("«", "punctuation") in out and ("the the", "repetition") in out


def test_quote_spacing_by_parity():
    out = [s for s, _ in spans('"It works. " Then they code "on the ground"quickly.', "en")]
    assert ' "' in out and 'd"q' in out


def test_run_together_sentences_in_french():
    out = [s for s, _ in spans("Amazon et PalantirElle les accuse. Des étrangers.qui sont là (US$)ce qui.. fin", "fr")]
    assert "rElle" in out and "." in out and ")c" in out and ".." in out


def test_clean_text_has_no_flags():
    assert detect(0, 'She said: "The plan, as agreed, starts in May (not June)."', "en") == []
    assert detect(0, "Il a déclaré : « Le plan commence en mai (pas en juin). »", "fr") == []
    assert detect(0, "See www.example.com for details, or that that is fine.", "en") == []
