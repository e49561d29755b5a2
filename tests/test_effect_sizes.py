"""Standardised mean differences from summary statistics.

Worked example: Borenstein M, Hedges LV, Higgins JPT, Rothstein HR. Introduction to
Meta-Analysis. Wiley 2009, chapter 4: means 103 and 100, SDs 5.5 and 4.5, n = 50 each give
S_within = 5.0249, d = 0.5970 (V = 0.0418, SE = 0.2044), J = 0.9923, g = 0.5924
(V = 0.0411, SE = 0.2028). Formulas from Hedges & Olkin (1985).
"""

import math

import pytest

from reappraise.stats.effect_sizes import cohens_d, hedges_g, pooled_sd, smd_ci
from reappraise.errors import ReappraiseError

EXAMPLE = (103, 5.5, 50, 100, 4.5, 50)


def test_pooled_sd_matches_borenstein_2009():
    assert pooled_sd(5.5, 50, 4.5, 50) == pytest.approx(5.0249, abs=5e-5)


def test_cohens_d_and_its_standard_error_match_borenstein_2009():
    d, se = cohens_d(*EXAMPLE)
    assert d == pytest.approx(0.5970, abs=5e-5)
    assert se**2 == pytest.approx(0.0418, abs=5e-5)
    assert se == pytest.approx(0.2044, abs=5e-5)


def test_hedges_g_and_its_standard_error_match_borenstein_2009():
    g, se = hedges_g(*EXAMPLE)
    assert g == pytest.approx(0.5924, abs=5e-5)
    assert se**2 == pytest.approx(0.0411, abs=5e-5)
    assert se == pytest.approx(0.2028, abs=5e-5)


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


def test_a_bad_confidence_or_se_raises():
    with pytest.raises(ReappraiseError, match="confidence"):
        smd_ci(0.5, 0.2, confidence=1.5)
    with pytest.raises(ReappraiseError, match="se must be greater than 0"):
        smd_ci(0.5, -0.2)
