"""The verdict's order test: the early-stopping test against the full 6-shuffle test, same run.

For every benchmark pair (the six TransRead novels, clean and noisy; Text+Berg; the seed
pairs) and for pairs that are *not* translations (two different novels; the first half of a
novel against the second half of its translation; the seed's comparable pair), the order
test runs on the same leading block the aligner uses, once with ``early_stop=False`` (the
old code: every shuffle) and once with the default. Printed: the decision of each (they must
agree everywhere), the shuffles run and the seconds taken. Vectors: USE v3 (the aligner's).

    /work/main/.venv/bin/python bench/align_verdict.py
"""

from __future__ import annotations

import time

from align_common import BOOKS, ROOT, get_embedder, load_pair, noisy_variant, set_threads

from evalkit.align.verdict import order_matters, order_test

BLOCK = 3000  # the aligner's leading block (aligner._finish)


def _seed_pair(name: str) -> tuple[list[str], list[str]]:
    from evalkit.ingest import load_document
    from evalkit.pairfile import read_pair

    spec = read_pair(ROOT / "pairs" / name)
    s = load_document(spec.source.path, spec.source.lang, layout=spec.source.layout, check_language=False)
    t = load_document(spec.translation.path, spec.translation.lang, layout=spec.translation.layout,
                      check_language=False)
    return [x.text for x in s.alignable()], [x.text for x in t.alignable()]


def pairs() -> list[tuple[str, bool, list[str], list[str]]]:
    """(name, is a translation, source lines, target lines)."""
    out = []
    for b in BOOKS:
        s, t, g, sl, tl = load_pair(b)
        out.append((b, True, s, t))
        ns, nt, _ = noisy_variant(s, t, g, sl, tl)
        out.append((b + " noisy", True, ns, nt))
    s, t, _, _, _ = load_pair("textberg")
    out.append(("textberg", True, s, t))
    for name in ("lemonde-amazon", "amazon-comparable"):
        s, t = _seed_pair(name)
        out.append((name, name != "amazon-comparable", s, t))
    a, _, _, _, _ = load_pair(BOOKS[1])
    _, b, _, _, _ = load_pair(BOOKS[4])
    out.append((f"{BOOKS[1]} fr vs {BOOKS[4]} en", False, a, b))
    s, t, _, _, _ = load_pair(BOOKS[0])
    out.append((f"{BOOKS[0]} first half vs second half", False, s[: len(s) // 2], t[len(t) // 2:]))
    return out


def main() -> None:
    set_threads()
    emb = get_embedder("use-v3")
    print(f"{'pair':52} {'is':>5} {'full':>6} {'early':>6} {'shuffles':>8} {'full s':>7} {'early s':>7}")
    agree, t_full, t_early = 0, 0.0, 0.0
    rows = pairs()
    for name, is_translation, s, t in rows:
        X, Y = emb.encode(s), emb.encode(t)
        k = min(len(X), BLOCK)
        X, Y = X[:k], Y[: max(8, int(round(len(Y) * k / len(s))))]
        t0 = time.perf_counter()
        full = order_test(X, Y, early_stop=False)
        t1 = time.perf_counter()
        early = order_test(X, Y)
        t2 = time.perf_counter()
        a, b = order_matters(*full), order_matters(*early)
        agree += a == b
        t_full += t1 - t0
        t_early += t2 - t1
        print(f"{name[:52]:52} {str(is_translation):>5} {str(a):>6} {str(b):>6} {len(early[1]):>8} "
              f"{t1 - t0:7.2f} {t2 - t1:7.2f}")
    print(f"\nsame decision on {agree}/{len(rows)} pairs; order test time: full {t_full:.1f} s, "
          f"early stop {t_early:.1f} s ({t_full / max(t_early, 1e-9):.1f}x faster)")


if __name__ == "__main__":
    main()
