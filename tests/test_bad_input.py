"""Bad arguments: every public numeric-argument function answers with one ValueError naming the argument.

One table row per function: a call with valid arguments and, for each argument it checks,
a value outside the allowed range. The test replaces one argument at a time by a value of
the wrong type (the string "12", None) and by the out-of-range value, and expects a
:class:`~reappraise.errors.ReappraiseError` (a ``ValueError``, never a ``TypeError``) whose
message names that argument. Arguments that are printed numbers ('29.6', 'P < 0.001') are
strings by design, so for them the wrong-typed values are None and a string that is not a
number ("abc").
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import pytest

from reappraise.evidence import audit, claims, ledger
from reappraise.pipeline import compare, sweep
from reappraise.stats import (bayes, bias, blinding, comparators, consistency, cutoffs, design, durability, effect_sizes,
                              missing, outcomes, pooling, proportions, reconstruct)
from reappraise.errors import ReappraiseError

WRONG_TYPE = ("12", None)
#: Bang et al. 2004, Table 7 (CRISP): rows guessed treatment, guessed placebo, don't know; columns the two arms.
CRISP = [[82, 27], [25, 29], [170, 83]]
NOT_PRINTED = (None, "abc")


@dataclass
class Row:
    """A function, a factory of valid keyword arguments, and the bad values to try per argument.

    ``out_of_range`` maps an argument to its out-of-range value; ``printed`` lists the
    printed-number arguments; ``wrong`` overrides the wrong-typed values of an argument
    (e.g. where None is a valid default); ``named`` gives the name a message uses for an
    argument when it differs from the parameter (a notebook parameter's name).
    """

    func: Callable
    valid: Callable[[], dict]
    out_of_range: dict
    printed: tuple = ()
    wrong: dict = field(default_factory=dict)
    named: dict = field(default_factory=dict)

    def wrong_typed(self, name: str) -> tuple:
        return self.wrong.get(name, NOT_PRINTED if name in self.printed else WRONG_TYPE)


@functools.cache
def _ledger():
    return ledger.load()


@functools.cache
def _claims():
    return claims.load(L=_ledger())


@functools.cache
def _rules():
    return durability.rules_table(_ledger())


@functools.cache
def _tables():
    return durability.consistent_tables(_rules(), 12)


@functools.cache
def _tipping_grid():
    return missing.tipping_grid(5, 10, 1, 2, 10, 1)


@functools.cache
def _ax():
    from matplotlib.figure import Figure

    return Figure().subplots()


def _sims():
    return pd.DataFrame({"mean_change": [-1.0, 0.5], "responders": [1, 2], "remitters": [0, 1], "p_value": [0.2, 0.03]})


def _rng():
    return np.random.default_rng(0)


ARMS = {"k1": 15, "n1": 40, "k2": 6, "n2": 40}
ARMS_BAD = {"k1": 41, "n1": 0, "k2": -1, "n2": 0}
MODEL = {"mu": 22, "sigma": 8, "rho": 0.7, "cutoff": 20}
MODEL_BAD = {"mu": math.nan, "sigma": 0, "rho": 1.2, "cutoff": math.inf}
STATUS = {"n": 12, "responders": 9, "kept": 8, "late": 0}
STATUS_BAD = {"n": 0, "responders": 13, "kept": 10, "late": 4}
TWO_GROUPS = {"m1": 103, "sd1": 5.5, "n1": 50, "m2": 100, "sd2": 4.5, "n2": 50}
TWO_GROUPS_BAD = {"m1": math.nan, "sd1": 0, "n1": 1, "m2": math.inf, "sd2": -4.5, "n2": 50.5}
PAIRED = {"baseline_mean": "29.6", "baseline_sd": "4.9", "change_mean": "-19.3", "change_se": "2.4", "n": 12,
          "responders": 9, "remitters": 9, "low": 0, "high": 60, "baseline_min": 20, "response_reduction": 0.5,
          "remission_max": 10, "n_samples": 1, "seed": 0, "n_baselines": 2, "max_attempts": 20, "chains": 8}
PAIRED_BAD = {"baseline_sd": "-4.9", "change_se": "-2.4", "n": 1,  # any printed mean is an allowed argument
              "responders": -1, "remitters": -1, "low": 61, "high": -5, "baseline_min": -1, "response_reduction": 1.5,
              "remission_max": -1, "n_samples": 0, "seed": -1, "n_baselines": 0, "max_attempts": 0, "chains": 0}

HALF = outcomes.Definition("d.half", "response", ("MADRS",), "relative-fall", 0.5, "primary endpoint")
TEN_POINTS = outcomes.Definition("d.ten", "response", ("CAPS-5",), "absolute-fall", 10, "primary endpoint")

TABLE = [
    # bayes
    Row(bayes.prior_from_mean, lambda: {"mean": 0.375, "weight": 8}, {"mean": 1.5, "weight": 0}),
    Row(bayes.resolve_prior, lambda: {"prior": (1, 1)}, {"prior": (0, 1)}),
    Row(bayes.beta_posterior, lambda: {"k": 9, "n": 12, "prior": "flat"}, {"k": 13, "n": 0, "prior": (math.nan, 1)}),
    Row(bayes.prob_exceeds, lambda: {"k": 9, "n": 12, "threshold": 0.4}, {"k": -1, "n": 0, "threshold": 1.0}),
    Row(bayes.credible_interval, lambda: {"k": 9, "n": 12, "level": 0.95}, {"k": 13, "n": 0, "level": 1.5}),
    Row(bayes.bayes_factor_binom, lambda: {"k": 9, "n": 12, "p": 0.5}, {"k": 13, "n": 0, "p": 0}),
    Row(bayes.bayes_factor_exceeds, lambda: {"k": 9, "n": 12, "p": 0.375}, {"k": 13, "n": 0, "p": 1}),
    Row(bayes.posterior_table, lambda: {"k": 9, "n": 12, "priors": ["flat"], "thresholds": {"40%": 0.4}, "level": 0.95},
        {"k": 13, "n": 0, "level": 2}),
    # comparators
    Row(comparators.check_rate, lambda: {"rate": 0.4}, {"rate": 1.2}),
    Row(comparators.against_benchmark, lambda: {"k": 9, "n": 12, "rate": 0.4}, {"k": 13, "n": 0, "rate": 0}),
    Row(comparators.against_benchmarks, lambda: {"k": 9, "n": 12, "rates": [0.35, 0.4]}, {"k": 13, "n": 0}),
    Row(comparators.rate_range, lambda: {"low": 0.35, "high": 0.4, "points": 3}, {"low": 0, "high": 1, "points": 0},
        named={"low": "benchmark_low", "high": "benchmark_high"}),
    # bias
    Row(bias.rtm_effect, lambda: dict(MODEL), MODEL_BAD),
    Row(bias.selected_moments, lambda: {"mu": 22, "sigma": 8, "cutoff": 20},
        {"mu": math.inf, "sigma": -1, "cutoff": math.nan}),
    Row(bias.population_for_selected, lambda: {"mean": 29.6, "sd": 4.9, "cutoff": 20},
        {"mean": math.nan, "sd": 0, "cutoff": math.inf}),
    Row(bias.null_response_probability, lambda: {**MODEL, "reduction": 0.5, "change": 0.0},
        {**MODEL_BAD, "reduction": 1.0, "change": math.nan}),
    Row(bias.null_remission_probability, lambda: {**MODEL, "remission_max": 10.0, "change": 0.0},
        {**MODEL_BAD, "remission_max": math.inf, "change": math.nan}),
    Row(bias.simulate_null_trials,
        lambda: {**MODEL, "n": 12, "trials": 10, "rng": _rng(), "reduction": 0.5, "remission_max": 10.0, "change": 0.0},
        {**MODEL_BAD, "n": 1, "trials": 0, "reduction": 0, "remission_max": math.nan, "change": math.inf}),
    Row(bias.decompose_change, lambda: {"observed": 19.3, "nested": {"RTM": 1.55}},
        {"observed": math.nan}, wrong={"nested": ({}, None)}),
    Row(bias.summarise_null_trials, lambda: {"sims": _sims(), "n": 12, "observed_responders": 1},
        {"n": 0, "observed_responders": -1}, wrong={"observed_responders": ("12", 1.5)}),
    Row(bias.within_group_d, lambda: {"change": -19.3, "sd": 4.9}, {"change": math.nan, "sd": 0}),
    # claims
    Row(claims.value_equals, lambda: {"L": _ledger(), "rows": ["kvam.enrolled.n"], "claim": "12", "tolerance": 0.1},
        {"tolerance": -0.1}),
    Row(claims.range_covers, lambda: {"L": _ledger(), "rows": ["kvam.enrolled.n"], "claim": "10-15", "tolerance": 0.1},
        {"tolerance": math.nan}),
    Row(claims.duration_equals, lambda: {"L": _ledger(), "rows": ["kvam.followup.months_after_baseline"],
                                         "claim": "7 months", "tolerance": 0.1}, {"tolerance": 2}),
    Row(claims.verdict, lambda: {"row": _claims().iloc[0].to_dict(), "L": _ledger(), "tolerance": 0.1},
        {"tolerance": -1}),
    Row(claims.audit, lambda: {"claims": _claims().head(3), "L": _ledger(), "tolerance": 0.1}, {"tolerance": 1.5}),
    # compare
    Row(compare.table, lambda: {"scenarios": ["default", "default"]}, {"scenarios": ["default"]}),
    Row(compare.scenario_results, lambda: {"scenario": "default"}, {"scenario": "never-run"}),
    # consistency
    Row(consistency.percent_numerators, lambda: {"percent": "67", "n": 42, "decimals": None},
        {"percent": "150", "n": 0, "decimals": -1}, printed=("percent",), wrong={"decimals": ("12", 1.5)}),
    Row(consistency.percent_pairs, lambda: {"percent": "75%", "n_min": 1, "n_max": 12},
        {"percent": "-5", "n_min": 0, "n_max": 0}, printed=("percent",)),
    Row(consistency.decimals_of, lambda: {"printed": "9.4%"}, {}, printed=("printed",), named={"printed": "value"}),
    Row(consistency.rounds_to, lambda: {"exact": 66.666, "printed_value": 67, "decimals": 0},
        {"exact": math.nan, "printed_value": math.inf, "decimals": -1}),
    Row(consistency.mean_totals, lambda: {"mean": "29.6", "n": 12, "items": 1}, {"n": 0, "items": 0},
        printed=("mean",)),
    Row(consistency.total_range, lambda: {"mean": "29.6", "n": 12, "items": 1}, {"n": 0, "items": 0},
        printed=("mean",)),
    Row(consistency.grim, lambda: {"mean": "5.19", "n": 28, "items": 1}, {"n": 0, "items": 0}, printed=("mean",)),
    Row(consistency.grim_percent, lambda: {"percent": "67%", "n": 42}, {"percent": "101%", "n": 0},
        printed=("percent",)),
    Row(consistency.grimmer, lambda: {"mean": "5.21", "sd": "1.6", "n": 28, "items": 1, "low": 0, "high": 10},
        {"sd": "-1.6", "n": 1, "items": 0, "high": -1}, printed=("mean", "sd")),
    Row(consistency.min_sum_of_squares, lambda: {"total": 13, "n": 9}, {"n": 0}),
    Row(consistency.max_sum_of_squares, lambda: {"total": 21, "n": 5, "low": 1, "high": 7},
        {"total": 36, "n": 0, "high": 0}),
    Row(consistency.sd_limits, lambda: {"mean": "4.2", "n": 5, "low": 1, "high": 7, "items": 1},
        {"n": 1, "items": 0, "high": 0}, printed=("mean",)),
    Row(consistency.decision_error, lambda: {"p": "p = .03", "computed_p": 0.24, "alpha": 0.05,
                                             "p_equal_alpha_significant": True},
        {"p": "p = 1.5", "computed_p": 1.5, "alpha": 1.5}, printed=("p",)),
    Row(consistency.debit, lambda: {"mean": "0.05", "sd": "0.22", "n": 20}, {"mean": "1.5", "sd": "1.5", "n": 1},
        printed=("mean", "sd")),
    Row(consistency.parse_p, lambda: {"printed": "p = .03"}, {"printed": "p = 1.5"}, printed=("printed",),
        named={"printed": "p"}),
    Row(consistency.p_value, lambda: {"p": "p = .04", "statistic": "2.20", "df": 28, "test": "t", "tails": 2,
                                      "alpha": 0.05, "p_equal_alpha_significant": True},
        {"p": "p = 1.5", "df": 0, "test": "w", "tails": 3, "alpha": 0}, printed=("p", "statistic")),
    Row(functools.partial(consistency.p_value, test="f"), lambda: {"p": "p = .04", "statistic": "4.50", "df": (1, 20)},
        {"df": (0, 20)}),
    Row(consistency.p_from_estimate, lambda: {"p": "P < 0.001", "estimate": "-19.3", "se": "2.4", "df": 11,
                                              "alpha": 0.05, "p_equal_alpha_significant": True},
        {"p": "2", "se": "-2.4", "df": 0, "alpha": 1}, printed=("p", "estimate", "se"), wrong={"df": ("12", "abc")}),
    Row(consistency.ci_from_se, lambda: {"estimate": "-19.3", "se": "2.4", "low": "-23.8", "high": "-14.8", "df": 11,
                                         "confidence": 0.95},
        {"se": "-2.4", "df": -1, "confidence": 95}, printed=("estimate", "se", "low", "high"),
        wrong={"df": ("12", "abc")}),
    Row(consistency.implied_confidence, lambda: {"se": "2.4", "low": "-23.8", "high": "-14.8", "df": None},
        {"se": "-2.4", "df": -1}, printed=("se", "low", "high"), wrong={"df": ("12", "abc")}),
    Row(consistency.ci_symmetric, lambda: {"estimate": "-23.7", "low": "-26.94", "high": "-20.44", "confidence": 0.95},
        {"confidence": 0}, printed=("estimate", "low", "high")),
    Row(consistency.signed_rank_null, lambda: {"n": 12}, {"n": 0}),
    Row(consistency.signed_rank_p, lambda: {"p": "P < 0.001", "n": 12}, {"p": "p = 7", "n": 0}, printed=("p",)),
    Row(consistency.sd_range_from_se, lambda: {"se": "2.4", "n": 12}, {"se": "-2.4", "n": 1}, printed=("se",)),
    Row(consistency.max_worsened, lambda: {"change_mean": "-19.3", "change_se": "2.4", "n": 12}, {"change_se": "-2.4", "n": 1},
        printed=("change_mean", "change_se"), named={"change_mean": "mean", "change_se": "se"}),
    Row(consistency.signed_rank_max_against, lambda: {"p": "P < 0.001", "n": 12}, {"p": "p = 7", "n": 0},
        printed=("p",)),
    Row(consistency.worsened_by_reading,
        lambda: {"change_mean": "-19.3", "change_se": "2.4", "p": "P < 0.001", "n": 12, "improved": 9},
        {"change_se": "-2.4", "p": "p = 7", "n": 1, "improved": 13},
        printed=("change_mean", "change_se", "p"), named={"change_mean": "mean", "change_se": "se"}),
    Row(consistency.sd_from_se, lambda: {"sd": "8.3", "se": "2.4", "n": 12}, {"sd": "-8.3", "se": "-2.4", "n": 1},
        printed=("sd", "se")),
    # cutoffs
    Row(cutoffs.reduction_needed_for_remission, lambda: {"baseline": 29.6, "cutoff": 10},
        {"baseline": 0, "cutoff": -1}),
    Row(cutoffs.remission_implies_response, lambda: {"min_baseline": 20, "cutoff": 10, "response_reduction": 0.5},
        {"min_baseline": -20, "cutoff": math.inf, "response_reduction": 1}),
    # design
    Row(design.expected_ci_width, lambda: {"p": 0.75, "n": 12, "method": "wilson", "confidence": 0.95},
        {"p": 1, "n": 0, "method": "exact", "confidence": 1}),
    Row(design.precision_curve, lambda: {"p": 0.75, "ns": [12, 24], "method": "wilson", "confidence": 0.95},
        {"p": 0, "ns": [0], "method": "exact", "confidence": 0}),
    Row(design.n_for_width, lambda: {"p": 0.75, "width": 0.5, "n_max": 100}, {"p": 1.5, "width": 1.5, "n_max": 1}),
    Row(design.power_two_proportions, lambda: {"p1": 0.75, "p2": 0.4, "n": 30, "alpha": 0.05, "method": "arcsine"},
        {"p1": 1, "p2": 0, "n": 0, "alpha": 1.5, "method": "exact"}),
    Row(design.n_two_proportions, lambda: {"p1": 0.75, "p2": 0.4, "alpha": 0.05, "power": 0.8, "method": "pooled"},
        {"p1": 1, "p2": 0, "alpha": 0, "power": 1, "method": "exact"}),
    Row(design.n_two_means, lambda: {"difference": 5, "sd": 8, "alpha": 0.05, "power": 0.8},
        {"difference": 0, "sd": 0, "alpha": 1, "power": 0}),
    Row(design.with_attrition, lambda: {"n": 40, "attrition": 0.2}, {"n": -1, "attrition": 0.95}),
    Row(design.scenario_table, lambda: {"p_drug": 0.75, "p_placebo": 0.375, "alpha": 0.05, "power": 0.8,
                                        "attrition": 0.1, "unblinding_bias": 0.1, "method": "arcsine"},
        {"p_drug": 1.2, "p_placebo": 0, "alpha": 0, "power": 1, "attrition": 0.95, "unblinding_bias": -0.1,
         "method": "exact"}),
    Row(design.simulate_rct_proportions, lambda: {"p1": 0.75, "p2": 0.4, "n": 20, "trials": 10, "rng": _rng(),
                                                  "alpha": 0.05},
        {"p1": 1, "p2": -0.4, "n": 1, "trials": 0, "alpha": 1}),
    Row(design.fisher_pvalues, lambda: {"n1": 5, "n2": 6}, {"n1": 0, "n2": -1}),
    Row(design.sizes_by_method, lambda: {"p1": 0.75, "p2": 0.4, "alpha": 0.05, "power": 0.8},
        {"p1": 1, "p2": 0, "alpha": 0, "power": 1}),
    Row(design.compare_attrition, lambda: {"lost_drug": 1, "randomised_drug": 53, "lost_control": 9,
                                           "randomised_control": 51},
        {"lost_drug": -1, "randomised_drug": 0, "lost_control": 52, "randomised_control": 0}),
    Row(design.simulate_rct_means, lambda: {"difference": 5, "sd": 8, "n": 20, "trials": 10, "rng": _rng(),
                                            "alpha": 0.05},
        {"difference": math.nan, "sd": 0, "n": 1, "trials": 0, "alpha": 0}),
    # outcomes
    Row(outcomes.rate_value, lambda: {"rate": 0.4}, {"rate": 1.5}),
    Row(outcomes.pair_values, lambda: {"p1": 0.75, "p2": 0.4, "cross_definition": False},
        {"p1": 0, "p2": 1}, wrong={"cross_definition": ("12", None)}),
    Row(outcomes.fall_needed, lambda: {"definition": HALF, "baseline_mean": 44.2}, {"baseline_mean": 0}),
    Row(outcomes.expected_share, lambda: {"definition": TEN_POINTS, "mean_fall": 13.9, "sd_fall": 11.5},
        {"mean_fall": math.nan, "sd_fall": 0}),
    Row(outcomes.check_flag, lambda: {"cross_definition": False}, {}, wrong={"cross_definition": ("12", None)}),
    # durability
    Row(durability.check_status_counts, lambda: dict(STATUS), STATUS_BAD),
    Row(durability.transitions, lambda: dict(STATUS), STATUS_BAD),
    Row(durability.durability, lambda: {**STATUS, "method": "wilson", "confidence": 0.95},
        {**STATUS_BAD, "method": "exact", "confidence": 1}),
    Row(durability.relapse_posterior, lambda: {"relapsed": 1, "at_risk": 9, "prior": "flat", "level": 0.95},
        {"relapsed": 10, "at_risk": 0, "prior": (0, 0), "level": 0}),
    Row(durability.relapse_against, lambda: {"relapsed": 1, "at_risk": 9, "rates": {"stopped": 0.41}, "confidence": 0.95},
        {"relapsed": 10, "at_risk": 0, "confidence": 1.5}, wrong={"rates": ({}, None)}),
    Row(durability.attrition_scenarios, lambda: {"kept": 8, "observed": 9, "dropouts": 1, "confidence": 0.95},
        {"kept": 10, "observed": 0, "dropouts": -1, "confidence": 1.5}),
    Row(durability.consistent_tables, lambda: {"rules": _rules(), "n": 12, "limit": 100}, {"n": 0, "limit": -1}),
    Row(durability.share_of_tables, lambda: {"tables": _tables(), "pattern": "response_post", "count": 9},
        {"count": -1}),
    Row(durability.rule_growth, lambda: {"rules": _rules(), "n": 12, "limit": 100}, {"n": 0, "limit": -1}),
    Row(durability.tables_by_kind, lambda: {"rules": _rules(), "n": 12, "limit": 100}, {"n": 0, "limit": -1}),
    Row(durability.plot_flow, lambda: {"ax": _ax(), **STATUS}, STATUS_BAD),
    Row(durability.detectable_change, lambda: {"n": 12, "sd_changes": {"a": 8.3}, "power": 0.8, "alpha": 0.05},
        {"n": 1, "sd_changes": {"a": 0}, "power": 1, "alpha": 0}),
    Row(durability.attrition_sweep, lambda: {"kept": 8, "observed": 9, "max_dropouts": 2, "confidence": 0.95},
        {"kept": 10, "observed": 0, "max_dropouts": -1, "confidence": 0}, wrong={"max_dropouts": ("12", 1.5)}),
    # effect_sizes
    Row(blinding.guess_table, lambda: {"correct_t": 82, "wrong_t": 25, "dont_know_t": 170, "correct_p": 29, "wrong_p": 27,
                                       "dont_know_p": 83},
        {"correct_t": -1, "wrong_t": -1, "dont_know_t": -1, "correct_p": -1, "wrong_p": -1, "dont_know_p": -1}),
    Row(blinding.bang_index, lambda: {"correct": 82, "wrong": 25, "dont_know": 170, "confidence": 0.95, "alternative": "greater"},
        {"correct": -1, "wrong": -1, "dont_know": -1, "confidence": 1.5, "alternative": "both"}),
    Row(blinding.bang_indices, lambda: {"table": CRISP, "confidence": 0.95, "alternative": "two-sided"},
        {"table": [[1, 2], [3, 4]], "confidence": 0.1, "alternative": "both"}),
    Row(blinding.bang_index_from_shares, lambda: {"share_correct": 0.9, "n": 94, "share_dont_know": 0.0, "confidence": 0.95,
                                                  "alternative": "two-sided"},
        {"share_correct": 1.5, "n": 0, "share_dont_know": -0.1, "confidence": 2, "alternative": "both"}),
    Row(blinding.james_index, lambda: {"table": CRISP, "confidence": 0.95, "weights": blinding.JAMES_WEIGHTS},
        {"table": [[1, 2], [3, 4]], "confidence": 1.5, "weights": [[0, 1]]}),
    Row(blinding.table_from_shares, lambda: {"share_correct_t": 0.9, "n_t": 94, "share_correct_p": 0.75, "n_p": 79},
        {"share_correct_t": 1.2, "n_t": 0, "share_correct_p": -0.1, "n_p": 0}),
    Row(blinding.se_from_ci, lambda: {"low": -26.94, "high": -20.44, "confidence": 0.95},
        {"low": math.inf, "high": -30.0, "confidence": 1.5}),
    Row(blinding.two_sided_p, lambda: {"difference": 8.9, "se": 2.4, "df": 30.0},
        {"difference": math.nan, "se": 0, "df": 0}, wrong={"df": ("12",)}),
    Row(blinding.welch_df, lambda: {"sd1": 11.6, "n1": 42, "sd2": 11.5, "n2": 37}, {"sd1": 0, "n1": 1, "sd2": -1, "n2": 1}),
    Row(blinding.tipping_points, lambda: {"difference": 10.5, "se": 2.6, "mid": 10.0, "alpha": 0.05, "df": 76.0, "share": 0.9},
        {"difference": -1, "se": 0, "mid": -1, "alpha": 1.5, "df": 0, "share": 1.5}, wrong={"df": ("12",)}),
    Row(blinding.bias_curve, lambda: {"difference": 10.5, "se": 2.6, "biases": [0, 5], "confidence": 0.95, "df": 76.0,
                                      "share": 1.0},
        {"difference": math.nan, "se": 0, "biases": [], "confidence": 1.5, "df": 0, "share": 2}, wrong={"df": ("12",)}),
    Row(blinding.smd_from_odds_ratio, lambda: {"odds_ratio": 0.75}, {"odds_ratio": 0}),
    Row(effect_sizes.pooled_sd, lambda: {"sd1": 5.5, "n1": 50, "sd2": 4.5, "n2": 50},
        {"sd1": 0, "n1": 1, "sd2": math.inf, "n2": 1}),
    Row(effect_sizes.cohens_d, lambda: dict(TWO_GROUPS), TWO_GROUPS_BAD),
    Row(effect_sizes.hedges_g, lambda: dict(TWO_GROUPS), TWO_GROUPS_BAD),
    Row(effect_sizes.hedges_g, lambda: {**TWO_GROUPS, "correction": "exact", "variance": "esc"},
        {"correction": "rough", "variance": "hedges"}),
    Row(effect_sizes.small_sample_correction, lambda: {"df": 10, "correction": "exact"}, {"df": 1, "correction": "rough"}),
    Row(effect_sizes.log_risk_ratio, lambda: {"e1": 28, "n1": 42, "e2": 12, "n2": 37, "zero_cells": "only0"},
        {"e1": 43, "n1": 0, "e2": -1, "n2": 0, "zero_cells": "half"}),
    Row(effect_sizes.logit_d, lambda: {"e1": 28, "n1": 42, "e2": 12, "n2": 37, "zero_cells": "only0", "correction": "exact"},
        {"e1": 43, "n1": 0, "e2": -1, "n2": 0, "zero_cells": "half", "correction": "rough"}, wrong={"correction": ("12",)}),
    Row(effect_sizes.smd_ci, lambda: {"estimate": 0.59, "se": 0.2, "confidence": 0.95},
        {"estimate": math.nan, "se": 0, "confidence": 95}),
    Row(effect_sizes.sd_of_change, lambda: {"se": 2.4, "n": 12}, {"se": -2.4, "n": 1}),
    Row(effect_sizes.sd_of_difference, lambda: {"sd1": 4.9, "sd2": 4.9, "r": 0.5}, {"sd1": 0, "sd2": -1, "r": 1.5}),
    Row(effect_sizes.noncentral_t_interval, lambda: {"t": 2.5, "df": 11, "confidence": 0.95},
        {"t": math.inf, "df": 0, "confidence": 1}),
    Row(effect_sizes.paired_dz, lambda: {"mean_change": -19.3, "sd_change": 8.3, "n": 12, "confidence": 0.95},
        {"mean_change": math.nan, "sd_change": 0, "n": 1, "confidence": 0}),
    Row(effect_sizes.minimum_detectable_dz, lambda: {"n": 12, "power": 0.8, "alpha": 0.05},
        {"n": 1, "power": 1, "alpha": 0}),
    # pooling
    Row(pooling.typical_variance, lambda: {"vi": [0.1, 0.2]}, {"vi": [0.1, 0.0]}),
    Row(pooling.generalised_q, lambda: {"yi": [0.1, 0.3], "vi": [0.1, 0.2], "tau2": 0.0},
        {"yi": [0.1, math.nan], "vi": [0.1, -1], "tau2": -0.1}),
    Row(pooling.tau2_estimate, lambda: {"yi": [0.1, 0.3], "vi": [0.1, 0.2], "method": "REML"},
        {"yi": [0.1], "vi": [0.1, math.inf], "method": "HE"}),
    Row(pooling.tau2_interval, lambda: {"yi": [0.1, 0.3, 0.5], "vi": [0.1, 0.2, 0.1], "confidence": 0.95},
        {"yi": [0.1], "vi": [0.1, 0, 1], "confidence": 1}),
    Row(pooling.pool, lambda: {"yi": [0.1, 0.3], "vi": [0.1, 0.2], "method": "DL", "ci_method": "z", "confidence": 0.95},
        {"yi": [math.nan, 0.3], "vi": [0.1, 0], "method": "HE", "ci_method": "t", "confidence": 0}),
    Row(pooling.leave_one_out, lambda: {"yi": [0.1, 0.3, 0.2], "vi": [0.1, 0.2, 0.1], "labels": ["a", "b", "c"]},
        {"yi": [0.1, 0.3], "vi": [0.1, 0.2, -0.1]}),
    Row(pooling.cumulative, lambda: {"yi": [0.1, 0.3, 0.2], "vi": [0.1, 0.2, 0.1], "labels": ["a", "b", "c"]},
        {"yi": [0.1], "vi": [0.1, 0.2, 0]}),
    Row(pooling.subgroups, lambda: {"yi": [0.1, 0.3, 0.2], "vi": [0.1, 0.2, 0.1], "labels": ["a", "b", "c"],
                                    "groups": ["x", "x", "y"]}, {"yi": [0.1, math.inf, 0.2], "vi": [0.1, 0.2, 0]}),
    Row(pooling.egger_test, lambda: {"yi": [0.1, 0.3, 0.2], "vi": [0.1, 0.2, 0.1]}, {"yi": [0.1, 0.3], "vi": [0.1, 0.2, 0]}),
    # missing
    Row(missing.impute, lambda: {"k1": 28, "n1": 42, "m1": 4, "k2": 12, "n2": 37, "m2": 7, "scenario": "worst-case"},
        {"k1": 43, "n1": 0, "m1": -1, "k2": 38, "n2": 0, "m2": -7, "scenario": "random"}),
    Row(missing.tipping_grid, lambda: {"k1": 5, "n1": 10, "m1": 1, "k2": 2, "n2": 10, "m2": 1, "confidence": 0.95},
        {"k1": 11, "n1": 0, "m1": -1, "k2": -2, "n2": 0, "m2": -1, "confidence": 1}),
    Row(missing.tipping_points, lambda: {"grid": _tipping_grid(), "alpha": 0.05}, {"alpha": 1}),
    Row(missing.plot_tipping_grid, lambda: {"ax": _ax(), "grid": _tipping_grid(), "alpha": 0.05}, {"alpha": 0}),
    # proportions
    Row(proportions.check_confidence, lambda: {"confidence": 0.95}, {"confidence": 95}),
    Row(proportions.check_counts, lambda: {"k": 9, "n": 12}, {"k": 13, "n": 0}),
    Row(proportions.proportion_ci, lambda: {"k": 9, "n": 12, "method": "wilson", "confidence": 0.95},
        {"k": 13, "n": 0, "method": "exact", "confidence": 0}, wrong={"method": ("12", None, ["wilson"])}),
    Row(proportions.method_label, lambda: {"method": "wilson"}, {"method": "exact"}, wrong={"method": ("12", None, ["wilson"])}),
    Row(proportions.all_intervals, lambda: {"k": 9, "n": 12, "confidence": 0.95}, {"k": -1, "n": 0, "confidence": 1}),
    Row(proportions.fisher_p, lambda: dict(ARMS), ARMS_BAD),
    Row(proportions.ratio_estimates, lambda: {**ARMS, "confidence": 0.95}, {**ARMS_BAD, "confidence": 1}),
    Row(proportions.compare_proportions, lambda: {**ARMS, "confidence": 0.95, "higher_is_better": True},
        {**ARMS_BAD, "confidence": 0, "higher_is_better": 1}),
    Row(proportions.check_alpha, lambda: {"alpha": 0.05}, {"alpha": 0}),
    Row(proportions.fragility_index, lambda: {**ARMS, "alpha": 0.05}, {**ARMS_BAD, "alpha": 1}),
    Row(proportions.fragility_quotient, lambda: {**ARMS, "alpha": 0.05}, {**ARMS_BAD, "alpha": -0.05}),
    # reconstruct
    Row(reconstruct.sprite, lambda: {"mean": "29.6", "sd": "4.9", "n": 12, "low": 0, "high": 60, "n_samples": 1,
                                     "seed": 0, "max_attempts": 20, "chains": 4},
        {"mean": "61.0", "sd": "-4.9", "n": 1, "low": 61, "high": -1, "n_samples": 0, "seed": -1, "max_attempts": 0,
         "chains": 0}, printed=("mean", "sd"), wrong={"max_attempts": ("12", 1.5)}),
    Row(reconstruct.enumerate_samples, lambda: {"mean": "1.5", "sd": "1.29", "n": 4, "low": 0, "high": 3, "limit": 100},
        {"mean": "4.0", "sd": "-1.29", "n": 1, "low": 3, "high": 0, "limit": -1}, printed=("mean", "sd")),
    Row(reconstruct.reproduces, lambda: {"sample": [1, 2, 3], "mean": "2.0", "sd": "1.0"},
        {"sample": [[1, 2], [3, 4]]}, printed=("mean", "sd")),
    Row(reconstruct.Definition, lambda: {"response_reduction": 0.5, "remission_max": 10},
        {"response_reduction": 1.0, "remission_max": -1}),
    Row(reconstruct.reconstruct_paired, lambda: dict(PAIRED), PAIRED_BAD,
        printed=("baseline_mean", "baseline_sd", "change_mean", "change_se"), wrong={"max_attempts": ("12", 1.5)}),
    # sweep
    Row(sweep.sweep, lambda: {"func": lambda x: x, "axes": {"x": [1, 2]}, "n_jobs": 1, "progress": False},
        {"n_jobs": 0}, wrong={"n_jobs": ("12", 1.5)}),
    Row(bayes.posterior_exceedance, lambda: {"k": 9, "n": 12, "prior_means": [0.375], "prior_weights": [20],
                                             "benchmarks": [0.4]},
        {"k": 13, "n": 0, "prior_means": [1.5], "prior_weights": [0], "benchmarks": [math.nan]}),
]


#: Public functions with no numeric argument to check (text, ledger rows, tables, figures), and
#: claims checks whose ``tolerance`` is accepted only for the uniform signature of claims.CHECKS.
NO_NUMERIC_ARGUMENT = {
    "blinding.interpret_bang",
    "bias.benchmark_rate", "bias.benchmark_table", "claims.split", "claims.period", "claims.event_period",
    "claims.days", "claims.render", "claims.fill", "claims.seed_source", "claims.seed_label", "claims.validate",
    "claims.load", "claims.summary", "claims.windows", "claims.verdict_colors", "claims.plot_verdicts",
    "claims.plot_timeline", "compare.published_results", "compare.readable", "compare.write",
    "audit.check_ledger", "audit.explain", "durability.profile_label", "durability.parse_pattern", "durability.matches",
    "durability.rules_table", "durability.profile_ranges", "durability.pattern_counts", "durability.recount",
    "durability.participants", "durability.plot_proportions", "durability.plot_attrition",
    "proportions.comparison_table", "proportions.plot_forest", "reconstruct.paired_tests", "reconstruct.cohort_summary", "sweep.grid",
    "outcomes.require_same", "design.shifted_rate",  # take Definitions and Rates (tests/test_outcomes.py)
    "pooling.check_method", "pooling.check_ci_method", "pooling.smd_effects", "pooling.rr_effects",
}
UNUSED_TOLERANCE = {f"claims.{name}" for name in ("count_equals", "percent_of_count", "date_equals", "expected_in",
                                                   "expected_by", "none_of", "p_below")}
MODULES = (audit, bayes, blinding, comparators, bias, claims, compare, consistency, cutoffs, design, durability, effect_sizes,
           missing, outcomes, pooling, proportions, reconstruct, sweep)


def _name(func) -> str:
    test = getattr(func, "keywords", {}).get("test")
    func = getattr(func, "func", func)
    return f"{func.__module__.split('.')[-1]}.{func.__name__}" + (f"(test={test!r})" if test else "")


def _arguments(row: Row) -> list[str]:
    """The arguments a row checks: those with an out-of-range value, printed ones and overridden ones."""
    return list(dict.fromkeys([*row.out_of_range, *row.printed, *row.wrong]))


WRONG_TYPED = [pytest.param(row, name, bad, id=f"{_name(row.func)}-{name}={bad!r}")
               for row in TABLE for name in _arguments(row) for bad in row.wrong_typed(name)]
OUT_OF_RANGE = [pytest.param(row, name, bad, id=f"{_name(row.func)}-{name}={bad!r}")
                for row in TABLE for name, bad in row.out_of_range.items()]


def _names(message: str, name: str) -> bool:
    """True if ``message`` contains ``name`` as a whole word (not as part of a longer name)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def _assert_refused(row: Row, name: str, bad) -> None:
    """Call ``row.func`` with ``name`` replaced by ``bad``: one ReappraiseError naming ``name``, not a TypeError."""
    kwargs = {**row.valid(), name: bad}
    with pytest.raises(ValueError) as caught:
        row.func(**kwargs)
    message = str(caught.value)
    assert isinstance(caught.value, ReappraiseError), f"{type(caught.value).__name__}: {message}"
    assert _names(message, row.named.get(name, name)), message


@pytest.mark.parametrize("row, name, bad", WRONG_TYPED)
def test_every_public_function_refuses_a_wrong_typed_argument_with_a_value_error_naming_it(row, name, bad):
    _assert_refused(row, name, bad)


@pytest.mark.parametrize("row, name, bad", OUT_OF_RANGE)
def test_every_public_function_refuses_an_out_of_range_argument_with_a_value_error_naming_it(row, name, bad):
    _assert_refused(row, name, bad)


@pytest.mark.parametrize("row", [pytest.param(row, id=_name(row.func)) for row in TABLE])
def test_every_call_in_the_table_is_valid_as_given(row):
    """So that each refusal above is caused by the one replaced argument, not by the rest of the call."""
    row.func(**row.valid())


def test_every_argument_the_table_replaces_is_one_the_valid_call_passes():
    for row in TABLE:
        assert set(_arguments(row)) <= set(row.valid()), _name(row.func)


def test_every_public_function_with_a_numeric_argument_is_in_the_table():
    import inspect

    public = {f"{module.__name__.split('.')[-1]}.{name}" for module in MODULES for name, f in vars(module).items()
              if not name.startswith("_") and inspect.isfunction(f) and f.__module__ == module.__name__}
    covered = {_name(getattr(row.func, "func", row.func)) for row in TABLE}
    assert public - covered - NO_NUMERIC_ARGUMENT - UNUSED_TOLERANCE == set()
