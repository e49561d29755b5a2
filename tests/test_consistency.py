"""Consistency checks of printed statistics: GRIM, GRIMMER, DEBIT and recomputation checks.

Published test vectors come from the R package scrutiny (Jung; tests/testthat/test-grim.R,
test-grimmer.R, test-debit.R) and from statcheck (Nuijten et al. 2016, Behav Res Methods
48:1205-1226; tests/testthat/test-error.R and test-decisionerror.R). The Kvam 2025
numbers are from the BJP abstract (doi:10.1192/bjp.2025.10320), via the ledger.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from reappraise.stats import consistency

from reappraise.stats.consistency import (
    Verdict, ci_from_se, ci_symmetric, debit, decimals_of, grim, grim_percent, grimmer, implied_confidence, mean_totals,
    p_from_estimate, p_value, parse_p, percent_numerators, percent_pairs, rounds_to, sd_from_se,
    sd_range_from_se, signed_rank_null, signed_rank_p, whole_number,
)
from reappraise.errors import ReappraiseError
from reappraise.stats.reconstruct import enumerate_samples


# --- the helpers the ledger loader relies on ---------------------------------------------

def test_whole_number_accepts_ints_and_rejects_floats_bools_and_small_values():
    assert whole_number(12, "n") == 12
    assert whole_number(np.int64(3), "n", minimum=1) == 3
    for bad in (1.5, True, -1, "12"):
        with pytest.raises(ReappraiseError, match="n must be a whole number"):
            whole_number(bad, "n")


def test_decimals_of_counts_trailing_zeros_as_printed():
    assert [decimals_of(x) for x in ("9.4%", "67%", "0.50", "−19.3", "~48%")] == [1, 0, 2, 1, 0]


def test_rounds_to_accepts_either_direction_at_an_exact_half():
    assert rounds_to(62.5, 63, 0) and rounds_to(62.5, 62, 0) and rounds_to(66.666, 67, 0)
    assert not rounds_to(62.51, 62, 0)


def test_percent_numerators_and_pairs_find_every_whole_count():
    assert percent_numerators("67%", 42) == [28]
    assert percent_numerators("32", 37) == [12]
    assert percent_numerators("50%", 3) == []
    assert percent_pairs("75%", 1, 12) == [(3, 4), (6, 8), (9, 12)]


# --- GRIM ---------------------------------------------------------------------------------

def test_grim_matches_scrutinys_basic_vector_for_n_28():
    """scrutiny test-grim.R: 5.19 to 5.30 with n = 28."""
    means = [f"{5.19 + i / 100:.2f}" for i in range(12)]
    expected = [False, False, True, False, False, False, True, False, False, False, True, False]
    assert [bool(grim(m, 28)) for m in means] == expected


@pytest.mark.parametrize("start, step, n, items, expected", [
    (0.150, 0.001, 120, 3, [True, False, False, True, False, False, True, False, True, False]),
    (0.80, 0.01, 28, 2, [True, False, True, False, True, False, True, True, True, True]),
])
def test_grim_matches_scrutinys_vectors_for_multi_item_scales(start, step, n, items, expected):
    """scrutiny test-grim.R, the `items` argument."""
    decimals = decimals_of(f"{step}")
    means = [f"{start + i * step:.{decimals}f}" for i in range(10)]
    assert [bool(grim(m, n, items)) for m in means] == expected


def test_grim_of_519_with_28_is_inconsistent_and_says_why():
    verdict = grim("5.19", 28)
    assert not verdict and verdict.label == "inconsistent"
    assert "145/28" in verdict.explain() and "146/28" in str(verdict)
    assert "\n" not in verdict.explain()


def test_grim_is_uninformative_when_n_reaches_ten_to_the_decimals():
    verdict = grim("29.6", 12)
    assert verdict and not verdict.informative
    assert verdict.label == "consistent (uninformative)"
    assert verdict.values["totals"] == [355]


def test_grim_accepts_a_total_exactly_at_the_rounding_boundary():
    # −231/12 = −19.25 exactly: printed −19.3 under rounding half away from zero.
    assert mean_totals("−19.3", 12) == [-232, -231]


def test_trailing_zeros_make_grim_stricter():
    # 8/3 = 2.667 is printed 2.7 at one decimal but 2.67 at two: '2.70' is impossible.
    assert grim("2.7", 3) and not grim("2.70", 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=40), st.integers(0, 3), st.randoms())
def test_the_mean_of_any_whole_number_sample_passes_grim_in_any_order(sample, decimals, random):
    mean = f"{np.mean(sample):.{decimals}f}"
    shuffled = sample[:]
    random.shuffle(shuffled)
    assert grim(mean, len(sample))
    assert grim(f"{np.mean(shuffled):.{decimals}f}", len(shuffled)) == grim(mean, len(sample))


@settings(max_examples=60, deadline=None)
@given(st.integers(-9999, 9999), st.integers(1, 3), st.integers(1, 60))
def test_grim_gives_the_same_verdict_however_the_same_value_is_written(units, decimals, n):
    text = f"{units / 10 ** decimals:.{decimals}f}"
    variants = {text, " " + text + " ", text.replace("-", "−"), ("+" + text) if units >= 0 else text,
                ("0" + text) if units >= 0 else text}
    verdicts = {bool(grim(v, n)) for v in variants}
    assert len(verdicts) == 1


# --- GRIMMER ------------------------------------------------------------------------------

def test_grimmer_matches_scrutinys_published_pair():
    """scrutiny test-grimmer.R (examples carried over from rsprite2)."""
    assert grimmer("5.21", "1.6", 28)
    assert not grimmer("3.44", "2.47", 18)


def test_grimmer_names_the_failing_step():
    assert "parity" in grimmer("3.44", "2.47", 18).evidence
    assert "fails GRIM" in grimmer("5.19", "1.6", 28).evidence


def test_grimmer_passes_every_real_sample_at_its_own_rounding():
    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(2, 30))
        x = rng.integers(0, 20, size=n)
        assert grimmer(f"{x.mean():.2f}", f"{x.std(ddof=1):.2f}", n), (x.mean(), x.std(ddof=1), n)


def test_grimmer_rejects_the_two_decimal_sd_490_for_the_norwegian_baseline():
    # 12 scores with mean 29.6 sum to 355 (odd); an SD of exactly 4.895-4.905 needs a sum of
    # squares of 10766 (even): so '4.90' would be impossible, while the printed '4.9' is fine.
    assert grimmer("29.6", "4.9", 12)
    assert not grimmer("29.6", "4.90", 12)


# --- exact GRIMMER: the integer bounds and small-case enumeration -------------------------

@pytest.mark.parametrize("mean, sd, n, smallest", [
    # Impossible summaries the analytic test alone passed: every SD is below the smallest
    # whole-number scores can have (scores as equal as they can be).
    ("1.5", "0.00", 8, 0.535),   # 12 over 8: four 2s and four 1s
    ("1.44", "0.17", 9, 0.527),  # 13 over 9: four 2s and five 1s
    ("5.2", "0.3", 23, 0.388),
    ("4.73", "0.1", 22, 0.456),
])
def test_grimmer_rejects_an_sd_below_the_integer_minimum(mean, sd, n, smallest):
    verdict = grimmer(mean, sd, n)
    assert not verdict and verdict.label == "inconsistent"
    assert "below the smallest" in verdict.evidence
    assert verdict.values["sd_min"] == pytest.approx(smallest, abs=1e-3)


@pytest.mark.parametrize("mean, sd, n", [("7.00", "2.2", 3), ("4.5", "1.5", 4)])
def test_grimmer_rejects_the_tiny_n_gaps_by_enumeration(mean, sd, n):
    """Bounds and parity allow a sum of squares that no 3 (or 4) whole numbers have."""
    verdict = grimmer(mean, sd, n)
    assert not verdict and verdict.values["method"] == "enumeration"
    assert "cannot be made" in verdict.evidence
    assert enumerate_samples(mean, sd, n, -20, 30) == []


def test_min_and_max_sums_of_squares_follow_the_most_equal_and_most_spread_scores():
    assert consistency.min_sum_of_squares(13, 9) == 4 * 2 ** 2 + 5 * 1 ** 2
    assert consistency.min_sum_of_squares(-7, 3) == 2 * 2 ** 2 + 1 * 3 ** 2   # -2, -2, -3
    assert consistency.max_sum_of_squares(21, 5, 1, 7) == 7 ** 2 + 7 ** 2 + 5 ** 2 + 1 + 1
    assert consistency.max_sum_of_squares(35, 5, 1, 7) == 5 * 7 ** 2
    with pytest.raises(ReappraiseError, match="total must lie between"):
        consistency.max_sum_of_squares(36, 5, 1, 7)


def test_sd_limits_match_rsprite2s_published_values():
    """rsprite2 tests/testthat/test-core-and-plot-functions.R, `.sd_limits` (rounded to sd_prec = 2)."""
    low, high = consistency.sd_limits("4.2", 5, 1, 7)
    assert (round(low, 2), round(high, 2)) == (0.45, 3.03)
    low, high = consistency.sd_limits("4.2", 5, 1, 7, items=2)
    assert (round(low, 2), round(high, 2)) == (0.27, 3.03)
    assert consistency.sd_limits("1.00", 100, 1, 7) == (0.0, 0.0)
    assert consistency.sd_limits("4.2", 5)[1] == math.inf
    with pytest.raises(ReappraiseError, match="fails GRIM"):
        consistency.sd_limits("5.19", 28, 1, 7)


def test_grimmer_with_a_scale_rejects_an_sd_above_the_largest_the_scale_allows():
    verdict = grimmer("2.5", "1.2", 10, low=0, high=3)   # at most eight 3s, a 1 and a 0: SD 1.08
    assert not verdict and "above the largest" in verdict.evidence
    assert grimmer("2.5", "1.1", 10, low=0, high=3)
    assert not grimmer("8.0", "1.0", 10, low=1, high=7)  # no total on the scale


def test_grimmer_is_uninformative_only_when_every_sd_from_the_minimum_up_would_pass():
    kvam = grimmer("29.6", "4.9", 12)
    assert kvam.label == "consistent (uninformative)"
    assert "every SD from 0.515 upwards" in kvam.evidence
    # 100 scores with mean 5.20: an SD printed '0.2' (0.15-0.25) spans several sums of squares,
    # but all lie below the smallest possible (0.402): impossible, not "any SD is possible".
    assert not grimmer("5.20", "0.2", 100)
    # '0' (0-0.5) reaches the minimum: consistent, and informative, because smaller SDs fail.
    assert grimmer("5.2", "0", 23).label == "consistent"


def test_grimmer_keeps_its_positional_arguments():
    assert grimmer("5.21", "1.6", 28, 1) == grimmer("5.21", "1.6", 28, items=1, low=None, high=None)


_SMALL = st.tuples(st.integers(2, 8), st.integers(-2, 3), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2),
                   st.floats(0, 1), st.floats(0, 0.75))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_SMALL)
def test_grimmer_agrees_with_enumeration_on_every_small_case(case):
    """Exactness: GRIMMER on a scale finds a sample exactly when exhaustive enumeration does."""
    n, low, span, mean_decimals, sd_decimals, where, spread = case
    high = low + span
    mean = f"{low + where * span:.{mean_decimals}f}"
    sd = f"{spread * span:.{sd_decimals}f}"
    try:
        samples = enumerate_samples(mean, sd, n, low, high)
    except ReappraiseError:   # an SD no sample on the scale can reach
        samples = []
    assert bool(grimmer(mean, sd, n, low=low, high=high)) == bool(samples), (mean, sd, n, low, high)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(2, 6), st.floats(0, 4), st.floats(0, 1.6), st.integers(0, 2), st.integers(0, 2))
def test_grimmer_without_a_scale_agrees_with_enumeration_on_a_scale_wide_enough(n, centre, spread, md, sd_d):
    mean, sd = f"{centre:.{md}f}", f"{spread:.{sd_d}f}"
    reach = math.ceil((spread + 0.5) * math.sqrt(n)) + 1
    low, high = math.floor(centre) - reach, math.ceil(centre) + reach
    try:
        samples = enumerate_samples(mean, sd, n, low, high, limit=500_000)
    except ReappraiseError as error:
        assert "limit" not in str(error)
        samples = []
    assert bool(grimmer(mean, sd, n)) == bool(samples), (mean, sd, n)


def test_bounds_and_parity_alone_are_exact_from_five_scores_on_an_open_scale():
    """With n >= 5 every sum of squares of the right parity above the minimum can be made
    (checked here by enumeration for totals 0..3n and the first 40 sums of squares)."""
    for n in range(5, 9):
        for total in range(0, 3 * n):
            q_min = consistency.min_sum_of_squares(total, n)
            wanted = [q for q in range(q_min, q_min + 41) if q % 2 == total % 2]
            low, high = consistency._enumeration_range(total, n, wanted[-1], None)
            assert consistency._reachable_sums_of_squares(total, n, low, high, wanted) == wanted


# --- DEBIT --------------------------------------------------------------------------------

def test_debit_matches_scrutinys_published_vectors():
    """scrutiny test-debit.R: formula 'exact'."""
    assert not debit("0.05", "0.21", 20)
    assert debit("0.05", "0.22", 20)
    assert debit("0.50", "0.503", 100)
    # scrutiny passes 0 and 1 with digits = 2, i.e. as printed '0.00' and '1.00':
    assert debit("0.00", "0.00", 50) and debit("1.00", "0.00", 50)
    assert not debit("0.00", "0.50", 50) and not debit("1.00", "0.50", 50)


def test_debit_never_rejects_a_real_binary_sample():
    """The oracle in scrutiny's test-debit.R: every split into zeros and ones passes."""
    for n in (5, 8, 20, 37):
        for digits in (2, 3):
            for k in range(n + 1):
                sd = math.sqrt(k * (n - k) / (n * (n - 1)))
                assert debit(f"{k / n:.{digits}f}", f"{sd:.{digits}f}", n)


# --- GRIM for percentages -----------------------------------------------------------------

def test_grim_percent_reuses_percent_numerators():
    verdict = grim_percent("67%", 42)
    assert verdict and verdict.values["numerators"] == percent_numerators("67%", 42) == [28]
    assert not grim_percent("50%", 3)


# --- intervals ----------------------------------------------------------------------------

def test_the_norwegian_madrs_interval_fits_neither_a_normal_nor_a_t11_interval_with_se_24():
    """Kvam 2025: −19.3 (SE 2.4), 95% CI −14.8 to −23.8; ±1.96 × 2.4 gives −24.0 to −14.6."""
    verdict = ci_from_se("−19.3", "2.4", "−14.8", "−23.8", df=11)
    assert not verdict
    normal, t11 = verdict.values["normal"], verdict.values["t(11)"]
    assert (round(normal["se_low"], 2), round(normal["se_high"], 2)) == (2.27, 2.32)
    assert (round(t11["se_low"], 2), round(t11["se_high"], 2)) == (2.02, 2.07)
    low, high = verdict.values["implied_crit"]
    assert 1.81 < low < 1.83 and 1.93 < high < 1.94


def test_the_norwegian_sds_interval_fits_a_normal_interval():
    verdict = ci_from_se("−11.7", "2.2", "−7.5", "−15.9", df=11)
    assert verdict and verdict.values["normal"]["fits"] and not verdict.values["t(11)"]["fits"]


def test_an_interval_built_from_unrounded_numbers_always_passes():
    rng = np.random.default_rng(2)
    for _ in range(300):
        est, se, df = rng.normal(0, 20), rng.uniform(0.1, 5), int(rng.integers(2, 60))
        crit = stats.t.ppf(0.975, df)
        low, high = est - crit * se, est + crit * se
        d = int(rng.integers(1, 3))
        assert ci_from_se(f"{est:.{d}f}", f"{se:.{d}f}", f"{low:.{d}f}", f"{high:.{d}f}", df=df)


def test_a_symmetric_interval_is_centred_on_its_estimate():
    assert ci_symmetric("−23.7", "−26.94", "−20.44")
    assert not ci_symmetric("−23.7", "−26.94", "−19.44")
    assert ci_symmetric("−23.7", "−26.94", "−20.44").values["implied_se"] == pytest.approx(1.658, abs=1e-3)


# --- p-values -----------------------------------------------------------------------------

@pytest.mark.parametrize("p, statistic, df, test", [
    # statcheck tests/testthat/test-error.R and test-decisionerror.R: all reported as errors.
    ("p < .05", "1.02", 48, "t"),
    ("p = .06", "2.20", 28, "t"), ("p = .03", "1.20", 28, "t"),
    ("p = .06", "22.20", (2, 28), "f"), ("p = .03", "2.20", (2, 28), "f"),
    ("p = .03", ".22", 28, "r"), ("p = .06", ".52", 28, "r"),
    ("p = .03", "2.20", 28, "chi2"), ("p = .06", "52.20", 28, "chi2"),
    ("p = .03", "1.20", None, "z"), ("p = .06", "2.20", None, "z"),
])
def test_p_value_flags_statchecks_published_errors(p, statistic, df, test):
    assert not p_value(p, statistic, df, test)


def test_p_value_accepts_the_p_a_statistic_gives_at_the_printed_precision():
    # t(28) = 2.20 gives p = 0.0362, printed as .04 or .036.
    assert p_value("p = .04", "2.20", 28) and p_value("p = .036", "2.20", 28)
    assert p_value("p < .05", "2.20", 28) and not p_value("p > .05", "2.20", 28)


def test_parse_p_reads_the_usual_ways_of_printing_a_p_value():
    assert parse_p("P < 0.001") == ("<", 0.001, 3)
    assert parse_p("p = .03") == ("=", 0.03, 2)
    assert parse_p("p ≤ .05") == ("<", 0.05, 2)
    with pytest.raises(ReappraiseError, match="p must be"):
        parse_p("significant")


def test_a_printed_p_below_zero_never_holds():
    """statcheck test-error.R: 't(28) = 22.20, p < .000' is an error whatever the options."""
    assert not p_value("p < .000", "22.20", 28)
    with pytest.raises(ReappraiseError, match="p must be"):
        p_value("p = -.01", "22.20", 28)


def test_p_equal_to_zero_at_its_printed_precision_reads_as_a_rounded_p():
    # statcheck's pZeroError = FALSE: 'p = .000' is p < .0005 printed to three decimals.
    assert p_value("p = .000", "22.20", 28)


def test_a_bound_the_recomputed_p_only_touches_is_not_satisfied():
    """statcheck test-error.R: with t(28) = 2.2 the p range is [p(2.25), p(2.15)]; 'p <' its
    smallest value and 'p >' its largest are errors, however the bound is printed."""
    low = 2 * stats.t.sf(2.25, 28)
    high = 2 * stats.t.sf(2.15, 28)
    assert not p_value(f"p < {low:.17f}", "2.2", 28) and not p_value(f"p > {high:.17f}", "2.2", 28)
    assert p_value(f"p < {low * 1.001:.17f}", "2.2", 28) and p_value(f"p > {high * 0.999:.17f}", "2.2", 28)
    assert p_value("p < .08", "2.2", 28) and p_value("p > .02", "2.2", 28)
    assert not p_value("p > .08", "2.2", 28) and not p_value("p < .02", "2.2", 28)


@pytest.mark.parametrize("p, statistic, df, test, expected", [
    # statcheck tests/testthat/test-decisionerror.R, 'simple decision errors'
    ("p = .06", "2.20", 28, "t", True), ("p = .03", "1.20", 28, "t", True),
    ("p = .06", "22.20", (2, 28), "f", True), ("p = .03", "2.20", (2, 28), "f", True),
    ("p = .03", ".22", 28, "r", True), ("p = .06", ".52", 28, "r", True),
    ("p = .03", "2.20", 28, "chi2", True), ("p = .06", "52.20", 28, "chi2", True),
    ("p = .03", "1.20", None, "z", True), ("p = .06", "2.20", None, "z", True),
    # test-error.R: inconsistent but on the same side of .05, so no decision error
    ("p = .03", "2.20", 28, "t", False), ("p = .79", "22.20", 28, "chi2", False),
])
def test_p_value_flags_statchecks_decision_errors(p, statistic, df, test, expected):
    verdict = p_value(p, statistic, df, test)
    assert not verdict and verdict.values["decision_error"] is expected
    assert ("decision error" in verdict.evidence) is expected


def test_a_consistent_result_is_never_a_decision_error_and_alpha_can_change():
    assert p_value("p = .04", "2.20", 28).values["decision_error"] is False
    assert p_value("p = .09", "1.20", 28, alpha=0.10).values["decision_error"]   # test-decisionerror.R, alpha
    assert not p_value("p = .09", "1.20", 28).values["decision_error"]


def test_p_equal_to_alpha_counts_as_significant_unless_told_otherwise():
    """statcheck test-decisionerror.R, pEqualAlphaSig: t(28) = 2.20 (p = .036) reported as p = .05."""
    assert not p_value("p = .05", "2.20", 28).values["decision_error"]
    assert p_value("p = .05", "2.20", 28, p_equal_alpha_significant=False).values["decision_error"]
    assert consistency.decision_error("p = .05", 0.036) is False
    assert consistency.decision_error("p = .05", 0.036, p_equal_alpha_significant=False) is True


def test_p_from_estimate_reads_inequalities_and_flags_decision_errors():
    assert p_from_estimate("P > 0.05", "1.0", "2.4", df=11)
    verdict = p_from_estimate("P < 0.05", "1.0", "2.4", df=11)
    assert not verdict and verdict.values["decision_error"]
    assert p_from_estimate("P < 0.05", "1.0", "2.4", df=11).values["p"] == pytest.approx(2 * stats.t.sf(1 / 2.4, 11))


def test_the_norwegian_madrs_p_follows_from_its_estimate_and_se():
    verdict = p_from_estimate("P < 0.001", "−19.3", "2.4", df=11)
    assert verdict and verdict.values["p_high"] < 1e-5


def test_a_t_test_on_the_sds_change_would_give_p_below_0001_not_0001():
    verdict = p_from_estimate("P = 0.001", "−11.7", "2.2", df=11)
    assert not verdict and 0.0001 < verdict.values["p_low"] < verdict.values["p_high"] < 0.0004


# --- the signed-rank test -----------------------------------------------------------------

def test_the_signed_rank_null_distribution_counts_every_sign_pattern():
    counts = signed_rank_null(12)
    assert sum(counts) == 2 ** 12 and counts[:4] == [1, 1, 1, 2] and counts == counts[::-1]


def test_signed_rank_p_agrees_with_scipys_exact_test():
    for t in range(6):
        ranks = np.arange(1.0, 13.0)
        diffs = -ranks
        if t:
            diffs[t - 1] = t  # the change with rank t is positive: T+ = t
        exact = stats.wilcoxon(diffs, method="exact").pvalue
        verdict = signed_rank_p(f"p = {exact:.5f}", 12)
        assert t in [row[0] for row in verdict.values["exact"]]


def test_p_below_0001_with_12_pairs_needs_the_exact_test_and_at_most_one_small_worsening():
    verdict = signed_rank_p("P < 0.001", 12)
    assert [t for t, _ in verdict.values["exact"]] == [0, 1]
    assert verdict.values["approx"] == [] and verdict.values["smallest_approx_p"] == pytest.approx(0.0022, abs=1e-4)


# --- SD from SE ---------------------------------------------------------------------------

def test_sd_of_change_follows_from_se_and_n_within_rounding():
    low, high = sd_range_from_se("2.4", 12)
    assert (round(low, 2), round(high, 2)) == (8.14, 8.49)
    assert sd_from_se("8.3", "2.4", 12) and not sd_from_se("9.0", "2.4", 12)


# --- verdicts and bad input ---------------------------------------------------------------

def test_a_verdict_is_truthy_exactly_when_consistent_and_is_frozen():
    verdict = grim("5.21", 28)
    assert isinstance(verdict, Verdict) and bool(verdict) is True
    with pytest.raises(AttributeError):
        verdict.consistent = False


@pytest.mark.parametrize("call, message", [
    (lambda: grim("abc", 12), "mean must be a printed number"),
    (lambda: grim("5.2", 0), "n must be a whole number >= 1"),
    (lambda: grimmer("5.2", "1.1", 1), "n must be a whole number >= 2"),
    (lambda: grimmer("5.2", "−1.1", 10), "sd must be >= 0"),
    (lambda: debit("1.5", "0.5", 100), "between 0 and 1"),
    (lambda: p_value("p = .03", "2.2", None, "t"), "df must be a positive number"),
    (lambda: p_value("p = .03", "2.2", 10, "w"), "test must be one of"),
    (lambda: ci_from_se("1.0", "0.5", "0.1", "1.9", confidence=95), "confidence must be"),
])
def test_bad_input_raises_one_clear_error(call, message):
    with pytest.raises(ReappraiseError, match=message):
        call()


def test_the_printed_madrs_limits_with_se_24_are_a_93_to_95_percent_normal_interval():
    low, high = implied_confidence("2.4", "−23.8", "−14.8")
    assert 0.930 < low < 0.931 and 0.947 < high < 0.948
    assert implied_confidence("2.4", "−23.8", "−14.8", df=11)[1] < 0.93


def test_the_norwegian_change_scores_allow_at_most_one_participant_to_have_got_worse():
    assert consistency.max_worsened("-19.3", "2.4", 12) == 1


def test_max_worsened_is_never_below_what_exhaustive_enumeration_finds():
    """Brute force on a small case: every set of 4 whole changes in -6..6 whose mean and SE round
    to the printed values; the bound must be at least the largest number of rises among them."""
    import itertools
    import statistics

    for mean, se in [("-2.0", "1.0"), ("-1.5", "0.9"), ("-3.0", "0.5")]:
        best = -1
        for changes in itertools.combinations_with_replacement(range(-6, 7), 4):
            m = statistics.mean(changes)
            s = statistics.stdev(changes) / 2
            if consistency.rounds_to(m, float(mean), 1) and consistency.rounds_to(s, float(se), 1):
                best = max(best, sum(c >= 1 for c in changes))
        if best >= 0:
            assert consistency.max_worsened(mean, se, 4) >= best


# --- Two readings of a printed change: raw changes or a model estimate ------------------------

def test_an_exact_signed_rank_p_below_0001_with_12_pairs_leaves_room_for_one_difference_the_other_way():
    """With 12 untied pairs the exact two-sided p is 2/4096 = 0.00049 for T = 0 and 4/4096 = 0.00098 for
    T = 1 (each sign pattern has probability 2^-12); T = 2 already gives 6/4096 = 0.0015. One difference
    of rank 1 sums to 1; two differences sum to at least 1 + 2 = 3."""
    assert consistency.signed_rank_max_against("P < 0.001", 12) == 1


def test_at_p_below_005_the_exact_signed_rank_bound_agrees_with_the_critical_value_table():
    """Published tables of the signed-rank test give T = 13 as the two-sided 5% critical value for n = 12
    (e.g. Siegel S, Castellan NJ. Nonparametric statistics for the behavioral sciences, 1988, table H);
    ranks 1 + 2 + 3 + 4 = 10 <= 13 < 15, so up to four differences can point the other way."""
    assert max(t for t, _ in consistency.signed_rank_p("p < 0.05", 12).values["exact"]) == 13
    assert consistency.signed_rank_max_against("p < 0.05", 12) == 4


def test_the_signed_rank_bound_is_what_brute_force_over_sign_patterns_finds():
    import itertools

    n = 8
    for printed in ("p < 0.01", "p < 0.05", "p = 0.02"):
        best = -1
        for signs in itertools.product((0, 1), repeat=n):
            minus = [rank for rank, s in zip(range(1, n + 1), signs) if s]
            t = min(sum(minus), n * (n + 1) // 2 - sum(minus))
            tail = sum(1 for other in itertools.product((0, 1), repeat=n)
                       if sum(r for r, s in zip(range(1, n + 1), other) if s) <= t)
            p = min(1.0, 2 * tail / 2 ** n)
            if consistency._p_matches(printed, p, p)[0] and sum(minus) == t:
                best = max(best, len(minus))
        assert consistency.signed_rank_max_against(printed, n) == best


def test_the_norwegian_change_allows_one_worsened_participant_on_raw_changes_and_three_under_a_model():
    table = consistency.worsened_by_reading("−19.3", "2.4", "P < 0.001", 12, improved=9)
    assert table["most_worsened"].to_dict() == {"raw changes": 1, "model SE, exact signed-rank p": 1,
                                                 "model SE and model p": 3}
    assert table["most_worsened"].max() == 3  # all that survives every reading: the 9 responders improved


def test_a_bound_from_the_counts_can_never_exceed_the_participants_not_known_to_have_improved():
    table = consistency.worsened_by_reading("−11.7", "2.2", "P = 0.001", 12, improved=10)
    assert (table["most_worsened"] <= 2).all()
    with pytest.raises(ReappraiseError, match="improved"):
        consistency.worsened_by_reading("−19.3", "2.4", "P < 0.001", 12, improved=13)
