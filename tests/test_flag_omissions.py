"""Omissions/additions: unlinked content words (word aligner) confirmed by a second signal."""

import pytest

from evalkit.flag.base import Pair
from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.omissions import detect, detect_pairs, is_content
from evalkit.text import Token

pytestmark = pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict fra-eng/eng-fra not installed")

GIRL = "La petite fille a perdu son chapeau rouge dans le vieux jardin."
DOCTOR = "Le médecin a examiné le patient hier matin."


@pytest.fixture(scope="module")
def embedder():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def flags_of(src, tgt, embedder):
    return [(f.category, f.span, f.src_span) for f in detect(Pair(0, src, tgt, "fr", "en"), embedder)]


def test_dropped_adjective_is_flagged_next_to_its_noun(embedder):
    flags = detect(Pair(0, GIRL, "The little girl lost her hat in the old garden.", "fr", "en"), embedder)
    assert [(f.category, f.span, f.src_span) for f in flags] == [("omission", "hat", "rouge")]
    f = flags[0]
    assert GIRL[f.src_start:f.src_end] == "rouge" and f.segment[f.start:f.end] == "hat"


def test_faithful_paraphrase_is_not_flagged(embedder):
    assert flags_of(GIRL, "The young girl mislaid her red hat in the old garden.", embedder) == []
    assert flags_of(DOCTOR, "The doctor examined the patient yesterday.", embedder) == []  # "hier matin": not flagged


def test_added_content_words_are_flagged(embedder):
    got = flags_of(DOCTOR, "The doctor examined the sick patient in Paris yesterday morning.", embedder)
    assert ("addition", "Paris", None) in got and all(c == "addition" for c, _, _ in got)


def test_no_embedder_no_flags():
    assert detect_pairs([Pair(0, GIRL, "The little girl lost her hat in the old garden.", "fr", "en")], None) == []


def test_function_words_and_bare_zeros_are_not_content():
    assert not is_content(Token("les", 0, 3), "fr") and not is_content(Token("00", 0, 2), "fr")
    assert is_content(Token("chapeau", 0, 7), "fr") and is_content(Token("14", 0, 2), "fr")


def test_a_shortened_name_and_a_known_acronym_equivalent_are_not_flagged(embedder):
    src = "« Amazon a une autre façon de réaliser des revenus », ajoute Stephen Arnold."
    assert flags_of(src, '"Amazon has another way to earn revenue," adds Arnold.', embedder) == []
    src = "Quarante associations et certains actionnaires ont demandé au PDG de cesser ces activités."
    assert flags_of(src, "Forty associations and some shareholders asked the CEO to stop these activities.", embedder) == []


def test_batched_token_vectors_give_the_same_flags(tmp_path):
    """Issue 12: detect_pairs prefetches every bead's token vectors in one batched call (cold cache);
    the flags equal those from one forward pass per text."""
    from evalkit.flag.wordalign import TokenVectors
    from evalkit.models import load_embedder

    class OneByOne(TokenVectors):
        def prefetch(self, texts):
            pass

    beads = [Pair(0, GIRL, "The little girl lost her hat in the old garden.", "fr", "en"),
             Pair(1, DOCTOR, "The doctor examined the patient yesterday morning at the clinic.", "fr", "en"),
             Pair(2, GIRL, "The young girl mislaid her red hat in the old garden.", "fr", "en")]
    cold = load_embedder(threads=1, cache=tmp_path / "v.sqlite")
    batched = detect_pairs(beads, cold)
    fresh = load_embedder(threads=1, cache=False)
    single = detect_pairs(beads, fresh, vectors=OneByOne(fresh))
    key = [(f.bead, f.category, f.span, f.src_span, f.start, f.end, f.message) for f in batched]
    assert key == [(f.bead, f.category, f.span, f.src_span, f.start, f.end, f.message) for f in single]
    assert ("omission", "hat", "rouge") in [(f.category, f.span, f.src_span) for f in batched]


def test_a_cold_scoring_pass_leaves_the_omission_detector_nothing_to_compute(tmp_path):
    """Issue 12: on a fresh cache, the scoring stage's e5 pass over the bead texts also stores their
    token vectors, so the omission detector runs no second pass; the flags are those of before."""
    from evalkit.models import load_embedder
    from evalkit.score.evaluate import evaluate_lines

    src = [GIRL, DOCTOR]
    hyp = ["The little girl lost her hat in the old garden.", "The doctor examined the patient yesterday morning."]
    emb = load_embedder(threads=1, cache=tmp_path / "v.sqlite")
    computed: list[str] = []
    batched = emb._encode_tokens_batched

    def spy(texts, batch_size):
        computed.extend(texts)
        return batched(texts, batch_size)

    emb._encode_tokens_batched = spy
    ev = evaluate_lines(src, hyp, "fr", "en", emb, engines="none", use_encoder=False)
    assert computed == []
    got = [(f.category, f.span, f.src_span) for b in ev.beads for f in b.flags if f.detector == "omissions"]
    assert ("omission", "hat", "rouge") in got
