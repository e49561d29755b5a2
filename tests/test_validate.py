"""Shared argument checks: the right type comes back, anything else is one ValueError naming the argument."""

import math

import pytest

from reappraise.validate import fraction, positive, whole_number


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
