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
    return evalkit("gate", src, hyp, "--out-dir", tmp_path / "out", *extra)


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


def test_a_short_german_source_with_the_default_src_lang_is_refused_before_any_model(tmp_path):
    """Two German lines have too few function words for the paragraph check: every word is read."""
    from inputs_support import evalkit_before_models

    src = write(tmp_path / "src.txt", ["Der Hund schläft im Garten.", "Die Katze spielt mit dem Ball."])
    hyp = write(tmp_path / "hyp.txt", ["The dog sleeps in the garden.", "The cat plays with the ball."])
    r = evalkit_before_models("gate", src, hyp, "--out-dir", tmp_path / "out")
    assert_one_line_error(r, "looks like German", "(--src-lang fr)", "use --src-lang de")
    assert not (tmp_path / "out").exists()


def test_a_too_short_wrong_language_source_is_not_passed_silently(tmp_path):
    """One three-word German line: too little to refuse, so the gate runs, and says so on stdout and
    in the JSON even with --quiet (what a CI job reads)."""
    src = write(tmp_path / "src.txt", ["Der Hund schläft."])
    hyp = write(tmp_path / "hyp.txt", ["The dog sleeps."])
    r = evalkit("gate", src, hyp, "--quiet", "--json", tmp_path / "g.json")
    assert r.returncode in (0, 1), r.stderr
    warning = next(line for line in r.stdout.splitlines() if line.strip().startswith("warning:"))
    assert "looks like German" in warning and "(--src-lang fr)" in warning
    import json

    assert json.loads((tmp_path / "g.json").read_text())["warnings"] == [warning.strip()[len("warning: "):]]


@pytest.mark.parametrize("kind, fragment", [("empty", "empty file (hypothesis)"), ("random", "binary"),
                                            ("directory", "is a directory"), ("missing", "no such file")])
def test_bad_files(bad, tmp_path, kind, fragment):
    src = write(tmp_path / "src.txt", lines("fr"))
    assert_one_line_error(gate(tmp_path, src, bad[kind]), str(bad[kind]), fragment)
    assert not (tmp_path / "out").exists()


def test_outputs_that_cannot_be_written_fail_before_any_work(tmp_path):
    src, hyp = write(tmp_path / "src.txt", lines("fr")), write(tmp_path / "hyp.txt", lines("en"))
    assert_one_line_error(evalkit("gate", src, hyp, "--json", tmp_path), "is a folder, not a file (--json)")
    assert_one_line_error(evalkit("gate", src, hyp, "--out-dir", src), "exists and is not a folder")
    assert_one_line_error(evalkit("gate", src, hyp, "--tgt-lang", "EN"), "use 'en'")
