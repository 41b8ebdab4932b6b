"""`evalkit gate` on bad input: line counts must match, languages must be the declared ones.

Every case fails before the embedding model loads, so these run in about a second each.
"""

import pytest

from inputs_support import DATA, assert_one_line_error, bad_files, evalkit


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad"))


def lines(lang):
    return (DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def write(path, rows, encoding="utf-8"):
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    return path


def gate(tmp_path, src, hyp, *extra):
    return evalkit("gate", "--src", src, "--hyp", hyp, "--out-dir", tmp_path / "out", *extra)


def test_hypothesis_with_fewer_lines_is_refused(tmp_path):
    src, hyp = write(tmp_path / "src.txt", lines("fr")), write(tmp_path / "hyp.txt", lines("en")[:-1])
    assert_one_line_error(gate(tmp_path, src, hyp), "hypothesis has 5 lines but the source has 6", "--align")
    assert not (tmp_path / "out").exists()


def test_reference_with_an_extra_line_is_refused(tmp_path):
    src, hyp = write(tmp_path / "src.txt", lines("fr")), write(tmp_path / "hyp.txt", lines("en"))
    ref = write(tmp_path / "ref.txt", lines("en") + ["one more"])
    assert_one_line_error(gate(tmp_path, src, hyp, "--ref", ref), "reference has 7 lines but the source has 6")


def test_line_counts_are_compared_after_decoding_any_encoding(tmp_path):
    src = write(tmp_path / "src.txt", lines("fr"), "utf-16")
    hyp = write(tmp_path / "hyp.txt", lines("en")[:4], "cp1252")
    assert_one_line_error(gate(tmp_path, src, hyp), "hypothesis has 4 lines but the source has 6")


def test_swapped_languages_are_refused(tmp_path):
    src, hyp = write(tmp_path / "src.txt", lines("fr")), write(tmp_path / "hyp.txt", lines("en"))
    r = gate(tmp_path, src, hyp, "--src-lang", "en", "--tgt-lang", "fr")
    assert_one_line_error(r, "looks like French", "(--src-lang en)", "are --src-lang and --tgt-lang swapped?")
    r = gate(tmp_path, src, hyp, "--src-lang", "en", "--tgt-lang", "fr", "--align")
    assert_one_line_error(r, "are --src-lang and --tgt-lang swapped?")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind, fragment", [("empty", "empty file (hypothesis)"), ("random", "binary"),
                                            ("directory", "is a directory"), ("missing", "no such file")])
def test_bad_files(bad, tmp_path, kind, fragment):
    src = write(tmp_path / "src.txt", lines("fr"))
    assert_one_line_error(gate(tmp_path, src, bad[kind]), str(bad[kind]), fragment)
    assert not (tmp_path / "out").exists()


def test_outputs_that_cannot_be_written_fail_before_any_work(tmp_path):
    src, hyp = write(tmp_path / "src.txt", lines("fr")), write(tmp_path / "hyp.txt", lines("en"))
    assert_one_line_error(evalkit("gate", "--src", src, "--hyp", hyp, "--json", tmp_path), "is a folder, not a file (--json)")
    assert_one_line_error(evalkit("gate", "--src", src, "--hyp", hyp, "--out-dir", src), "exists and is not a folder")
    assert_one_line_error(evalkit("gate", "--src", src, "--hyp", hyp, "--tgt-lang", "EN"), "use 'en'")
