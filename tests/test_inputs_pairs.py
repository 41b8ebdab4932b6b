"""pair.toml from an untrusted source, and options that were silently taken for others.

Issue 13, items 9 (pair.toml could name any readable file: ``../../``, absolute paths,
symlinks out; unknown keys were ignored), 7 (``review --src-lang ''`` was French) and 11
(``score``/``align`` named a bad language code ``(lang)``, ``segment`` had no ``--quiet``).
Every refusal comes before any model library is imported.
"""

import shutil

import pytest

from evalkit.errors import InputError
from evalkit.pairfile import read_pair
from inputs_support import DATA, assert_one_line_error, evalkit, evalkit_before_models


def make_pair(folder, source="source.fr.txt", translation="translation.en.txt", extra=""):
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "fr.txt", folder / "source.fr.txt")
    shutil.copy(DATA / "en.txt", folder / "translation.en.txt")
    (folder / "pair.toml").write_text(f'name = "p"\n{extra}[source]\nfile = "{source}"\nlang = "fr"\n'
                                      f'[translation]\nfile = "{translation}"\nlang = "en"\n')
    return folder


@pytest.fixture
def secret(tmp_path):
    s = tmp_path / "secret.txt"
    shutil.copy(DATA / "fr.txt", s)
    return s


def outside(tmp_path, secret):
    """The ways a pair.toml can reach a file outside its folder."""
    link_pair = make_pair(tmp_path / "link", source="link.txt")
    (link_pair / "link.txt").symlink_to(secret)
    return {
        "dot-dot": (make_pair(tmp_path / "a" / "b", source="../../secret.txt"), "'../../secret.txt'"),
        "absolute": (make_pair(tmp_path / "abs", source=str(secret)), repr(str(secret))),
        "symlink": (link_pair, "'link.txt'"),
    }


@pytest.mark.parametrize("way", ["dot-dot", "absolute", "symlink"])
def test_pair_files_must_stay_inside_the_pair_folder(tmp_path, secret, way):
    pair, shown = outside(tmp_path, secret)[way]
    r = evalkit_before_models("review", pair, "--out-dir", tmp_path / "out")
    assert_one_line_error(r, "pair.toml: [source] file", shown, "is outside the pair folder", "--allow-outside-pair")
    assert not (tmp_path / "out").exists()


def test_the_explicit_flag_lets_a_trusted_pair_reach_outside(tmp_path, secret):
    pair, _ = outside(tmp_path, secret)["dot-dot"]
    assert read_pair(pair, allow_outside=True).source.path.resolve() == secret.resolve()
    secret.write_text("")  # the file is then read like any other: here, refused as empty
    r = evalkit_before_models("review", pair, "--allow-outside-pair", "--out-dir", tmp_path / "out")
    assert_one_line_error(r, "secret.txt", "empty")


def test_links_and_dot_dots_that_stay_inside_are_fine(tmp_path):
    pair = make_pair(tmp_path / "p", source="sub/../source.fr.txt", translation="t.txt")
    (pair / "sub").mkdir()
    (pair / "t.txt").symlink_to(pair / "translation.en.txt")
    spec = read_pair(pair)
    assert spec.source.path.is_file() and spec.translation.path.is_file()


@pytest.mark.parametrize("extra, fragment", [
    ('titel = "typo"\n', "unknown key(s) titel (known: name, relation, title, notes, source, translation)"),
])
def test_unknown_top_level_keys_are_refused(tmp_path, extra, fragment):
    pair = make_pair(tmp_path / "p", extra=extra)
    assert_one_line_error(evalkit_before_models("review", pair, "--out-dir", tmp_path / "out"), "pair.toml", fragment)


def test_unknown_keys_in_a_side_table_are_refused(tmp_path):
    pair = make_pair(tmp_path / "p")
    text = (pair / "pair.toml").read_text().replace('lang = "en"\n', 'lang = "en"\nlayuot = "web"\n')
    (pair / "pair.toml").write_text(text)
    with pytest.raises(InputError, match=r"unknown key\(s\) \[translation\] layuot"):
        read_pair(pair)


def test_seed_pairs_use_only_known_keys():
    root = DATA.parent.parent.parent / "pairs"
    for name in ("lemonde-amazon", "bbc-ice-fr", "amazon-comparable"):
        read_pair(root / name)


@pytest.mark.parametrize("args, fragment", [
    (["review", DATA / "fr.txt", DATA / "en.txt", "--src-lang", ""], "unknown language code '' (--src-lang)"),
    (["review", DATA / "fr.txt", DATA / "en.txt", "--tgt-lang", ""], "unknown language code '' (--tgt-lang)"),
    (["align", DATA / "fr.txt", DATA / "en.txt", "--src-lang", "zz"], "unknown language code 'zz' (--src-lang)"),
    (["align", DATA / "fr.txt", DATA / "en.txt", "--tgt-lang", ""], "unknown language code '' (--tgt-lang)"),
    (["score", DATA / "fr.txt", DATA / "en.txt", "--tgt-lang", "EN"], "unknown language code 'EN' (--tgt-lang): use 'en'"),
    (["score", DATA / "fr.txt", DATA / "en.txt", "--aligned", "--src-lang", "xx"], "'xx' (--src-lang)"),
])
def test_language_codes_are_named_by_their_option(tmp_path, args, fragment):
    r = evalkit_before_models(*args, "--out-dir" if args[0] == "review" else "-o", tmp_path / "out")
    assert_one_line_error(r, fragment)
    assert not (tmp_path / "out").exists()


def test_review_pair_folder_with_an_empty_language_option(tmp_path):
    pair = make_pair(tmp_path / "p")
    assert_one_line_error(evalkit_before_models("review", pair, "--src-lang", "", "--out-dir", tmp_path / "out"),
                          "unknown language code '' (--src-lang)")


def test_segment_takes_quiet_like_every_command():
    r = evalkit("segment", DATA / "fr.txt", "--lang", "fr", "-f", "txt", "--quiet", timeout=30)
    assert r.returncode == 0 and r.stderr == "" and "rénovation" in r.stdout
