"""Language identification (evalkit.langid) and the declared-language check of ingestion."""

from pathlib import Path

import pytest

from evalkit.errors import InputError, LanguageMismatchError
from evalkit.ingest import load_document
from evalkit.ingest.language import check_declared_language, check_language_code
from evalkit.langid import LANGUAGES, UNKNOWN, guess_language

DATA = Path(__file__).parent / "data" / "inputs"
LANGS = ("fr", "en", "es", "de", "it", "pt", "nl")


def text(lang: str) -> str:
    return (DATA / f"{lang}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_is_recognised_in_a_paragraph_and_in_one_sentence(lang):
    whole = guess_language(text(lang))
    assert whole.lang == lang and whole.confidence > 0.95
    first = guess_language(text(lang).splitlines()[0], min_words=4)
    assert first.lang == lang and first.confidence > 0.9


def test_short_text_is_judged_on_every_word():
    from evalkit.langid import guess_by_words, word_posterior

    assert guess_by_words("Der Hund schläft im Garten.").lang == "de"
    post, n = word_posterior("Der Hund schläft.")
    assert n == 3 and post["de"] > 0.8 and post["fr"] < 0.05  # one function word only: guess_language is unknown
    assert guess_language("Der Hund schläft.", min_words=3).lang == UNKNOWN
    assert guess_by_words("Merci beaucoup pour votre aide.").lang == "fr"
    assert guess_by_words("OK").lang == UNKNOWN


@pytest.mark.parametrize("line", [line for lang in ("fr",) for line in text(lang).splitlines() if line.strip()])
def test_short_french_lines_are_neither_refused_nor_warned_about(line, caplog):
    with caplog.at_level("WARNING", logger="evalkit"):
        assert check_declared_language(line, "fr", "x.txt") is None
    assert not caplog.records


def test_short_wrong_language_text_is_refused_or_warned_about(caplog):
    with pytest.raises(LanguageMismatchError, match="looks like German"):
        check_declared_language("Der Hund schläft im Garten.\nDie Katze spielt mit dem Ball.", "fr", "x.txt")
    with caplog.at_level("WARNING", logger="evalkit"):
        warning = check_declared_language("Der Hund schläft.", "fr", "x.txt", "--src-lang fr")
    assert "looks like German" in warning and "(--src-lang fr)" in warning and "too few" in warning
    assert any("looks like German" in r.getMessage() for r in caplog.records)


def test_too_short_text_is_unknown():
    g = guess_language("Bonjour à tous")
    assert g.lang == UNKNOWN and "too short" in g.reason


def test_half_and_half_text_is_unknown_not_a_coin_toss():
    g = guess_language(text("fr") + "\n" + text("en"))
    assert g.lang == UNKNOWN and "mixed" in g.reason and 0.3 < g.confidence < 0.6


def test_candidates_restrict_the_choice():
    g = guess_language(text("pt"), ("fr", "en"))
    assert g.lang in ("fr", "en", UNKNOWN)
    assert set(LANGUAGES) >= set(LANGS)


@pytest.mark.parametrize("declared, actual", [("fr", "en"), ("en", "fr"), ("en", "de"), ("es", "pt")])
def test_document_in_another_language_is_refused(declared, actual):
    with pytest.raises(LanguageMismatchError) as exc:
        check_declared_language(text(actual), declared, "doc.txt")
    assert exc.value.guessed == actual and exc.value.declared == declared
    msg = str(exc.value)
    assert msg.startswith("doc.txt: looks like ") and "\n" not in msg and f"lang {declared}" in msg


def test_french_document_quoting_english_passes():
    english = text("en").splitlines()[3]
    check_declared_language(text("fr") + f"\nLe rapport cite en anglais : « {english} »\n", "fr", "doc.txt")


def test_mixed_documents_pass_and_one_clear_sentence_is_judged_on_its_words():
    check_declared_language(text("fr") + text("en"), "en", "doc.txt")  # mixed: not clearly another language
    # one sentence has too few function words for the paragraph check (it passed before), but every
    # one of its words is English: a German or English test set run with --src-lang fr is refused
    with pytest.raises(LanguageMismatchError, match="looks like English"):
        check_declared_language(text("en").splitlines()[0], "fr", "doc.txt")


def test_unsupported_declared_language_is_not_judged():
    check_declared_language(text("en"), "sv", "doc.txt")


def test_load_document_checks_the_language_and_can_be_told_not_to(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_text(text("en"), encoding="utf-8")
    with pytest.raises(LanguageMismatchError, match="looks like English"):
        load_document(p, "fr")
    assert load_document(p, "fr", check_language=False).segments
    assert load_document(p, "en").lang == "en"


@pytest.mark.parametrize("code, hint", [("zz", "ISO 639-1"), ("FR", "use 'fr'"), ("french", "ISO 639-1")])
def test_unknown_language_codes_are_refused(code, hint):
    with pytest.raises(InputError, match=hint):
        check_language_code(code, "--lang")
    check_language_code("fr")

