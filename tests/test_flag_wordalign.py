"""Word aligner: pooled token vectors, mutual argmax, lexical evidence."""

import numpy as np
import pytest

from evalkit.flag.bilingual import load_dictionary
from evalkit.flag.wordalign import TokenVectors, align, cognate, itermax, pool, words


@pytest.fixture(scope="module")
def vectors():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return TokenVectors(load_embedder(threads=1))


def test_itermax_links_mutual_best_then_a_second_word():
    sim = np.array([[0.9, 0.1, 0.5],
                    [0.2, 0.8, 0.1]])
    assert itermax(sim, 1) == {(0, 0), (1, 1)}
    # second round: target word 2 (unlinked) prefers source 0, and 0 prefers it among what is left
    assert itermax(sim, 2) == {(0, 0), (1, 1), (0, 2)}


def test_pool_averages_the_pieces_of_a_word():
    v = np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32)
    toks, out = pool("ab cd", [(0, 1), (1, 2), (3, 5)], v)
    assert [t.text for t in toks] == ["ab", "cd"]
    assert np.allclose(out[0], [2 ** -0.5, 2 ** -0.5]) and np.allclose(out[1], [2 ** -0.5, 2 ** -0.5])


def test_words_split_elisions_and_keep_offsets():
    toks = words("l'armée a 12 chars")
    assert [(t.text, t.start) for t in toks] == [("l", 0), ("armée", 2), ("a", 8), ("12", 10), ("chars", 13)]


def test_cognates():
    assert cognate("qualité", "quality") and cognate("chimiques", "chemical")
    assert not cognate("armes", "nuclear")


def test_vectors_align_translated_words(vectors):
    a = align("Le vieux pêcheur répare son bateau bleu.", "The old fisherman repairs his blue boat.",
              "fr", "en", vectors, None)
    pairs = {(a.src[i].text, a.tgt[j].text) for i, j in a.vector_links}
    assert {("vieux", "old"), ("bateau", "boat"), ("bleu", "blue")} <= pairs
    assert ("bateau", "blue") not in pairs


@pytest.mark.skipif(load_dictionary("fr", "en") is None, reason="FreeDict not installed")
def test_dictionary_links_rare_words(vectors):
    a = align("Il a vendu sa maison.", "He sold his house.", "fr", "en", vectors, load_dictionary("fr", "en"))
    assert any(a.src[i].text == "maison" and a.tgt[j].text == "house" for i, j in a.lexical)
