"""Span-level error detectors (numbers, names/acronyms, false friends, omissions, ...).

Public API (stable):
    find_flags(beads, src_lang, tgt_lang, *, glossary=None) -> list[Flag]
        beads: Sequence[ScoredBead] (src_text/tgt_text filled); flags carry the bead index.
        glossary: a :class:`Glossary`, or a path to a CSV/TSV/TBX glossary.
    check_document(doc) -> list[Flag]     (translation alone: `evalkit check`)
    flag_beads(...) / check_translation(...) -> FlagRun   (the same, with the checks that could not run)
    load_glossary(path, src_lang=None, tgt_lang=None) -> Glossary

Each detector follows one protocol (:class:`evalkit.flag.base.Detector`) and is listed in
:mod:`evalkit.flag.registry` (plug-ins: the ``evalkit.detectors`` entry point group);
:mod:`evalkit.flag.runner` runs them.
"""

from __future__ import annotations

from evalkit.flag.glossary import Glossary, load_glossary
from evalkit.flag.runner import FlagRun, check_document, check_translation, find_flags, flag_beads

__all__ = ["FlagRun", "Glossary", "check_document", "check_translation", "find_flags", "flag_beads", "load_glossary"]
