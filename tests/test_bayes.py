"""Specification of reappraise.stats.bayes: Beta-binomial posteriors and Bayes factors.

Closed forms: with a Beta(a, b) prior and k successes in n, the posterior is
Beta(a + k, b + n - k) (e.g. Gelman et al., Bayesian Data Analysis, 3rd ed., section 2.4);
the Bayes factor of "rate ~ Beta(a, b)" against "rate = p" is the beta-binomial
probability of k over the binomial probability of k (Jeffreys; pingouin documents the
worked example 115 of 200 against p = 0.5: BF10 = 0.835, and 1.930 with a Beta(5, 4)).
"""

import math

import pytest
from scipy import integrate, special, stats

from reappraise.stats import bayes
from reappraise.errors import ReappraiseError


def test_prior_from_mean_returns_shapes_with_that_mean_and_weight():
    assert bayes.prior_from_mean(0.375, 8) == (3.0, 5.0)


@pytest.mark.parametrize("mean, weight", [(0, 10), (1, 10), (0.5, 0), (0.5, -1)])
def test_prior_from_mean_rejects_a_mean_outside_0_1_or_a_non_positive_weight(mean, weight):
    with pytest.raises(ReappraiseError):
        bayes.prior_from_mean(mean, weight)


def test_named_priors_are_flat_jeffreys_sceptical_at_37_5_and_enthusiastic_at_75_percent():
    assert bayes.PRIORS["flat"] == (1.0, 1.0)
    assert bayes.PRIORS["jeffreys"] == (0.5, 0.5)
    a, b = bayes.PRIORS["sceptical"]
    assert (a / (a + b), a + b) == pytest.approx((0.375, 20))
    a, b = bayes.PRIORS["enthusiastic"]
    assert (a / (a + b), a + b) == pytest.approx((0.75, 20))


def test_resolve_prior_accepts_a_name_or_a_pair_and_rejects_anything_else():
    assert bayes.resolve_prior("flat") == (1.0, 1.0)
    assert bayes.resolve_prior((2, 3)) == (2.0, 3.0)
    for bad in ("optimistic", (0, 1), (1,), None):
        with pytest.raises(ReappraiseError, match="prior"):
            bayes.resolve_prior(bad)


def test_the_posterior_is_beta_a_plus_k_b_plus_n_minus_k():
    post = bayes.beta_posterior(9, 12, (2, 3))
    assert post.args == (11, 6)
    assert bayes.beta_posterior(9, 12, "flat").mean() == pytest.approx(10 / 14)


def test_bad_counts_are_rejected_before_any_posterior():
    with pytest.raises(ReappraiseError, match="k"):
        bayes.beta_posterior(13, 12)


def test_prob_exceeds_is_the_regularised_incomplete_beta_tail():
    # P(theta > t) for Beta(10, 4) is 1 - I_t(10, 4)
    assert bayes.prob_exceeds(9, 12, 0.4) == pytest.approx(1 - special.betainc(10, 4, 0.4), rel=1e-12)


def test_prob_exceeds_rejects_a_threshold_outside_0_1():
    with pytest.raises(ReappraiseError, match="threshold"):
        bayes.prob_exceeds(9, 12, 1.0)


def test_the_credible_interval_is_equal_tailed():
    low, high = bayes.credible_interval(9, 12, "flat", 0.9)
    assert stats.beta(10, 4).cdf(low) == pytest.approx(0.05)
    assert stats.beta(10, 4).sf(high) == pytest.approx(0.05)


def test_a_jeffreys_posterior_interval_equals_the_jeffreys_confidence_interval():
    from reappraise.stats import proportions

    assert bayes.credible_interval(9, 12, "jeffreys") == pytest.approx(proportions.proportion_ci(9, 12, "jeffreys"))


def test_the_bayes_factor_reproduces_pingouins_published_examples():
    assert bayes.bayes_factor_binom(115, 200, 0.5) == pytest.approx(0.835, abs=5e-4)
    assert bayes.bayes_factor_binom(115, 200, 0.5, (5, 4)) == pytest.approx(1.930, abs=5e-4)


def test_the_bayes_factor_is_a_ratio_of_beta_functions_to_the_point_likelihood():
    k, n, p, a, b = 9, 12, 0.375, 1.0, 1.0
    closed = math.exp(special.betaln(a + k, b + n - k) - special.betaln(a, b)) / (p**k * (1 - p) ** (n - k))
    assert bayes.bayes_factor_binom(k, n, p) == pytest.approx(closed, rel=1e-10)


def test_the_one_sided_bayes_factor_equals_direct_integration_over_rates_above_p():
    k, n, p = 9, 12, 0.4
    a, b = bayes.PRIORS["sceptical"]
    prior = stats.beta(a, b)
    marginal = integrate.quad(lambda t: stats.binom.pmf(k, n, t) * prior.pdf(t), p, 1)[0] / prior.sf(p)
    assert bayes.bayes_factor_exceeds(k, n, p, "sceptical") == pytest.approx(marginal / stats.binom.pmf(k, n, p), rel=1e-7)


def test_posterior_table_has_one_row_per_prior_and_one_tail_column_per_threshold():
    table = bayes.posterior_table(9, 12, ["flat", "sceptical"], {"35%": 0.35, "MAPP": 0.62})
    assert list(table.index) == ["flat", "sceptical"]
    assert table.loc["flat", "P(> 35%)"] == pytest.approx(bayes.prob_exceeds(9, 12, 0.35))
    assert table.loc["sceptical", "posterior_mean"] == pytest.approx((7.5 + 9) / (20 + 12))
    assert (table["cri_low"] < table["posterior_mean"]).all() and (table["posterior_mean"] < table["cri_high"]).all()
