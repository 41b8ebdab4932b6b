"""Which scores to put first, and which way is better, for any score name.

The scoring stage may emit dozens of per-segment scores (similarity, QE,
pseudo-reference chrF, fluency counts, ...). A reviewer needs the few that
summarise quality up front and the rest on demand; names are read
defensively, so a score nobody listed here still appears (after these).
"""

from __future__ import annotations

# Most informative first: a reference-based metric when a reference exists,
# then the combined estimate and cross-lingual similarity, then the rest.
HEADLINE = (
    "comet", "chrf:ref", "chrf", "qe", "similarity", "bleu:ref", "bleu", "ter:ref", "ter",
    "p_faithful", "chrf:pseudo", "chrf:roundtrip",
)
# Used to rank segments by risk: the first present wins (rank-based, so scale does not matter).
PRIMARY = ("qe", "similarity", "p_faithful", "comet", "chrf:ref", "chrf")
_LOWER = ("ter", "length_dev", "fluency", "preserve", "mqm_penalty", "mqm_per_100_words", "flags")
REFERENCE_BASED = ("bleu", "chrf", "chrf++", "ter", "comet")


def lower_is_better(name: str) -> bool:
    """True for error-like scores (TER, counts of problems, penalties)."""
    base = name.split(":")[0]
    return base in _LOWER or any(base.startswith(p + "_") for p in _LOWER)


def ordered(names) -> list[str]:
    """``names`` with the headline scores first (in :data:`HEADLINE` order), then the rest sorted."""
    names = set(names)
    head = [n for n in HEADLINE if n in names]
    return head + sorted(names - set(head))


def headline(names, k: int = 3) -> list[str]:
    """The ``k`` scores to show first."""
    return ordered(names)[:k]


def primary(names) -> str | None:
    """The score used to rank segments by risk, or None when there is none."""
    names = set(names)
    return next((n for n in PRIMARY if n in names), None)


def is_reference_based(name: str) -> bool:
    """A score computed against a human reference (not a pseudo-reference or round trip)."""
    base, _, kind = name.partition(":")
    return base in REFERENCE_BASED and kind in ("", "ref")
