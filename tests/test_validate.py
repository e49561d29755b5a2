"""Shared argument checks: the right type comes back, anything else is one ValueError naming the argument."""

import math

import pytest

from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number


def test_whole_numbers_come_back_as_int():
    assert whole_number(12, "n") == 12 and type(whole_number(12, "n")) is int


@pytest.mark.parametrize("value", [-1, 1.5, "12", True, None])
def test_anything_but_a_whole_number_at_or_above_the_minimum_is_refused(value):
    with pytest.raises(ValueError, match=r"^n must be a whole number >= 0, got"):
        whole_number(value, "n")


def test_fractions_come_back_as_float():
    assert fraction(1 - 0.05, "confidence") == 0.95


@pytest.mark.parametrize("value", [0, 1, -0.2, 1.2, "0.9", True, math.nan, None])
def test_a_fraction_must_be_a_number_strictly_between_zero_and_one(value):
    with pytest.raises(ValueError, match=r"^confidence must be a number strictly between 0 and 1 \(e.g. 0.95\), got"):
        fraction(value, "confidence", "0.95")


@pytest.mark.parametrize("value", [0, -3, math.inf, math.nan, "2", False])
def test_positive_refuses_zero_negative_infinite_and_non_numbers(value):
    with pytest.raises(ValueError, match=r"^weight must be a number > 0, got"):
        positive(value, "weight")


def test_numpy_scalars_count_as_numbers_and_come_back_as_float():
    import numpy as np

    assert positive(np.int64(3), "weight") == 3.0 and type(positive(np.int64(3), "weight")) is float
    assert finite(np.float32(0.5), "mu") == 0.5
    assert number_in(np.int64(0), "rho", 0, 1) == 0.0


def test_finite_numbers_come_back_as_float():
    assert finite(-3, "mu") == -3.0 and type(finite(-3, "mu")) is float


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "12", None, True, [1.0]])
def test_finite_refuses_nan_infinity_and_non_numbers(value):
    with pytest.raises(ValueError, match=r"^mu must be a finite number, got"):
        finite(value, "mu")


def test_number_in_accepts_both_ends_of_a_closed_range():
    assert number_in(0, "rho", 0, 1) == 0.0 and number_in(1, "rho", 0, 1) == 1.0


@pytest.mark.parametrize("value", [-0.1, 1.1, math.nan, "0.5", None, False])
def test_number_in_refuses_values_outside_the_range_and_non_numbers(value):
    with pytest.raises(ValueError, match=r"^rho must be a number between 0 and 1, got"):
        number_in(value, "rho", 0, 1)


@pytest.mark.parametrize("low, high, allowed", [
    (0, math.inf, "a number >= 0"), (-math.inf, 10, "a number <= 10"), (-math.inf, math.inf, "a finite number"),
])
def test_number_in_with_an_open_side_says_only_the_bound_that_applies(low, high, allowed):
    with pytest.raises(ValueError, match=rf"^cutoff must be {allowed}, got"):
        number_in(math.inf, "cutoff", low, high)
