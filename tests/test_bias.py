"""Specification of reappraise.stats.bias: regression to the mean and benchmark rates.

The closed form is Barnett AG, van der Pols JC, Dobson AJ. Regression to the mean: what it
is and how to deal with it. Int J Epidemiol 2005;34:215-220: the expected regression-to-
the-mean effect for people selected above a cut-off c is (1 - rho) sigma C(z), with
z = (c - mu) / sigma and C(z) = phi(z) / (1 - Phi(z)).
"""

import math

import numpy as np
import pytest
from scipy import stats

from reappraise.evidence import ledger
from reappraise.stats import bias
from reappraise.errors import ReappraiseError

SMOKE = 20_000  # simulated trials: enough for Monte Carlo checks, fast


def test_rtm_effect_matches_the_barnett_formula_at_a_known_point():
    z = (20 - 22) / 8
    expected = (1 - 0.7) * 8 * stats.norm.pdf(z) / stats.norm.sf(z)
    assert bias.rtm_effect(22, 8, 0.7, 20) == pytest.approx(expected, rel=1e-12)


def test_selecting_at_the_mean_gives_half_of_one_minus_rho_times_sigma_times_2phi0():
    # z = 0: C(0) = phi(0) / 0.5 = sqrt(2 / pi)
    assert bias.rtm_effect(0, 1, 0.5, 0) == pytest.approx(0.5 * math.sqrt(2 / math.pi))


def test_perfect_reliability_gives_no_regression_to_the_mean():
    assert bias.rtm_effect(22, 8, 1.0, 30) == 0.0


def test_zero_reliability_gives_the_whole_selection_differential():
    mean, _ = bias.selected_moments(22, 8, 20)
    assert bias.rtm_effect(22, 8, 0.0, 20) == pytest.approx(mean - 22)


def test_selection_below_mirrors_selection_above():
    assert bias.rtm_effect(22, 8, 0.6, 14, "below") == pytest.approx(bias.rtm_effect(22, 8, 0.6, 30, "above"))


def test_a_stricter_cutoff_gives_more_regression_to_the_mean():
    effects = [bias.rtm_effect(22, 8, 0.7, c) for c in (10, 20, 30, 40)]
    assert effects == sorted(effects)


@pytest.mark.parametrize("kwargs, word", [
    ({"sigma": 0}, "sigma"), ({"rho": 1.2}, "rho"), ({"rho": -0.1}, "rho"), ({"direction": "up"}, "direction"),
])
def test_bad_model_arguments_are_rejected_naming_the_argument(kwargs, word):
    args = {"mu": 22, "sigma": 8, "rho": 0.7, "cutoff": 20, **kwargs}
    with pytest.raises(ReappraiseError, match=word):
        bias.rtm_effect(**args)


def test_selected_moments_are_those_of_the_truncated_normal():
    mean, sd = bias.selected_moments(0, 1, 0)
    assert mean == pytest.approx(math.sqrt(2 / math.pi))
    assert sd == pytest.approx(math.sqrt(1 - 2 / math.pi))


def test_population_for_selected_inverts_selected_moments():
    mean, sd = bias.selected_moments(22, 8, 20)
    mu, sigma = bias.population_for_selected(mean, sd, 20)
    assert (mu, sigma) == pytest.approx((22, 8), abs=1e-6)


def test_population_for_selected_refuses_a_mean_on_the_wrong_side_of_the_cutoff():
    with pytest.raises(ReappraiseError, match="mean"):
        bias.population_for_selected(18, 5, 20)


def test_population_for_selected_refuses_an_sd_no_truncation_can_give():
    # a truncated normal's SD stays below the mean's distance from the cut-off
    with pytest.raises(ReappraiseError, match="no normal population"):
        bias.population_for_selected(29.6, 4.9, 28)


def test_population_for_selected_can_return_nan_instead_of_raising():
    assert all(math.isnan(x) for x in bias.population_for_selected(29.6, 4.9, 30, strict=False))
    assert all(math.isnan(x) for x in bias.population_for_selected(29.6, 4.9, 28, strict=False))


def test_null_trials_mean_improvement_is_the_rtm_effect_within_monte_carlo_error():
    sims = bias.simulate_null_trials(12, 22, 8, 0.7, 20, SMOKE, np.random.default_rng(1))
    summary = bias.summarise_null_trials(sims, 12)
    assert abs(summary["mean_improvement"] - bias.rtm_effect(22, 8, 0.7, 20)) < 4 * summary["improvement_mc_se"]


def test_null_trials_responder_and_remitter_rates_match_the_exact_probabilities():
    sims = bias.simulate_null_trials(12, 22, 8, 0.5, 20, SMOKE, np.random.default_rng(2))
    summary = bias.summarise_null_trials(sims, 12)
    for key, exact in (("responder_rate", bias.null_response_probability(22, 8, 0.5, 20)),
                       ("remitter_rate", bias.null_remission_probability(22, 8, 0.5, 20))):
        se = math.sqrt(exact * (1 - exact) / (12 * SMOKE)) * 2  # generous: people within a trial are independent
        assert abs(summary[key] - exact) < 4 * se


def test_null_response_probability_agrees_with_direct_integration():
    mu, sigma, rho, c = 22, 8, 0.6, 20

    def integrand(x1):
        cond = stats.norm.cdf(0.5 * x1, mu + rho * (x1 - mu), sigma * math.sqrt(1 - rho**2))
        return cond * stats.norm.pdf(x1, mu, sigma)

    from scipy.integrate import quad
    exact = quad(integrand, c, mu + 12 * sigma)[0] / stats.norm.sf(c, mu, sigma)
    assert bias.null_response_probability(mu, sigma, rho, c) == pytest.approx(exact, abs=1e-6)


def test_a_natural_course_improvement_raises_the_null_responder_probability():
    assert bias.null_response_probability(22, 8, 0.7, 20, change=-5) > bias.null_response_probability(22, 8, 0.7, 20)


def test_simulated_baselines_all_meet_the_entry_cutoff():
    x1 = bias._selected_baselines(np.random.default_rng(3), (1000,), 22, 8, 35, "above")
    assert x1.min() >= 35


def test_the_same_seed_gives_the_same_simulation():
    a = bias.simulate_null_trials(12, 22, 8, 0.7, 20, 500, np.random.default_rng(7))
    b = bias.simulate_null_trials(12, 22, 8, 0.7, 20, 500, np.random.default_rng(7))
    assert a.equals(b)


def test_simulation_spans_blocks_without_changing_its_size():
    sims = bias.simulate_null_trials(3, 22, 8, 0.7, 20, bias.CHUNK + 5, np.random.default_rng(8))
    assert len(sims) == bias.CHUNK + 5 and sims["responders"].between(0, 3).all()


def test_a_trial_needs_at_least_two_people():
    with pytest.raises(ReappraiseError, match="n must be"):
        bias.simulate_null_trials(1, 22, 8, 0.7, 20, 10, np.random.default_rng(0))


def test_share_at_least_observed_counts_trials_with_that_many_responders():
    sims = bias.simulate_null_trials(12, 22, 8, 0.0, 20, 2000, np.random.default_rng(4))
    summary = bias.summarise_null_trials(sims, 12, observed_responders=0)
    assert summary["share_at_least_observed"] == 1.0


def test_every_named_benchmark_is_a_ledger_rate_between_0_and_1():
    L = ledger.load()
    for name, row_id in bias.BENCHMARKS.items():
        assert 0 < bias.benchmark_rate(L, row_id) < 1, name


def test_benchmark_rate_prefers_counts_over_the_rounded_percentage():
    L = ledger.load()
    assert bias.benchmark_rate(L, "thase2001.remission.placebo.count") == pytest.approx(110 / 446)
    assert bias.benchmark_rate(L, "furukawa2016.placebo_response.low") == pytest.approx(0.35)


def test_within_group_d_is_the_absolute_change_over_the_sd():
    assert bias.within_group_d(-19.3, 4.9) == pytest.approx(19.3 / 4.9)
    with pytest.raises(ReappraiseError, match="sd"):
        bias.within_group_d(-19.3, 0)


def test_benchmark_table_lists_every_benchmark_with_its_rate_and_source():
    table = bias.benchmark_table(ledger.load())
    assert list(table.index) == list(bias.BENCHMARKS)
    assert table.loc["mapp1-placebo-therapy", "rate"] == pytest.approx(23 / 37)
    assert table["source"].str.len().gt(0).all()


def test_benchmark_table_refuses_an_unknown_benchmark_name():
    with pytest.raises(ReappraiseError, match="benchmark must be one of"):
        bias.benchmark_table(ledger.load(), ["waitlist"])


# --- Decomposing an observed change without counting regression to the mean twice --------------

LAYERS = {"regression to the mean": 1.55, "wait-list (holds RTM)": 2.47, "placebo arm (holds both)": 9.07}


def test_the_decomposition_adds_up_to_the_observed_change():
    table = bias.decompose_change(19.3, LAYERS)
    assert table["share"].sum() == pytest.approx(19.3)
    assert table["fraction"].sum() == pytest.approx(1.0)


def test_each_nested_total_is_counted_once_not_on_top_of_the_layers_it_contains():
    """A wait-list's pre-post change already contains RTM and a placebo arm's contains both (Rutherford
    2012; Rief 2009 measure totals, not increments). Adding the totals would explain 1.55 + 2.47 + 9.07 =
    13.09 points; the nested shares explain only the placebo arm's 9.07, and the rest is 19.3 − 9.07."""
    table = bias.decompose_change(19.3, LAYERS)
    explained = table["share"].iloc[:-1].sum()
    assert explained == pytest.approx(9.07)
    assert explained < sum(LAYERS.values())
    assert table["share"].tolist() == pytest.approx([1.55, 0.92, 6.60, 10.23])
    assert table["beyond_first"].iloc[2] == pytest.approx(9.07 - 1.55)
    assert table["nested"].all()


def test_a_total_below_the_layer_it_should_contain_is_flagged_not_hidden():
    table = bias.decompose_change(10.0, {"RTM": 3.0, "wait-list": 2.0})
    assert not table.loc["wait-list", "nested"] and table.loc["wait-list", "share"] == pytest.approx(-1.0)
    assert table["share"].sum() == pytest.approx(10.0)


def test_decompose_change_needs_a_layer_and_finite_numbers():
    with pytest.raises(ReappraiseError, match="nested"):
        bias.decompose_change(19.3, {})
    with pytest.raises(ReappraiseError, match="observed"):
        bias.decompose_change(math.nan, LAYERS)
    with pytest.raises(ReappraiseError, match="remainder"):
        bias.decompose_change(19.3, {"rest": 1.0}, remainder="rest")
