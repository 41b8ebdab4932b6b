"""The service's request and response bodies, as pydantic models: FastAPI validates requests
against them and documents both in the OpenAPI page (``/docs``).

Responses are sent as the exact JSON the command line writes (``evalkit score --aligned``,
``evalkit review``'s report); the response models here describe that JSON for the docs and are
not used to rewrite it.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Layout = Literal["auto", "plain", "pdf-text", "web", "presegmented"]
Engines = Literal["auto", "none", "apertium"]


class _Strict(BaseModel):
    # an unknown (misspelt) key is an error, as in pair.toml: "segmnets" must not be ignored silently
    model_config = ConfigDict(extra="forbid")


class Segment(_Strict):
    """One segment pair: line i of the source, translation and reference files of ``score --aligned``."""

    src: str = Field(..., description="Source segment, one line (no line breaks). Empty on one side only: a null bead.",
                     examples=["La bibliothèque municipale restera fermée pendant tout le mois d'août."])
    tgt: str = Field(..., description="Its translation, one line.",
                     examples=["The municipal library will remain closed for the whole month of August."])
    ref: Optional[str] = Field(None, description="A human reference translation (adds BLEU/chrF/TER). "
                               "Give one for every segment or for none.")


class CheckRequest(_Strict):
    """Segment pairs to score and flag, as ``evalkit score --aligned`` does with line-aligned files."""

    src_lang: str = Field("fr", description="Source language (ISO 639-1), as --src-lang.")
    tgt_lang: str = Field("en", description="Translation language (ISO 639-1), as --tgt-lang.")
    segments: list[Segment] = Field(..., min_length=1, description="The segment pairs, in order.")
    engines: Engines = Field("auto", description="Pseudo-reference MT, as --engines: auto | none | apertium.")


class FlagResult(BaseModel):
    """A suspected error at span level, with its evidence."""

    bead: int = Field(..., description="Index of the bead (segment pair) it is raised on.")
    segment: str = Field(..., description="The translation text the offsets point into.")
    span: str = Field(..., description="The flagged words.")
    start: int = Field(..., description="Start offset of span in segment.")
    end: int = Field(..., description="End offset of span in segment.")
    category: str = Field(..., description="MQM-style category (mistranslation, omission, number...).")
    severity: str = Field(..., description="critical | major | minor.")
    message: str = Field(..., description="What is wrong, in one sentence.")
    detector: str = Field(..., description="The check that raised it.")
    confidence: float
    src_span: Optional[str] = Field(None, description="The source words involved, when known.")
    src_start: Optional[int] = None
    src_end: Optional[int] = None
    suggestion: Optional[str] = Field(None, description="A suggested replacement for span (--checks full).")
    risk: float = Field(..., description="The ranking key of the flag list.")


class BeadResult(BaseModel):
    """One scored segment pair."""

    index: int
    src: list[int] = Field(..., description="Source segment ids (0-based line numbers).")
    tgt: list[int] = Field(..., description="Translation segment ids.")
    align_confidence: Optional[float] = None
    src_text: str
    tgt_text: str
    scores: dict[str, Optional[float]] = Field(..., description="Score name → value (docs/scoring.md).")
    mqm: Optional[float] = Field(None, description="MQM-style penalty of the segment's flags.")
    flags: list[FlagResult]


class CheckResponse(BaseModel):
    """Exactly the JSON of ``evalkit score --aligned --format json`` on the same lines; ``src`` and
    ``tgt`` name the inputs, here ``<source>`` and ``<translation>`` instead of file paths."""

    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    verdict: str
    notes: list[str]
    signals: list[str] = Field(..., description="Which signals were measured.")
    checks_not_run: list[str] = Field(..., description="Checks that could not run, and why.")
    signatures: dict[str, str] = Field(..., description="sacreBLEU signatures of the metrics.")
    doc_scores: dict[str, Optional[float]]
    beads: list[BeadResult]
    flags: list[FlagResult] = Field(..., description="Every flag, ranked by risk.")


class DocumentIn(_Strict):
    """A document as text (a file's content), with its language."""

    text: str = Field(..., description="The document's text, as a file would hold it (UTF-8).")
    lang: str = Field(..., description="Its language (ISO 639-1).", examples=["fr"])
    layout: Optional[Layout] = Field(None, description="plain | pdf-text | web | presegmented (auto-detected if "
                                     "omitted), as pair.toml's layout.")
    name: Optional[str] = Field(None, description="File name shown in the report and in messages "
                                "(default source.<lang>.txt / translation.<lang>.txt).")


class ReviewRequest(_Strict):
    """Two documents to review, as ``evalkit review SRC TGT``."""

    source: Optional[DocumentIn] = Field(..., description="The source document; null to check a translation "
                                         "on its own (a translation-only report).")
    translation: DocumentIn = Field(..., description="The translation.")
    reference: Optional[str] = Field(None, description="Text of a human reference translation (adds corpus "
                                     "BLEU/chrF/TER), as --ref.")
    name: Optional[str] = Field(None, description="Report name, as --name (default: the translation's name "
                                "up to its first dot).")
    title: str = Field("", description="Title shown in the report, as pair.toml's title.")
    check_language: bool = Field(True, description="Refuse a document clearly in another language than declared "
                                 "(false: --no-lang-check).")


class ReviewResponse(BaseModel):
    """The report JSON ``evalkit review`` writes (schema: evalkit/schemas/report.schema.json); with
    ``?format=html`` or ``Accept: text/html``, the self-contained HTML report instead."""

    model_config = ConfigDict(extra="allow")

    schema_version: str
    report_id: str
    created: str = Field(..., description="When the report was built (UTC, ISO 8601).")
    name: str
    mode: str = Field(..., description="bilingual | translation-only.")
    src_lang: str
    tgt_lang: str
    summary: dict
    beads: list[dict]


class Health(BaseModel):
    """The service's state."""

    status: Literal["ok"] = Field(..., description="ok: the models are loaded (the server answers only once they are).")
    version: str = Field(..., description="evalkit's version.")
    models_loaded: bool
    models: dict[str, Optional[str]] = Field(..., description="Role → model name (scorer: null with --checks fast).")
    device: str
    checks: str = Field(..., description="fast | full, as --checks.")
    running: int = Field(..., description="Requests being worked on now.")
    waiting: int = Field(..., description="Requests waiting for a free worker.")
    max_concurrency: int
    max_waiting: int


class Error(BaseModel):
    """Every refusal: one line, the message the command line prints after "evalkit: error:"."""

    error: str = Field(..., examples=["unknown language code 'zz' (src_lang): use an ISO 639-1 code such as fr, en"])
