"""Sentence alignment with confidences and a document verdict.

Public API (stable): ``align_documents(src, tgt, embedder, *, quiet=True) -> Alignment``.
Modules: ``embedding`` (runs, batched and cached), ``anchors`` (lexical
evidence), ``scoring`` (bead gains), ``dp`` (banded DP), ``coarse`` (first
pass for long documents), ``postpass`` (split, re-match), ``calibration``
(confidence), ``verdict``, ``language``, ``baseline`` (Bertalign's algorithm,
for benchmarks), ``formats`` (vecalign/json/tsv, strict P/R/F1).
"""

from __future__ import annotations

from evalkit.align.aligner import AlignOptions, align_documents, align_segments
from evalkit.align.scoring import ScoreParams

__all__ = ["align_documents", "align_segments", "AlignOptions", "ScoreParams"]
