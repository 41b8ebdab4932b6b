"""One option vocabulary across commands: the same spelling means the same thing everywhere.

Read from the commands themselves (click's parameters behind typer), so a new option that
reuses a name with another meaning, or a short flag bound to two long names, fails here.
The old spellings keep working for a release, with a one-line deprecation note on stderr.
"""

from pathlib import Path

import pytest

from inputs_support import assert_one_line_error, evalkit_before_models

DOCUMENT_COMMANDS = ("segment", "align", "score", "check", "review", "gate")
PAIR_COMMANDS = ("align", "score", "review", "gate")


def _commands():
    from typer.main import get_command

    from evalkit.cli import app

    group = get_command(app)
    return {name: group.commands[name] for name in DOCUMENT_COMMANDS}


def _options(cmd, hidden: bool = False):
    """{long name: click Option} of the command's visible (or hidden) options."""
    out = {}
    for p in cmd.params:
        if p.param_type_name != "option" or bool(getattr(p, "hidden", False)) != hidden:
            continue
        for name in list(p.opts) + list(p.secondary_opts):
            if name.startswith("--"):
                out[name] = p
    return out


def _shorts(param):
    return sorted(o for o in list(param.opts) + list(param.secondary_opts) if not o.startswith("--"))


def test_a_short_flag_names_one_long_option_everywhere():
    short_to_long: dict[str, set[str]] = {}
    for cmd in _commands().values():
        for p in cmd.params:
            if p.param_type_name != "option" or getattr(p, "hidden", False):
                continue
            longs = [o for o in p.opts if o.startswith("--")]
            for s in _shorts(p):
                short_to_long.setdefault(s, set()).update(longs)
    assert {s: ls for s, ls in short_to_long.items() if len(ls) != 1} == {}
    assert short_to_long.get("-o") == {"--output"}  # -o is one output file, in every command


def test_an_option_shared_by_commands_has_one_kind_and_one_short_flag():
    seen: dict[str, tuple] = {}
    clashes = []
    for name, cmd in _commands().items():
        for long, p in _options(cmd).items():
            kind = (p.is_flag, _shorts(p))
            if long in seen and seen[long][0] != kind:
                clashes.append((long, seen[long][1], name))
            seen.setdefault(long, (kind, name))
    assert clashes == []


@pytest.mark.parametrize("option, commands", [
    ("--glossary", ("score", "check", "review", "gate")),
    ("--format", ("segment", "align", "score", "check")),
    ("--presegmented", ("segment", "align", "score", "check", "review")),
    ("--aligned", ("score", "review", "gate")),
    ("--no-lang-check", DOCUMENT_COMMANDS),
    ("--quiet", DOCUMENT_COMMANDS),
    ("--src-lang", PAIR_COMMANDS),
    ("--tgt-lang", PAIR_COMMANDS),
    ("--lang", ("segment", "check")),
])
def test_the_vocabulary_is_offered_wherever_it_applies(option, commands):
    cmds = _commands()
    assert [c for c in commands if option not in _options(cmds[c])] == []


def test_the_same_shared_option_says_the_same_thing():
    cmds = _commands()
    for option in ("--src-lang", "--tgt-lang", "--device", "--checks", "--quiet", "--no-lang-check", "--presegmented"):
        helps = {c: _options(cmd)[option].help for c, cmd in cmds.items() if option in _options(cmd)}
        assert len(set(helps.values())) == 1, (option, helps)


def test_pair_commands_take_the_two_texts_as_arguments():
    for name in PAIR_COMMANDS:
        args = [p for p in _commands()[name].params if p.param_type_name == "argument"]
        assert args, name


def test_old_spellings_are_hidden_but_accepted():
    cmds = _commands()
    assert {"--src", "--hyp"} <= set(_options(cmds["gate"], hidden=True))
    assert "--src" not in _options(cmds["gate"]) and "--hyp" not in _options(cmds["gate"])


def test_gate_old_src_hyp_options_still_work_with_a_note(tmp_path):
    r = evalkit_before_models("gate", "--src", tmp_path / "missing.fr", "--hyp", tmp_path / "missing.en")
    assert_one_line_error(r, "missing.fr")
    assert "--src is deprecated" in r.stderr and "--hyp is deprecated" in r.stderr


def test_gate_takes_positionals_and_refuses_both_spellings(tmp_path):
    r = evalkit_before_models("gate", tmp_path / "missing.fr", tmp_path / "missing.en")
    assert_one_line_error(r, "missing.fr")
    assert "deprecated" not in r.stderr
    r = evalkit_before_models("gate", tmp_path / "a.fr", tmp_path / "a.en", "--src", tmp_path / "b.fr")
    assert_one_line_error(r, "SRC")


def test_review_dash_o_is_a_deprecated_out_dir(tmp_path):
    r = evalkit_before_models("review", tmp_path / "missing.fr", tmp_path / "missing.en", "-o", tmp_path / "out")
    assert_one_line_error(r, "missing")
    assert "-o is deprecated" in r.stderr and "--out-dir" in r.stderr


def test_check_and_segment_detect_the_language_when_not_given(tmp_path):
    fr = tmp_path / "doc.txt"
    fr.write_text("Le conseil municipal a voté le budget de la ville pour l'année prochaine. "
                  "Les habitants pourront donner leur avis sur les travaux prévus dans le quartier.\n", encoding="utf-8")
    r = evalkit_before_models("segment", fr, "-f", "txt")
    assert r.returncode == 0, r.stderr
    assert "language: fr (detected" in r.stderr
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("OK.\n", encoding="utf-8")
    assert_one_line_error(evalkit_before_models("segment", tiny), "--lang")
    assert_one_line_error(evalkit_before_models("check", tiny), "--lang")


def test_the_vocabulary_is_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for spelling in ("-o/--output", "--out-dir", "-f/--format", "-g/--glossary", "--presegmented", "--aligned",
                     "--src-lang", "--lang", "--no-lang-check", "deprecated"):
        assert spelling in doc, spelling
