"""align_documents on small real texts with the project's embedder (loaded once)."""

from pathlib import Path

import pytest

from evalkit.align import AlignOptions, align_documents, align_segments
from align_common import strict_prf

from evalkit.align.formats import parse_vecalign
from evalkit.records import Document, Segment

DATA = Path(__file__).parent / "data" / "align"


def lines(name):
    return (DATA / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def memo():
    """Texts embedded once per session, shared by every test of this file."""
    return {}


@pytest.fixture(scope="session")
def story(embedder, memo):
    src = Document.from_lines(lines("story.fr.txt"), "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    return src, tgt, align_documents(src, tgt, embedder, memo=memo)


def test_story_beads_match_the_hand_alignment(story):
    _, _, al = story
    gold = parse_vecalign((DATA / "story.gold").read_text())
    pred = [(b.src, b.tgt) for b in al.beads]
    assert ((1,), (1, 2)) in pred  # 1-2
    assert ((2, 3), (3,)) in pred  # 2-1
    assert ((7,), ()) in pred and ((), (8,)) in pred  # furniture and "Read also" left alone
    assert strict_prf(pred, gold)["f1"] >= 0.9


def test_real_translation_is_parallel_with_high_coverage(story):
    _, _, al = story
    assert al.verdict == "parallel"
    assert al.src_coverage > 0.85 and al.tgt_coverage > 0.85
    right = [b.confidence for b in al.beads if b.src and b.tgt]
    assert min(right) > 0.5
    assert all(0.0 <= b.confidence <= 1.0 for b in al.beads)


def test_unrelated_pair_is_not_parallel(embedder, memo):
    src = Document.from_lines(lines("unrelated.fr.txt"), "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    al = align_documents(src, tgt, embedder, memo=memo)
    assert al.verdict == "not-parallel"
    assert al.src_coverage < 0.3


def test_furniture_kind_is_cheaper_to_skip(embedder, memo):
    fr = lines("story.fr.txt")
    segs = [Segment(k, t, "furniture" if t == "PUBLICITÉ" else "body", 0, 0) for k, t in enumerate(fr)]
    src = Document("<fr>", "fr", "\n".join(fr), segs)
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    al = align_documents(src, tgt, embedder, memo=memo)
    null = [b for b in al.beads if b.src == (7,)]
    assert null and null[0].tgt == ()
    # a skipped segment is not aligned at all
    segs[7] = Segment(7, "PUBLICITÉ", "skipped", 0, 0)
    al2 = align_documents(Document("<fr>", "fr", "", segs), tgt, embedder, memo=memo)
    assert all(7 not in b.src for b in al2.beads)


def test_empty_side_gives_a_note_not_a_crash(embedder):
    src = Document.from_lines([], "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    al = align_documents(src, tgt, embedder)
    assert al.verdict == "not-parallel" and al.tgt_coverage == 0.0
    assert any("no text" in n for n in al.notes)
    assert len(al.beads) == len(tgt.segments)


def test_same_language_pair_is_flagged_not_parallel(embedder, memo):
    src = Document.from_lines(lines("story.en.txt"), "en")
    tgt = Document.from_lines(lines("story.en.txt")[::-1], "en")
    al = align_documents(src, tgt, embedder, memo=memo)
    assert al.verdict == "not-parallel"
    assert any("same-language" in n for n in al.notes)


def test_sides_in_the_same_undeclared_language_are_noticed(embedder, memo):
    """Declared fr/en, both written in English: the language identifier (evalkit.langid) must say so."""
    src = Document.from_lines(lines("story.en.txt"), "fr")
    tgt = Document.from_lines(lines("story.en.txt")[::-1], "en")
    al = align_documents(src, tgt, embedder, memo=memo)
    assert any("both sides look like 'en'" in n for n in al.notes)
    assert al.verdict == "not-parallel"


def test_wildly_different_lengths_are_explained(embedder, memo):
    src = Document.from_lines(lines("story.fr.txt")[:2], "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    al = align_documents(src, tgt, embedder, memo=memo)
    assert any("times longer" in n for n in al.notes)
    assert al.verdict != "parallel"


def test_banded_search_agrees_with_exact_search(embedder, memo, story):
    src, tgt, exact = story
    banded = align_segments(src, tgt, embedder, memo=memo, options=AlignOptions(max_exact_cells=0, band_half=6))
    same = {(b.src, b.tgt) for b in exact.beads} & {(b.src, b.tgt) for b in banded.alignment.beads}
    assert len(same) >= len(exact.beads) - 1


def test_shuffled_translation_is_not_parallel(embedder, memo):
    """Same sentences, order destroyed: the order test sees no translation structure."""
    import random

    en = lines("story.en.txt")
    random.Random(3).shuffle(en)
    src = Document.from_lines(lines("story.fr.txt"), "fr")
    al = align_documents(src, Document.from_lines(en, "en"), embedder, memo=memo)
    assert al.verdict == "not-parallel"
    assert any("order test" in n for n in al.notes)


class _Counting:
    """The real embedder, with a record of every text it was asked to encode."""

    def __init__(self, inner):
        self.inner, self.texts = inner, []

    def encode(self, texts):
        self.texts += list(texts)
        return self.inner.encode(texts)


def test_summed_runs_encode_only_sentences_and_still_find_merges(embedder):
    src = Document.from_lines(lines("story.fr.txt"), "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    gold = parse_vecalign((DATA / "story.gold").read_text())
    counted = {}
    for runs in ("embed", "sum"):
        emb = _Counting(embedder)
        r = align_segments(src, tgt, emb, options=AlignOptions(runs=runs))
        counted[runs] = emb.texts
        pred = [(b.src, b.tgt) for b in r.alignment.beads]
        assert strict_prf(pred, gold)["f1"] >= 0.8, runs
    sentences = {s.text for s in src.alignable()} | {t.text for t in tgt.alignable()}
    assert set(counted["sum"]) <= sentences  # no concatenated run was encoded
    assert len(set(counted["embed"]) - sentences) > 0


def test_auto_runs_switch_to_sums_on_long_documents_and_say_so(embedder):
    src = Document.from_lines(lines("story.fr.txt"), "fr")
    tgt = Document.from_lines(lines("story.en.txt"), "en")
    al = align_documents(src, tgt, embedder, options=AlignOptions(runs="auto", sum_above=5))
    assert any("sum of their vectors" in n for n in al.notes)
    al = align_documents(src, tgt, embedder, options=AlignOptions(runs="auto"))
    assert not any("sum of their vectors" in n for n in al.notes)
