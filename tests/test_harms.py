"""Harms: number needed to harm, bounds for events nobody had, what a trial of n could detect.

Published worked examples:
- Altman DG. Confidence intervals for the number needed to treat. BMJ 1998;317:1309-1312
  (doi:10.1136/bmj.317.7168.1309): an interval for the risk difference is inverted limit by
  limit; one that crosses zero reads 'NNTB 4 to ∞ to NNTH 20' (ARR -5% to 25%), never a
  negative NNT.
- Newcombe RG. Interval estimation for the difference between independent proportions.
  Stat Med 1998;17:873-890, Table II, method 10: 5/56 vs 0/29 gives -0.0381 to 0.1926.
  Read as a harm (5 events on treatment), that is NNTH 11.2 with interval NNTB 26.2 to ∞ to
  NNTH 5.2.
- Hanley JA, Lippman-Hand A. If nothing goes wrong, is everything all right? Interpreting zero
  numerators. JAMA 1983;249:1743-1745: after 0 events in n, the exact 95% upper limit solves
  (1 - p)**n = 0.05, and 3/n approximates it (the 'rule of three'), closely once n > 30.
- Cohen J. Statistical power analysis for the behavioral sciences, 2nd ed., 1988, Table 6.4.1
  (two proportions, two-sided alpha = 0.05, power 0.80): n per group 392 for h = 0.20, 63 for
  h = 0.50, 25 for h = 0.80.
"""

import math

import pytest

from reappraise.errors import ReappraiseError
from reappraise.stats import harms
from reappraise.stats.proportions import compare_proportions, proportion_ci


# --- number needed to harm -----------------------------------------------------------------

def test_nnh_is_the_nnt_of_an_adverse_event_with_the_same_newcombe_interval():
    harm = harms.number_needed_to_harm(5, 56, 0, 29)
    assert harm.rd_ci == pytest.approx((-0.0381, 0.1926), abs=5e-5)   # Newcombe 1998, Table II (d)
    assert harm.rd_ci == compare_proportions(5, 56, 0, 29).rd_ci      # one construction, not two
    assert harm.nnt_label == "NNTH"
    assert harm.nnt == pytest.approx(1 / (5 / 56))
    assert str(harm.nnt_ci) == f"NNTB {1 / 0.0381:.1f} to ∞ to NNTH {1 / 0.1926:.1f}"


def test_an_interval_crossing_zero_is_read_as_in_altman_1998_never_as_a_negative_nnh():
    harm = harms.number_needed_to_harm(5, 53, 2, 51)
    assert harm.nnt_ci.crosses_zero
    assert "−" not in harm.nnt_text and "-" not in str(harm.nnt_ci)
    assert harm.nnt_text == "NNTH 18.1 (95% CI NNTB 19.2 to ∞ to NNTH 6.0)"


def test_fewer_events_on_treatment_is_a_benefit_not_a_harm():
    assert harms.number_needed_to_harm(1, 50, 6, 50).nnt_label == "NNTB"


# --- zero numerators -----------------------------------------------------------------------

@pytest.mark.parametrize("n", [10, 20, 30, 53, 100, 1000])
def test_the_exact_zero_event_bound_solves_hanley_and_lippman_hands_equation(n):
    bound = harms.upper_bound(0, n)
    assert (1 - bound) ** n == pytest.approx(0.05)
    assert bound == pytest.approx(1 - 0.05 ** (1 / n))


def test_the_one_sided_bound_is_the_upper_limit_of_the_two_sided_clopper_pearson_interval_at_twice_alpha():
    for k, n in [(0, 20), (1, 44), (5, 53), (29, 46)]:
        assert harms.upper_bound(k, n, 0.95) == pytest.approx(proportion_ci(k, n, "clopper-pearson", 0.90)[1])


def test_all_events_leave_no_room_above():
    assert harms.upper_bound(12, 12) == 1.0


@pytest.mark.parametrize("n", [30, 50, 100, 1000])
def test_the_rule_of_three_is_close_to_the_exact_bound_once_n_exceeds_30(n):
    assert harms.rule_of_three(n) == pytest.approx(3 / n, rel=2e-3)
    assert harms.rule_of_three(n) > harms.upper_bound(0, n)
    assert harms.rule_of_three(n) / harms.upper_bound(0, n) < 1.06


def test_the_rule_of_three_overstates_the_bound_in_small_groups():
    assert harms.rule_of_three(10) == pytest.approx(0.2996, abs=1e-4)
    assert harms.upper_bound(0, 10) == pytest.approx(0.2589, abs=1e-4)


def test_other_confidence_levels_change_the_numerator():
    assert harms.rule_of_three(100, 0.99) * 100 == pytest.approx(4.61, abs=0.01)


# --- what a trial could see ----------------------------------------------------------------

def test_the_rate_seen_at_least_once_is_the_rule_of_three_read_forwards():
    assert harms.detectable_rate(2995, 0.95) == pytest.approx(0.001, rel=2e-3)
    assert harms.patients_to_detect(0.001, 0.95) == 2995
    p = harms.detectable_rate(53, 0.8)
    assert 1 - (1 - p) ** 53 == pytest.approx(0.8)


def test_patients_to_detect_is_the_smallest_sufficient_n():
    n = harms.patients_to_detect(0.03, 0.8)
    assert 1 - 0.97 ** n >= 0.8 > 1 - 0.97 ** (n - 1)


@pytest.mark.parametrize("n, h", [(392, 0.20), (63, 0.50), (25, 0.80)])   # Cohen 1988, Table 6.4.1
def test_the_detectable_difference_reproduces_cohens_power_table(n, h):
    p0 = 0.5
    p1 = harms.detectable_difference(n, n, p0)
    assert 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p0)) == pytest.approx(h, abs=0.01)


def test_at_the_detectable_rate_the_design_module_gives_the_target_power():
    from reappraise.stats import design

    p1 = harms.detectable_difference(60, 60, 0.05, power=0.8)
    assert design.power_two_proportions(p1, 0.05, 60) == pytest.approx(0.8, abs=1e-6)


def test_a_larger_trial_detects_a_smaller_difference():
    assert harms.detectable_difference(500, 500, 0.05) < harms.detectable_difference(50, 50, 0.05)


def test_when_no_rate_is_high_enough_the_answer_is_one():
    assert harms.detectable_difference(2, 2, 0.9, power=0.99, alpha=0.001) == 1.0


# --- pooling -------------------------------------------------------------------------------

def test_pooling_one_trial_returns_its_wald_interval():
    pooled = harms.pooled_risk_difference([(37, 42, 23, 37)])
    p1, p2 = 37 / 42, 23 / 37
    se = math.sqrt(p1 * (1 - p1) / 42 + p2 * (1 - p2) / 37)
    assert pooled.risk_difference == pytest.approx(p1 - p2)
    assert pooled.rd_ci == pytest.approx((p1 - p2 - 1.959964 * se, p1 - p2 + 1.959964 * se), abs=1e-6)


def test_pooling_weights_each_trial_by_its_inverse_variance():
    strata = [(37, 42, 23, 37), (45, 52, 29, 42)]
    pooled = harms.pooled_risk_difference(strata)
    variances = [k1 / n1 * (1 - k1 / n1) / n1 + k2 / n2 * (1 - k2 / n2) / n2 for k1, n1, k2, n2 in strata]
    rds = [k1 / n1 - k2 / n2 for k1, n1, k2, n2 in strata]
    w = [1 / v for v in variances]
    assert pooled.risk_difference == pytest.approx(sum(a * b for a, b in zip(w, rds)) / sum(w))
    assert sum(pooled.weights) == pytest.approx(1.0)
    assert pooled.nnt_label == "NNTB" and pooled.nnt_text.startswith("NNTB 4.7 (95% CI NNTB 3.0 to")


def test_a_pooled_harm_is_labelled_nnth():
    assert harms.pooled_risk_difference([(9, 40, 2, 40)], higher_is_better=False).nnt_label == "NNTH"


# --- the summary used in the closing note --------------------------------------------------

def test_a_zero_count_arm_is_reported_with_its_exact_bound():
    row = harms.harm_summary(0, 53, 0, 51)
    assert row["MDMA"] == "0/53 (0%)" and row["RD, points"].startswith("+0.0")
    assert row["upper bound"] == f"MDMA 0/53: ≤ {1 - 0.05 ** (1 / 53):.1%}; placebo 0/51: ≤ {1 - 0.05 ** (1 / 51):.1%}"


# --- bad input: one-line ValueErrors naming the argument ------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: harms.number_needed_to_harm(6, 5, 1, 5), "k1"),
    (lambda: harms.number_needed_to_harm(-1, 5, 1, 5), "k1"),
    (lambda: harms.number_needed_to_harm(1, 5, 1, 5, confidence=1.0), "confidence"),
    (lambda: harms.upper_bound(3, 2), "k"),
    (lambda: harms.upper_bound(-1, 10), "k"),
    (lambda: harms.upper_bound(0, 10, 0), "confidence"),
    (lambda: harms.upper_bound(0, 10, 1.5), "confidence"),
    (lambda: harms.upper_bound(0, 0), "n"),
    (lambda: harms.rule_of_three(0), "n"),
    (lambda: harms.rule_of_three(10, 1), "confidence"),
    (lambda: harms.detectable_rate(-3), "n"),
    (lambda: harms.detectable_rate(50, 1.2), "power"),
    (lambda: harms.patients_to_detect(0, 0.8), "rate"),
    (lambda: harms.detectable_difference(50, 50, 1.5), "control_rate"),
    (lambda: harms.detectable_difference(50, 50, 0.1, alpha=0), "alpha"),
    (lambda: harms.pooled_risk_difference([(3, 2, 1, 5)]), "strata[0] k1"),
    (lambda: harms.pooled_risk_difference([(0, 10, 0, 10)]), "strata[0]"),
    (lambda: harms.pooled_risk_difference([]), "strata"),
    (lambda: harms.pooled_risk_difference("abc"), "strata"),
    (lambda: harms.pooled_risk_difference([(1, 10, 1, 10)], confidence=0.0), "confidence"),
])
def test_bad_input_is_refused_with_one_line_naming_the_argument(call, name):
    with pytest.raises(ReappraiseError) as caught:
        call()
    message = str(caught.value)
    assert isinstance(caught.value, ValueError) and "\n" not in message and message.startswith(name)
