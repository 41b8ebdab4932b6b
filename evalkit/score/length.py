"""Length ratio of each segment against the document's own ratio.

French runs about 10-20% longer than English, and every document has its own
habit; so a segment's length is judged against the ratio of the whole
document (total target characters / total source characters), not a constant.
A value far from 1 suggests an omission (<1) or an addition (>1).
"""

from __future__ import annotations

import math
from typing import Sequence

from evalkit.text.profiles import pair_profile

MIN_SEGMENTS_FOR_DOC_RATIO = 3


def char_len(text: str) -> int:
    return len("".join(text.split()))


def prior_ratio(src_lang: str, tgt_lang: str) -> float:
    """Target chars / source chars for documents too short to have their own ratio: the pair
    profile's ``length_ratio`` (1.0 for a pair without one)."""
    return float(pair_profile(src_lang, tgt_lang).get("length_ratio", 1.0))


def document_ratio(src_texts: Sequence[str], tgt_texts: Sequence[str], src_lang: str, tgt_lang: str) -> float:
    pairs = [(char_len(s), char_len(t)) for s, t in zip(src_texts, tgt_texts) if s.strip() and t.strip()]
    if len(pairs) < MIN_SEGMENTS_FOR_DOC_RATIO:
        return prior_ratio(src_lang, tgt_lang)
    return sum(t for _, t in pairs) / max(1, sum(s for s, _ in pairs))


def relative_ratios(src_texts: Sequence[str], tgt_texts: Sequence[str], doc_ratio: float) -> list[float]:
    """(target/source length) / document ratio per segment; 1.0 is typical for this document."""
    return [(char_len(t) / max(1, char_len(s))) / doc_ratio for s, t in zip(src_texts, tgt_texts)]


def log_deviation(relative: float) -> float:
    """|log(relative ratio)|: symmetric distance from the document's typical length."""
    return abs(math.log(max(relative, 1e-3)))
