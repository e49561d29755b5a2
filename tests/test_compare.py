"""Comparing two proportions: risk difference, ratios, Fisher p, NNT and the fragility index.

Published vectors:
- Newcombe RG. Interval estimation for the difference between independent proportions:
  comparison of eleven methods. Stat Med 1998;17:873-890, Table II, method 10 (hybrid
  score, no continuity correction). statsmodels' score interval for a difference has an
  open bug (statsmodels issue 10269), so the intervals are tested against the paper.
- Altman DG. Confidence intervals for the number needed to treat. BMJ 1998;317:1309-1312:
  an ARR of 10% with interval -5% to 25% is reported as NNTB 10 (NNTB 4 to ∞ to NNTH 20).
- Walsh M et al. J Clin Epidemiol 2014;67:622-628, with the worked example of the
  fragilityindex R package README: 15/40 vs 6/40, Fisher p = 0.0406, index 1; 15/40 vs
  7/40 gives p = 0.0784.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import (NNTInterval, compare_proportions, fisher_p, fragility_index,
                                    fragility_quotient, ratio_estimates)


@pytest.mark.parametrize("k1, n1, k2, n2, low, high", [
    (56, 70, 48, 80, 0.0524, 0.3339),   # Newcombe 1998 Table II (a)
    (9, 10, 3, 10, 0.1705, 0.8090),     # (b)
    (5, 56, 0, 29, -0.0381, 0.1926),    # (d)
    (0, 10, 0, 20, -0.1611, 0.2775),    # (e)
    (0, 10, 0, 10, -0.2775, 0.2775),    # (f)
    (10, 10, 0, 20, 0.6791, 1.0000),    # (g)
    (10, 10, 0, 10, 0.6075, 1.0000),    # (h)
])
def test_risk_difference_interval_matches_newcombe_1998_method_10(k1, n1, k2, n2, low, high):
    rd_low, rd_high = compare_proportions(k1, n1, k2, n2).rd_ci
    assert rd_low == pytest.approx(low, abs=5e-5)
    assert rd_high == pytest.approx(high, abs=5e-5)


def test_a_crossing_interval_reads_nntb_to_infinity_to_nnth_as_in_altman_1998():
    interval = NNTInterval(-0.05, 0.25)
    assert interval.crosses_zero
    assert interval.nntb == (pytest.approx(4.0), math.inf)
    assert interval.nnth == (pytest.approx(20.0), math.inf)
    assert str(interval) == "NNTB 4.0 to ∞ to NNTH 20.0"


def test_an_interval_wholly_on_the_benefit_side_inverts_and_swaps_its_limits():
    interval = NNTInterval(0.05, 0.25)
    assert not interval.crosses_zero and interval.nnth is None
    assert str(interval) == "NNTB 4.0 to 20.0"


def test_an_interval_wholly_on_the_harm_side_is_reported_as_nnth_never_as_a_negative_nnt():
    assert str(NNTInterval(-0.25, -0.05)) == "NNTH 4.0 to 20.0"


def test_an_interval_touching_zero_reaches_infinity_on_one_side_only():
    assert str(NNTInterval(0.0, 0.25)) == "NNTB 4.0 to ∞"


def test_the_comparison_reports_nnt_with_its_label_and_interval():
    c = compare_proportions(56, 70, 48, 80)
    assert c.nnt == pytest.approx(5.0)
    assert c.nnt_label == "NNTB"
    assert c.nnt_text == "NNTB 5.0 (95% CI NNTB 3.0 to 19.1)"


def test_a_non_significant_difference_gives_an_nnt_interval_through_infinity():
    c = compare_proportions(5, 53, 2, 51)
    assert c.rd_ci[0] < 0 < c.rd_ci[1]
    assert c.nnt_ci.crosses_zero
    assert "to ∞ to NNTH" in c.nnt_text


def test_when_events_are_harms_a_higher_rate_on_treatment_is_an_nnt_to_harm():
    c = compare_proportions(5, 53, 2, 51, higher_is_better=False)
    assert c.nnt_label == "NNTH"
    assert str(c.nnt_ci) == f"NNTB {1 / -c.rd_ci[0]:.1f} to ∞ to NNTH {1 / c.rd_ci[1]:.1f}"


def test_equal_proportions_have_an_infinite_nnt():
    c = compare_proportions(5, 10, 10, 20)
    assert c.risk_difference == 0 and math.isinf(c.nnt) and c.nnt_label == "NNT"


def test_risk_and_odds_ratios_use_katz_and_woolf_log_intervals():
    c = compare_proportions(56, 70, 48, 80)
    se_rr = math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80)
    se_or = math.sqrt(1 / 56 + 1 / 14 + 1 / 48 + 1 / 32)
    assert c.risk_ratio == pytest.approx((56 / 70) / (48 / 80))
    assert c.rr_ci[0] == pytest.approx(c.risk_ratio * math.exp(-1.959964 * se_rr), rel=1e-6)
    assert c.odds_ratio == pytest.approx(56 * 32 / (14 * 48))
    assert c.or_ci[1] == pytest.approx(c.odds_ratio * math.exp(1.959964 * se_or), rel=1e-6)
    assert not c.zero_corrected


def test_a_small_but_nonzero_count_such_as_2_of_37_needs_no_correction():
    assert not compare_proportions(14, 42, 2, 37).zero_corrected


def test_a_zero_cell_adds_one_half_to_every_cell_of_the_table():
    r = ratio_estimates(0, 4, 1, 6)
    assert r["zero_corrected"]
    assert r["rr"] == pytest.approx((0.5 / 5) / (1.5 / 7))
    assert r["or"] == pytest.approx((0.5 * 5.5) / (4.5 * 1.5))


def test_ratios_are_not_estimable_when_both_arms_have_no_events_or_only_events():
    for counts in [(0, 8, 0, 4), (8, 8, 4, 4)]:
        r = ratio_estimates(*counts)
        assert math.isnan(r["rr"]) and math.isnan(r["or"]) and math.isnan(r["rr_ci"][0])


def test_fisher_p_and_fragility_index_match_the_fragilityindex_readme():
    assert fisher_p(15, 40, 6, 40) == pytest.approx(0.04060921, abs=1e-8)
    assert fisher_p(15, 40, 7, 40) == pytest.approx(0.07836101, abs=1e-8)
    assert fragility_index(15, 40, 6, 40) == 1


def test_the_fragility_index_adds_events_to_the_arm_with_fewer_events_whichever_arm_that_is():
    assert fisher_p(15, 40, 5, 40) == pytest.approx(0.01877238, abs=1e-8)
    assert fragility_index(15, 40, 5, 40) == 2
    assert fragility_index(5, 40, 15, 40) == 2


def test_the_fragility_quotient_divides_the_index_by_the_total_sample():
    assert fragility_quotient(15, 40, 5, 40) == pytest.approx(2 / 80)


def test_a_non_significant_result_has_fragility_index_zero():
    assert fragility_index(5, 53, 2, 51) == 0


def test_the_fragility_index_is_undefined_when_the_smaller_arm_holds_the_higher_rate():
    with pytest.raises(ReappraiseError, match="fragility index undefined"):
        fragility_index(9, 10, 20, 100)


@pytest.mark.parametrize("args, message", [
    ((5, 4, 1, 4), "k1 must be between 0 and n1"),
    ((1, 4, -1, 4), "k2 must be a whole number"),
    ((1, 0, 1, 4), "n1 must be a whole number >= 1"),
    ((1.5, 4, 1, 4), "k1 must be a whole number"),
])
def test_bad_counts_raise_an_error_naming_the_argument(args, message):
    with pytest.raises(ReappraiseError, match=message):
        compare_proportions(*args)


def test_bad_confidence_alpha_and_direction_raise():
    with pytest.raises(ReappraiseError, match="confidence"):
        compare_proportions(1, 4, 1, 4, confidence=95)
    with pytest.raises(ReappraiseError, match="alpha"):
        fragility_index(1, 4, 1, 4, alpha=0)
    with pytest.raises(ReappraiseError, match="higher_is_better"):
        compare_proportions(1, 4, 1, 4, higher_is_better="yes")


arms = st.integers(1, 60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=60, deadline=None)
@given(arms, arms)
def test_swapping_arms_negates_the_difference_and_inverts_the_ratios(arm1, arm2):
    a, b = compare_proportions(*arm1, *arm2), compare_proportions(*arm2, *arm1)
    assert b.risk_difference == pytest.approx(-a.risk_difference)
    assert b.rd_ci[0] == pytest.approx(-a.rd_ci[1]) and b.rd_ci[1] == pytest.approx(-a.rd_ci[0])
    assert b.fisher_p == pytest.approx(a.fisher_p)
    if not math.isnan(a.risk_ratio):
        assert b.risk_ratio == pytest.approx(1 / a.risk_ratio)
        assert b.odds_ratio == pytest.approx(1 / a.odds_ratio)


@settings(max_examples=60, deadline=None)
@given(arms, arms)
def test_every_interval_contains_its_estimate(arm1, arm2):
    c = compare_proportions(*arm1, *arm2)
    assert c.rd_ci[0] <= c.risk_difference <= c.rd_ci[1]
    if not math.isnan(c.risk_ratio):
        assert c.rr_ci[0] <= c.risk_ratio <= c.rr_ci[1]
        assert c.or_ci[0] <= c.odds_ratio <= c.or_ci[1]


@settings(max_examples=60, deadline=None)
@given(arms, arms, st.sampled_from([0.01, 0.05, 0.1]))
def test_the_fragility_index_is_zero_exactly_when_p_is_at_least_alpha(arm1, arm2, alpha):
    p = fisher_p(*arm1, *arm2)
    try:
        index = fragility_index(*arm1, *arm2, alpha=alpha)
    except ReappraiseError:
        assert p < alpha
        return
    assert (index == 0) == (p >= alpha)


def test_a_text_row_reads_counts_differences_in_points_and_the_nnt_interval():
    row = compare_proportions(56, 70, 48, 80).text_row()
    assert row["arm 1"] == "56/70 (80%)" and row["arm 2"] == "48/80 (60%)"
    assert row["RD, points (95% CI)"] == "+20.0 (+5.2 to +33.4)"
    assert row["NNT"] == "NNTB 5.0 (NNTB 3.0 to 19.1)"


def test_the_comparison_table_has_one_row_per_named_comparison_and_draws_as_a_forest():
    import matplotlib.pyplot as plt

    from reappraise.stats.proportions import comparison_table, plot_forest

    table = comparison_table({"a": compare_proportions(56, 70, 48, 80), "b": compare_proportions(0, 8, 0, 4)})
    assert list(table.index) == ["a", "b"] and table.loc["a", "RD"] == pytest.approx(0.2)
    fig, (ax1, ax2) = plt.subplots(1, 2)
    plot_forest(ax1, ax2, table)
    assert [t.get_text() for t in ax1.get_yticklabels()] == ["a", "b"]
    plt.close(fig)
