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
