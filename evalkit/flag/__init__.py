"""Span-level error detectors (numbers, names/acronyms, false friends, omissions, ...).

Public API (stable):
    find_flags(beads, src_lang, tgt_lang, *, glossary=None) -> list[Flag]
        beads: Sequence[ScoredBead] (src_text/tgt_text/scores filled); flags carry bead index.
    check_document(doc) -> list[Flag]     (translation alone: `evalkit check`)
NOTE: interim stubs returning no flags until the detectors land.
"""

from __future__ import annotations

from typing import Sequence

from evalkit.records import Document, Flag, ScoredBead


def find_flags(beads: Sequence[ScoredBead], src_lang: str, tgt_lang: str, *, glossary=None) -> list[Flag]:
    return []


def check_document(doc: Document) -> list[Flag]:
    return []
