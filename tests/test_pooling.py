"""Random-effects pooling, against published worked examples.

The worked example is the BCG vaccine meta-analysis (13 trials, log risk ratios; Colditz et
al. 1994) as analysed in Viechtbauer W, "Conducting meta-analyses in R with the metafor
package", J Stat Softw 2010;36(3), doi:10.18637/jss.v036.i03, and in metafor's documentation
of ``confint.rma.uni``: REML estimate -0.7145 (SE 0.1798), τ² 0.3132 (Q-profile 0.1197 to
1.1115), I² 92.22% (81.92% to 97.68%), H² 12.86, Q 152.23; DerSimonian-Laird τ² 0.3088.
Live agreement with metafor on every estimator and interval is in test_metafor_oracle.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from reappraise.errors import ReappraiseError
from reappraise.stats import effect_sizes, pooling

BCG = [(4, 123, 11, 139), (6, 306, 29, 303), (3, 231, 11, 220), (62, 13598, 248, 12867), (33, 5069, 47, 5808),
       (180, 1541, 372, 1451), (8, 2545, 10, 629), (505, 88391, 499, 88391), (29, 7499, 45, 7277), (17, 1716, 65, 1665),
       (186, 50634, 141, 27338), (5, 2498, 3, 2341), (27, 16913, 29, 17854)]
LABELS, YI, VI = pooling.rr_effects([dict(study=f"trial {i + 1}", e1=a, n1=b, e2=c, n2=d) for i, (a, b, c, d) in enumerate(BCG)])[:3]


def test_reml_matches_viechtbauer_2010():
    p = pooling.pool(YI, VI, LABELS, method="REML", ci_method="z")
    assert (p.estimate, p.se) == pytest.approx((-0.7145, 0.1798), abs=5e-5)
    assert (p.tau2, p.tau2_low, p.tau2_high) == pytest.approx((0.3132, 0.1197, 1.1115), abs=5e-5)
    assert (p.i2, p.i2_low, p.i2_high) == pytest.approx((92.22, 81.92, 97.68), abs=5e-3)
    assert p.h2 == pytest.approx(12.86, abs=5e-3)
    assert p.q == pytest.approx(152.23, abs=5e-3)


def test_dersimonian_laird_tau2_matches_viechtbauer_2010():
    assert pooling.tau2_estimate(YI, VI, "DL") == pytest.approx(0.3088, abs=5e-5)


def test_paule_mandel_solves_the_generalised_q_equation():
    tau2 = pooling.tau2_estimate(YI, VI, "PM")
    assert pooling.generalised_q(YI, VI, tau2) == pytest.approx(len(YI) - 1, rel=1e-10)


def test_hartung_knapp_scales_the_se_by_the_generalised_q_and_uses_t():
    z, hk = (pooling.pool(YI, VI, method="REML", ci_method=m) for m in ("z", "hk"))
    scale = pooling.generalised_q(YI, VI, z.tau2) / (len(YI) - 1)
    assert hk.se == pytest.approx(z.se * math.sqrt(scale))
    assert hk.ci_high - hk.estimate == pytest.approx(hk.se * 2.178812829667, rel=1e-9)  # t(0.975, 12)


def test_the_ad_hoc_interval_is_never_narrower_than_the_normal_one():
    agree = ([0.70, 0.75, 0.72, 0.71], [0.05, 0.06, 0.04, 0.05])  # Q far below k - 1
    hk, adhoc, z = (pooling.pool(*agree, ci_method=m) for m in ("hk", "hk-adhoc", "z"))
    assert hk.se < z.se == pytest.approx(adhoc.se)
    assert adhoc.ci_high - adhoc.ci_low >= z.ci_high - z.ci_low


def test_with_no_heterogeneity_the_prediction_interval_is_the_confidence_interval():
    p = pooling.pool([0.70, 0.75, 0.72, 0.71], [0.05, 0.06, 0.04, 0.05])
    assert p.tau2 == 0 and (p.pi_low, p.pi_high) == pytest.approx((p.ci_low, p.ci_high))
    wide = pooling.pool(YI, VI)
    assert wide.pi_low < wide.ci_low and wide.pi_high > wide.ci_high


def test_leave_one_out_cumulative_and_subgroups_reuse_the_same_pool():
    loo = pooling.leave_one_out(YI, VI, LABELS)
    assert list(loo) == LABELS and all(r.k == len(YI) - 1 for r in loo.values())
    assert loo["trial 1"].estimate == pytest.approx(pooling.pool(YI[1:], VI[1:]).estimate)
    cum = pooling.cumulative(YI, VI, LABELS)
    assert list(cum) == LABELS[1:] and cum["trial 13"].estimate == pytest.approx(pooling.pool(YI, VI).estimate)
    groups, between = pooling.subgroups(YI, VI, LABELS, ["a"] * 6 + ["b"] * 6 + ["c"])
    assert groups["c"] is None and between["df"] == 2


def test_eggers_test_is_the_slope_on_the_standard_error():
    result = pooling.egger_test(YI, VI)
    assert result["df"] == 11 and 0 < result["p"] < 1
    assert result["t"] == pytest.approx(-1.4013, abs=5e-5)  # metafor regtest(model = "lm") on dat.bcg


@pytest.mark.parametrize("call, message", [
    (lambda: pooling.pool([0.5], [0.1]), "at least 2 studies"),
    (lambda: pooling.pool([0.5, math.nan], [0.1, 0.1], ["a", "b"]), "study 'b': yi must be a finite number"),
    (lambda: pooling.pool([0.5, 0.4], [0.1, 0.0], ["a", "b"]), "study 'b': vi must be a number > 0"),
    (lambda: pooling.pool([0.5, 0.4], [0.1, 0.1], ["a"]), "same length"),
    (lambda: pooling.pool([0.5, 0.4], [0.1, 0.1], confidence=95), "confidence"),
    (lambda: pooling.leave_one_out([0.5, 0.4], [0.1, 0.1], ["a", "b"]), "at least 3 studies"),
    (lambda: pooling.rr_effects([dict(study="x", e1=1, n1=4, e2=1, n2=4)], zero_cells="half"), "zero_cells must be one of"),
])
def test_bad_input_gets_one_line_naming_the_study_or_argument(call, message):
    with pytest.raises(ReappraiseError, match=message):
        call()


def test_the_exclude_rule_drops_tables_with_a_zero_cell_and_says_which():
    labels, yi, vi, excluded = pooling.rr_effects([dict(study="a", e1=4, n1=8, e2=0, n2=4),
                                                   dict(study="b", e1=7, n1=7, e2=2, n2=7),
                                                   dict(study="c", e1=4, n1=8, e2=2, n2=4)], zero_cells="exclude")
    assert labels == ["c"] and excluded == ["a", "b"]
    assert yi[0] == pytest.approx(effect_sizes.log_risk_ratio(4, 8, 2, 4)[0])
    assert np.all(vi > 0)
