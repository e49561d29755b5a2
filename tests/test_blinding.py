"""Blinding indices and tipping points (reappraise.stats.blinding).

Worked examples. Bang, Ni & Davis (2004, Control Clin Trials 25:143-156, Table 7) apply
their index to the CRISP trial; James et al. (1996, Stat Med 15:1421-1434) define theirs on
the disulfiram trial. The printed pages of both papers were not available here, so the
CRISP counts are taken from the documentation of the R package BI (Schwartz & Mercaldo,
version 1.2.0, written with Dr Bang's help), which reproduces Bang et al.'s Table 7, and
every expected number below was cross-checked by running that package's formulas (R 4.2)
on the same tables: an independent implementation, not our own output. The SOX-trial
tables (Houweling et al. 2014, Clinical Trials 11:547-552, Table 2) are the package's other
examples. Properties stated in the papers (all correct, all "don't know", random guessing)
are tested exactly.
"""

import math

import numpy as np
import pytest

from reappraise.errors import ReappraiseError
from reappraise.stats import blinding

CRISP = blinding.guess_table(82, 25, 170, 29, 27, 83)  # Bang et al. 2004, Table 7

#: (table as rows guessed-T, guessed-P, don't know x columns T arm, P arm; expected values from R BI 1.2.0)
CROSS_CHECKED = [
    (CRISP, (0.7479275375, 0.02173739813), (0.20577617329, 0.03523709047), (0.01438848921, 0.05382296247)),
    ([[48, 22], [4, 30], [330, 319]], (0.8964143426, 0.01091757701), (0.11518324607, 0.01793374034),
     (0.02156334232, 0.01940466691)),  # SOX investigators
    ([[94, 52], [11, 44], [289, 284]], (0.8233895957, 0.01328663061), (0.21065989848, 0.02374354676),
     (-0.02105263158, 0.02576147499)),  # SOX research coordinators
    ([[143, 104], [14, 57], [188, 175]], (0.7051162892, 0.01594075041), (0.3739130435, 0.03022914899),
     (-0.1398809524, 0.03698455219)),  # SOX patients
]


def test_the_guess_table_puts_guesses_in_rows_and_arms_in_columns():
    assert CRISP.tolist() == [[82, 27], [25, 29], [170, 83]]


@pytest.mark.parametrize("table, james, bang_t, bang_p", CROSS_CHECKED)
def test_bang_and_james_reproduce_the_independent_implementation(table, james, bang_t, bang_p):
    j = blinding.james_index(table)
    b = blinding.bang_indices(table)
    assert (j.estimate, j.se) == pytest.approx(james, abs=1e-9)
    assert (b["treatment"].estimate, b["treatment"].se) == pytest.approx(bang_t, abs=1e-9)
    assert (b["placebo"].estimate, b["placebo"].se) == pytest.approx(bang_p, abs=1e-9)


def test_crisp_one_sided_limits_as_bang_et_al_report_them():
    """Bang et al. prefer one-sided limits; R BI gives 0.1478 (treatment) and -0.0741 (placebo) at 95%."""
    b = blinding.bang_indices(CRISP, 0.95, alternative="greater")
    assert b["treatment"].low == pytest.approx(0.1478163172, abs=1e-9) and b["treatment"].high == 1
    assert b["placebo"].low == pytest.approx(-0.07414240583, abs=1e-9)
    less = blinding.bang_indices(CRISP, 0.95, alternative="less")
    assert less["treatment"].high == pytest.approx(0.2637360294, abs=1e-9) and less["treatment"].low == -1


def test_crisp_two_sided_james_interval():
    j = blinding.james_index(CRISP)
    assert (j.low, j.high) == pytest.approx((0.70532302, 0.7905320549), abs=1e-8)


def test_bang_index_is_1_when_everyone_knows_0_at_random_and_minus_1_when_everyone_is_wrong():
    assert blinding.bang_index(10, 0, 0).estimate == 1
    assert blinding.bang_index(5, 5, 0).estimate == 0
    assert blinding.bang_index(0, 10, 0).estimate == -1
    assert blinding.bang_index(0, 0, 10).estimate == 0, "everyone saying 'don't know' is blinded"


def test_james_index_is_0_when_everyone_is_right_half_at_random_and_1_when_nobody_knows():
    assert blinding.james_index([[10, 0], [0, 10], [0, 0]]).estimate == pytest.approx(0)
    assert blinding.james_index([[5, 5], [5, 5], [0, 0]]).estimate == pytest.approx(0.5)
    all_dont_know = blinding.james_index([[0, 0], [0, 0], [5, 5]])
    assert (all_dont_know.estimate, all_dont_know.se) == (1.0, 0.0), "James et al. 1996, p. 1425"


def test_from_shares_bang_index_lies_between_two_c_minus_one_and_c():
    assert blinding.bang_index_from_shares(0.9, 1).estimate == pytest.approx(0.8)
    assert blinding.bang_index_from_shares(0.9, 1, share_dont_know=0.1).estimate == pytest.approx(0.9)
    assert blinding.bang_index_from_shares(0.75, 79).estimate == pytest.approx(blinding.bang_index(75, 25, 0).estimate)


def test_table_from_shares_rebuilds_whole_counts_with_no_dont_know():
    assert blinding.table_from_shares(0.9, 94, 0.75, 79).tolist() == [[85, 20], [9, 59], [0, 0]]


def test_interpretation_uses_bangs_band():
    assert blinding.interpret_bang(blinding.bang_index(55, 45)).startswith("consistent with blinding")
    assert blinding.interpret_bang(blinding.bang_index(9, 1)).startswith("more correct")
    assert blinding.interpret_bang(blinding.bang_index(1, 9)) == "opposite guessing"


@pytest.mark.parametrize("call, message", [
    (lambda: blinding.bang_index(-1, 2), "correct"),
    (lambda: blinding.bang_index(0, 0, 0), "at least one answer"),
    (lambda: blinding.bang_index(5, 5, confidence=1.5), "confidence"),
    (lambda: blinding.bang_index(5, 5, alternative="both"), "alternative"),
    (lambda: blinding.james_index([[1, 2], [3, 4]]), "3 x 2"),
    (lambda: blinding.james_index([[1.5, 2], [3, 4], [0, 0]]), "whole counts"),
    (lambda: blinding.bang_index_from_shares(0.8, 10, share_dont_know=0.3), "at most 1"),
    (lambda: blinding.tipping_points(-1, 2, 5), "difference"),
    (lambda: blinding.tipping_points(10, 2, -5), "mid"),
    (lambda: blinding.tipping_points(10, 2, 5, share=0), "share"),
    (lambda: blinding.smd_from_odds_ratio(0), "odds_ratio"),
])
def test_bad_arguments_are_refused_naming_them(call, message):
    with pytest.raises(ReappraiseError, match=message):
        call()


# ---------------------------------------------------------------- tipping points

def test_tipping_points_are_the_difference_minus_each_threshold():
    tips = blinding.tipping_points(10, 2, 5, alpha=0.05)
    assert tips["zero"] == 10
    assert tips["non_significant"] == pytest.approx(10 - 1.959963985 * 2)
    assert tips["below_mid"] == 5


def test_a_bias_in_part_of_an_arm_must_be_larger_by_one_over_the_share():
    whole, half = blinding.tipping_points(10, 2, 5), blinding.tipping_points(10, 2, 5, share=0.5)
    assert {k: 2 * v for k, v in whole.items()} == pytest.approx(half)


def test_at_the_non_significance_tipping_point_the_p_value_is_alpha():
    for df in (None, 30.0):
        tip = blinding.tipping_points(8.9, 2.4, 10, alpha=0.05, df=df)["non_significant"]
        assert blinding.two_sided_p(8.9 - tip, 2.4, df) == pytest.approx(0.05)


def test_a_difference_already_below_the_mid_has_a_negative_tipping_point():
    assert blinding.tipping_points(8.9, 2.4, 10)["below_mid"] == pytest.approx(-1.1)


def test_bias_curve_shifts_the_difference_and_keeps_the_interval_width():
    curve = blinding.bias_curve(10, 2, [0, 5, 10])
    assert curve["difference"].tolist() == [10, 5, 0]
    assert np.allclose(curve["high"] - curve["low"], 2 * 1.959963985 * 2)


def test_se_from_a_95_percent_interval():
    assert blinding.se_from_ci(-26.94, -20.44) == pytest.approx(6.5 / (2 * 1.959963985))


def test_welch_df_matches_the_textbook_formula_for_equal_groups():
    """Equal SDs and n: df = 2(n - 1)."""
    assert blinding.welch_df(10, 21, 10, 21) == pytest.approx(40)


def test_chinn_conversion_turns_an_odds_ratio_into_sd_units():
    """Chinn 2000: d = ln(OR) * sqrt(3) / pi, so an OR of exp(pi / sqrt(3)) is d = 1."""
    assert blinding.smd_from_odds_ratio(math.exp(math.pi / math.sqrt(3))) == pytest.approx(1.0)
    assert blinding.smd_from_odds_ratio(1) == 0
