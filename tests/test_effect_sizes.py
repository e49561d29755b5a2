"""Standardised mean differences from summary statistics.

Worked example: Borenstein M, Hedges LV, Higgins JPT, Rothstein HR. Introduction to
Meta-Analysis. Wiley 2009, chapter 4: means 103 and 100, SDs 5.5 and 4.5, n = 50 each give
S_within = 5.0249, d = 0.5970 (V = 0.0418, SE = 0.2044), J = 0.9923, g = 0.5924
(V = 0.0411, SE = 0.2028). Formulas from Hedges & Olkin (1985).

The exact small-sample correction is checked against Hedges LV (1981), J Educ Stat 6:107-128,
Table 2 (c(m) for m = 2, 3, 4, 50: 0.5642, 0.7236, 0.7979, 0.9849; the first three in closed form); 2x2 tables against Borenstein 2009,
chapter 5 (5/100 vs 10/100: log RR -0.6931, V 0.2800) and chapter 7 (d = log OR x 0.5513).
Agreement with metafor's escalc is in test_metafor_oracle.py, with Metapsy in test_trials.py.
"""

import math

import pytest

from reappraise.stats.effect_sizes import (cohens_d, hedges_g, log_risk_ratio, logit_d, pooled_sd, small_sample_correction,
                                           smd_ci)
from reappraise.errors import ReappraiseError

EXAMPLE = (103, 5.5, 50, 100, 4.5, 50)


def test_pooled_sd_matches_borenstein_2009():
    assert pooled_sd(5.5, 50, 4.5, 50) == pytest.approx(5.0249, abs=5e-5)


def test_cohens_d_and_its_standard_error_match_borenstein_2009():
    d, se = cohens_d(*EXAMPLE)
    assert d == pytest.approx(0.5970, abs=5e-5)
    assert se**2 == pytest.approx(0.0418, abs=5e-5)
    assert se == pytest.approx(0.2044, abs=5e-5)


def test_hedges_g_and_its_standard_error_match_borenstein_2009_under_the_books_convention():
    g, se = hedges_g(*EXAMPLE, correction="approximate", variance="borenstein")
    assert g == pytest.approx(0.5924, abs=5e-5)
    assert se**2 == pytest.approx(0.0411, abs=5e-5)
    assert se == pytest.approx(0.2028, abs=5e-5)


def test_the_exact_correction_matches_hedges_1981_and_the_approximation_is_close():
    assert small_sample_correction(2) == pytest.approx(1 / math.sqrt(math.pi))  # 0.5642
    assert small_sample_correction(3) == pytest.approx(math.sqrt(math.pi) / (2 * math.sqrt(1.5)))  # 0.7236
    assert small_sample_correction(4) == pytest.approx(math.sqrt(2 / math.pi))  # 0.7979
    assert small_sample_correction(50) == pytest.approx(0.9849, abs=5e-5)
    assert small_sample_correction(98, "approximate") == pytest.approx(small_sample_correction(98), abs=1e-5)


def test_the_default_is_metafors_large_sample_variance_of_g():
    g, se = hedges_g(*EXAMPLE)
    assert g == pytest.approx(0.9923240874 * 0.5970, abs=5e-5)
    assert se**2 == pytest.approx(1 / 50 + 1 / 50 + g**2 / 200)


def test_the_variance_conventions_differ_only_in_the_standard_error():
    results = {v: hedges_g(*EXAMPLE, variance=v) for v in ("large-sample", "borenstein", "unbiased", "esc")}
    assert len({round(g, 12) for g, _ in results.values()}) == 1
    d, se_d = cohens_d(*EXAMPLE)
    assert results["esc"][1] == pytest.approx(se_d)  # the variance of d, left unscaled
    assert results["borenstein"][1] == pytest.approx(small_sample_correction(98) * se_d)
    assert results["borenstein"][1] < results["large-sample"][1] < results["esc"][1] < results["unbiased"][1]


def test_metapsys_mapp1_week_18_value_needs_the_esc_convention():
    """The issue's example: Metapsy prints SE 0.2338 for MAPP1 week 18 (42 vs 37 participants)."""
    args = (19.6, 13.609555, 42, 29.9, 12.773801, 37)
    assert hedges_g(*args, correction="approximate", variance="esc")[1] == pytest.approx(0.233828, abs=5e-7)
    assert hedges_g(*args)[1] == pytest.approx(0.2337, abs=5e-5)
    assert hedges_g(*args, correction="approximate", variance="borenstein")[1] == pytest.approx(0.2315, abs=5e-5)


def test_log_risk_ratio_matches_borenstein_2009_chapter_5():
    log_rr, se = log_risk_ratio(5, 100, 10, 100)
    assert log_rr == pytest.approx(-0.6931, abs=5e-5)
    assert se**2 == pytest.approx(0.2800, abs=5e-5)


def test_the_zero_cell_rule_is_a_parameter():
    assert log_risk_ratio(4, 8, 0, 4) == pytest.approx((math.log((4.5 / 9) / (0.5 / 5)), math.sqrt(1 / 4.5 - 1 / 9 + 2 - 1 / 5)))
    assert log_risk_ratio(28, 42, 12, 37) == log_risk_ratio(28, 42, 12, 37, zero_cells="none")
    assert log_risk_ratio(28, 42, 12, 37, zero_cells="all") != log_risk_ratio(28, 42, 12, 37)
    with pytest.raises(ReappraiseError, match="no events"):
        log_risk_ratio(4, 8, 0, 4, zero_cells="none")


def test_logit_d_is_the_log_odds_ratio_times_sqrt3_over_pi():
    d, se = logit_d(37, 42, 23, 37)
    log_or = math.log(37 * 14 / (5 * 23))
    assert d == pytest.approx(log_or * 0.5513, abs=1e-4)  # Borenstein 2009, eq. 7.1
    assert se**2 == pytest.approx((1 / 37 + 1 / 5 + 1 / 23 + 1 / 14) * 3 / math.pi**2)
    assert logit_d(37, 42, 23, 37, correction="approximate")[0] == pytest.approx(d * (1 - 3 / (4 * 77 - 1)))


@pytest.mark.parametrize("args, message", [
    ((5, 4, 1, 4), "e1 must be <= n1"),
    ((1, 4, 5, 4), "e2 must be <= n2"),
    ((1, 0, 1, 4), "n1 must be a whole number >= 1"),
    ((-1, 4, 1, 4), "e1 must be a whole number"),
])
def test_bad_two_by_two_tables_raise_an_error_naming_the_argument(args, message):
    with pytest.raises(ReappraiseError, match=message):
        log_risk_ratio(*args)


def test_g_is_smaller_than_d_and_the_correction_vanishes_with_large_samples():
    g, _ = hedges_g(*EXAMPLE)
    assert abs(g) < abs(cohens_d(*EXAMPLE)[0])
    big_g, _ = hedges_g(103, 5.5, 5000, 100, 4.5, 5000)
    assert big_g == pytest.approx(cohens_d(103, 5.5, 5000, 100, 4.5, 5000)[0], rel=1e-3)


def test_swapping_groups_negates_g_and_keeps_its_standard_error():
    g, se = hedges_g(*EXAMPLE)
    g2, se2 = hedges_g(*EXAMPLE[3:], *EXAMPLE[:3])
    assert g2 == pytest.approx(-g) and se2 == pytest.approx(se)


def test_the_interval_is_estimate_plus_or_minus_z_times_se():
    low, high = smd_ci(0.5924, 0.2028)
    assert low == pytest.approx(0.5924 - 1.959964 * 0.2028, abs=1e-6)
    assert high == pytest.approx(0.5924 + 1.959964 * 0.2028, abs=1e-6)
    assert low < 0.5924 < high


@pytest.mark.parametrize("args, message", [
    ((103, 0, 50, 100, 4.5, 50), "sd1 must be greater than 0"),
    ((103, 5.5, 1, 100, 4.5, 50), "n1 must be a whole number >= 2"),
    ((103, 5.5, 50, 100, 4.5, 50.5), "n2 must be a whole number"),
    ((math.nan, 5.5, 50, 100, 4.5, 50), "m1 must be a finite number"),
    (("103", 5.5, 50, 100, 4.5, 50), "m1 must be a finite number"),
])
def test_bad_summary_statistics_raise_an_error_naming_the_argument(args, message):
    with pytest.raises(ReappraiseError, match=message):
        hedges_g(*args)


def test_unknown_conventions_are_refused_by_name():
    with pytest.raises(ReappraiseError, match="variance must be one of large-sample, borenstein, unbiased, esc"):
        hedges_g(*EXAMPLE, variance="hedges")
    with pytest.raises(ReappraiseError, match="correction must be one of exact, approximate"):
        hedges_g(*EXAMPLE, correction="rough")
    with pytest.raises(ReappraiseError, match="zero_cells must be one of"):
        log_risk_ratio(1, 4, 1, 4, zero_cells="exclude")


def test_a_bad_confidence_or_se_raises():
    with pytest.raises(ReappraiseError, match="confidence"):
        smd_ci(0.5, 0.2, confidence=1.5)
    with pytest.raises(ReappraiseError, match="se must be greater than 0"):
        smd_ci(0.5, -0.2)
