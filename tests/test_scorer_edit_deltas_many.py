"""`models.scorer.edit_deltas_many`: edits over many beads, batched where the backend can.

Written after a review found the item-by-item path (backends without ``probe_many``, such as
the seq2seq scorers) passing its arguments in the wrong order. The real packaged scorer runs
both paths: the item-by-item one through a view of it that offers only ``edit_deltas``.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

ITEMS = [
    ("Le maire a inauguré la nouvelle bibliothèque.", "The mayor the new library.", "fr", "en"),
    ("Les enfants jouent dans le jardin.", "The children play quietly in the garden.", "fr", "en"),
    ("Il pleut.", "It rains.", "fr", "en"),
]


class OnlyEditDeltas:
    """The real scorer, seen through the one method every backend has (no ``probe_many``)."""

    def __init__(self, scorer):
        self._scorer = scorer

    def edit_deltas(self, *args, **kwargs):
        return self._scorer.edit_deltas(*args, **kwargs)


def edits():
    from evalkit.models.scorer import Edit

    return [
        [Edit(10, 10, "inaugurated "), Edit(4, 4, "new ")],
        [Edit(18, 26, "")],  # "quietly " out
        [],
    ]


def test_item_by_item_gives_the_batched_numbers(scorer):
    from evalkit.models.scorer import edit_deltas_many

    batched = edit_deltas_many(scorer, ITEMS, edits(), words_after=2)
    one_by_one = edit_deltas_many(OnlyEditDeltas(scorer), ITEMS, edits(), words_after=2)
    assert [len(x) for x in one_by_one] == [2, 1, 0]
    for a, b in zip(batched, one_by_one):
        assert a == pytest.approx(b, abs=0.05)


def test_the_numbers_are_each_items_own(scorer):
    """Item k's deltas are those of its own ``edit_deltas`` call, in order."""
    from evalkit.models.scorer import edit_deltas_many

    batched = edit_deltas_many(scorer, ITEMS, edits(), words_after=2)
    for (src, tgt, sl, tl), eds, got in zip(ITEMS, edits(), batched):
        want = scorer.edit_deltas(src, tgt, eds, sl, tl, words_after=2) if eds else []
        assert got == pytest.approx(want, abs=0.05)
