"""Specification of reappraise.stats.outcomes and of every function that sets proportions side by side.

A proportion is only comparable with one of the same outcome definition (scale, threshold
rule, time point). The MDMA trials for PTSD count a "response" as a CAPS-5 fall of at least
10 points; depression trials count a fall of at least 50% on the MADRS or HAM-D. The library
refuses to set one against the other, with a one-line error naming both definitions, unless
the caller passes ``cross_definition=True``; within one trial and one outcome nothing changes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from reappraise.errors import DefinitionMismatch, ReappraiseError
from reappraise.stats import bayes, comparators, design, outcomes
from reappraise.stats.outcomes import Definition, Rate, pair_values, rate_value, require_same

MADRS_50 = Definition("kvam2025.response", "response", ("MADRS",), "relative-fall", 0.5, "primary endpoint",
                      status="assumed")
POOLED_50 = Definition("furukawa2016.response", "response", ("HAM-D", "MADRS"), "relative-fall", 0.5,
                       "primary endpoint")
CAPS_10 = Definition("mapp1.response", "response", ("CAPS-5",), "absolute-fall", 10, "primary endpoint")
MADRS_REMISSION = Definition("kvam2025.remission", "remission", ("MADRS",), "score-at-most", 10, "primary endpoint")
MADRS_50_FOLLOW_UP = Definition("kvam2025fu.response", "response", ("MADRS",), "relative-fall", 0.5, "follow-up")
UNKNOWN = Definition("metapsy.response", "response", ("CAPS-IV",), "unknown", None, "primary endpoint", status="gap")

PLACEBO_40 = Rate(0.40, POOLED_50, "furukawa-placebo-high")
MAPP1_PLACEBO = Rate(23 / 37, CAPS_10, "mapp1-placebo-therapy")
MAPP1_MDMA = Rate(37 / 42, CAPS_10, "mapp1-mdma-therapy")


# --- what "the same definition" means ------------------------------------------------------

def test_a_pooled_benchmark_on_either_scale_is_the_same_definition_as_one_on_madrs():
    assert MADRS_50.same_as(POOLED_50) and POOLED_50.same_as(MADRS_50)


@pytest.mark.parametrize("other, differ", [
    (CAPS_10, ("scale", "rule")),
    (MADRS_REMISSION, ("rule",)),
    (MADRS_50_FOLLOW_UP, ("timing",)),
    (Definition("x", "response", ("MADRS",), "relative-fall", 0.3, "primary endpoint"), ("threshold",)),
])
def test_a_definition_differs_in_scale_rule_threshold_or_timing(other, differ):
    assert MADRS_50.differences(other) == differ
    assert not MADRS_50.same_as(other)


def test_a_definition_that_is_not_known_is_the_same_as_nothing_not_even_itself():
    assert UNKNOWN.differences(UNKNOWN) == ("unknown",)
    assert not UNKNOWN.same_as(MADRS_50)


def test_definitions_describe_themselves_in_words():
    assert MADRS_50.describe() == "≥50% fall on MADRS at the primary endpoint (assumed)"
    assert CAPS_10.describe() == "≥10-point fall on CAPS-5 at the primary endpoint"
    assert MADRS_REMISSION.describe() == "MADRS ≤ 10 at the primary endpoint"


@pytest.mark.parametrize("kwargs, word", [
    ({"rule": "fall"}, "rule"),
    ({"timing": "week 8"}, "timing"),
    ({"threshold": None}, "threshold"),
    ({"threshold": 50}, "threshold"),  # a relative fall is a fraction of baseline
    ({"rule": "no-diagnosis"}, "threshold"),  # no threshold for a diagnosis rule
    ({"status": "gap"}, "gap"),
    ({"scales": ()}, "scales"),
])
def test_a_malformed_definition_is_refused_naming_what_is_wrong(kwargs, word):
    fields = {"name": "d", "outcome": "response", "scales": ("MADRS",), "rule": "relative-fall", "threshold": 0.5,
              "timing": "primary endpoint", **kwargs}
    with pytest.raises(ReappraiseError, match=word):
        Definition(**fields)


# --- the refusal ---------------------------------------------------------------------------

def test_require_same_refuses_a_cross_definition_comparison_with_one_line_naming_both():
    with pytest.raises(DefinitionMismatch) as caught:
        require_same(MADRS_50, CAPS_10)
    message = str(caught.value)
    assert "\n" not in message
    assert "kvam2025.response" in message and "mapp1.response" in message
    assert "≥50% fall on MADRS" in message and "≥10-point fall on CAPS-5" in message
    assert "cross_definition=True" in message


def test_the_cross_definition_flag_lets_the_comparison_through_and_returns_what_differs():
    assert require_same(MADRS_50, CAPS_10, cross_definition=True) == ("scale", "rule")
    assert require_same(MADRS_50, POOLED_50) == ()


def test_the_flag_must_be_a_boolean():
    with pytest.raises(ReappraiseError, match="cross_definition"):
        require_same(MADRS_50, POOLED_50, cross_definition="yes")


def test_a_rate_is_a_proportion_with_a_definition():
    assert float(PLACEBO_40) == 0.40
    with pytest.raises(ReappraiseError, match="rate"):
        Rate(1.2, POOLED_50)
    with pytest.raises(ReappraiseError, match="Definition"):
        Rate(0.4, "furukawa2016.response")


def test_rate_value_checks_a_rate_and_passes_a_bare_number_through():
    assert rate_value(PLACEBO_40, MADRS_50) == 0.40
    assert rate_value(0.40) == 0.40
    with pytest.raises(ReappraiseError, match="pass definition="):
        rate_value(PLACEBO_40)
    with pytest.raises(ReappraiseError, match="bare number"):
        rate_value(0.40, MADRS_50)
    with pytest.raises(DefinitionMismatch):
        rate_value(MAPP1_PLACEBO, MADRS_50)


def test_two_arms_as_rates_must_share_a_definition_and_a_rate_is_never_paired_with_a_bare_number():
    assert pair_values(MAPP1_MDMA, MAPP1_PLACEBO) == (37 / 42, 23 / 37)
    assert pair_values(0.75, 0.40) == (0.75, 0.40)
    with pytest.raises(DefinitionMismatch):
        pair_values(Rate(0.75, MADRS_50), MAPP1_PLACEBO)
    with pytest.raises(ReappraiseError, match="bare number"):
        pair_values(0.75, MAPP1_PLACEBO)


# --- every function that sets proportions from different sources side by side -----------

REFUSALS = [
    ("comparators.against_benchmark", lambda **f: comparators.against_benchmark(9, 12, MAPP1_PLACEBO, definition=MADRS_50, **f)),
    ("comparators.against_benchmarks", lambda **f: comparators.against_benchmarks(9, 12, [PLACEBO_40, MAPP1_PLACEBO],
                                                                                  definition=MADRS_50, **f)),
    ("bayes.prob_exceeds", lambda **f: bayes.prob_exceeds(9, 12, MAPP1_PLACEBO, "sceptical", definition=MADRS_50, **f)),
    ("bayes.bayes_factor_binom", lambda **f: bayes.bayes_factor_binom(9, 12, MAPP1_PLACEBO, definition=MADRS_50, **f)),
    ("bayes.bayes_factor_exceeds", lambda **f: bayes.bayes_factor_exceeds(9, 12, MAPP1_PLACEBO, definition=MADRS_50, **f)),
    ("bayes.posterior_table", lambda **f: bayes.posterior_table(9, 12, ["flat"], {"MAPP1": MAPP1_PLACEBO},
                                                                definition=MADRS_50, **f)),
    ("bayes.posterior_exceedance", lambda **f: bayes.posterior_exceedance(9, 12, [0.375], [20], [MAPP1_PLACEBO],
                                                                          definition=MADRS_50, **f)),
    ("design.power_two_proportions", lambda **f: design.power_two_proportions(Rate(0.75, MADRS_50), MAPP1_PLACEBO, 30, **f)),
    ("design.n_two_proportions", lambda **f: design.n_two_proportions(Rate(0.75, MADRS_50), MAPP1_PLACEBO, **f)),
    ("design.scenario_table", lambda **f: design.scenario_table(Rate(0.75, MADRS_50), MAPP1_PLACEBO, **f)),
    ("design.sizes_by_method", lambda **f: design.sizes_by_method(Rate(0.75, MADRS_50), Rate(0.30, CAPS_10), **f)),
    ("design.simulate_rct_proportions", lambda **f: design.simulate_rct_proportions(
        Rate(0.75, MADRS_50), MAPP1_PLACEBO, 20, 10, np.random.default_rng(0), **f)),
    ("design.shifted_rate", lambda **f: design.shifted_rate(PLACEBO_40, MAPP1_MDMA, MAPP1_PLACEBO, **f)),
]


@pytest.mark.parametrize("name, call", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_cross_source_comparison_refuses_a_different_definition_with_one_line_naming_both(name, call):
    with pytest.raises(DefinitionMismatch) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and "cross_definition=True" in message
    assert "mapp1.response" in message and ("kvam2025.response" in message or "furukawa2016.response" in message)


@pytest.mark.parametrize("name, call", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_cross_source_comparison_runs_when_the_caller_says_it_crosses_definitions(name, call):
    call(cross_definition=True)


def test_a_same_definition_benchmark_gives_the_same_numbers_as_the_bare_rate():
    typed = comparators.against_benchmark(9, 12, PLACEBO_40, definition=MADRS_50)
    bare = comparators.against_benchmark(9, 12, 0.40)
    assert typed["p_exact"] == bare["p_exact"] and typed["bf10"] == bare["bf10"]
    assert typed["crosses"] == "" and "crosses" not in bare
    assert bayes.prob_exceeds(9, 12, PLACEBO_40, "sceptical", definition=MADRS_50) == bayes.prob_exceeds(9, 12, 0.40, "sceptical")


def test_a_comparison_let_through_across_definitions_says_what_it_crossed():
    row = comparators.against_benchmark(9, 12, MAPP1_PLACEBO, definition=MADRS_50, cross_definition=True)
    assert row["crosses"] == "scale, rule"


def test_within_trial_comparisons_keep_their_bare_number_signatures():
    # notebook 03 compares the arms of one trial on one outcome: numbers in, no definitions needed
    assert design.n_two_proportions(0.75, 0.40) == pytest.approx(29.87, abs=0.01)
    assert comparators.against_benchmarks(9, 12, [0.35, 0.40]).columns.tolist() == ["observed", "difference",
                                                                                   "p_exact", "bf10"]


def test_a_drug_increment_from_one_trial_shifts_a_control_rate_of_the_same_definition():
    shifted = design.shifted_rate(Rate(0.40, MADRS_50, "control"), Rate(0.54, POOLED_50), Rate(0.37, POOLED_50))
    assert shifted.value == pytest.approx(0.57)
    assert shifted.definition == MADRS_50
    across = design.shifted_rate(PLACEBO_40, MAPP1_MDMA, MAPP1_PLACEBO, cross_definition=True)
    assert across.value == pytest.approx(0.40 + 37 / 42 - 23 / 37)


def test_an_increment_from_two_arms_of_different_definitions_is_refused_even_with_the_flag():
    with pytest.raises(DefinitionMismatch):
        design.shifted_rate(PLACEBO_40, MAPP1_MDMA, Rate(0.4, POOLED_50), cross_definition=True)


def test_a_gap_definition_can_only_be_compared_with_the_flag():
    with pytest.raises(DefinitionMismatch, match="unknown"):
        comparators.against_benchmark(9, 12, Rate(0.25, UNKNOWN), definition=MADRS_50)
    assert math.isfinite(comparators.against_benchmark(9, 12, Rate(0.25, UNKNOWN), definition=MADRS_50,
                                                       cross_definition=True)["p_exact"])


# --- what one arm would show under another definition ---------------------------------

def test_a_10_point_caps5_fall_asks_far_less_than_a_50_percent_fall_from_a_caps5_baseline_of_44():
    assert outcomes.fall_needed(CAPS_10) == 10
    assert outcomes.fall_needed(MADRS_50, baseline_mean=44.2) == pytest.approx(22.1)
    with pytest.raises(ReappraiseError, match="baseline_mean"):
        outcomes.fall_needed(MADRS_50)
    with pytest.raises(ReappraiseError, match="not a fall rule"):
        outcomes.fall_needed(MADRS_REMISSION)


def test_the_same_placebo_with_therapy_arm_responds_at_63_or_24_percent_depending_on_the_definition():
    # MAPP1 placebo arm: mean CAPS-5 fall 13.9 (SD 11.5) from 44.2; 23 of 37 met the 10-point rule
    ten_points = outcomes.expected_share(CAPS_10, 13.9, 11.5)
    half = outcomes.expected_share(MADRS_50, 13.9, 11.5, baseline_mean=44.2)
    assert ten_points == pytest.approx(0.633, abs=0.001) and abs(ten_points - 23 / 37) < 0.02
    assert half == pytest.approx(0.238, abs=0.001)
