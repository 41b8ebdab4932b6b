"""Unicode bidi controls: find them, so that reports can show them instead of obeying them.

An explicit bidi control (RLO, LRI, PDF…) reorders the text that follows it on screen
without changing the stored text: "evil" after an RLO displays as "live", so a reviewer
would approve words that are not the ones in the document ("Trojan Source",
CVE-2021-42574). Ordinary prose in Latin script has no reason to contain them. The
implicit marks (LRM, RLM, ALM) are left alone: they are common in right-to-left text and
reorder only the neutral characters next to them.
"""

from __future__ import annotations

import re

# The explicit directional formatting characters of UAX #9: embeddings, overrides, isolates
# and their terminators. Short names as in the standard.
BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
BIDI_NAMES = {
    "LRE": "left-to-right embedding", "RLE": "right-to-left embedding", "PDF": "pop directional formatting",
    "LRO": "left-to-right override", "RLO": "right-to-left override", "LRI": "left-to-right isolate",
    "RLI": "right-to-left isolate", "FSI": "first strong isolate", "PDI": "pop directional isolate",
}
BIDI_RE = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def bidi_controls(text: str) -> list[tuple[int, str]]:
    """``(offset, short name)`` of every explicit bidi control in ``text``, in order.

    >>> bidi_controls("a \\u202eevil\\u202c b")
    [(2, 'RLO'), (7, 'PDF')]
    """
    return [(m.start(), BIDI_CONTROLS[m.group()]) for m in BIDI_RE.finditer(text)]


def badge(name: str) -> str:
    """How a control is shown in place of itself: ``⟨RLO⟩``."""
    return f"\u27e8{name}\u27e9"


def show_bidi(text: str) -> str:
    """``text`` with every control replaced by its visible badge (for plain-text places)."""
    return BIDI_RE.sub(lambda m: badge(BIDI_CONTROLS[m.group()]), text)
