"""Intervals for a single proportion, checked against published worked examples."""

import pytest

from reappraise.stats.proportions import CI_METHODS, all_intervals, proportion_ci


@pytest.mark.parametrize("k, n, method, low, high", [
    # Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of
    # seven methods. Stat Med 1998;17:857-872, Table II (methods 3 = Wilson score, 5 = exact).
    (81, 263, "wilson", 0.2553, 0.3662),
    (81, 263, "clopper-pearson", 0.2527, 0.3676),
    (15, 148, "wilson", 0.0624, 0.1605),
    (15, 148, "clopper-pearson", 0.0578, 0.1617),
    (0, 20, "wilson", 0.0000, 0.1611),
    (0, 20, "clopper-pearson", 0.0000, 0.1684),
    (1, 29, "wilson", 0.0061, 0.1718),
    (1, 29, "clopper-pearson", 0.0009, 0.1776),
])
def test_intervals_match_newcombe_1998(k, n, method, low, high):
    got = proportion_ci(k, n, method)
    assert got == pytest.approx((low, high), abs=6e-5)


def test_nine_of_twelve_has_a_wide_interval_under_every_method():
    table = all_intervals(9, 12)
    assert list(table.index) == list(CI_METHODS)
    assert (table["low"] < 0.5).all() and (table["high"] > 0.9).all()
    assert (table["width"] > 0.44).all()


def test_the_exact_interval_is_the_widest_for_nine_of_twelve():
    table = all_intervals(9, 12)
    assert table["width"].idxmax() == "clopper-pearson"


@pytest.mark.parametrize("method", list(CI_METHODS))
@pytest.mark.parametrize("k, n", [(0, 12), (9, 12), (12, 12), (1, 1)])
def test_every_interval_lies_in_zero_one_and_contains_the_estimate(method, k, n):
    low, high = proportion_ci(k, n, method)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_a_higher_confidence_gives_a_wider_interval():
    low90, high90 = proportion_ci(9, 12, confidence=0.90)
    low99, high99 = proportion_ci(9, 12, confidence=0.99)
    assert low99 < low90 and high99 > high90


@pytest.mark.parametrize("args, message", [
    ((13, 12), "k must be between 0 and n"),
    ((-1, 12), "k must be a whole number >= 0"),
    ((1, 0), "n must be a whole number >= 1"),
    ((1.5, 12), "k must be a whole number"),
    ((True, 12), "k must be a whole number"),
])
def test_impossible_counts_raise_a_value_error_naming_the_argument(args, message):
    with pytest.raises(ValueError, match=message):
        proportion_ci(*args)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, "0.95"])
def test_confidence_must_lie_strictly_between_zero_and_one(confidence):
    with pytest.raises(ValueError, match="confidence must be a number strictly between 0 and 1"):
        proportion_ci(9, 12, confidence=confidence)


def test_an_unknown_method_is_rejected_with_the_allowed_ones():
    with pytest.raises(ValueError, match="method must be one of .*wilson"):
        proportion_ci(9, 12, method="wald-ish")


def test_every_method_has_a_display_name():
    from reappraise.stats.proportions import METHOD_LABELS, method_label

    assert set(METHOD_LABELS) == set(CI_METHODS)
    assert method_label("clopper-pearson") == "Clopper-Pearson (exact)"
    with pytest.raises(ValueError, match="method must be one of"):
        method_label("wald")
