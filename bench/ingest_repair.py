"""Ingestion figures on the seed pair, each against a baseline measured in the same run.

    /work/main/.venv/bin/python bench/ingest_repair.py

1. word repair (French PDF text): share of the words damaged by extraction
   (split at a line end, hyphen lost) that come out exactly as in the gold,
   counting any clean word we damage as an error too; baseline: no repair.
2. sentence-boundary F1 on both documents of the pair (gold one sentence per
   line, tests/data/ingest/), for our splitter, pysbd (if installed) and a naive
   ". + capital" splitter, all run on the same repaired text.
3. set-aside recall: gold furniture/pull quotes/captions kept out of the body.
4. words changed on the clean seed articles (target 0), with the detected
   layout, with PDF-text repair forced on them, and hard-wrapped into columns.
5. held-out repair: the clean articles typeset into columns with dictionary
   hyphenation (pyphen, if installed), hyphens dropped, then repaired.
6. time to segment each article.
"""

from __future__ import annotations

import difflib
import re
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evalkit.ingest import detect_layout, load_document, segment_text  # noqa: E402
from evalkit.ingest.sentences import split_sentences, trim_span  # noqa: E402

DATA = ROOT / "tests/data/ingest"
PAIR = ROOT / "pairs/lemonde-amazon"
# clean web text (no PDF damage): repair must change none of its words, and it is what
# the re-typesetting test hyphenates
CLEAN_TEXTS = (
    (ROOT / "pairs/bbc-ice-fr/translation.fr.txt", "fr"),
    (ROOT / "pairs/amazon-comparable/source.fr.txt", "fr"),
    (ROOT / "pairs/amazon-comparable/translation.en.txt", "en"),
    (PAIR / "translation.en.txt", "en"),
)
_PUNCT = "«»\"“”‘’'.,;:!?()[]…"



def naive_split(text: str, lang: str) -> list[tuple[int, int]]:
    """Baseline: split after . ! ? followed by a space and a capital (what most ad-hoc code does)."""
    out, cur = [], 0
    for para in re.finditer(r"[^\n]+", text):
        cur = para.start()
        for m in re.finditer(r"[.!?]+(?=\s+[A-ZÀ-Ý«\"])", text[para.start() : para.end()]):
            e = para.start() + m.end()
            out.append((cur, e))
            cur = e
        out.append((cur, para.end()))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out if text[s:e].strip()]

def tokens(text: str) -> list[str]:
    out = []
    for t in text.split():
        t = t.strip(_PUNCT)
        if t and any(c.isalnum() for c in t):
            out.append(t)
    return out


def kept_text(segments) -> list[str]:
    return [s.text for s in segments if s.kind in ("body", "heading")]


def word_repair(raw: str, gold: list[str], system: list[str]) -> tuple[float, int, int, int]:
    """(accuracy, damaged words, repaired right, clean words we damaged)."""
    raw_t = tokens(raw)
    gold_t = tokens(" ".join(gold))
    sys_t = tokens(" ".join(system))
    damaged: set[int] = set()
    for op, _, _, j1, j2 in difflib.SequenceMatcher(None, raw_t, gold_t, autojunk=False).get_opcodes():
        if op in ("replace", "insert"):
            damaged.update(range(j1, j2))
    right: set[int] = set()
    for op, _, _, j1, j2 in difflib.SequenceMatcher(None, sys_t, gold_t, autojunk=False).get_opcodes():
        if op == "equal":
            right.update(range(j1, j2))
    ok = len(damaged & right)
    spoiled = len(set(range(len(gold_t))) - damaged - right)
    return ok / max(1, len(damaged) + spoiled), len(damaged), ok, spoiled


def boundaries(sentences: list[str]) -> tuple[str, set[int]]:
    stream, cuts, n = [], set(), 0
    for s in sentences:
        t = re.sub(r"[\s\-]", "", s)
        stream.append(t)
        n += len(t)
        cuts.add(n)
    return "".join(stream), cuts - {n}


def boundary_f1(gold: list[str], system: list[str]) -> tuple[float, float, float]:
    g_stream, g_cuts = boundaries(gold)
    s_stream, s_cuts = boundaries(system)
    sm = difflib.SequenceMatcher(None, s_stream, g_stream, autojunk=False)
    mapped = set()
    for a, b, size in sm.get_matching_blocks():
        for c in s_cuts:
            if a < c <= a + size:
                mapped.add(b + (c - a))
    tp = len(mapped & g_cuts)
    p = tp / max(1, len(s_cuts))
    r = tp / max(1, len(g_cuts))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pysbd_splitter():
    try:
        import pysbd
    except ImportError:
        return None
    segs = {}

    def split(text: str, lang: str) -> list[tuple[int, int]]:
        seg = segs.setdefault(lang, pysbd.Segmenter(language=lang, clean=False, char_span=True))
        out = []
        for para in re.finditer(r"[^\n]+", text):
            for sp in seg.segment(para.group(0)):
                span = trim_span(text, para.start() + sp.start, para.start() + sp.end)
                if span is not None:
                    out.append(span)
        return out

    return split


def set_aside_recall(raw: str, segments, lang: str) -> tuple[int, int]:
    rows = [
        ln.split("\t")
        for ln in (DATA / f"lemonde-amazon.{lang}.set-aside.tsv").read_text(encoding="utf-8").splitlines()
    ]
    kept = [sp for s in segments if s.kind in ("body", "heading") for sp in (s.spans or ((s.start, s.end),))]
    found = 0
    for _, text, _ in rows:
        pattern = r"\s*".join(re.escape(c) + r"-?" for c in text if not c.isspace())
        matches = list(re.finditer(pattern, raw))
        if not matches:
            continue
        m = matches[-1]
        if not any(s < m.end() and m.start() < e for s, e in kept):
            found += 1
    return found, len(rows)


def naive_line_break(left: str, right: str, lang: str, doc_words=None) -> str:
    """Baseline repair: join whenever the joined word is in the lexicon at all."""
    from evalkit.ingest.lexicon import zipf

    a = re.search(r"([^\W\d_]+)$", left)
    b = re.match(r"([^\W\d_]+)", right)
    return "join" if a and b and zipf(a.group(1) + b.group(1), lang) > 0 else "space"


def segment_naive(raw: str, lang: str) -> list:
    """pdf-text segmentation with the naive join and no in-word rules (patched for this call only)."""
    import evalkit.ingest.joining as joining

    saved = joining.line_break, joining.lost_hyphens
    joining.line_break, joining.lost_hyphens = naive_line_break, lambda w, lang: []
    try:
        return segment_text(raw, lang, "pdf-text")
    finally:
        joining.line_break, joining.lost_hyphens = saved


def typeset_columns(raw: str, hyphenator, width: int) -> tuple[str, list[str], set[int]]:
    """Fill lines of ``width`` characters, hyphenating a word that does not fit, then lose the hyphens.

    Returns (typeset text, the original words, indices of the words split at a line end).
    """
    out_lines: list[str] = []
    words: list[str] = []
    split_at: set[int] = set()
    for para in raw.splitlines():
        if not para.strip():
            continue
        line = ""
        for w in para.split():
            idx = len(words)
            words.append(w)
            cand = f"{line} {w}" if line else w
            if len(cand) <= width:
                line = cand
                continue
            room = width - len(line) - (1 if line else 0) - 1
            pieces = [
                (a, b) for a, b in hyphenator.iterate(w) if 2 <= len(a) <= room and len(b.rstrip(".,;:!?»\"')")) >= 2
            ]
            if pieces and line is not None:
                a, b = pieces[0]  # iterate() yields the longest first part first
                out_lines.append(f"{line} {a}".strip() if line else a)  # the hyphen is lost
                split_at.add(idx)
                line = b
            else:
                if line:
                    out_lines.append(line)
                line = w
        if line:
            out_lines.append(line)
    return "\n".join(out_lines) + "\n", words, split_at


def main() -> None:
    fr_path, en_path = PAIR / "source.fr.txt", PAIR / "translation.en.txt"
    fr_raw = fr_path.read_text(encoding="utf-8")
    gold_fr = (DATA / "lemonde-amazon.fr.gold.txt").read_text(encoding="utf-8").splitlines()
    gold_en = (DATA / "lemonde-amazon.en.gold.txt").read_text(encoding="utf-8").splitlines()

    from evalkit.ingest.lexicon import compounds

    print(f"(compound word list for fr: {len(compounds('fr'))} entries; Debian wfrench, optional)")
    print("== 1. word repair, lemonde-amazon/source.fr.txt (pdf-text)")
    for name, repair in (("no repair (baseline)", False), ("naive join (baseline)", None), ("evalkit repair", True)):
        segs = segment_naive(fr_raw, "fr") if repair is None else segment_text(fr_raw, "fr", "pdf-text", repair=repair)
        acc, n, ok, spoiled = word_repair(fr_raw, gold_fr, kept_text(segs))
        print(f"  {name:24s} accuracy {acc:6.1%}  ({ok}/{n} damaged words right, {spoiled} clean words damaged)")

    print("== 2. sentence-boundary F1 (same repaired text, splitter swapped)")
    splitters = [("naive '. + Capital'", naive_split), ("pysbd", pysbd_splitter()), ("evalkit rules", split_sentences)]
    for label, path, lang, layout, gold in (
        ("fr", fr_path, "fr", "pdf-text", gold_fr),
        ("en", en_path, "en", "web", gold_en),
    ):
        raw = load_document(path, lang).raw
        for name, fn in splitters:
            if fn is None:
                print(f"  {label} {name:22s} (not installed)")
                continue
            segs = segment_text(raw, lang, layout, splitter=fn)
            p, r, f = boundary_f1(gold, kept_text(segs))
            print(f"  {label} {name:22s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")

    print("== 3. set aside (furniture, pull quotes, captions) kept out of the body")
    for label, path, lang in (("fr", fr_path, "fr"), ("en", en_path, "en")):
        doc = load_document(path, lang)
        found, total = set_aside_recall(doc.raw, doc.segments, lang)
        baseline = segment_text(doc.raw, lang, "plain")
        b_found, _ = set_aside_recall(doc.raw, baseline, lang)
        print(f"  {label} evalkit {found}/{total}   baseline (plain layout) {b_found}/{total}")

    print("== 4. words changed on clean seed articles (target 0)")
    for path, lang in CLEAN_TEXTS:
        raw = load_document(path, lang).raw
        layout = detect_layout(raw)
        raw_t = [t for t in tokens(raw) if any(c.isalpha() for c in t)]  # paragraph numbers are ids, not words
        res = []
        for lay, rep in ((layout, True), ("pdf-text", None), ("pdf-text", True)):
            segs = segment_naive(raw, lang) if rep is None else segment_text(raw, lang, lay, repair=rep)
            sys_t = [t for t in tokens(" ".join(s.text for s in segs)) if any(c.isalpha() for c in t)]
            # words of the output that are not words of the input (joins, inserted hyphens);
            # order-free, since a set-aside repeat nested in a sentence is not a changed word
            changed = sum((Counter(sys_t) - Counter(raw_t)).values())
            res.append(changed)
        print(
            f"  {path.relative_to(ROOT)} ({len(raw_t)} words): detected '{layout}' {res[0]} changed;"
            f" forced pdf-text: naive join {res[1]}, evalkit repair {res[2]}"
        )
        # harsher: the same clean text hard-wrapped into 30-column lines (no hyphenation), so every
        # line end is a chance for a false join
        wrapped = "\n".join(textwrap.fill(ln, 30) if ln.strip() else "" for ln in raw.splitlines()) + "\n"
        w_res = []
        for seg in (lambda: segment_naive(wrapped, lang), lambda: segment_text(wrapped, lang, "pdf-text")):
            sys_t = [t for t in tokens(" ".join(s.text for s in seg())) if any(c.isalpha() for c in t)]
            w_res.append(sum((Counter(sys_t) - Counter(raw_t)).values()))
        ends = wrapped.count("\n")
        print(
            f"      wrapped into columns ({ends} line ends): naive join {w_res[0]} changed, evalkit repair {w_res[1]} changed"
        )

    print("== 5. held-out line-end repair: the clean articles typeset into 30-character columns,")
    print("      long words hyphenated by pyphen's dictionaries and the hyphens then dropped")
    try:
        import pyphen
    except ImportError:
        pyphen = None
        print("  (pyphen not installed: pip install pyphen)")
    if pyphen is not None:
        for path, lang in CLEAN_TEXTS:
            raw = load_document(path, lang).raw
            typeset, words, split_at = typeset_columns(
                raw, pyphen.Pyphen(lang="fr_FR" if lang == "fr" else "en_US"), 30
            )
            row = []
            unsplit = set(range(len(words))) - split_at
            off_before: set[int] | None = None  # words out of place without any repair (furniture, repeats)
            for seg in (
                lambda: segment_text(typeset, lang, "pdf-text", repair=False),
                lambda: segment_naive(typeset, lang),
                lambda: segment_text(typeset, lang, "pdf-text"),
            ):
                out = " ".join(s.text for s in seg()).split()
                right: set[int] = set()
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words, out, autojunk=False).get_opcodes():
                    if op == "equal":
                        right.update(range(i1, i2))
                ok = len(split_at & right)
                if off_before is None:
                    off_before = unsplit - right
                spoiled = len(unsplit - right - off_before)
                row.append(f"{ok / max(1, len(split_at) + spoiled):6.1%} ({ok}/{len(split_at)}, {spoiled} spoiled)")
            print(f"  {path.relative_to(ROOT)}: no repair {row[0]}; naive join {row[1]}; evalkit {row[2]}")

    print("== 6. speed")
    for path, lang in ((fr_path, "fr"), (en_path, "en")):
        load_document(path, lang)
        t = time.perf_counter()
        for _ in range(5):
            load_document(path, lang)
        print(f"  {path.relative_to(ROOT)}: {(time.perf_counter() - t) / 5 * 1000:.0f} ms per load (warm lexicon)")


if __name__ == "__main__":
    main()
