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


class _CountingEmbedder:
    """The real embedder, counting how it is asked for token vectors."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.calls: list[str] = []

    def encode_tokens(self, text):
        self.calls.append("one")
        return self.embedder.encode_tokens(text)

    def encode_tokens_many(self, texts):
        self.calls.append("many")
        return self.embedder.encode_tokens_many(texts)


def test_prefetch_asks_once_and_gives_the_single_pass_words(vectors):
    """Issue 12: the omission detector prefetches every bead text in one batched call; the pooled
    word vectors stay within the batched path's tolerance of one pass per text."""
    texts = ["La petite fille a perdu son chapeau rouge.", "The little girl lost her red hat.",
             "Le médecin a examiné le patient hier matin.", "La petite fille a perdu son chapeau rouge."]
    spy = _CountingEmbedder(vectors.embedder)
    tv = TokenVectors(spy)
    tv.prefetch(texts)
    got = [tv(t) for t in texts]
    assert spy.calls == ["many"]
    for text, (toks, vecs) in zip(texts, got):
        ref_toks, ref = pool(text, *vectors.embedder.encode_tokens(text)[1:])
        assert toks == ref_toks and float(np.abs(vecs - ref).max()) <= 1e-5
