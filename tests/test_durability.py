"""Specification of reappraise.stats.durability and of the paired change-score helpers it uses
(the functions appended to reappraise.stats.effect_sizes under "Paired change scores")."""

import itertools
import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from reappraise.stats import durability as d
from reappraise.evidence import ledger
from reappraise.stats import effect_sizes, proportions
from reappraise.errors import ReappraiseError

RELAPSER = "response_post & not response_7m & remission_post & not remission_7m"


def rules(*rows):
    """A rules table from (pattern, count) pairs, named r1, r2, ..."""
    return pd.DataFrame([{"rule": f"r{i}", "kind": "test", "pattern": p, "count": c}
                         for i, (p, c) in enumerate(rows, start=1)], columns=["rule", "kind", "pattern", "count"]
                        ).set_index("rule")


@pytest.fixture(scope="module")
def kvam():
    return d.rules_table(ledger.load())


# --- transitions --------------------------------------------------------------------------

def test_the_reported_counts_give_8_kept_1_relapsed_3_stayed_and_0_late():
    table = d.transitions(12, 9, 8, 0)
    assert table["count"].to_dict() == {"kept": 8, "relapsed": 1, "stayed non-responder": 3, "late responder": 0}
    assert table["count"].sum() == 12 and math.isclose(table["share"].sum(), 1.0)


def test_late_responders_come_out_of_the_non_responders():
    table = d.transitions(10, 4, 3, 2, noun="remitter")
    assert table.loc["late remitter", "count"] == 2
    assert table.loc["stayed non-remitter", "count"] == 4
    assert table.loc["late remitter", ["after_treatment", "at_follow_up"]].tolist() == ["non-remitter", "remitter"]


def test_durability_gives_8_of_9_maintained_and_8_of_12_at_follow_up_with_the_chosen_interval():
    table = d.durability(12, 9, 8, method="clopper-pearson", confidence=0.9)
    row = table.loc["maintained among responders"]
    assert (row["k"], row["of"]) == (8, 9)
    assert (row["low"], row["high"]) == proportions.proportion_ci(8, 9, "clopper-pearson", 0.9)
    assert table.loc["responders at follow-up", "estimate"] == pytest.approx(8 / 12)


@pytest.mark.parametrize("args, word", [((12, 9, 10), "kept"), ((12, 13, 8), "responders"),
                                        ((12, 9, 8, 4), "late"), ((12, 9, -1), "kept"), ((12, 9.5, 8), "responders")])
def test_counts_that_cannot_coexist_raise_one_error_naming_the_count(args, word):
    with pytest.raises(ReappraiseError, match=word):
        d.transitions(*args)


def test_a_maintained_proportion_needs_at_least_one_responder():
    with pytest.raises(ReappraiseError, match="responders must be at least 1"):
        d.durability(12, 0, 0)


def test_relapse_posterior_under_a_flat_prior_is_beta_2_9():
    post = d.relapse_posterior(1, 9, "flat")
    assert (post["a"], post["b"]) == (2.0, 9.0)
    assert post["mean"] == pytest.approx(2 / 11)
    assert post["low"] < post["mean"] < post["high"]


def test_relapse_posterior_names_the_prior_and_rejects_unknown_ones():
    assert d.relapse_posterior(1, 9, "jeffreys")["a"] == 1.5
    assert d.relapse_posterior(1, 9, (2, 8))["prior"] == "Beta(2, 8)"
    with pytest.raises(ReappraiseError, match="prior"):
        d.relapse_posterior(1, 9, "hopeful")


def test_without_dropouts_the_three_attrition_handlings_agree():
    table = d.attrition_scenarios(8, 9, 0)
    assert table["estimate"].nunique() == 1 and table["estimate"].iloc[0] == pytest.approx(8 / 9)


def test_two_dropouts_span_8_of_11_to_10_of_11():
    table = d.attrition_scenarios(8, 9, 2)
    assert table.loc["worst case: dropouts relapsed", ["k", "of"]].tolist() == [8, 11]
    assert table.loc["best case: dropouts kept response", ["k", "of"]].tolist() == [10, 11]
    assert table.loc["same rate: dropouts like completers", ["k", "of"]].tolist() == [8, 9]
    with pytest.raises(ReappraiseError, match="dropouts"):
        d.attrition_scenarios(8, 9, -1)


def test_the_attrition_sweep_runs_from_0_to_half_the_observed_by_default():
    sweep = d.attrition_sweep(8, 9)
    assert sorted(sweep["dropouts"].unique()) == [0, 1, 2, 3, 4]
    assert len(sweep) == 15


# --- patterns and rules -------------------------------------------------------------------

def test_a_pattern_joins_fields_and_negated_fields_with_ampersands():
    assert d.parse_pattern("remission_post & not remission_7m") == {"remission_post": 1, "remission_7m": 0}
    assert d.matches((1, 0, 1, 0), RELAPSER) and not d.matches((1, 1, 1, 0), RELAPSER)


@pytest.mark.parametrize("bad", ["", "responder", "not", "response_post & response_post",
                                 "response_post not", "no response_post"])
def test_a_malformed_pattern_raises(bad):
    with pytest.raises(ReappraiseError, match="pattern"):
        d.parse_pattern(bad)


def test_profile_labels_name_the_course_of_each_outcome():
    assert d.profile_label((1, 1, 1, 0)) == "resp kept · rem lost"
    assert d.profile_label((0, 1, 0, 0)) == "resp late · rem never"
    assert len({d.profile_label(p) for p in d.PROFILES}) == 16


def test_the_rules_read_their_counts_from_the_ledger(kvam):
    assert kvam.loc["responders who kept response at 7 months", "count"] == 8
    assert kvam.loc["remitters who relapsed", "count"] == 1
    assert set(kvam["kind"]) == {"reported", "logical", "interpretation"}
    assert (kvam.loc[kvam["kind"] != "reported", "count"] == 0).all()


# --- enumeration: small cases checkable by hand -------------------------------------------

def test_one_participant_and_no_rules_gives_the_16_profiles_once_each():
    tables = d.consistent_tables(rules(), 1)
    assert len(tables) == 16 and (tables["labelled"] == 1).all()


def test_two_responders_who_both_kept_response_leave_10_tables_and_16_assignments():
    # Remission is free: 4 courses each, multisets of size 2 from 4 = 10; labelled 4 x 4 = 16.
    tables = d.consistent_tables(rules(("response_post & response_7m", 2)), 2)
    assert len(tables) == 10 and tables["labelled"].sum() == 16


def test_the_enumeration_agrees_with_brute_force_over_labelled_assignments():
    chosen = rules(("response_post", 2), ("response_post & response_7m", 1), ("remission_post & not response_post", 0))
    tables = d.consistent_tables(chosen, 3)
    brute = [combo for combo in itertools.product(d.PROFILES, repeat=3)
             if all(sum(d.matches(p, pattern) for p in combo) == count
                    for pattern, count in zip(chosen["pattern"], chosen["count"]))]
    assert tables["labelled"].sum() == len(brute)
    assert len(tables) == len({tuple(sorted(combo)) for combo in brute})


def test_counts_that_cannot_coexist_have_no_table():
    with pytest.raises(ReappraiseError, match="cannot coexist"):
        d.consistent_tables(rules(("response_post", 9), ("response_post & response_7m", 10)), 12)


def test_rules_without_pattern_and_count_columns_are_rejected():
    with pytest.raises(ReappraiseError, match="columns"):
        d.consistent_tables(pd.DataFrame({"pattern": ["response_post"]}), 12)


def test_a_rule_count_above_n_is_rejected_by_name():
    with pytest.raises(ReappraiseError, match="r1"):
        d.consistent_tables(rules(("response_post", 13)), 12)


def test_too_many_tables_stop_at_the_limit():
    with pytest.raises(ReappraiseError, match="limit"):
        d.consistent_tables(rules(), 12, limit=1000)


# --- enumeration: the Norwegian trial -----------------------------------------------------

def test_all_rules_leave_exactly_one_table_standing_for_1980_assignments(kvam):
    tables = d.consistent_tables(kvam, 12)
    assert len(tables) == 1
    used = tables.loc["table 1"].drop("labelled")
    assert used[used > 0].to_dict() == {"resp kept · rem kept": 8, "resp lost · rem lost": 1,
                                        "resp never · rem never": 3}
    assert tables["labelled"].iloc[0] == math.factorial(12) // (math.factorial(8) * math.factorial(3)) == 1980


def test_under_all_rules_the_response_relapser_is_the_remission_relapser(kvam):
    assert d.share_of_tables(d.consistent_tables(kvam, 12), RELAPSER, 1) == 1.0


def test_the_reported_counts_alone_allow_96_tables_and_the_same_relapser_in_20(kvam):
    tables = d.consistent_tables(kvam[kvam["kind"] == "reported"], 12)
    assert len(tables) == 96 and tables["labelled"].sum() == 31_363_200
    assert d.share_of_tables(tables, RELAPSER, 1) == pytest.approx(20 / 96)


def test_dropping_one_rule_at_a_time_shows_which_rules_bind(kvam):
    growth = d.rule_growth(kvam, 12)
    assert growth.loc["(none)", "tables"] == 1
    assert growth.loc["non-responders who responded at 7 months", "tables"] == 4
    assert growth.loc["remission without response at 7 months", "labelled"] == 17_820
    assert growth.loc["remitters who relapsed", "tables"] == 1  # implied by the other counts


def test_adding_kinds_of_rule_shrinks_the_set_from_96_to_1(kvam):
    steps = d.tables_by_kind(kvam, 12)
    assert steps["tables"].tolist() == [96, 1, 1]


def test_every_table_reproduces_every_rule_count(kvam):
    chosen = kvam[kvam["kind"] == "reported"]
    recounted = d.recount(d.consistent_tables(chosen, 12), chosen)
    assert (recounted == chosen["count"]).all().all()


def test_profile_ranges_mark_what_every_table_shares(kvam):
    ranges = d.profile_ranges(d.consistent_tables(kvam[kvam["kind"] == "reported"], 12))
    assert ranges.loc["resp kept · rem kept"].tolist() == [4, 8, False]
    assert "resp late · rem late" not in ranges.index  # no table uses a late responder


def test_participants_expands_a_table_into_labelled_reconstructed_rows(kvam):
    people = d.participants(d.consistent_tables(kvam, 12), "table 1")
    assert list(people.index[[0, -1]]) == ["P01", "P12"]
    assert people["response_post"].sum() == 9 and people["remission_7m"].sum() == 8
    assert set(people["source"]) == {"reconstructed - not trial data"}
    with pytest.raises(ReappraiseError, match="table"):
        d.participants(d.consistent_tables(kvam, 12), "table 2")


# --- paired change scores and detectable change -------------------------------------------

def test_the_sd_of_change_is_the_se_times_root_n():
    assert effect_sizes.sd_of_change(2.4, 12) == pytest.approx(8.3138, abs=1e-4)
    with pytest.raises(ReappraiseError, match="se"):
        effect_sizes.sd_of_change(0, 12)


def test_the_sd_of_a_difference_with_equal_sds_and_r_one_half_is_that_sd():
    assert effect_sizes.sd_of_difference(4.9, 4.9, 0.5) == pytest.approx(4.9)
    with pytest.raises(ReappraiseError, match="r must"):
        effect_sizes.sd_of_difference(4.9, 4.9, 1.5)


def test_the_noncentral_t_interval_reproduces_a_published_example():
    """easystats/effectsize, tests/testthat/test-cohens_d.R ('cohens_d - pooled'):
    mtcars weight by transmission, pooled Cohen's d = 1.892 with 95% CI 1.030 to 2.732
    (n = 19 and 13, df = 30; noncentral t method of Steiger & Fouladi 1997)."""
    scale = math.sqrt(1 / 19 + 1 / 13)
    low, high = effect_sizes.noncentral_t_interval(1.892 / scale, 30)
    assert (low * scale, high * scale) == pytest.approx((1.030, 2.732), abs=1.5e-3)


def test_the_noncentral_t_interval_is_symmetric_in_the_sign_of_t():
    low, high = effect_sizes.noncentral_t_interval(8.04, 11)
    assert effect_sizes.noncentral_t_interval(-8.04, 11) == pytest.approx((-high, -low))


def test_the_paired_effect_of_the_norwegian_change_is_about_2_3_sds():
    result = effect_sizes.paired_dz(-19.3, effect_sizes.sd_of_change(2.4, 12), 12)
    assert result["dz"] == pytest.approx(-19.3 / 8.3138, abs=1e-4)
    assert result["t"] == pytest.approx(-19.3 / 2.4)
    assert result["low"] < result["dz"] < result["high"] < 0
    assert abs(result["gz"]) < abs(result["dz"])


def test_the_minimum_detectable_dz_agrees_with_statsmodels_and_has_the_asked_power():
    from statsmodels.stats.power import TTestPower

    dz = effect_sizes.minimum_detectable_dz(12, 0.8, 0.05)
    assert dz == pytest.approx(TTestPower().solve_power(nobs=12, alpha=0.05, power=0.8), abs=1e-4)
    assert TTestPower().power(effect_size=dz, nobs=12, alpha=0.05) == pytest.approx(0.8, abs=1e-4)
    with pytest.raises(ReappraiseError, match="power"):
        effect_sizes.minimum_detectable_dz(12, 1.2)


def test_the_detectable_change_in_points_is_dz_times_each_assumed_sd():
    table = d.detectable_change(12, {"treatment-phase SD": 8.3, "baseline SD": 4.9})
    assert table["dz"].nunique() == 1
    assert table.loc["baseline SD", "points"] == pytest.approx(table.loc["baseline SD", "dz"] * 4.9)


# --- figures ------------------------------------------------------------------------------

def test_the_flow_and_interval_figures_draw_without_error():
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3)
    d.plot_flow(ax1, 12, 9, 8, 0)  # the empty late-responder band is skipped
    d.plot_proportions(ax2, d.durability(12, 9, 8), "black")
    d.plot_attrition(ax3, d.attrition_sweep(8, 9, 2), chosen=1)
    assert len(ax1.patches) == 5  # one bar per node: enrolled, 2 after treatment, 2 at follow-up
    assert [t.get_text() for t in ax2.get_yticklabels()][0] == "responders at follow-up"
    plt.close(fig)


# --- relapse against benchmark rates ------------------------------------------------------------

def test_one_relapse_in_nine_against_the_relapse_rates_of_geddes_2003():
    """Geddes et al. (Lancet 2003;361:653-661) report relapse in 41% after stopping and 18% after
    continuing an antidepressant. By hand: P(X <= 1 | 9, 0.41) = 0.59^9 + 9 × 0.41 × 0.59^8 = 0.0628."""
    table = d.relapse_against(1, 9, {"stopped": 0.41, "continued": 0.18})
    assert table.loc["stopped", "p_at_most"] == pytest.approx(0.59 ** 9 + 9 * 0.41 * 0.59 ** 8)
    assert table.loc["stopped", "expected"] == pytest.approx(3.69)
    assert table.loc["continued", "p_at_most"] == pytest.approx(0.82 ** 9 + 9 * 0.18 * 0.82 ** 8)
    assert (table["observed"] == 1 / 9).all()


def test_relapse_against_refuses_a_rate_outside_zero_to_one_by_name():
    with pytest.raises(ReappraiseError, match="stopped"):
        d.relapse_against(1, 9, {"stopped": 41})
    with pytest.raises(ReappraiseError, match="rates"):
        d.relapse_against(1, 9, {})
