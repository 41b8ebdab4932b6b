"""Inputs that are fine but went wrong deep in the pipeline (issue 13, items 1, 7, 8, 10, 11).

The slow tests run the real CLI with the real models: a one-sentence translation of a
longer source (item 1 crashed alignment with an IndexError in ``band_terms``), a PDF
given to ``gate --align`` (item 7), a temp file left by a killed writer in the output
folder (item 8), bidi controls in a document (item 10) and a segment longer than the
tokenizer's maximum under ``--quiet`` (item 11).
"""

import json
import re
import uuid

import pytest

from evalkit.ingest.bidi import BIDI_CONTROLS, bidi_controls, show_bidi
from evalkit.report.html import _bidi
from inputs_support import DATA, ENV, ROOT, assert_one_line_error, evalkit, evalkit_before_models

FR, EN = DATA / "fr.txt", DATA / "en.txt"
PDF = ROOT / "tests" / "data" / "ingest" / "two-column.pdf"  # French, two columns
ONE_SENTENCE = "The town hall presented its project to renovate the bus station on Tuesday evening.\n"


@pytest.fixture
def one_sentence(tmp_path):
    p = tmp_path / "one.en.txt"
    p.write_text(ONE_SENTENCE, encoding="utf-8")
    return p


# -- item 1: a one-sentence translation against a longer source --------------------------------

@pytest.mark.slow
def test_align_a_one_sentence_translation_and_clean_a_killed_writers_temp(tmp_path, one_sentence):
    from test_inputs_outputs import killed_writer

    out = tmp_path / "out" / "align.json"
    out.parent.mkdir()
    stale = killed_writer(out.parent / "earlier.json")  # item 8, through the CLI's own write
    r = evalkit("align", FR, one_sentence, "-q", "-o", out)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    beads = json.loads(out.read_text())["beads"]
    assert sum(len(b["tgt_ids"]) for b in beads) == 1 and sum(len(b["src_ids"]) for b in beads) == 6
    assert not stale.exists() and sorted(p.name for p in out.parent.iterdir()) == ["align.json"]
    r = evalkit("align", one_sentence, FR, "--src-lang", "en", "--tgt-lang", "fr", "-q", "-f", "tsv")
    assert r.returncode == 0 and r.stdout.count("\n") >= 2, r.stderr


@pytest.mark.slow
def test_review_a_one_sentence_translation(tmp_path, one_sentence):
    r = evalkit("review", FR, one_sentence, "-q", "--out-dir", tmp_path / "out")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    report = json.loads((tmp_path / "out" / "one.json").read_text())
    assert report["summary"]["beads"] >= 1 and (tmp_path / "out" / "one.html").is_file()


# -- item 7: gate --align reads PDFs like the other commands, and refuses a broken one first ----

@pytest.mark.slow
def test_gate_align_reads_a_pdf_source_against_a_one_sentence_translation(tmp_path, one_sentence):
    r = evalkit("gate", PDF, one_sentence, "--align", "--json", tmp_path / "g.json")
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr and "encoding" not in r.stderr, r.stderr
    result = json.loads((tmp_path / "g.json").read_text())
    assert result["inputs"]["mode"] == "align" and result["metrics"]["coverage"]["value"] is not None


def test_gate_align_refuses_a_corrupt_pdf_before_any_model(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    r = evalkit_before_models("gate", bad, EN, "--align", "--out-dir", tmp_path / "out")
    assert_one_line_error(r, str(bad), "not a readable PDF", "(source)")
    not_pdf = tmp_path / "text.pdf"
    not_pdf.write_text("Ceci n'est pas un PDF.\n")
    r = evalkit_before_models("gate", not_pdf, EN, "--align", "--out-dir", tmp_path / "out")
    assert_one_line_error(r, "not a PDF file (no %PDF header)")
    assert not (tmp_path / "out").exists()


# -- item 10: bidi controls are shown, not obeyed -------------------------------------------

EVIL = "two \u202eevil\u202c years and \u2067isolated\u2069"


def test_bidi_controls_are_found_with_their_offsets():
    assert bidi_controls(EVIL) == [(4, "RLO"), (9, "PDF"), (21, "RLI"), (30, "PDI")]
    assert bidi_controls("plain \u200f text with a mark") == []  # implicit marks are left alone
    assert show_bidi(EVIL) == "two ⟨RLO⟩evil⟨PDF⟩ years and ⟨RLI⟩isolated⟨PDI⟩"


def test_report_cells_show_a_badge_in_place_of_each_control_and_stay_escaped():
    html = str(_bidi('<script>x</script>\u202eevil'))
    assert html.startswith("&lt;script&gt;x&lt;/script&gt;<span class=\"bidi\"")
    assert "⟨RLO⟩</span>evil" in html and "\u202e" not in html


def test_reading_a_document_with_bidi_controls_warns_unless_quiet(tmp_path):
    doc = tmp_path / "doc.en.txt"
    doc.write_text(EN.read_text(encoding="utf-8").replace("two years", EVIL), encoding="utf-8")
    r = evalkit("segment", doc, "--lang", "en", "-f", "txt", timeout=30)
    assert r.returncode == 0 and "4 Unicode bidi control(s) (first: RLO at character" in r.stderr, r.stderr
    r = evalkit("segment", doc, "--lang", "en", "-f", "txt", "--quiet", timeout=30)
    assert r.returncode == 0 and r.stderr == ""


def text_outside_scripts(html: str) -> str:
    return re.sub(r"<script\b.*?</script>", "", html, flags=re.S)


@pytest.mark.slow
def test_review_shows_bidi_controls_as_badges(tmp_path):
    tgt = tmp_path / "doc.en.txt"
    tgt.write_text(EN.read_text(encoding="utf-8").replace("two years", EVIL), encoding="utf-8")
    r = evalkit("review", FR, tgt, "--quiet", "--out-dir", tmp_path / "out")
    assert r.returncode == 0 and r.stderr == "", r.stderr  # the bidi note is a note: --quiet drops it
    page = text_outside_scripts((tmp_path / "out" / "doc.html").read_text(encoding="utf-8"))
    assert not set(BIDI_CONTROLS) & set(page)  # never obeyed in the page
    # the badge stands where the control was (inside the mark of its flag: flag/bidi.py flags it)
    # (the badge carries its code point too, data-cp, so an edit in the page keeps the character)
    assert re.search(r'<span class="bidi" data-cp="202E" title="U\+202E right-to-left override[^"]*">⟨RLO⟩</span>(?:</mark>)?evil', page)
    assert re.search(r"⟨RLI⟩</span>(?:</mark>)?isolated", page)
    assert 'class="flag sev-critical"' in page


# -- item 11: --quiet silences the libraries too --------------------------------------------

@pytest.mark.slow
def test_quiet_lets_no_tokenizer_warning_through(tmp_path):
    """A 420-word sentence is longer than e5's 512 tokens: the word aligner's tokenizer warns
    ("Token indices sequence length…", harmless: it runs in windows) unless --quiet."""
    nonce = uuid.uuid4().hex  # a text never seen before: cached token vectors would skip the tokenizer

    def with_long_sentence(path, words):
        text = path.read_text(encoding="utf-8")
        return text + nonce + " " + " ".join((text.replace(".", "").split() * 100)[:words]) + ".\n"

    src, tgt = tmp_path / "src.fr.txt", tmp_path / "tgt.en.txt"
    src.write_text(with_long_sentence(FR, 420), encoding="utf-8")
    tgt.write_text(with_long_sentence(EN, 420), encoding="utf-8")
    # transformers' tokenizer is the one that warns: the PyTorch runtime (the ONNX default since
    # session 8 tokenizes with `tokenizers` directly and says nothing, --quiet or not)
    torch_env = {**ENV, "EVALKIT_EMBEDDER_RUNTIME": "torch"}
    r = evalkit("score", src, tgt, "--engines", "none", env=torch_env)
    assert r.returncode == 0 and "Token indices sequence length" in r.stderr, r.stderr  # the input triggers it
    r = evalkit("score", src, tgt, "--engines", "none", "--quiet", env=torch_env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = evalkit("score", src, tgt, "--engines", "none", "--quiet")
    assert r.returncode == 0 and r.stderr == "", r.stderr
