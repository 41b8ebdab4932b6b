"""`evalkit review DIR` / `--manifest F` end to end, on real files with the real models.

The pairs are cut from the seed pairs (the first lines of each file) so the whole file runs in
about two minutes on 2 cores. The per-pair report of a batch must be the report a single
`evalkit review` of that pair writes, apart from its `created` time.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evalkit.batch import BatchItem, _unique_names, discover, read_manifest
from evalkit.errors import InputError
from evalkit.report.json_export import validate

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "pairs"
ENV = {**os.environ, "OMP_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


def evalkit(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "evalkit", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=ENV)


def small_pair(dst: Path, seed: str, src_lines: int, tgt_lines: int, name: str | None = None,
               auto_layout: bool = False) -> Path:
    """A copy of a seed pair with only the first lines of each file (same pair.toml, without its
    layouts when ``auto_layout``, so that a manifest row without layout reads the files alike)."""
    dst.mkdir(parents=True)
    toml = (PAIRS / seed / "pair.toml").read_text(encoding="utf-8")
    if name:
        toml = toml.replace(f'name = "{seed}"', f'name = "{name}"')
    if auto_layout:
        toml = "".join(line for line in toml.splitlines(keepends=True) if not line.startswith("layout ="))
    (dst / "pair.toml").write_text(toml, encoding="utf-8")
    for f, n in (("source.fr.txt", src_lines), ("translation.en.txt", tgt_lines)):
        lines = (PAIRS / seed / f).read_text(encoding="utf-8").splitlines(keepends=True)
        (dst / f).write_text("".join(lines[:n]), encoding="utf-8")
    return dst


def pair_toml(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "pair.toml").write_text(body, encoding="utf-8")
    return folder


def without_created(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data.pop("created")
    return data


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder of four pairs (two good, one with a missing file, one in the wrong language) run
    as one batch with two worker processes."""
    tmp = tmp_path_factory.mktemp("batch")
    folder = tmp / "delivery"
    small_pair(folder / "a-lemonde", "lemonde-amazon", 60, 8, name="lemonde-small", auto_layout=True)
    small_pair(folder / "b-comparable", "amazon-comparable", 15, 15, name="comparable-small")
    pair_toml(folder / "c-missing", 'name = "missing-source"\n[source]\nfile = "gone.fr.txt"\nlang = "fr"\n'
                                    '[translation]\nfile = "t.en.txt"\nlang = "en"\n')
    (folder / "c-missing" / "t.en.txt").write_text("Nearly 3,500 people were arrested last year.\n")
    wrong = pair_toml(folder / "d-wrong-lang", 'name = "wrong-lang"\n[source]\nfile = "s.txt"\nlang = "fr"\n'
                                               '[translation]\nfile = "t.txt"\nlang = "en"\n')
    english = (PAIRS / "lemonde-amazon" / "translation.en.txt").read_text(encoding="utf-8").splitlines()[3:6]
    (wrong / "s.txt").write_text("\n".join(english) + "\n")  # English declared as French
    (wrong / "t.txt").write_text("\n".join(english) + "\n")
    (folder / "notes").mkdir()  # a folder without pair.toml is not a pair
    out = tmp / "out"
    run = evalkit("review", folder, "--out-dir", out, "--jobs", "2")
    return {"tmp": tmp, "folder": folder, "out": out, "run": run}


def test_batch_index_and_exit_code(batch):
    run, out = batch["run"], batch["out"]
    assert run.returncode == 1, run.stderr  # a pair failed: exit 1, the others are reported
    assert run.stdout.splitlines()[:3] == [str(out / "index.html"), str(out / "index.json"),
                                           "4 pair(s): 2 reviewed, 2 failed"]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    validate(index, "index.schema.json")
    assert index["counts"] == {"pairs": 4, "ok": 2, "failed": 2}
    assert index["input"] == {"kind": "folder", "path": str(batch["folder"])} and index["jobs"] == 2
    by = {p["name"]: p for p in index["pairs"]}
    assert [p["name"] for p in index["pairs"]] == ["lemonde-small", "comparable-small", "missing-source", "wrong-lang"]

    good = by["lemonde-small"]
    assert good["status"] == "ok" and good["error"] is None
    assert good["reports"] == {"html": "lemonde-small.html", "json": "lemonde-small.json"}
    report = json.loads((out / "lemonde-small.json").read_text(encoding="utf-8"))
    s = report["summary"]
    assert good["verdict"] == report["alignment"]["verdict"] == "parallel"
    assert good["mqm"] == s["mqm"] and good["flags"] == s["flags"] > 0
    assert good["src_coverage"] == report["alignment"]["src_coverage"] > 0.5
    assert sum(good["flags_by_severity"].values()) == s["flags"]
    assert good["report_id"] == report["report_id"]
    assert by["comparable-small"]["verdict"] == "not-parallel" and by["comparable-small"]["relation"] == "comparable"

    missing = by["missing-source"]
    assert missing["status"] == "error" and missing["reports"] == {}
    assert missing["error"] == f"{batch['folder'] / 'c-missing' / 'gone.fr.txt'}: no such file (source)"
    wrong = by["wrong-lang"]["error"]
    assert "looks like English" in wrong and 'lang = "fr" in' in wrong and "\n" not in wrong
    assert not (out / "missing-source.html").exists() and not (out / "wrong-lang.json").exists()
    assert f"failed: missing-source: {missing['error']}" in run.stdout.splitlines()
    # progress on stderr, one line per finished pair
    assert sum("/4] " in line for line in run.stderr.splitlines()) == 4
    assert not list(out.glob(".*.tmp"))  # no temp file left


def test_batch_reports_equal_single_reviews(batch):
    """A batch report (run in a worker process) is the single-pair `evalkit review` report."""
    single = batch["tmp"] / "single"
    r = evalkit("review", batch["folder"] / "a-lemonde", "--out-dir", single, "--quiet")
    assert r.returncode == 0, r.stderr
    assert without_created(batch["out"] / "lemonde-small.json") == without_created(single / "lemonde-small.json")


def test_manifest_csv_relative_paths_and_a_bad_row(batch, tmp_path):
    """Relative paths are read from the manifest's folder, not the working directory; the row
    whose file is missing fails alone; the good row (no worker process here) gives the report of
    the folder run, itself equal to a single review's."""
    folder = batch["folder"]
    manifest = folder / "delivery.csv"
    title = (PAIRS / "lemonde-amazon" / "pair.toml").read_text(encoding="utf-8").split('title = "')[1].split('"')[0]
    manifest.write_text("source,translation,src_lang,tgt_lang,name,title,layout\n"
                        f'a-lemonde/source.fr.txt,a-lemonde/translation.en.txt,fr,en,lemonde-small,"{title}",\n'
                        "a-lemonde/nope.fr.txt,a-lemonde/translation.en.txt,fr,en,,,plain\n", encoding="utf-8")
    out = tmp_path / "out"
    r = evalkit("review", "--manifest", manifest, "--out-dir", out, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    validate(index, "index.schema.json")
    assert index["input"]["kind"] == "manifest"
    assert [(p["name"], p["status"], p["origin"]) for p in index["pairs"]] == [
        ("lemonde-small", "ok", "delivery.csv line 2"), ("translation", "error", "delivery.csv line 3")]
    assert index["pairs"][1]["error"].endswith("nope.fr.txt: no such file (source)")
    assert without_created(out / "lemonde-small.json") == without_created(batch["out"] / "lemonde-small.json")


def test_manifest_jsonl_all_ok_exits_0(tmp_path):
    """JSONL rows, translation-only (no source: the checks of the translation alone)."""
    (tmp_path / "docs").mkdir()
    text = (PAIRS / "bbc-ice-fr" / "translation.fr.txt").read_text(encoding="utf-8").splitlines()
    (tmp_path / "docs" / "part1.fr.txt").write_text("\n".join(text[:12]) + "\n", encoding="utf-8")
    (tmp_path / "docs" / "part2.fr.txt").write_text("\n".join(text[12:24]) + "\n", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"translation": "docs/part1.fr.txt", "tgt_lang": "fr"}) + "\n\n"
                        + json.dumps({"translation": "docs/part2.fr.txt", "tgt_lang": "fr", "source": None,
                                      "name": "index"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = evalkit("review", "--manifest", manifest, "--out-dir", out, "--quiet")
    assert r.returncode == 0, r.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    validate(index, "index.schema.json")
    # "index" is the batch's own page: that pair's report gets another name
    assert [(p["name"], p["status"], p["mode"]) for p in index["pairs"]] == [
        ("part1", "ok", "translation-only"), ("index-2", "ok", "translation-only")]
    assert (out / "index-2.html").exists() and json.loads((out / "part1.json").read_text())["mode"] == "translation-only"


@pytest.mark.parametrize("name, content, message", [
    ("m.csv", "source,translation,src_lang\na.txt,b.txt,fr\n", "line 2: tgt_lang is missing"),
    ("m.csv", "source,translation,src_lang,tgt_lang,colour\na.txt,b.txt,fr,en,red\n", "unknown key(s) colour"),
    ("m.csv", "source,translation,src_lang,tgt_lang\na.txt,b.txt,fr,en,extra\n", "more fields than the header"),
    ("m.csv", "source,translation,src_lang,tgt_lang\na.txt,b.txt,fr,english\n", "unknown language code 'english'"),
    ("m.csv", "source,translation,src_lang,tgt_lang\n../a.txt,b.txt,fr,en\n", "is outside the manifest's folder"),
    ("m.csv", "source,translation,src_lang,tgt_lang\n", "lists no pair"),
    ("m.jsonl", '{"translation": "b.txt", "tgt_lang": "en"}\n{"translation": "c.txt", "tgt_lang": \n',
     "line 2: not valid JSON"),
    ("m.jsonl", '["b.txt", "en"]\n', "line 1: each line must be a JSON object"),
    ("m.jsonl", '{"translation": "b.txt", "tgt_lang": "en", "layout": "scroll"}\n', "unknown layout 'scroll'"),
])
def test_malformed_manifest_is_one_input_error(tmp_path, name, content, message):
    manifest = tmp_path / name
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_manifest(manifest)
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("name, content, message", [
    ("m.csv", "source,translation,src_lang,tgt_lang\na.txt,b.txt,fr,en,extra\n", "line 2: more fields than the header"),
    ("m.jsonl", '{"translation": "b.txt", "tgt_lang": "en"}\n{"translation": "c.txt", "tgt_lang": \n',
     "line 2: not valid JSON"),
])
def test_malformed_manifest_one_line_exit_2(tmp_path, name, content, message):
    manifest = tmp_path / name
    manifest.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    r = evalkit("review", "--manifest", manifest, "--out-dir", out)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("evalkit: error: ") and message in lines[0], r.stderr
    assert "Loading" not in r.stderr and not out.exists()  # refused before any model loads or file is written


def test_bad_invocations_exit_2(tmp_path, batch):
    for args, message in (
        (("review", batch["folder"], "--ref", PAIRS / "lemonde-amazon" / "translation.en.txt"), "--ref: for one pair"),
        (("review", batch["folder"], "--manifest", tmp_path / "m.csv"), "not both"),
        (("review", PAIRS / "lemonde-amazon", "--jobs", "2"), "--jobs is for a batch"),
    ):
        r = evalkit(*args, "--out-dir", tmp_path / "out")
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr
        assert not (tmp_path / "out").exists()


def test_names_unique_and_bad_pair_toml_is_an_error_row(tmp_path):
    names = [it.name for it in _unique_names([BatchItem(n, "x") for n in ("a", "A", "a", "index", "a b", "../x")])]
    assert names == ["a", "A-2", "a-3", "index-2", "a-b", "x"]
    pair_toml(tmp_path / "p1", 'name = "p1"\nlayuot = "web"\n[translation]\nfile = "t.txt"\nlang = "en"\n')
    small_pair(tmp_path / "p2", "amazon-comparable", 3, 3)
    items = discover(tmp_path)
    assert [(it.name, it.spec is None) for it in items] == [("p1", True), ("amazon-comparable", False)]
    assert "unknown key(s) layuot" in items[0].error
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no pair.toml in this folder nor in its subfolders"):
        discover(tmp_path / "empty")


def test_manifest_reader_csv_and_jsonl_agree(tmp_path):
    (tmp_path / "s.txt").write_text("Bonjour.\n")
    (tmp_path / "t.txt").write_text("Hello.\n")
    (tmp_path / "m.csv").write_text("\ufefftranslation,tgt_lang,source,src_lang,ref\nt.txt,en,s.txt,fr,t.txt\n")
    (tmp_path / "m.jsonl").write_text(json.dumps({"source": "s.txt", "translation": "t.txt", "src_lang": "fr",
                                                  "tgt_lang": "en", "ref": "t.txt"}) + "\n")
    a, b = read_manifest(tmp_path / "m.csv"), read_manifest(tmp_path / "m.jsonl")
    assert [(i.spec, i.ref, i.name) for i in a] == [(i.spec, i.ref, i.name) for i in b]
    assert a[0].spec.source.path == tmp_path / "s.txt" and a[0].ref == tmp_path / "t.txt"


def test_index_page_sorts_and_links_in_chromium(batch):
    """The index in a real headless Chromium: a header click sorts the rows, the name links open
    the pair's report, the page runs nothing but its own script and makes no request out."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    index = json.loads((batch["out"] / "index.json").read_text(encoding="utf-8"))
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-background-networking",
                                                                     "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            problems, requests = [], []
            page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto((batch["out"] / "index.html").as_uri())
            names = lambda: page.eval_on_selector_all("#pairs tbody tr", "rs => rs.map(r => r.dataset.name)")  # noqa: E731
            assert names() == [p["name"] for p in index["pairs"]]

            page.click("th[data-col=flags] button")  # fewest flags first, pairs without a report last
            assert page.get_attribute("th[data-col=flags]", "aria-sort") == "ascending"
            ok = sorted((p for p in index["pairs"] if p["flags"] is not None), key=lambda p: p["flags"])
            assert names()[:len(ok)] == [p["name"] for p in ok]
            assert set(names()[len(ok):]) == {"missing-source", "wrong-lang"}
            page.click("th[data-col=flags] button")  # again: most flags first
            assert page.get_attribute("th[data-col=flags]", "aria-sort") == "descending"
            assert names()[:len(ok)] == [p["name"] for p in reversed(ok)]
            page.click("th[data-col=name] button")
            assert names() == sorted(names(), key=str.lower)
            page.click("th[data-col=status] button")
            assert names()[-2:] == ["missing-source", "wrong-lang"]  # errors after the reviewed pairs

            row = page.locator("#pairs tbody tr[data-name=missing-source]")
            assert row.locator("a").count() == 0 and "no such file" in row.inner_text()
            links = page.eval_on_selector_all("#pairs tbody a", "as => as.map(a => a.href)")
            assert len(links) == 4  # the report and the JSON of each reviewed pair
            for href in links:
                assert Path(href.removeprefix("file://")).is_file(), href
            page.click("#pairs tbody tr[data-name=lemonde-small] th a")
            page.wait_for_load_state()
            assert page.url.endswith("/lemonde-small.html") and page.title() == "Translation review: lemonde-small"
            assert problems == []
            assert all(u.startswith("file://") for u in requests), requests
        finally:
            browser.close()


@pytest.mark.slow
def test_batch_over_the_seed_pairs_and_a_broken_one(tmp_path):
    """The issue's case as written: every pair of `pairs/`, whole, plus a deliberately broken pair (its
    translation file is empty), reviewed as one batch: three reports, the broken pair an error row
    with the one-line message `evalkit review` gives it, exit 1."""
    folder = tmp_path / "pairs"
    for seed in sorted(p for p in PAIRS.iterdir() if (p / "pair.toml").is_file()):
        shutil.copytree(seed, folder / seed.name)
    broken = shutil.copytree(PAIRS / "lemonde-amazon", folder / "broken")
    toml = (broken / "pair.toml").read_text(encoding="utf-8").replace('name = "lemonde-amazon"', 'name = "broken"')
    (broken / "pair.toml").write_text(toml, encoding="utf-8")
    (broken / "translation.en.txt").write_bytes(b"")
    out = tmp_path / "out"
    run = evalkit("review", folder, "--out-dir", out, "--quiet")
    assert run.returncode == 1, run.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    validate(index, "index.schema.json")
    assert index["counts"] == {"pairs": 4, "ok": 3, "failed": 1}
    by = {p["name"]: p for p in index["pairs"]}
    assert sorted(by) == ["amazon-comparable", "bbc-ice-fr", "broken", "lemonde-amazon"]
    assert by["lemonde-amazon"]["verdict"] == "parallel" and by["lemonde-amazon"]["flags"] > 0
    assert by["amazon-comparable"]["verdict"] == "not-parallel"
    assert by["bbc-ice-fr"]["relation"] == "translation-only" and by["bbc-ice-fr"]["verdict"] is None
    for name in ("lemonde-amazon", "amazon-comparable", "bbc-ice-fr"):
        row = by[name]
        assert row["status"] == "ok" and row["error"] is None
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["summary"]["flags"] == row["flags"]
    error = by["broken"]["error"]
    assert by["broken"]["status"] == "error" and "empty" in error and "\n" not in error
    assert f"failed: broken: {error}" in run.stdout.splitlines()
    assert not (out / "broken.json").exists()
