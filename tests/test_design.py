"""Specification of reappraise.stats.design: precision, sample size and simulated trials.

Published values the sample sizes must reproduce:

- R ``power.prop.test`` (stats package, documented examples; pooled normal approximation,
  Fleiss): p1 = 0.50, p2 = 0.75 -> power 0.740 with n = 50 per group, n = 76.7 per
  group for power 0.90.
- R ``pwr`` package vignette (Champely; "Getting started with the pwr package"), arcsine
  effect size h (Cohen 1988, ch. 6): 55% vs 50% needs 1,565 per group and 10% vs 5% needs
  424 per group at alpha 0.05, power 0.80.
- Cohen J. A power primer. Psychol Bull 1992;112:155-159, Table 2 (two-sample t test,
  alpha 0.05 two-sided, power 0.80): d = 0.2, 0.5, 0.8 need 393, 64, 26 per group.
- Fleiss JL, Tytun A, Ury HK. A simple approximation for calculating sample sizes for
  comparing independent proportions. Biometrics 1980;36:343-346: the continuity-corrected
  size n' = n/4 (1 + sqrt(1 + 4 / (n |p1 - p2|)))^2; its power formula (6) is the one of
  Hmisc's ``ftupwr`` (Heitjan 1991), re-implemented below as an independent check.
- Fisher's exact test: every p-value of the enumeration equals ``scipy.stats.fisher_exact``;
  at 30 per arm, 75% vs 40% has about 72% power under Fisher (the expert review of issue 15).
"""

import math

import numpy as np
import pytest

from reappraise.stats import design, proportions
from reappraise.errors import ReappraiseError


def test_pooled_sample_size_matches_r_power_prop_test():
    assert design.n_two_proportions(0.50, 0.75, power=0.90, method="pooled") == pytest.approx(76.7, abs=0.05)


def test_pooled_power_matches_r_power_prop_test():
    assert design.power_two_proportions(0.50, 0.75, 50, method="pooled") == pytest.approx(0.740, abs=5e-4)


@pytest.mark.parametrize("p1, p2, n", [(0.55, 0.50, 1565), (0.10, 0.05, 424)])
def test_arcsine_sample_size_matches_the_pwr_vignette(p1, p2, n):
    assert math.ceil(design.n_two_proportions(p1, p2)) == n


@pytest.mark.parametrize("d, n", [(0.2, 393), (0.5, 64), (0.8, 26)])
def test_t_test_sample_size_matches_cohens_power_primer(d, n):
    # Cohen's table prints n rounded to the nearest whole number (393.4 -> 393)
    assert round(design.n_two_means(d * 8.3, 8.3)) == n


def test_sample_size_does_not_depend_on_which_arm_is_first():
    assert design.n_two_proportions(0.75, 0.375) == pytest.approx(design.n_two_proportions(0.375, 0.75))


def test_power_at_the_computed_sample_size_is_the_target_power():
    n = design.n_two_proportions(0.75, 0.4, power=0.85)
    assert design.power_two_proportions(0.75, 0.4, n) == pytest.approx(0.85, abs=1e-6)


def test_a_smaller_difference_needs_more_participants():
    assert design.n_two_proportions(0.75, 0.62) > design.n_two_proportions(0.75, 0.40)


@pytest.mark.parametrize("kwargs, word", [
    ({"p1": 1.0}, "p1"), ({"p2": 0}, "p2"), ({"alpha": 0}, "alpha"), ({"power": 1.0}, "power"),
    ({"method": "exact"}, "method"), ({"p2": 0.75}, "differ"),
])
def test_bad_sample_size_arguments_are_rejected_naming_them(kwargs, word):
    args = {"p1": 0.75, "p2": 0.4, **kwargs}
    with pytest.raises(ReappraiseError, match=word):
        design.n_two_proportions(**args)


def test_expected_width_is_the_binomial_average_of_the_interval_widths():
    n, p = 12, 0.75
    from scipy import stats
    by_hand = sum(stats.binom.pmf(k, n, p) * (lambda lo_hi: lo_hi[1] - lo_hi[0])(proportions.proportion_ci(k, n))
                  for k in range(n + 1))
    assert design.expected_ci_width(p, n) == pytest.approx(by_hand)


def test_precision_improves_with_n_roughly_as_one_over_root_n():
    curve = design.precision_curve(0.75, [12, 48, 192])
    ratios = curve["expected_width"].to_numpy()[:-1] / curve["expected_width"].to_numpy()[1:]
    assert ratios == pytest.approx([2, 2], abs=0.2)


def test_n_for_width_is_the_first_n_that_reaches_the_width():
    n = design.n_for_width(0.75, 0.2)
    assert design.expected_ci_width(0.75, n) <= 0.2 < design.expected_ci_width(0.75, n - 1)


def test_attrition_inflates_the_number_randomised():
    assert design.with_attrition(40, 0.2) == 50
    assert design.with_attrition(27, 0.0) == 27
    with pytest.raises(ReappraiseError, match="attrition"):
        design.with_attrition(40, 0.95)


def test_scenarios_with_attrition_or_a_smaller_effect_need_more_participants():
    table = design.scenario_table(0.75, 0.375, attrition=0.2, unblinding_bias=0.1)
    planned = table.loc["as planned", "randomised_total"]
    assert (table["randomised_total"].drop("as planned") > planned).all()
    assert table.loc["dropouts = non-responders", "drug_rate"] == pytest.approx(0.6)


def test_a_scenario_whose_bias_erases_the_effect_has_no_sample_size():
    table = design.scenario_table(0.75, 0.69, unblinding_bias=0.1)
    assert table.loc["smaller true effect"].isna()[["analysed_per_arm", "randomised_total"]].all()
    assert table.loc["as planned", "randomised_total"] > 0


def test_simulated_rcts_reach_the_nominal_power_within_monte_carlo_error():
    n = math.ceil(design.n_two_proportions(0.75, 0.375, method="pooled"))
    sims = design.simulate_rct_proportions(0.75, 0.375, n, 20_000, np.random.default_rng(1))
    assert sims["significant"].mean() == pytest.approx(design.power_two_proportions(0.75, 0.375, n, method="pooled"), abs=0.04)
    assert sims["difference"].mean() == pytest.approx(0.375, abs=0.005)


def test_simulated_rcts_under_no_difference_reject_about_alpha_of_the_time():
    sims = design.simulate_rct_proportions(0.4, 0.4, 100, 20_000, np.random.default_rng(2))
    assert sims["significant"].mean() == pytest.approx(0.05, abs=0.01)


def test_simulated_continuous_rcts_match_pingouin_power():
    import pingouin as pg

    sims = design.simulate_rct_means(5.0, 8.3, 40, 20_000, np.random.default_rng(3))
    assert sims["significant"].mean() == pytest.approx(pg.power_ttest(d=5.0 / 8.3, n=40), abs=0.015)
    assert sims["difference"].mean() == pytest.approx(5.0, abs=0.05)


# --- sizing by the test actually used: Fisher's exact test --------------------------------

@pytest.mark.parametrize("n1, n2", [(7, 9), (12, 12), (30, 30)])
def test_the_fisher_p_value_of_every_table_equals_scipys(n1, n2):
    from scipy.stats import fisher_exact

    table = design.fisher_pvalues(n1, n2)
    for k1 in range(n1 + 1):
        for k2 in range(n2 + 1):
            assert table[k1, k2] == pytest.approx(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue, abs=1e-12)


def test_thirty_per_arm_gives_about_72_percent_power_under_fisher_not_80():
    assert design.power_two_proportions(0.75, 0.40, 30, method="fisher") == pytest.approx(0.72, abs=0.005)
    assert math.ceil(design.n_two_proportions(0.75, 0.40)) == 30  # what the arcsine approximation recommends


def test_exact_fisher_power_is_the_binomial_average_of_rejecting_tables():
    from scipy.stats import binom, fisher_exact

    n, p1, p2 = 10, 0.8, 0.3
    power = sum(binom.pmf(a, n, p1) * binom.pmf(b, n, p2) for a in range(n + 1) for b in range(n + 1)
                if fisher_exact([[a, n - a], [b, n - b]]).pvalue <= 0.05)
    assert design.power_two_proportions(p1, p2, n, method="fisher") == pytest.approx(power, abs=1e-12)


@pytest.mark.parametrize("p1, p2, n", [(0.75, 0.40, 37), (0.47, 0.40, 300), (0.9, 0.1, 150), (0.5, 0.5, 200)])
def test_fisher_power_skipping_negligible_totals_equals_the_whole_enumeration(p1, p2, n):
    """Leaving out totals k1 + k2 below design.NEGLIGIBLE_TOTAL changes the power by less than 1e-14."""
    from scipy.stats import binom

    k = np.arange(n + 1)
    whole = np.outer(binom.pmf(k, n, p1), binom.pmf(k, n, p2))[design.fisher_pvalues(n, n) <= 0.05].sum()
    assert design.power_two_proportions(p1, p2, n, method="fisher") == pytest.approx(whole, abs=1e-14)


def test_fisher_power_refuses_arms_beyond_the_enumeration_limit():
    with pytest.raises(ReappraiseError, match="MAX_FISHER_ARM"):
        design.power_two_proportions(0.5, 0.4, design.MAX_FISHER_ARM + 1, method="fisher")


def test_the_fisher_sample_size_is_the_smallest_n_reaching_the_target():
    n = int(design.n_two_proportions(0.75, 0.40, method="fisher"))
    assert n == 37
    assert design.power_two_proportions(0.75, 0.40, n, method="fisher") >= 0.8
    assert all(design.power_two_proportions(0.75, 0.40, m, method="fisher") < 0.8 for m in range(20, n))


def test_simulated_power_under_fisher_at_the_recommended_n_reaches_the_target():
    n = int(design.n_two_proportions(0.75, 0.40, method="fisher"))
    sims = design.simulate_rct_proportions(0.75, 0.40, n, 100_000, np.random.default_rng(8), test="fisher")
    exact = design.power_two_proportions(0.75, 0.40, n, method="fisher")
    assert sims["significant"].mean() >= 0.8
    assert sims["significant"].mean() == pytest.approx(exact, abs=4 * math.sqrt(exact * (1 - exact) / 100_000))


def test_the_continuity_corrected_size_is_fleiss_tytun_ury_applied_to_the_pooled_size():
    n = design.n_two_proportions(0.50, 0.75, power=0.90, method="pooled")
    corrected = design.n_two_proportions(0.50, 0.75, power=0.90, method="continuity")
    assert corrected == pytest.approx(n / 4 * (1 + math.sqrt(1 + 4 / (n * 0.25))) ** 2)
    assert math.ceil(corrected) == 85
    assert design.power_two_proportions(0.50, 0.75, corrected, method="continuity") == pytest.approx(0.90, abs=1e-9)


def _hmisc_ftupwr(p1, p2, n, alpha=0.05):
    """Hmisc ftupwr (Fleiss, Tytun & Ury 1980, formula 6), equal groups, as published in R."""
    from scipy.stats import norm

    delta, pbar = abs(p2 - p1), (p1 + p2) / 2
    num = math.sqrt(delta**2 * n - 2 * delta) - norm.isf(alpha / 2) * math.sqrt(2 * pbar * (1 - pbar))
    return norm.cdf(num / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))


@pytest.mark.parametrize("p1, p2, n", [(0.50, 0.75, 85), (0.75, 0.40, 36), (0.54, 0.37, 146)])
def test_continuity_corrected_power_agrees_with_hmisc_ftupwr(p1, p2, n):
    assert design.power_two_proportions(p1, p2, n, method="continuity") == pytest.approx(_hmisc_ftupwr(p1, p2, n), abs=0.01)


@pytest.mark.parametrize("method", ["pooled", "continuity"])
def test_with_equal_rates_the_normal_approximations_give_half_of_alpha_not_an_error(method):
    # R: power.prop.test(n = 40, p1 = 0.4, p2 = 0.4)$power is 0.025 (strict = FALSE counts one tail).
    assert design.power_two_proportions(0.4, 0.4, 40, method=method) == pytest.approx(0.025, abs=1e-12)
    assert design.power_two_proportions(0.4, 0.4, 40, alpha=0.01, method=method) == pytest.approx(0.005, abs=1e-12)


def test_with_equal_rates_exact_and_arcsine_power_are_at_most_alpha():
    assert design.power_two_proportions(0.4, 0.4, 40, method="fisher") <= 0.05
    assert design.power_two_proportions(0.4, 0.4, 40, method="arcsine") == pytest.approx(0.05, abs=1e-12)


def test_sizes_by_method_show_which_approximations_fall_short_under_fisher():
    table = design.sizes_by_method(0.75, 0.40)
    assert table["n_per_arm"].to_dict() == {"arcsine": 30, "pooled": 31, "continuity": 36, "fisher": 37}
    assert (table.loc[["arcsine", "pooled", "continuity"], "power_under_fisher"] < 0.8).all()
    assert table.loc["fisher", "power_under_fisher"] >= 0.8


def test_simulated_fisher_trials_under_no_difference_reject_at_most_alpha():
    sims = design.simulate_rct_proportions(0.4, 0.4, 40, 20_000, np.random.default_rng(2), test="fisher")
    assert sims["significant"].mean() <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / 20_000)


def test_mapp2_dropout_of_1_in_53_vs_9_in_51_is_unlikely_by_chance():
    attrition = design.compare_attrition(1, 53, 9, 51)
    assert attrition["fisher_p"] == pytest.approx(0.0074, abs=5e-5)
    assert attrition["rate_control"] - attrition["rate_drug"] == pytest.approx(9 / 51 - 1 / 53)
    with pytest.raises(ReappraiseError, match="lost_drug"):
        design.compare_attrition(54, 53, 9, 51)
