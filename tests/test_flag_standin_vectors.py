"""A dropped negation whose verb no dictionary links: the embedder's word alignment places it (issue 10).

Hand-written fr->en pairs; the real polarity detector through ``find_flags`` with the packaged
embedder (token vectors), and without it (lexical links only, the fast checks).
"""

import pytest

from evalkit.flag import find_flags
from evalkit.records import Bead, ScoredBead

SRC = "L'usine ne rouvrira pas en janvier."  # "rouvrir" is not in FreeDict
TGT = "The factory will reopen in January."


@pytest.fixture(scope="module")
def embedder():
    import torch

    torch.set_num_threads(1)
    from evalkit.models import load_embedder

    return load_embedder(threads=1)


def polarity(src: str, tgt: str, embedder) -> list:
    beads = [ScoredBead(0, Bead((0,), (0,), 1.0, 1.0), src, tgt)]
    return [f for f in find_flags(beads, "fr", "en", embedder=embedder, detectors=["polarity"]) if f.category == "polarity"]


def test_without_vectors_an_unlinked_verb_leaves_the_flag_line_level():
    [f] = polarity(SRC, TGT, None)
    assert f.start == f.end and f.src_span == "ne rouvrira pas"


def test_with_vectors_the_flag_sits_on_the_aligned_target_verb(embedder):
    [f] = polarity(SRC, TGT, embedder)
    assert f.span == "reopen" and f.severity == "critical"


def test_vectors_do_not_move_a_lexically_placed_flag(embedder):
    [f] = polarity("Le gouvernement n'a pas signé l'accord.", "The government signed the agreement.", embedder)
    assert f.span == "signed"
