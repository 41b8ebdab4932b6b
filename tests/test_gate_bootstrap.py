"""Bootstrap intervals and the paired test: seeded, honest about direction and chance."""

import numpy as np

from evalkit.stats import bootstrap_interval, paired_bootstrap
from evalkit.metrics import corpus_metric, paired_corpus_test


def test_interval_brackets_the_mean_and_is_reproducible():
    rng = np.random.default_rng(0)
    x = rng.normal(0.8, 0.05, 200)
    a, b = bootstrap_interval(x), bootstrap_interval(x)
    assert a == b
    assert a.low < x.mean() < a.high
    assert 0.005 < a.high - a.low < 0.03  # ~ 2 × 1.96 × 0.05/√200 ≈ 0.014


def test_interval_narrows_with_more_data():
    rng = np.random.default_rng(1)
    small, large = rng.normal(0, 1, 30), rng.normal(0, 1, 3000)
    w = lambda i: i.high - i.low  # noqa: E731
    assert w(bootstrap_interval(large)) < w(bootstrap_interval(small)) / 5


def test_paired_identical_systems_are_not_different():
    x = np.random.default_rng(2).normal(0.8, 0.05, 100)
    r = paired_bootstrap(x, x)
    assert r.delta == 0 and r.p_value == 1.0


def test_paired_detects_a_consistent_small_gain_that_unpaired_noise_hides():
    rng = np.random.default_rng(3)
    base = rng.normal(0.8, 0.1, 200)
    sys_ = base + 0.01 + rng.normal(0, 0.005, 200)  # small but consistent per segment
    r = paired_bootstrap(sys_, base)
    assert r.delta > 0 and r.p_value < 0.01 and r.delta_low > 0


def test_paired_random_difference_is_not_significant():
    rng = np.random.default_rng(4)
    a, b = rng.normal(0.8, 0.1, 100), rng.normal(0.8, 0.1, 100)
    assert paired_bootstrap(a, b).p_value > 0.05


def test_lower_is_better_flips_the_sign():
    a, b = np.full(50, 30.0) + np.arange(50) * 0.01, np.full(50, 40.0)
    r = paired_bootstrap(a, b, higher_is_better=False)
    assert r.delta > 0  # system has lower TER: better


def test_corpus_bleu_matches_sacrebleu_and_paired_test_orders_systems():
    import sacrebleu

    refs = ["the cat sat on the mat", "a dog barked at the postman", "it rained all day in paris"] * 8
    good = ["the cat sat on a mat", "a dog barked at the postman", "it rained all day in paris"] * 8
    bad = ["cat", "dog", "rain"] * 8
    m = corpus_metric("bleu", good, refs)
    assert abs(m.score - sacrebleu.corpus_bleu(good, [refs]).score) < 1e-9
    assert m.interval.low <= m.score <= m.interval.high
    assert m.signature.startswith("nrefs:1")
    r = paired_corpus_test("bleu", corpus_metric("bleu", bad, refs), m)
    assert r.delta < 0 and r.p_value < 0.05
    t = paired_corpus_test("ter", corpus_metric("ter", bad, refs), corpus_metric("ter", good, refs))
    assert t.delta < 0  # bad has higher TER: worse


def test_the_mean_is_resampled_in_one_array_operation_with_the_same_figures():
    """bootstrap_interval / paired_bootstrap with mean_stat take every resample's mean at once;
    any other statistic goes resample by resample. Both ways must give the same interval."""
    import numpy as np

    from evalkit.stats import bootstrap_interval, mean_stat, paired_bootstrap

    rng = np.random.default_rng(7)
    for n in (2, 17, 300):
        a, b = rng.normal(size=n) * 4.1, rng.normal(size=n) * 3.3 + 0.2
        assert bootstrap_interval(a, mean_stat) == bootstrap_interval(a, lambda r: float(np.mean(r)))
        assert paired_bootstrap(a, b, mean_stat) == paired_bootstrap(a, b, lambda r: float(np.mean(r)))


def test_kept_resamples_give_the_intervals_of_a_fresh_draw():
    """The resamples' row numbers are drawn once for the intervals of one report (session 10): each
    interval is the one a fresh draw gives, and the kept draw cannot be changed by a caller."""
    import numpy as np

    from evalkit import stats

    rng = np.random.default_rng(3)
    for n in (2, 64, 1000, 2000):
        vals = rng.normal(size=n)
        first, again = stats.bootstrap_interval(vals), stats.bootstrap_interval(list(vals))
        idx = stats._draw(n, stats.DEFAULT_SAMPLES, stats.DEFAULT_SEED)
        dist = vals[idx].mean(axis=1)
        low, high = np.percentile(dist, [2.5, 97.5])
        assert first == again and (first.low, first.high) == (float(low), float(high))
    kept = stats._indices(64, stats.DEFAULT_SAMPLES, stats.DEFAULT_SEED)
    assert not kept.flags.writeable
