"""The trial data: Metapsy's extraction, the trial table, and the comparisons built from them.

Metapsy's stored effect sizes are the specification here: every g and SE it prints (CAPS end
points, change scores, and its logit-converted binary outcomes) must be reproduced by
``effect_sizes`` under the convention Metapsy uses (the esc package: J = 1 - 3/(4m - 1), the
variance of d left unscaled; for binary rows 0.5 added to every cell when an arm has no events).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reappraise.errors import ReappraiseError
from reappraise.evidence import ledger, trials
from reappraise.stats import effect_sizes, pooling

X = trials.load_extraction()


def _metapsy_g(row: pd.Series) -> tuple[float, float]:
    if row["outcome_type"] in ("msd", "change"):
        s = "" if row["outcome_type"] == "msd" else "change_"
        return effect_sizes.hedges_g(row[f"mean_{s}arm1"], row[f"sd_{s}arm1"], int(row[f"n_{s}arm1"]), row[f"mean_{s}arm2"],
                                     row[f"sd_{s}arm2"], int(row[f"n_{s}arm2"]), correction="approximate", variance="esc")
    e1, n1, e2, n2 = (int(row[c]) for c in ("event_arm1", "totaln_arm1", "event_arm2", "totaln_arm2"))
    # Metapsy's rule: 0.5 is added to every cell only when an arm has no events
    d, se = effect_sizes.logit_d(e1, n1, e2, n2, zero_cells="all" if 0 in (e1, e2) else "none", correction="approximate")
    return -d, se  # Metapsy reverses the sign of its binary g


@pytest.mark.parametrize("index", [i for i in X.index if not pd.isna(X.loc[i, ".g"])],
                         ids=lambda i: f"{X.loc[i, 'study']}-{X.loc[i, 'outcome_type']}-{i}")
def test_every_metapsy_g_and_se_is_reproduced(index):
    row = X.loc[index]
    g, se = _metapsy_g(row)
    assert g == pytest.approx(row[".g"], abs=1e-9)
    assert se == pytest.approx(row[".g_se"], abs=1e-9)


def test_metapsy_leaves_g_blank_only_where_a_table_has_no_non_events():
    blank = X[X[".g"].isna()]
    assert len(blank) == 2
    assert ((blank["event_arm1"] == blank["totaln_arm1"]) | (blank["event_arm2"] == blank["totaln_arm2"])).all()


def test_metapsy_log_risk_ratios_without_zero_events_are_metafors():
    binary = X[X["outcome_type"].isin(["response", "remission"]) & (X["event_arm1"] > 0) & (X["event_arm2"] > 0)
               & (X["event_arm1"] < X["totaln_arm1"]) & (X["event_arm2"] < X["totaln_arm2"])]
    assert len(binary) >= 20
    for _, row in binary.iterrows():
        log_rr, se = effect_sizes.log_risk_ratio(int(row["event_arm1"]), int(row["totaln_arm1"]), int(row["event_arm2"]),
                                                 int(row["totaln_arm2"]))
        assert (log_rr, se) == pytest.approx((row[".log_rr"], row[".log_rr_se"]), abs=1e-9)


def test_the_six_trials_link_to_ledger_study_keys():
    table = trials.load_trials(extraction=X)
    linked = table[table["in_extraction"] == "yes"]
    assert set(linked["metapsy_study"]) == set(X["study"])
    assert set(linked.index) <= set(ledger.load().table["study"])
    assert (table.loc[table["retraction_affected"] == "site", "in_extraction"] == "no").all()


def test_caps_comparisons_put_mdma_first_and_combine_active_arms_by_the_cochrane_formula():
    c = trials.comparisons("caps").set_index("study")
    assert list(c.index) == ["mithoefer2011", "oehen2013", "mithoefer2018", "otalora2018", "mapp1", "mapp2"]
    m = c.loc["mithoefer2018"]
    assert m["arms"] == "125 mg + 75 mg vs 30 mg" and m["n1"] == 19 and m["n2"] == 7
    assert m["m1"] == pytest.approx((12 * 45.3 + 7 * 24.1) / 19)
    within = 11 * 33.8**2 + 6 * 17.2**2 + 12 * 7 / 19 * (45.3 - 24.1) ** 2
    assert m["sd1"] == pytest.approx(math.sqrt(within / 18))  # Cochrane Handbook 6.5.2.10, Table 6.5.a
    high = trials.comparisons("caps", multi_arm="highest-dose").set_index("study").loc["mithoefer2018"]
    assert (high["n1"], high["m1"], high["sd1"]) == (12, 45.3, 33.8)


def test_loss_of_diagnosis_comes_from_the_ledger_percentages():
    c = trials.comparisons("loss of diagnosis").set_index("study")
    assert (c.loc["mapp1", ["e1", "n1", "e2", "n2"]].tolist()) == [28, 42, 12, 37]
    assert (c.loc["mapp2", ["e1", "n1", "e2", "n2"]].tolist()) == [37, 52, 20, 42]


def test_a_week_is_only_pooled_from_the_trials_that_report_it():
    assert set(trials.comparisons("caps", timepoint="week 18").study) == {"mapp1", "mapp2"}


@pytest.mark.parametrize("column, value, message", [
    ("sd_arm2", 0.0, "study 'Mitchell 2021' (msd caps-5, Week 4): sd_arm2 must be a number > 0, got 0.0"),
    ("n_arm1", 1.0, "study 'Mitchell 2021' (msd caps-5, Week 4): n_arm1 must be a whole number >= 2, got 1.0"),
])
def test_a_bad_continuous_row_stops_with_one_line_naming_the_study_and_the_field(tmp_path, column, value, message):
    bad = X.copy()
    bad.loc[0, column] = value
    path = tmp_path / "bad.csv"
    bad.to_csv(path, sep=";", decimal=",", index=False)
    with pytest.raises(trials.ExtractionError) as caught:
        trials.load_extraction(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_events_above_the_total_stop_with_one_line_naming_the_study_and_the_field(tmp_path):
    bad = X.copy()
    index = bad.index[bad["outcome_type"] == "response"][0]
    bad.loc[index, "event_arm1"] = bad.loc[index, "totaln_arm1"] + 1
    path = tmp_path / "bad.csv"
    bad.to_csv(path, sep=";", decimal=",", index=False)
    with pytest.raises(trials.ExtractionError, match=r"study 'Mitchell 2021' \(response caps-5, Week 4\): event_arm1 must be <= "
                       r"totaln_arm1 \(46\), got 47"):
        trials.load_extraction(path)


@pytest.mark.parametrize("rows, message", [
    ([dict(study="oehen2013", m1=1, sd1=-2, n1=8, m2=0, sd2=1, n2=4)], "study 'oehen2013': sd1 must be greater than 0"),
    ([dict(study="mapp1", m1=1, sd1=2, n1=1, m2=0, sd2=1, n2=4)], "study 'mapp1': n1 must be a whole number >= 2"),
])
def test_bad_study_values_are_named_by_study_and_field(rows, message):
    with pytest.raises(ReappraiseError, match=message):
        pooling.smd_effects(rows)


@pytest.mark.parametrize("call, message", [
    (lambda: trials.comparisons("ptsd"), "outcome must be one of caps, response, remission, loss of diagnosis"),
    (lambda: trials.comparisons("caps", timepoint="week 5"), "timepoint must be one of"),
    (lambda: trials.comparisons("caps", multi_arm="lowest-dose"), "multi_arm must be one of"),
    (lambda: pooling.pool([0.1, 0.2], [0.1, 0.1], method="HE"), "method must be one of REML, DL, PM"),
    (lambda: pooling.pool([0.1, 0.2], [0.1, 0.1], ci_method="t"), "ci_method must be one of hk, hk-adhoc, z"),
    (lambda: pooling.rr_effects([dict(study="mapp1", e1=50, n1=42, e2=1, n2=37)]), "study 'mapp1': e1 must be <= n1"),
])
def test_unknown_choices_and_impossible_tables_get_one_line_errors(call, message):
    with pytest.raises(ReappraiseError, match=message):
        call()
