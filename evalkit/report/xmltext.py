"""Text that XML 1.0 can carry: characters it forbids are dropped."""

from __future__ import annotations

import re

_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s: str) -> str:
    """``s`` without the control characters XML 1.0 forbids (PDF extractions have some)."""
    return _INVALID.sub("", s)
