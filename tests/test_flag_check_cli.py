"""`evalkit check FILE --lang fr`: output formats and errors, on a temporary file."""

import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "evalkit", "check", *args], capture_output=True, text=True)


def test_check_json_flags_cie(tmp_path):
    f = tmp_path / "t.fr.txt"
    f.write_text("Le service de l'immigration (ICE) recrute.\nL'ICE a dépensé 3 milliards.\n"
                 "Azure a signé un contrat avec la CIE.\nL'ICE refuse de commenter..\n", encoding="utf-8")
    out = run(str(f), "--lang", "fr", "--format", "json", "-q")
    assert out.returncode == 0, out.stderr
    flags = json.loads(out.stdout)
    assert {(x["span"], x["category"]) for x in flags} == {("CIE", "consistency"), ("..", "punctuation")}
    assert all(x["segment"][x["start"]:x["end"]] == x["span"] for x in flags)
    assert out.stderr == ""


def test_check_txt_and_summary(tmp_path):
    f = tmp_path / "t.en.txt"
    f.write_text("He said  : the the plan works.\n", encoding="utf-8")
    out = run(str(f), "--lang", "en")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 5 for line in lines)
    assert "minor" in out.stderr


def test_check_missing_file_exits_2(tmp_path):
    out = run(str(tmp_path / "nope.txt"), "--lang", "fr")
    assert out.returncode == 2 and "no such file" in out.stderr


def test_check_with_glossary_flags_forbidden_terms(tmp_path):
    f = tmp_path / "t.en.txt"
    f.write_text("The company uses cloud informatics for its servers.\n", encoding="utf-8")
    g = tmp_path / "g.csv"
    g.write_text("informatique en nuage,cloud computing,required\ninformatique en nuage,cloud informatics,forbidden\n",
                 encoding="utf-8")
    out = run(str(f), "--lang", "en", "--glossary", str(g), "--format", "jsonl", "-q")
    assert out.returncode == 0, out.stderr
    flags = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(x["span"], x["category"], x["suggestion"]) for x in flags] == [("cloud informatics", "terminology", "cloud computing")]
