"""Synthetic but rich Evaluations for the report and gate tests.

Built from real records (no mocks): flags of several categories and
severities (overlapping ones too), null beads on both sides, set-aside
segments with reasons, reference scores (bleu/chrf/ter) and similarity, and
translations carrying HTML/JS injection payloads that must render as text.
"""

from __future__ import annotations

from evalkit.records import Alignment, Bead, Document, Evaluation, Flag, ScoredBead, Segment

PAYLOADS = (
    '<script>window.__pwned = "script";</script>',
    '<img src=x onerror="window.__pwned = \'img\'">',
    '<a href="javascript:window.__pwned = \'link\'">cliquez</a>',
    '</script><script>window.__pwned = "close";</script>',
)


def _doc(path: str, lang: str, items: list[tuple[str, str, str | None]]) -> Document:
    """A document whose raw text is its segments joined by newlines."""
    segs, raw, pos = [], [], 0
    for i, (text, kind, reason) in enumerate(items):
        segs.append(Segment(i, text, kind, pos, pos + len(text), str(i), reason))
        raw.append(text)
        pos += len(text) + 1
    return Document(path, lang, "\n".join(raw) + "\n", segs)


def _flag(bead: int, tgt: str, span: str, category: str, severity: str, message: str,
          src: str = "", src_span: str | None = None, **kw) -> Flag:
    start = tgt.index(span)
    s_start = src.index(src_span) if src_span else None
    return Flag(bead, tgt, span, start, start + len(span), category, severity, message, kw.pop("detector", "test"),
                src_span=src_span, src_start=s_start, src_end=(s_start + len(src_span)) if src_span else None, **kw)


def rich_evaluation() -> Evaluation:
    """A small French→English evaluation exercising every part of a report."""
    src = _doc("source.fr.txt", "fr", [
        ("Le business sécuritaire d'Amazon", "heading", None),                        # 0
        ("Seize autres officines américaines ont signé en 2013.", "body", None),     # 1
        ("« Le cloud est plus sûr », dit-il.", "skipped", "pull quote repeating segment 4"),  # 2
        ("Amazon a vendu 1 200 caméras à la police.", "body", None),                  # 3
        ("Le cloud, même dans son pire jour, est plus sûr.", "body", None),          # 4
        ("Cette phrase n'a pas été traduite.", "body", None),                         # 5
        ("Il a évoqué <script>window.__pwned = 1</script> dans un courriel.", "body", None),  # 6
        ("18 | économie & entreprise", "furniture", "running header"),               # 7
        ("Les agences fédérales utilisent Rekognition.", "body", None),              # 8
    ])
    tgt = _doc("translation.en.txt", "en", [
        ("Amazon's security business", "heading", None),                              # 0
        ("Sixteen other US pharmacies signed in 2013.", "body", None),               # 1
        ("Amazon sold 12,000 cameras to the police " + PAYLOADS[0], "body", None),   # 2
        ("Not a member of Pastebin yet? Sign Up", "skipped", "web page furniture (Pastebin)"),  # 3
        ("The cloud, even in its worst day, is more secure " + PAYLOADS[1], "body", None),  # 4
        ("He mentioned " + PAYLOADS[2] + " in an e-mail " + PAYLOADS[3], "body", None),  # 5
        ("This sentence has no source \u2028 at all & more.", "body", None),          # 6
        ("Federal agencies use Rekognition.", "body", None),                         # 7
    ])
    beads = [
        Bead((0,), (0,), 0.95, 0.97),
        Bead((1,), (1,), 0.90, 0.92),
        Bead((3,), (2,), 0.88, 0.81),
        Bead((4,), (4,), 0.93, 0.88),
        Bead((5,), (), 0.0, 0.60),
        Bead((6,), (5,), 0.86, 0.70),
        Bead((), (6,), 0.0, 0.55),
        Bead((7,), (), 0.0, 0.40),
        Bead((8,), (7,), 0.94, 0.95),
    ]
    by_id = lambda d, ids: " ".join(d.segments[i].text for i in ids)  # noqa: E731
    sbs = [ScoredBead(i, b, by_id(src, b.src), by_id(tgt, b.tgt)) for i, b in enumerate(beads)]
    metrics = {
        0: (0.95, 71.0, 60.2, 20.0), 1: (0.89, 48.0, 30.1, 45.0), 2: (0.84, 40.5, 21.0, 60.0),
        3: (0.93, 66.0, 50.0, 25.0), 5: (0.82, 30.0, 12.5, 70.0), 8: (0.96, 80.0, 70.0, 10.0),
    }
    for i, (sim, chrf, bleu, ter) in metrics.items():
        sbs[i].scores.update(similarity=sim, chrf=chrf, bleu=bleu, ter=ter)
    b1, b2, b5 = sbs[1], sbs[2], sbs[5]
    flags = [
        _flag(1, b1.tgt_text, "Sixteen", "number", "minor", "“seize” is 16: correct, spelt out differently",
              b1.src_text, "Seize", detector="numbers"),
        _flag(1, b1.tgt_text, "pharmacies", "mistranslation", "major",
              "“officines” here means agencies/outfits, not pharmacies (false friend)",
              b1.src_text, "officines", detector="false-friends", suggestion="agencies"),
        _flag(1, b1.tgt_text, "other US pharmacies", "terminology", "minor", "overlaps the false friend",
              b1.src_text, "autres officines américaines", detector="glossary"),
        _flag(2, b2.tgt_text, "12,000", "number", "critical",
              "Number differs: source has 1 200, translation 12,000 <b>bold?</b>",
              b2.src_text, "1 200", detector="numbers", confidence=0.9),
        _flag(2, b2.tgt_text, PAYLOADS[0], "addition", "major",
              'Text not in the source: "' + PAYLOADS[3] + '"', detector="omission", confidence=0.7),
        _flag(5, b5.tgt_text, PAYLOADS[2], "markup", "minor", "Markup in translation: " + PAYLOADS[1],
              detector="format"),
    ]
    for f in flags:
        sbs[f.bead].flags.append(f)
    for sb in sbs:
        sb.mqm = -sum({"minor": 1, "major": 5, "critical": 10}[f.severity] for f in sb.flags)
    al = Alignment(src, tgt, beads, "partial", 0.86, 0.90, notes=["1 source sentence has no translation"])
    return Evaluation(
        al, sbs,
        doc_scores={"bleu": 38.2, "chrf": 55.1, "ter": 41.0},
        signals=["similarity:multilingual-e5-small", "chrF:reference", "BLEU:reference", "TER:reference"],
        signatures={"bleu": "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"},
        src_lang="fr", tgt_lang="en",
    )


def translation_only_evaluation() -> Evaluation:
    """A translation checked alone (no source): what `evalkit review` builds for translation-only pairs."""
    tgt = _doc("translation.fr.txt", "fr", [
        ("La CIE a arrêté 40 personnes.", "body", None),
        ("Publicité", "skipped", "advertisement"),
        ("Les agents de la CIE sont partis.", "body", None),
    ])
    src = Document("", "en", "", [])
    beads = [Bead((), (0,), 0.0, 1.0), Bead((), (2,), 0.0, 1.0)]
    sbs = [ScoredBead(0, beads[0], "", tgt.segments[0].text), ScoredBead(1, beads[1], "", tgt.segments[2].text)]
    sbs[0].flags.append(_flag(0, sbs[0].tgt_text, "CIE", "acronym", "major", "ICE is kept as ICE in French",
                              detector="acronyms"))
    return Evaluation(Alignment(src, tgt, beads, "parallel", 0.0, 1.0), sbs, signals=["check:translation-only"],
                      src_lang="en", tgt_lang="fr")
