"""R's metafor as a live oracle: the same data through metafor and through reappraise agree.

For every data set below (the trials' CAPS, response, remission and loss-of-diagnosis
comparisons, and metafor's own BCG vaccine example ``dat.bcg``), an Rscript run computes
``escalc`` per study and ``rma`` for each estimator (REML, DL, PM) and test ("z", "knha",
"adhoc"), with ``confint`` (Q-profile τ², I², H²), ``predict`` (prediction interval),
``leave1out``, ``cumul`` and ``regtest(model="lm")``; each number must equal ours to a
relative 1e-6 (absolute 1e-10 where the value is 0).

Tolerance. metafor's default stopping rules are looser than 1e-6: the Q-profile limits and
the Paule-Mandel τ² come from ``uniroot`` with tol = .Machine$double.eps^0.25 (about 1.2e-4,
absolute, on τ²), so at its defaults metafor itself sits up to ~2e-4 (relative) away from the
root it is looking for (``test_metafors_defaults_stop_early``). The oracle therefore runs metafor
with its controls tightened (``threshold = 1e-12``, ``tol = 1e-12``, ``maxiter = 10000``): then
the comparison measures the formulas, not two solvers' stopping points, and 1e-6 holds.

Skipped, with a message saying what to install, where Rscript or metafor is absent; .ci/run
installs the Debian packages r-base-core and r-cran-metafor so CI runs them.
"""

from __future__ import annotations

import functools
import math
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from reappraise.evidence import trials
from reappraise.stats import effect_sizes, pooling

REL, ABS = 1e-6, 1e-10
METHODS, TESTS = ("REML", "DL", "PM"), {"z": "z", "knha": "hk", "adhoc": "hk-adhoc"}
# metafor's dat.bcg (Colditz et al. 1994): tpos, tneg, cpos, cneg and year per trial.
BCG = [(4, 119, 11, 128, 1948), (6, 300, 29, 274, 1949), (3, 228, 11, 209, 1960), (62, 13536, 248, 12619, 1977),
       (33, 5036, 47, 5761, 1973), (180, 1361, 372, 1079, 1953), (8, 2537, 10, 619, 1973), (505, 87886, 499, 87892, 1980),
       (29, 7470, 45, 7232, 1968), (17, 1699, 65, 1600, 1961), (186, 50448, 141, 27197, 1974), (5, 2493, 3, 2338, 1969),
       (27, 16886, 29, 17825, 1969)]

R_SCRIPT = r"""
suppressMessages(library(metafor))
args <- commandArgs(trailingOnly = TRUE)
out <- list()
put <- function(dataset, method, test, quantity, value) {
  out[[length(out) + 1]] <<- data.frame(dataset = dataset, method = method, test = test, quantity = quantity,
                                        index = seq_along(value), value = as.numeric(value))
}
tight <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000)
for (path in args) {
  d <- read.csv(path)
  name <- sub("\\.csv$", "", basename(path))
  if ("m1i" %in% names(d)) {
    e <- escalc("SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = d)
    u <- escalc("SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = d, vtype = "UB")
    put(name, "", "", "vi_unbiased", u$vi)
  } else {
    e <- escalc("RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d)
    a <- escalc("RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d, to = "all")
    put(name, "", "", "yi_all", a$yi); put(name, "", "", "vi_all", a$vi)
    if (all(d$ai > 0 & d$ci > 0 & d$ai < d$n1i & d$ci < d$n2i)) {
      o <- escalc("OR2DL", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d)
      put(name, "", "", "yi_logit_d", o$yi); put(name, "", "", "vi_logit_d", o$vi)
    }
  }
  put(name, "", "", "yi", e$yi); put(name, "", "", "vi", e$vi)
  for (method in c("REML", "DL", "PM")) for (test in c("z", "knha", "adhoc")) {
    r <- rma(yi, vi, data = e, method = method, test = test, control = tight)
    ci <- confint(r, control = list(tol = 1e-12))
    p <- predict(r)
    for (q in list(c("estimate", r$b), c("se", r$se), c("ci_low", r$ci.lb), c("ci_high", r$ci.ub), c("p", r$pval),
                   c("tau2", r$tau2), c("tau2_low", ci$random[1, 2]), c("tau2_high", ci$random[1, 3]),
                   c("i2", r$I2), c("i2_low", ci$random[3, 2]), c("i2_high", ci$random[3, 3]), c("h2", r$H2),
                   c("q", r$QE), c("q_p", r$QEp), c("pi_low", p$pi.lb), c("pi_high", p$pi.ub)))
      put(name, method, test, q[1], as.numeric(q[2]))
    if (r$k >= 3) {
      l <- leave1out(r, control = tight)
      put(name, method, test, "loo_estimate", l$estimate); put(name, method, test, "loo_se", l$se)
      put(name, method, test, "loo_tau2", l$tau2)
    }
    k <- cumul(r, control = tight)
    put(name, method, test, "cumul_estimate", k$estimate[-1]); put(name, method, test, "cumul_tau2", k$tau2[-1])
  }
  if (nrow(e) >= 3) {
    g <- regtest(rma(yi, vi, data = e), model = "lm")
    put(name, "", "", "egger_t", g$zval); put(name, "", "", "egger_p", g$pval); put(name, "", "", "egger_intercept", g$est)
  }
  r <- rma(yi, vi, data = e, method = "PM")
  put(name, "PM", "default-controls", "tau2", r$tau2)
  put(name, "REML", "default-controls", "tau2_low", confint(rma(yi, vi, data = e))$random[1, 2])
}
write.csv(do.call(rbind, out), "metafor.csv", row.names = FALSE)
"""


@functools.cache
def _datasets() -> dict[str, pd.DataFrame]:
    """Raw per-study data in escalc's column names: arm 1 MDMA (or vaccinated), arm 2 control (read once)."""
    out = {}
    for multi_arm in trials.MULTI_ARM:
        c = trials.comparisons("caps", multi_arm=multi_arm)
        out[f"caps_{multi_arm}"] = pd.DataFrame({"study": c.study, "year": c.year, "m1i": c.m2, "sd1i": c.sd2,
                                                  "n1i": c.n2, "m2i": c.m1, "sd2i": c.sd1, "n2i": c.n1})
    for outcome in ("response", "remission", "loss of diagnosis"):
        c = trials.comparisons(outcome)
        out[outcome.replace(" ", "_")] = pd.DataFrame({"study": c.study, "year": c.year, "ai": c.e1, "n1i": c.n1,
                                                        "ci": c.e2, "n2i": c.n2})
    bcg = pd.DataFrame(BCG, columns=["tpos", "tneg", "cpos", "cneg", "year"])
    out["bcg"] = pd.DataFrame({"study": [f"trial {i + 1}" for i in range(len(bcg))], "year": bcg.year, "ai": bcg.tpos,
                               "n1i": bcg.tpos + bcg.tneg, "ci": bcg.cpos, "n2i": bcg.cpos + bcg.cneg})
    return out


def _rscript_with_metafor() -> str | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    check = subprocess.run([rscript, "-e", "library(metafor)"], capture_output=True, text=True)
    return rscript if check.returncode == 0 else None


@pytest.fixture(scope="module")
def metafor(tmp_path_factory):
    """Run metafor once over every data set; return its numbers as a table."""
    rscript = _rscript_with_metafor()
    if rscript is None:
        pytest.skip("R with metafor is not installed: install the Debian packages r-base-core and r-cran-metafor "
                    "(.ci/run does) to compare the meta-analysis with metafor")
    folder = tmp_path_factory.mktemp("metafor")
    paths = []
    for name, table in _datasets().items():
        paths.append(folder / f"{name}.csv")
        table.drop(columns=["study", "year"]).to_csv(paths[-1], index=False)
    (folder / "oracle.R").write_text(R_SCRIPT)
    run = subprocess.run([rscript, "oracle.R", *map(str, paths)], cwd=folder, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return pd.read_csv(folder / "metafor.csv", keep_default_na=False)


def _r(metafor, dataset, quantity, method="", test="") -> np.ndarray:
    rows = metafor[(metafor.dataset == dataset) & (metafor.method == method) & (metafor.test == test)
                   & (metafor.quantity == quantity)].sort_values("index")
    assert len(rows), f"metafor gave no {quantity} for {dataset} {method} {test}"
    return rows.value.to_numpy(float)


@functools.cache
def _ours(dataset: str, quantity: str = "yi") -> tuple[list, np.ndarray, np.ndarray]:
    table = _datasets()[dataset]
    if "m1i" in table:
        variance = "unbiased" if quantity == "vi_unbiased" else "large-sample"
        rows = [dict(study=r.study, m1=r.m1i, sd1=r.sd1i, n1=r.n1i, m2=r.m2i, sd2=r.sd2i, n2=r.n2i) for r in table.itertuples()]
        return pooling.smd_effects(rows, variance=variance)
    if quantity in ("yi_logit_d", "vi_logit_d"):
        values = [effect_sizes.logit_d(r.ai, r.n1i, r.ci, r.n2i) for r in table.itertuples()]
        return list(table.study), np.array([v[0] for v in values]), np.array([v[1] ** 2 for v in values])
    rows = [dict(study=r.study, e1=r.ai, n1=r.n1i, e2=r.ci, n2=r.n2i) for r in table.itertuples()]
    return pooling.rr_effects(rows, zero_cells="all" if quantity in ("yi_all", "vi_all") else "only0")[:3]


DATASETS = list(_datasets())
CASES = [(d, m, t) for d in DATASETS for m in METHODS for t in TESTS]


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_per_study_escalc_value_equals_metafors(metafor, dataset):
    labels, yi, vi = _ours(dataset)
    assert yi == pytest.approx(_r(metafor, dataset, "yi"), rel=REL, abs=ABS)
    assert vi == pytest.approx(_r(metafor, dataset, "vi"), rel=REL, abs=ABS)
    names = set(metafor[metafor.dataset == dataset].quantity)
    for extra in ("vi_unbiased", "yi_all", "vi_all", "yi_logit_d", "vi_logit_d"):
        if extra in names:
            _, y, v = _ours(dataset, extra)
            ours = v if extra.startswith("vi") else y
            assert ours == pytest.approx(_r(metafor, dataset, extra), rel=REL, abs=ABS), extra


@pytest.mark.parametrize("dataset, method, test", CASES)
def test_the_pooled_estimate_tau2_i2_and_prediction_interval_equal_metafors(metafor, dataset, method, test):
    labels, yi, vi = _ours(dataset)
    ours = pooling.pool(yi, vi, labels, method=method, ci_method=TESTS[test]).row()
    for quantity in ("estimate", "se", "ci_low", "ci_high", "p", "tau2", "tau2_low", "tau2_high", "i2", "i2_low",
                     "i2_high", "h2", "q", "q_p", "pi_low", "pi_high"):
        assert ours[quantity] == pytest.approx(_r(metafor, dataset, quantity, method, test)[0], rel=REL, abs=ABS), quantity


@pytest.mark.parametrize("dataset, method, test", [c for c in CASES if len(_datasets()[c[0]]) >= 3])
def test_leave_one_out_and_cumulative_analyses_equal_metafors(metafor, dataset, method, test):
    labels, yi, vi = _ours(dataset)
    order = np.argsort(_datasets()[dataset].year.to_numpy(), kind="stable")
    loo = pooling.leave_one_out(yi, vi, labels, method=method, ci_method=TESTS[test])
    assert [r.estimate for r in loo.values()] == pytest.approx(_r(metafor, dataset, "loo_estimate", method, test), rel=REL)
    assert [r.se for r in loo.values()] == pytest.approx(_r(metafor, dataset, "loo_se", method, test), rel=REL)
    assert [r.tau2 for r in loo.values()] == pytest.approx(_r(metafor, dataset, "loo_tau2", method, test), rel=REL, abs=ABS)
    # metafor's cumul keeps the data order; ours is given the same order
    cum = pooling.cumulative(yi, vi, labels, method=method, ci_method=TESTS[test])
    del order
    assert [r.estimate for r in cum.values()] == pytest.approx(_r(metafor, dataset, "cumul_estimate", method, test), rel=REL)
    assert [r.tau2 for r in cum.values()] == pytest.approx(_r(metafor, dataset, "cumul_tau2", method, test), rel=REL, abs=ABS)


@pytest.mark.parametrize("dataset", [d for d in DATASETS if len(_datasets()[d]) >= 3])
def test_eggers_test_equals_metafors_regtest(metafor, dataset):
    _, yi, vi = _ours(dataset)
    ours = pooling.egger_test(yi, vi)
    assert ours["t"] == pytest.approx(_r(metafor, dataset, "egger_t")[0], rel=REL)
    assert ours["p"] == pytest.approx(_r(metafor, dataset, "egger_p")[0], rel=REL)
    assert ours["intercept"] == pytest.approx(_r(metafor, dataset, "egger_intercept")[0], rel=REL)


def test_metafors_defaults_stop_early(metafor):
    """Why the oracle tightens metafor's controls: at its defaults, PM τ² and the Q-profile limit
    of the BCG example sit 1e-5 to 1e-3 (relative) from the converged values both programs reach."""
    labels, yi, vi = _ours("bcg")
    pm = pooling.pool(yi, vi, labels, method="PM")
    default_pm = _r(metafor, "bcg", "tau2", "PM", "default-controls")[0]
    assert 1e-5 < abs(default_pm / pm.tau2 - 1) < 1e-3
    assert pm.tau2 == pytest.approx(_r(metafor, "bcg", "tau2", "PM", "z")[0], rel=REL)
    default_low = _r(metafor, "bcg", "tau2_low", "REML", "default-controls")[0]
    assert 1e-5 < abs(default_low / pm.tau2_low - 1) < 1e-3


def test_a_subgroup_difference_is_the_fixed_effect_q_of_the_subgroup_estimates(metafor):
    """Q-between (separate τ² per subgroup) is metafor's rma(b, sei = se, method = "FE")$QE;
    here against the phase 2 / phase 3 split, computed by the same pool as above."""
    labels, yi, vi = _ours("caps_combine")
    phases = trials.comparisons("caps").phase.astype(str)
    groups, between = pooling.subgroups(yi, vi, labels, phases, ci_method="z")
    b = np.array([g.estimate for g in groups.values()])
    w = 1 / np.array([g.se for g in groups.values()]) ** 2
    assert between["q"] == pytest.approx(float((w * (b - (w * b).sum() / w.sum()) ** 2).sum()), rel=1e-12)
    assert between["df"] == 1 and 0 <= between["p"] <= 1
    assert math.isfinite(between["q"])
