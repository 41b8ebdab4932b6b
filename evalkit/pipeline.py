"""The orchestration layer: load → align → score/flag, the one way every command runs it.

``review`` (:func:`review_pair`), ``score`` and ``gate --align`` (:func:`evaluate_documents`)
all align with the registry's aligner and score with its embedder, so one pair of documents
gives one alignment and one set of scores whichever command asked. The commands are thin
shells around these functions; keeping the pipeline here lets tests run it without a
subprocess. Inputs are checked before any model loads, so a typo fails in milliseconds
with one line.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator

from evalkit.errors import EvalkitError, InputError
from evalkit.pairfile import PairSpec, Side
from evalkit.records import Alignment, Bead, Document, Evaluation, Flag, ScoredBead

Notify = Callable[[str], None]


def check_file(path: Path, what: str) -> None:
    """Fail early, with one line, on a missing, unreadable or empty input file.

    The file rules (regular files only, size limit) are the reader's
    (:func:`evalkit.ingest.decode.check_input_file`); emptiness is checked here.
    """
    from evalkit.ingest.decode import check_input_file

    check_input_file(path, what)
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not head.strip():
        raise InputError(f"{path}: empty file ({what})")


def safe_name(name: str) -> str:
    """A report file name from a pair name: no folders, no hidden files."""
    cleaned = re.sub(r"[^\w.\-]+", "-", name, flags=re.UNICODE).strip(".-")
    return cleaned or "report"


@contextmanager
def _step(notify: Notify | None, label: str) -> Iterator[None]:
    t0 = time.perf_counter()
    if notify:
        notify(f"{label}…")
    yield
    if notify:
        notify(f"{label}: done in {time.perf_counter() - t0:.1f} s")


def _load(side: Side, what: str, check_language: bool = True) -> Document:
    from evalkit.ingest import load_document

    check_file(side.path, what)
    doc = load_document(side.path, side.lang, presegmented=side.presegmented, layout=side.layout,
                        check_language=check_language)
    if not doc.alignable():
        raise InputError(f"{side.path}: no text found ({what})")
    return doc


def translation_only(doc: Document, flags: list[Flag]) -> Evaluation:
    """An Evaluation of a translation alone: one bead per segment, no source.

    Flags from :func:`evalkit.flag.check_document` are attached to the bead
    whose text they were raised on (by text, else by their bead number).
    """
    segs = doc.alignable()
    beads = [ScoredBead(i, Bead((), (s.id,), 0.0, 1.0), "", s.text) for i, s in enumerate(segs)]
    by_text = {sb.tgt_text: sb for sb in reversed(beads)}
    for f in flags:
        sb = by_text.get(f.segment)
        if sb is None and 0 <= f.bead < len(beads):
            sb = beads[f.bead]
        if sb is None:
            continue
        sb.flags.append(replace(f, bead=sb.index))
    src = Document("", "", "", [])
    al = Alignment(src, doc, [sb.bead for sb in beads], "parallel", 0.0, 1.0,
                   notes=["No source document: the translation was checked on its own."])
    return Evaluation(al, beads, signals=["checks:translation-only"], src_lang="", tgt_lang=doc.lang)


@dataclass
class Review:
    """What a review produces: the Evaluation, plus corpus scores against a reference if one was given."""

    evaluation: Evaluation
    corpus: dict[str, dict] | None = None


def review_pair(spec: PairSpec, *, ref: Path | None = None, glossary: Path | None = None,
                device: str = "auto", notify: Notify | None = None, check_language: bool = True,
                checks: str = "fast", models: "Models | Callable[[], Models] | None" = None) -> Review:
    """:func:`evaluate_pair`, plus corpus BLEU/chrF/TER with intervals when ``ref`` is given.

    The reference is aligned to the translation (see
    :func:`reference_pairs`), so it needs no sentence
    correspondence with either document.
    """
    ev, embedder, ref_doc = _run(spec, ref, glossary, device, notify, check_language, checks, models)
    if ref_doc is None:
        return Review(ev)
    from evalkit.metrics import corpus_scores

    with _step(notify, "Corpus scores against the reference"):
        hyps, refs = reference_pairs(ref_doc, ev.alignment.tgt, embedder)
        return Review(ev, corpus_scores(hyps, refs, spec.translation.lang))


def evaluate_pair(spec: PairSpec, *, ref: Path | None = None, glossary: Path | None = None,
                  device: str = "auto", notify: Notify | None = None, checks: str = "fast") -> Evaluation:
    """Run ingest → align → score/flag for ``spec`` and return the Evaluation."""
    return _run(spec, ref, glossary, device, notify, checks=checks)[0]


CHECKS = ("fast", "full")  # full = fast + the language-model scorer's contrastive span check


def check_checks(checks: str) -> str:
    if checks not in CHECKS:
        raise EvalkitError(f"--checks must be one of {', '.join(CHECKS)}, not {checks!r}")
    return checks


@dataclass
class Models:
    """The models a run uses: the scoring embedder, the aligner's, and with the full checks the
    language-model scorer (loaded once per run)."""

    embedder: object
    aligner: object
    scorer: object | None = None


def scorer_for(checks: str, device: str = "auto"):
    """The registry's language-model scorer for the full checks; None for the fast ones."""
    check_checks(checks)
    if checks != "full":
        return None
    from evalkit.models import load_scorer

    return load_scorer(device=device)


def load_models(device: str = "auto", embedder=None, checks: str = "fast") -> Models:
    """The registry's default embedder and aligner (``embedder``: one the caller already loaded),
    and its scorer when ``checks`` is "full"."""
    from evalkit.models import load_aligner_embedder, load_embedder

    check_checks(checks)
    return Models(embedder if embedder is not None else load_embedder(device=device),
                  load_aligner_embedder(device=device), scorer_for(checks, device))


def evaluate_documents(src: Document, tgt: Document, models: Models, *, ref: Document | None = None,
                       glossary=None, engines: str = "auto", device: str = "cpu",
                       notify: Notify | None = None) -> Evaluation:
    """Align ``src`` and ``tgt`` with the aligner, then score and flag every bead."""
    from evalkit.align import align_documents
    from evalkit.score import evaluate
    from evalkit.score.evaluate import use_encoder_for

    with _step(notify, "Aligning sentences"):
        alignment = align_documents(src, tgt, models.aligner, quiet=True)
    # the aligner is USE v3 by default: its model (and the vectors it cached) serve the USE similarity
    use = use_encoder_for(models.aligner) or False
    with _step(notify, "Scoring and flagging"):
        return evaluate(alignment, models.embedder, ref=ref, glossary=glossary, engines=engines, quiet=True,
                        device=device, use_encoder=use, scorer=models.scorer)


def _run(spec: PairSpec, ref: Path | None, glossary: Path | None, device: str,
         notify: Notify | None, check_language: bool = True,
         checks: str = "fast", models: Models | Callable[[], Models] | None = None,
         ) -> tuple[Evaluation, object, Document | None]:
    """The pipeline; also returns the embedder and reference document for extra measurements.
    ``models``: already loaded, or a function that gives them once the inputs have passed their
    checks (an :class:`evalkit.engine.Engine` keeps them warm); loaded here when None."""
    check_checks(checks)
    check_file(spec.translation.path, "translation")
    if spec.source is not None:
        check_file(spec.source.path, "source")
    if ref is not None:
        check_file(ref, "reference")
    if glossary is not None:
        check_file(glossary, "glossary")
    with _step(notify, f"Reading {spec.translation.path}"):
        tgt = _load(spec.translation, "translation", check_language)
    if spec.source is None:
        from evalkit.flag import check_translation

        with _step(notify, "Checking the translation on its own"):
            checked = check_translation(tgt)
            ev = translation_only(tgt, list(checked.flags))
            ev.checks_not_run = checked.not_run
            return ev, None, None
    with _step(notify, f"Reading {spec.source.path}"):
        src = _load(spec.source, "source", check_language)
    ref_doc = _load(Side(ref, spec.translation.lang), "reference", check_language) if ref is not None else None
    if not isinstance(models, Models):
        with _step(notify, "Loading the models" if checks == "full" else "Loading the embedding models"):
            models = load_models(device, checks=checks) if models is None else models()
    if checks == "full" and models.scorer is None:
        raise EvalkitError("--checks full needs the language-model scorer, and these models were loaded without it")
    ev = evaluate_documents(src, tgt, models, ref=ref_doc, glossary=glossary, notify=notify)
    return ev, models.embedder, ref_doc


def reference_pairs(ref_doc, hyp_doc, embedder) -> tuple[list[str], list[str]]:
    """(hypotheses, references) for corpus metrics on whole documents.

    The reference is aligned to the hypothesis (same language) so each pair is
    a bead's text on both sides; text with no counterpart is paired with ""
    and so costs what an omission or addition should.
    """
    from evalkit.align import align_documents

    to_ref = align_documents(ref_doc, hyp_doc, embedder, quiet=True)
    by_id = {"ref": {s.id: s.text for s in ref_doc.segments}, "hyp": {s.id: s.text for s in hyp_doc.segments}}
    hyps = [" ".join(by_id["hyp"][i] for i in b.tgt) for b in to_ref.beads]
    refs = [" ".join(by_id["ref"][i] for i in b.src) for b in to_ref.beads]
    return hyps, refs


def prepare_tables(cache_dir: str | os.PathLike | None = None) -> list[Path]:
    """Build the look-up tables a run derives from installed data (the language-ID tables, the
    stemmed FreeDict maps of every pair profile whose dictionaries are installed, WordNet's
    opposites) into the cache,
    so the first review on a fresh install does not pay for them (``evalkit models install``).
    Returns the stored files; tables already stored are read, not rebuilt."""
    from evalkit import langid
    from evalkit.flag.bilingual import load_dictionary
    from evalkit.models.derived import store_dir
    from evalkit.text.profiles import pair_codes

    folder = None if cache_dir is None else str(cache_dir)
    for langs in langid.table_sets():
        langid._table(langs, folder)
    for src_lang, tgt_lang in pair_codes():
        load_dictionary(src_lang, tgt_lang, cache_dir=folder)
    from evalkit.flag.wordnet import antonyms, hypernyms

    antonyms(cache_dir=folder)  # WordNet's opposites and noun hierarchy, when Debian's wordnet-base is installed
    hypernyms(cache_dir=folder)
    from evalkit.flag.antonyms import wordnet_opposites

    wordnet_opposites(folder)  # and the opposites' stems
    return sorted(store_dir(cache_dir).glob("*.json"))
