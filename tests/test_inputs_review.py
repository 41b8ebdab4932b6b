"""`evalkit review` on bad input: one line, exit 2, no report, and no model loaded first.

Runs without --quiet so the progress lines show which steps ran: a language
mismatch must be caught while reading, before "Loading the embedding model".
"""

import shutil

import pytest

from inputs_support import DATA, SEED_EN, SEED_FR, assert_one_line_error, bad_files, evalkit


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad"))


def no_model_loaded(r):
    assert "embedding model" not in r.stderr and "Aligning" not in r.stderr


def test_swapped_languages_fail_before_any_model_loads(tmp_path):
    out = tmp_path / "out"
    r = evalkit("review", SEED_FR, SEED_EN, "--src-lang", "en", "--tgt-lang", "fr", "--out-dir", out)
    assert_one_line_error(r, "looks like", "as declared (--", "are --src-lang and --tgt-lang swapped?")
    no_model_loaded(r)
    assert not out.exists()


def test_one_wrong_language_suggests_the_right_code(tmp_path):
    r = evalkit("review", DATA / "fr.txt", DATA / "de.txt", "--tgt-lang", "en", "--out-dir", tmp_path / "out")
    assert_one_line_error(r, str(DATA / "de.txt"), "looks like German", "not English as declared (--tgt-lang en)",
                          "use --tgt-lang de")
    no_model_loaded(r)


def test_pair_toml_with_swapped_languages(tmp_path):
    pair = tmp_path / "pair"
    pair.mkdir()
    shutil.copy(DATA / "fr.txt", pair / "a.txt")
    shutil.copy(DATA / "en.txt", pair / "b.txt")
    (pair / "pair.toml").write_text('[source]\nfile = "a.txt"\nlang = "en"\n[translation]\nfile = "b.txt"\nlang = "fr"\n')
    r = evalkit("review", pair, "--out-dir", tmp_path / "out")
    assert_one_line_error(r, 'lang = "fr" in pair.toml', "are the languages in pair.toml swapped?")
    assert not (tmp_path / "out").exists()


def test_pair_folder_without_pair_toml(tmp_path):
    assert_one_line_error(evalkit("review", tmp_path, "--out-dir", tmp_path / "out"), "no pair.toml")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind, side", [("empty", "source"), ("png", "translation"), ("directory", "translation"),
                                        ("missing", "source"), ("random", "source")])
def test_bad_files_are_refused_without_a_report(bad, tmp_path, kind, side):
    src, tgt = (bad[kind], DATA / "en.txt") if side == "source" else (DATA / "fr.txt", bad[kind])
    r = evalkit("review", src, tgt, "-q", "--out-dir", tmp_path / "out")
    assert_one_line_error(r, str(bad[kind]))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, fragment", [
    (["--src-lang", "zz"], "unknown language code 'zz' (--src-lang)"),
    (["--ref", "missing-ref.txt"], "no such file (reference)"),
    (["--layout", "scan"], "unknown layout 'scan'"),
])
def test_bad_options_fail_fast(tmp_path, args, fragment):
    r = evalkit("review", DATA / "fr.txt", DATA / "en.txt", "--out-dir", tmp_path / "out", *args)
    assert_one_line_error(r, fragment)
    no_model_loaded(r)
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x")
    assert_one_line_error(evalkit("review", DATA / "fr.txt", DATA / "en.txt", "--out-dir", f), "exists and is not a folder")
    assert f.read_text() == "x"
