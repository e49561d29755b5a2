"""SPRITE and paired reconstructions: every sample reproduces its inputs, nothing that exists is missed.

SPRITE: Heathers JA, Anaya J, van der Zee T, Brown NJL. Recovering data from summary
statistics: Sample Parameter Reconstruction via Iterative TEchniques (SPRITE). PeerJ
Preprints 2018;6:e26968v1. Completeness is checked against exhaustive enumeration of
small cases. The Norwegian trial's numbers (Kvam 2025, doi:10.1192/bjp.2025.10320) are
used as printed.
"""

import collections

import numpy as np
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reappraise.stats.consistency import rounds_to, sd_range_from_se
from reappraise.errors import ReappraiseError
from reappraise.stats.reconstruct import (
    Definition, cohort_summary, enumerate_samples, paired_tests, reconstruct_paired, reproduces, sprite,
)

KVAM = dict(baseline_mean="29.6", baseline_sd="4.9", change_mean="−19.3", change_se="2.4", n=12,
            responders=9, remitters=9)


# --- SPRITE ---------------------------------------------------------------------------------

def test_sprite_returns_distinct_sorted_samples_that_reproduce_the_norwegian_baseline():
    samples = sprite("29.6", "4.9", 12, 0, 60, n_samples=10, seed=0)
    assert len(samples) == len(set(samples)) == 10
    assert samples == sorted(samples)
    for sample in samples:
        assert list(sample) == sorted(sample) and len(sample) == 12
        assert reproduces(sample, "29.6", "4.9")
        assert 0 <= min(sample) and max(sample) <= 60


def test_sprite_is_deterministic_for_a_seed_and_varies_across_seeds():
    first = sprite("29.6", "4.9", 12, 0, 60, n_samples=5, seed=3)
    assert first == sprite("29.6", "4.9", 12, 0, 60, n_samples=5, seed=3)
    assert first != sprite("29.6", "4.9", 12, 0, 60, n_samples=5, seed=4)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=15), st.integers(1, 2), st.integers(1, 2),
       st.integers(0, 1000))
def test_a_sample_returned_by_sprite_reproduces_its_inputs(data, mean_dec, sd_dec, seed):
    x = np.array(data)
    mean, sd = f"{x.mean():.{mean_dec}f}", f"{x.std(ddof=1):.{sd_dec}f}"
    samples = sprite(mean, sd, len(x), 0, 10, n_samples=3, seed=seed)
    assert samples, "a real sample exists, so SPRITE must find one"
    for sample in samples:
        assert reproduces(sample, mean, sd) and min(sample) >= 0 and max(sample) <= 10


def _small_cases(count, seed, constrained=False):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n, high = int(rng.integers(2, 7)), int(rng.integers(3, 10))
        x = rng.integers(0, high + 1, size=n)
        if rng.random() < 0.3:  # a printed pair that may have no sample at all
            x = np.array([rng.uniform(0, high), rng.uniform(0, high / 2)])
            mean, sd = f"{x[0]:.1f}", f"{x[1]:.2f}"
        else:
            mean, sd = f"{x.mean():.{rng.integers(1, 3)}f}", f"{x.std(ddof=1):.{rng.integers(1, 3)}f}"
        fixed = tuple(int(v) for v in x[:rng.integers(0, 2)]) if constrained and len(x) > 2 else ()
        excluded = tuple(int(v) for v in rng.integers(1, high, size=rng.integers(0, 2))
                         if constrained and v not in fixed)
        yield mean, sd, n, high, fixed, excluded


def _meets(sample, fixed, excluded):
    count = collections.Counter(sample)
    count.subtract(fixed)
    return min(count.values(), default=0) >= 0 and not any(count[v] > 0 for v in excluded)


def test_sprite_agrees_with_exhaustive_enumeration_on_small_cases():
    checked = with_solutions = 0
    for mean, sd, n, high, _, _ in _small_cases(120, seed=11):
        try:
            every = enumerate_samples(mean, sd, n, 0, high)
        except ReappraiseError:  # the printed SD is beyond the scale: nothing to compare
            continue
        found = sprite(mean, sd, n, 0, high, n_samples=max(1, len(every)), seed=checked)
        assert set(found) <= set(every), (mean, sd, n, high)
        if every:
            assert found, f"SPRITE missed every sample for {mean}, {sd}, n={n}, 0-{high}"
            with_solutions += 1
        checked += 1
    assert checked > 80 and with_solutions > 40


def test_sprite_with_fixed_and_excluded_values_agrees_with_filtered_enumeration():
    checked = 0
    for mean, sd, n, high, fixed, excluded in _small_cases(40, seed=12, constrained=True):
        try:
            every = [s for s in enumerate_samples(mean, sd, n, 0, high) if _meets(s, fixed, excluded)]
        except ReappraiseError:
            continue
        found = sprite(mean, sd, n, 0, high, n_samples=max(1, len(every)), seed=checked,
                       fixed=fixed, excluded=excluded, max_attempts=150)
        assert set(found) <= set(every)
        assert bool(found) == bool(every), (mean, sd, n, high, fixed, excluded)
        checked += 1
    assert checked > 20


def test_sprite_finds_every_sample_of_a_small_case_when_asked_for_all():
    every = enumerate_samples("4.0", "2.0", 8, 0, 9)
    assert len(every) > 5
    assert sprite("4.0", "2.0", 8, 0, 9, n_samples=len(every) + 5, seed=1) == every


def test_sprite_keeps_fixed_values_and_avoids_excluded_ones():
    samples = sprite("29.6", "4.9", 12, 0, 60, n_samples=5, seed=0, fixed=(20, 20), excluded=range(36, 61))
    assert samples
    for sample in samples:
        assert sample.count(20) >= 2 and max(sample) < 36


def test_sprite_returns_nothing_for_a_grimmer_inconsistent_pair():
    assert sprite("29.6", "4.90", 12, 0, 60, n_samples=3) == []


@pytest.mark.parametrize("args, message", [
    (("29.6", "4.9", 1, 0, 60), "n must be a whole number >= 2"),
    (("61.0", "4.9", 12, 0, 60), "mean must lie on the scale"),
    (("29.6", "32.0", 12, 0, 60), "sd = '32.0' is impossible"),
    (("2.0", "1.7", 5, 0, 3), "is impossible"),
    (("29.6", "−1.0", 12, 0, 60), "sd must be >= 0"),
    (("29.6", "4.9", 12, 60, 0), "low must be smaller than high"),
    (("29.6", "4.9", 12, 0.5, 60), "low must be a whole number"),
])
def test_bad_input_gives_one_clear_error(args, message):
    with pytest.raises(ReappraiseError, match=message):
        sprite(*args)


def test_enumeration_refuses_cases_too_large_to_enumerate():
    with pytest.raises(ReappraiseError, match="more than limit"):
        enumerate_samples("29.6", "4.9", 12, 0, 60)


# --- paired reconstructions of the Norwegian trial --------------------------------------------

@pytest.fixture(scope="module")
def kvam10():
    return reconstruct_paired(**KVAM, remission_max=10, n_samples=30, seed=0)


def test_every_paired_reconstruction_reproduces_every_printed_number(kvam10):
    assert len(kvam10) == 30
    sd_low, sd_high = sd_range_from_se("2.4", 12)
    for b, p in zip(kvam10.baseline, kvam10.post):
        b, p = np.array(b), np.array(p)
        change = p - b
        assert reproduces(b, "29.6", "4.9") and b.min() >= 20 and p.min() >= 0 and p.max() <= 60
        assert rounds_to(change.mean(), -19.3, 1)
        assert sd_low <= change.std(ddof=1) <= sd_high
        assert rounds_to(change.std(ddof=1) / np.sqrt(12), 2.4, 1)
        assert (p <= np.floor(b / 2)).sum() == 9 and (p <= 10).sum() == 9


def test_paired_reconstructions_are_distinct_and_deterministic(kvam10):
    pairs = {tuple(sorted(zip(b, p))) for b, p in zip(kvam10.baseline, kvam10.post)}
    assert len(pairs) == len(kvam10)
    again = reconstruct_paired(**KVAM, remission_max=10, n_samples=30, seed=0)
    assert again.baseline == kvam10.baseline and again.post == kvam10.post


def test_with_remission_at_most_10_the_remitters_are_exactly_the_responders(kvam10):
    frame = kvam10.frame()
    assert (frame["responder"] == frame["remitter"]).all()
    assert set(frame.groupby("reconstruction")["responder"].sum()) == {9}


def test_remission_at_most_12_also_admits_reconstructions():
    result = reconstruct_paired(**KVAM, remission_max=12, n_samples=10, seed=1)
    assert len(result) == 10
    for b, p in zip(result.baseline, result.post):
        assert (np.array(p) <= 12).sum() == 9


def test_a_definition_that_makes_the_counts_impossible_is_reported_as_proved():
    result = reconstruct_paired(**{**KVAM, "remitters": 10}, remission_max=10, n_samples=5)
    assert len(result) == 0 and result.note.startswith("impossible")
    assert "every remitter" in result.note


def test_a_baseline_cutoff_above_the_mean_is_impossible():
    result = reconstruct_paired(**KVAM, baseline_min=30, n_samples=5)
    assert len(result) == 0 and "impossible" in result.note


def test_the_definition_rejects_a_reduction_outside_zero_to_one():
    with pytest.raises(ReappraiseError, match="response_reduction"):
        Definition(response_reduction=50)


def _pingouin_row(b, p):
    """What pingouin reports for one cohort: the reference each vectorised row must equal."""
    b, p = np.array(b, dtype=float), np.array(p, dtype=float)
    t, w = pg.ttest(p, b, paired=True), pg.wilcoxon(p, b, method="exact")
    return [t["T"].iloc[0], t["p_val"].iloc[0], w["W_val"].iloc[0], w["p_val"].iloc[0], t["cohen_d"].iloc[0],
            (p - b).mean() / (p - b).std(ddof=1)]


@pytest.mark.parametrize("reading", ["raw", "model"])
def test_paired_tests_equal_pingouin_on_every_cohort(reading):
    """Each row equals pingouin's ttest(paired=True) and wilcoxon(method='exact') on that cohort,
    including model-reading cohorts, whose changes may be zero or of either sign."""
    cohorts = reconstruct_paired(**KVAM, remission_max=10, n_samples=40, seed=0, se_reading=reading)
    table = paired_tests(cohorts)
    assert len(table) == len(cohorts) == 40
    for k, (b, p) in enumerate(zip(cohorts.baseline, cohorts.post)):
        assert table.loc[k].tolist() == pytest.approx(_pingouin_row(b, p), rel=1e-12), k
    if reading == "raw":
        assert (table["p_t"] < 0.001).all()


def test_paired_tests_on_no_cohorts_is_an_empty_table_with_the_same_columns():
    empty = reconstruct_paired(**KVAM, remission_max=10, n_samples=40, seed=0)
    empty = type(empty)(baseline=(), post=(), definition=empty.definition, attempts=0, baselines=0)
    assert list(paired_tests(empty).columns) == ["t", "p_t", "W", "p_wilcoxon", "d_av", "d_z"]
    assert len(paired_tests(empty)) == 0


def test_a_value_both_fixed_and_excluded_appears_exactly_as_often_as_it_is_fixed():
    """pysprite's restrictions {value: count} (pysprite/test/test_pysprite.py, values_inclusions[0])."""
    fixed = (1, 1, 1, 2, 2, 3, 3, 3, 3, 4)
    samples = sprite("8.81", "7.87", 36, -5, 29, n_samples=2, seed=1, fixed=fixed, excluded={1, 2, 3, 4})
    assert samples
    for sample in samples:
        assert [sample.count(v) for v in (1, 2, 3, 4)] == [3, 2, 4, 1]


def test_read_as_a_model_estimate_the_se_no_longer_fixes_the_spread_of_the_changes():
    """If −19.3 (SE 2.4) come from a mixed model, the raw changes need not have SD = SE·√12: the
    search then finds cohorts whose change SD lies outside 8.14-8.49, with up to 3 participants
    (the non-responders) whose score rose, and every printed count and mean still holds."""
    model = reconstruct_paired(**KVAM, remission_max=10, n_samples=40, seed=0, se_reading="model")
    assert len(model) == 40 and model.se_reading == "model"
    sd_low, sd_high = sd_range_from_se("2.4", 12)
    frame = model.frame()
    sds = frame.groupby("reconstruction")["change"].std()
    assert ((sds < sd_low) | (sds > sd_high)).any()
    assert frame.groupby("reconstruction")["change"].apply(lambda c: (c > 0).sum()).max() >= 2
    for b, p in zip(model.baseline, model.post):
        b, p = np.array(b), np.array(p)
        assert reproduces(b, "29.6", "4.9") and rounds_to((p - b).mean(), -19.3, 1)
        assert (p <= np.floor(b / 2)).sum() == 9 and (p <= 10).sum() == 9


def test_an_unknown_se_reading_is_refused_by_name():
    with pytest.raises(ReappraiseError, match="se_reading"):
        reconstruct_paired(**KVAM, n_samples=1, se_reading="bootstrap")


def test_cohort_summary_gives_the_post_treatment_spread_each_cohort_implies(kvam10):
    """The post-treatment SD is not printed; each cohort implies one. Its mean score is fixed by the
    printed means (355/12 − 232/12 or − 231/12 = 10.25 to 10.33)."""
    table = cohort_summary(kvam10)
    assert len(table) == len(kvam10)
    assert table["post_mean"].between(10.25 - 1e-9, 10.34).all()
    b, p = np.array(kvam10.baseline[0]), np.array(kvam10.post[0])
    assert table.loc[0, "post_sd"] == pytest.approx(p.std(ddof=1))
    assert table.loc[0, "worsened"] == int(((p - b) > 0).sum())
    assert (table["worsened"] <= 1).all()  # reading A: at most one rise (consistency.max_worsened)
