"""Load the data files shipped in ``evalkit/data`` (acronyms, sense lexicon), cached per process."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("evalkit") / "data" / name))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV whose first non-comment line is the header; '#' lines are comments."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return rows


@lru_cache(maxsize=1)
def acronym_equivalents() -> dict[str, frozenset[str]]:
    """Acronym -> every form that may stand for it in either language (itself included)."""
    table: dict[str, set[str]] = {}
    for row in read_tsv(data_path("acronyms.tsv")):
        cells = row["fr"] + "|" + row["en"] + "|" + row.get("other", "")
        forms = {f.strip() for f in cells.split("|") if f.strip()}
        for f in forms:
            table.setdefault(f, set()).update(forms)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=8)
def acronym_forms(src_lang: str, tgt_lang: str) -> dict[str, frozenset[str]]:
    """Acronym in ``src_lang`` -> its forms in ``tgt_lang`` (OMS -> {WHO}), from the table's columns
    for the two languages; {} when the table has no column for one of them."""
    table: dict[str, set[str]] = {}
    for row in read_tsv(data_path("acronyms.tsv")):
        if src_lang not in row or tgt_lang not in row:
            return {}
        forms = {f.strip() for f in row[tgt_lang].split("|") if f.strip()}
        for a in (f.strip() for f in row[src_lang].split("|") if f.strip()):
            table.setdefault(a, set()).update(forms)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=8)
def country_names(src_lang: str, tgt_lang: str) -> dict[str, frozenset[str]]:
    """Folded place name in ``src_lang`` -> folded names in ``tgt_lang``.

    Countries from pycountry's ISO 3166 catalogues, plus ``data/exonyms.tsv`` for
    French/English exonyms ISO does not give (Biélorussie, Londres, Pékin).

    English is ISO's own language (name, common and official names); other languages
    come from pycountry's gettext catalogues. "Corée, République de" also gives "Corée".
    Without pycountry only the exonym file is used.
    """
    try:
        import gettext

        import pycountry
    except ImportError:
        pycountry = None
    from evalkit.text import fold
    from evalkit.text.profiles import pair_profile

    catalogues = {}
    for lang in {src_lang, tgt_lang} - {"en"}:
        try:
            catalogues[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) if pycountry else None
        except OSError:
            catalogues[lang] = None

    def names(lang: str, c) -> set[str]:
        base = {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)} - {None}
        if lang != "en":
            if catalogues[lang] is None:
                return set()
            base = {catalogues[lang].gettext(n) for n in base}
        out = set()
        for n in base:
            out.add(fold(n))
            if "," in n:
                out.add(fold(n.split(",")[0]))
        return out

    table: dict[str, set[str]] = {}
    for c in pycountry.countries if pycountry is not None else ():
        for s in names(src_lang, c):
            table.setdefault(s, set()).update(names(tgt_lang, c))
    # exonyms outside ISO's catalogues (Biélorussie, Londres, Pékin...): data/exonyms.tsv
    if pair_profile(src_lang, tgt_lang).get("exonyms"):
        for row in read_tsv(data_path("exonyms.tsv")):
            fr = {fold(x.strip()) for x in row["fr"].split("|") if x.strip()}
            en = {fold(x.strip()) for x in row["en"].split("|") if x.strip()}
            src, tgt = (fr, en) if src_lang == "fr" else (en, fr)
            for s in src:
                table.setdefault(s, set()).update(tgt)
    return {k: frozenset(v) for k, v in table.items() if v}
