"""evalkit: bilingual translation-quality evaluation (ingest → segment → align → score → flag → report)."""

__version__ = "0.1.0"
