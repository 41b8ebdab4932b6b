"""Span-level error detectors (numbers, names/acronyms, false friends, omissions, ...).

Public API (stable):
    find_flags(beads, src_lang, tgt_lang, *, glossary=None) -> list[Flag]
        beads: Sequence[ScoredBead] (src_text/tgt_text filled); flags carry the bead index.
        glossary: a :class:`Glossary`, or a path to a CSV/TSV/TBX glossary.
    check_document(doc) -> list[Flag]     (translation alone: `evalkit check`)
    load_glossary(path, src_lang=None, tgt_lang=None) -> Glossary

The detectors live one per module (see docs/flags.md); :mod:`evalkit.flag.runner` runs them.
"""

from __future__ import annotations

from evalkit.flag.glossary import Glossary, load_glossary
from evalkit.flag.runner import check_document, find_flags

__all__ = ["Glossary", "check_document", "find_flags", "load_glossary"]
