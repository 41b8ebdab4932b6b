"""Language identification on public benchmark text: sentences, documents, swapped declarations.

Prints, for evalkit.langid against a baseline measured in the same run (argmax of hand-written
stopword lists, the rule the flag stage used before), sentence accuracy and the "unknown" rate;
then, for the document check of ingestion (evalkit.ingest.language), false refusals on correctly
declared 60-line excerpts, detection of wrongly declared ones, and half-and-half mixed excerpts
(which must pass); then short inputs (1, 2 and 3 consecutive lines, below the 40 function
words of the paragraph check, judged on every word): refusals and warnings when correctly and
wrongly declared. Run from the repo root: /work/main/.venv/bin/python bench/inputs_langid.py
[--short] (only the short inputs)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's evalkit, not the venv's editable install

from evalkit.errors import LanguageMismatchError
from evalkit.text import fold, stopwords, tokenize
from evalkit.ingest.language import check_declared_language
from evalkit.langid import UNKNOWN, guess_language

BENCH = Path("/work/shared/benchmarks")


def corpora() -> dict[str, list[list[str]]]:
    """lang -> list of documents (lists of sentences)."""
    docs: dict[str, list[list[str]]] = {"fr": [], "en": [], "de": []}
    for book in sorted((BENCH / "align-transread").iterdir()):
        for lang in ("fr", "en"):
            docs[lang].append((book / f"{lang}.txt").read_text(encoding="utf-8").splitlines())
    for lang in ("de", "fr"):
        docs[lang].append((BENCH / "align-textberg" / f"dev.{lang}").read_text(encoding="utf-8").splitlines())
    seen, fr, en = set(), [], []
    for line in (BENCH / "demetr-fr" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] not in seen:
            seen.add(rec["id"])
            fr.append(rec["src_sent"])
            en.append(rec["eng_sent"])
    docs["fr"].append(fr)
    docs["en"].append(en)
    return docs


def baseline(text: str) -> str:
    """Argmax of hand-written stopword hits (fr/en/es/de/it); unknown under 2 hits."""
    words = [fold(t.text) for t in tokenize(text)]
    hits = {lang: sum(w in sw for w in words) for lang, sw in {lg: stopwords(lg) for lg in ("fr", "en", "es", "de", "it")}.items()}
    best = max(hits, key=hits.get)
    return best if hits[best] >= 2 else UNKNOWN


def short_inputs(docs: dict[str, list[list[str]]], per_lang: int = 1000) -> None:
    """Test sets of 1-3 lines: how often is a correct declaration refused or warned about, and a
    wrong one (each of the other two languages) caught?"""
    import logging

    logging.getLogger("evalkit").setLevel(logging.ERROR)  # the warnings are counted, not printed
    print(f"short inputs (1-3 lines, < 40 function words; at most {per_lang} per language and length):")
    for k in (1, 2, 3):
        ok = {"refused": 0, "warned": 0, "n": 0}
        wrong = {"refused": 0, "warned": 0, "n": 0}
        for lang, books in docs.items():
            lines = [s for book in books for s in book if s.strip()]
            sets = ["\n".join(lines[i:i + k]) for i in range(0, len(lines) - k, k)][:per_lang]
            for t in sets:
                for declared in ("fr", "en", "de"):
                    tally = ok if declared == lang else wrong
                    tally["n"] += 1
                    try:
                        if check_declared_language(t, declared, "x"):
                            tally["warned"] += 1
                    except LanguageMismatchError:
                        tally["refused"] += 1
        print(f"  {k} line(s): correctly declared {ok['n']}: refused {ok['refused'] / ok['n']:.4f}, "
              f"warned {ok['warned'] / ok['n']:.4f} | wrongly declared {wrong['n']}: refused "
              f"{wrong['refused'] / wrong['n']:.3f}, warned {wrong['warned'] / wrong['n']:.3f}, "
              f"silent {1 - (wrong['refused'] + wrong['warned']) / wrong['n']:.3f}")


def main() -> None:
    docs = corpora()
    if "--short" in sys.argv:
        short_inputs(docs)
        return
    print("sentences: evalkit.langid (min 4 function words, as the flag stage uses it; then min 2) vs stopword baseline (min 2)")
    for lang, books in docs.items():
        sents = [s for book in books for s in book if len(s.split()) >= 5][:3000]
        t0 = time.perf_counter()
        ours = [guess_language(s, min_words=4).lang for s in sents]
        dt = time.perf_counter() - t0
        base = [baseline(s) for s in sents]
        same_min = [guess_language(s, min_words=2).lang for s in sents]  # the baseline's minimum evidence
        acc2 = sum(g == lang for g in same_min) / len(sents)
        wrong2 = sum(g not in (lang, UNKNOWN) for g in same_min) / len(sents)
        acc = sum(g == lang for g in ours) / len(sents)
        unk = sum(g == UNKNOWN for g in ours) / len(sents)
        wrong = sum(g not in (lang, UNKNOWN) for g in ours) / len(sents)
        bacc = sum(g == lang for g in base) / len(sents)
        bwrong = sum(g not in (lang, UNKNOWN) for g in base) / len(sents)
        print(f"  {lang}: n={len(sents):5d}  langid acc {acc:.3f} (unknown {unk:.3f}, wrong {wrong:.4f})  "
              f"| min 2 words: langid acc {acc2:.3f} (wrong {wrong2:.4f}), baseline acc {bacc:.3f} (wrong {bwrong:.4f})  "
              f"{1e3 * dt / len(sents):.2f} ms/sentence")

    excerpts = {lang: ["\n".join(book[i:i + 60]) for book in books for i in range(0, len(book) - 59, 60)]
                for lang, books in docs.items()}
    print("document check on 60-line excerpts:")
    n = false_ref = 0
    t0 = time.perf_counter()
    for lang, texts in excerpts.items():
        for t in texts:
            n += 1
            try:
                check_declared_language(t, lang, "x")
            except LanguageMismatchError:
                false_ref += 1
    print(f"  correctly declared: {n} excerpts, {false_ref} refused ({false_ref / n:.4f}); "
          f"{1e3 * (time.perf_counter() - t0) / n:.1f} ms/excerpt")
    caught = total = 0
    for lang, texts in excerpts.items():
        for wrong in ("fr", "en", "de"):
            if wrong == lang:
                continue
            for t in texts:
                total += 1
                try:
                    check_declared_language(t, wrong, "x")
                except LanguageMismatchError as exc:
                    caught += exc.guessed == lang
    print(f"  wrongly declared: {total} cases, {caught} refused naming the right language ({caught / total:.4f})")
    mixed = refused = 0
    for a, b in zip(excerpts["fr"], excerpts["en"]):
        half = "\n".join(a.splitlines()[:30] + b.splitlines()[:30])
        for declared in ("fr", "en"):
            mixed += 1
            try:
                check_declared_language(half, declared, "x")
            except LanguageMismatchError:
                refused += 1
    print(f"  half French / half English, declared either: {mixed} cases, {refused} refused ({refused / mixed:.4f})")
    short_inputs(docs)


if __name__ == "__main__":
    main()
