"""Random-effects meta-analysis of per-study effect sizes, computed as R's metafor computes it.

In: per-study estimates ``yi`` and sampling variances ``vi`` (from
:mod:`reappraise.stats.effect_sizes`), optional study labels. Out: :class:`Pooled`, with the
pooled estimate, its SE and interval, τ² with its Q-profile interval, I² and H² with their
intervals, Cochran's Q and the prediction interval. Tested live against metafor
(``tests/test_metafor_oracle.py``) and against the worked examples cited in
``tests/test_pooling.py``.

Where each number comes from:

- τ², DerSimonian-Laird: ``statsmodels.stats.meta_analysis.combine_effects(method_re="dl")``.
- τ², REML: PyMARE's ``VarianceBasedLikelihoodEstimator(method="REML")``, tolerance 1e-12.
- τ² interval, Q-profile (Viechtbauer 2007): ``pymare.stats.q_profile``.
- pooled estimate and SE: statsmodels ``WLS`` with weights 1/(vi + τ²); scale fixed at 1 for
  the Wald (z) SE, scale estimated for the Hartung-Knapp(-Sidik-Jonkman) SE, whose interval
  uses t on k - 1 degrees of freedom (that estimated scale is the generalised Q over k - 1).
- Egger's test: statsmodels ``WLS`` of yi on its SE, weights 1/vi (metafor ``regtest(model="lm")``).
- written here, because neither library gives them to 1e-6 of metafor:
  the Paule-Mandel τ², the root of generalised Q(τ²) = k - 1 by ``scipy.optimize.brentq``
  (Paule & Mandel 1982; DerSimonian & Kacker 2007): statsmodels' iterated PM stops at an
  absolute 1e-5, which left a small τ² 2e-5 (relative) off metafor's in one leave-one-out
  fit of these trials, a tighter tolerance made its iteration return 0 for that fit, and
  PyMARE has no PM;
  I² and H² for any τ², with metafor's typical within-study variance s² (Higgins & Thompson
  2002, eq. 9), and their intervals from the τ² limits (the libraries give I² from Q only);
  the prediction interval b ± c·sqrt(SE² + τ²) (Riley et al. 2011; c is z, or t on k - 1 df
  under Hartung-Knapp, as metafor's ``predict.rma``);
  the "ad hoc" Hartung-Knapp variant (Röver et al. 2015; metafor ``test="adhoc"``), whose
  scale never falls below 1, so its interval is never narrower than the Wald interval.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field, asdict

import numpy as np
from scipy import stats

from reappraise.errors import ReappraiseError
from reappraise.stats import effect_sizes
from reappraise.stats.validate import fraction, number_in

ESTIMATORS = {"REML": "restricted maximum likelihood", "DL": "DerSimonian-Laird", "PM": "Paule-Mandel"}
CI_METHODS = {"hk": "Hartung-Knapp (t on k - 1 df)",
              "hk-adhoc": "Hartung-Knapp, ad hoc (scale at least 1)",
              "z": "Wald (normal)"}


@dataclass(frozen=True)
class Pooled:
    """A random-effects summary; limits are at ``confidence``; I² in percent."""

    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    tau2: float
    tau2_low: float
    tau2_high: float
    i2: float
    i2_low: float
    i2_high: float
    h2: float
    q: float
    q_p: float
    pi_low: float
    pi_high: float
    method: str
    ci_method: str
    confidence: float
    weights: tuple = field(default=(), repr=False)

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    def row(self) -> dict:
        """The summary as a flat dict (weights left out), for tables."""
        out = asdict(self)
        out.pop("weights")
        return out


def check_method(method: str) -> str:
    if method not in ESTIMATORS:
        raise ReappraiseError(f"method must be one of {', '.join(ESTIMATORS)}, got {method!r}")
    return method


def check_ci_method(ci_method: str) -> str:
    if ci_method not in CI_METHODS:
        raise ReappraiseError(f"ci_method must be one of {', '.join(CI_METHODS)}, got {ci_method!r}")
    return ci_method


def _sequence(values, name: str) -> list:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise ReappraiseError(f"{name} must be a sequence of numbers, got {values!r}")
    return list(values)


def _arrays(yi, vi, labels, minimum: int = 2) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Check estimates and variances study by study; the message names the study and the field."""
    yi, vi = _sequence(yi, "yi"), _sequence(vi, "vi")
    labels = [str(x) for x in _sequence(labels, "labels")] if labels is not None else [
        f"study {i + 1}" for i in range(len(yi))]
    if not len(yi) == len(vi) == len(labels):
        raise ReappraiseError(f"yi, vi and labels must have the same length, got {len(yi)}, {len(vi)}, {len(labels)}")
    if len(yi) < minimum:
        raise ReappraiseError(f"pooling needs at least {minimum} studies in yi, got {len(yi)}")
    for label, y, v in zip(labels, yi, vi):
        if not _is_number(y) or not math.isfinite(y):
            raise ReappraiseError(f"study {label!r}: yi must be a finite number, got {y!r}")
        if not _is_number(v) or not 0 < v < math.inf:
            raise ReappraiseError(f"study {label!r}: vi must be a number > 0, got {v!r}")
    return np.asarray(yi, float), np.asarray(vi, float), labels


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _study_error(label: str, error: ReappraiseError) -> ReappraiseError:
    """The same error, one line, prefixed with the study it is about."""
    return ReappraiseError(f"study {label!r}: {error}")


def smd_effects(studies, correction: str = "exact", variance: str = "large-sample") -> tuple[list, np.ndarray, np.ndarray]:
    """Return (labels, yi, vi): Hedges' g and its variance for each study.

    ``studies``: dicts with ``study`` and m1, sd1, n1, m2, sd2, n2 (arm 1 minus arm 2). A bad
    value stops with one line naming the study and the field: "study 'oehen2013': sd2 must
    be greater than 0, got 0.0".
    """
    labels, yi, vi = [], [], []
    for row in studies:
        label = str(row.get("study", f"study {len(labels) + 1}"))
        try:
            g, se = effect_sizes.hedges_g(*(row.get(key) for key in ("m1", "sd1", "n1", "m2", "sd2", "n2")),
                                          correction=correction, variance=variance)
        except ReappraiseError as error:
            raise _study_error(label, error) from None
        labels.append(label), yi.append(g), vi.append(se**2)
    return labels, np.array(yi), np.array(vi)


ZERO_CELL_RULES = {**effect_sizes.ZERO_CELLS, "exclude": "leave out any table with a zero cell"}


def rr_effects(studies, zero_cells: str = "only0") -> tuple[list, np.ndarray, np.ndarray, list]:
    """Return (labels, yi, vi, excluded): log risk ratios e1/n1 against e2/n2 and their variances.

    ``studies``: dicts with ``study``, e1, n1, e2, n2. ``zero_cells`` is one of
    ``ZERO_CELL_RULES``: a rule for :func:`effect_sizes.log_risk_ratio`, or ``exclude``, which
    leaves out the tables with a zero cell and lists them in ``excluded``. A bad value stops
    with one line naming the study and the field ("study 'mapp1': e1 must be <= n1 (42), got 43").
    """
    if zero_cells not in ZERO_CELL_RULES:
        raise ReappraiseError(f"zero_cells must be one of {', '.join(ZERO_CELL_RULES)}, got {zero_cells!r}")
    labels, yi, vi, excluded = [], [], [], []
    for row in studies:
        label = str(row.get("study", f"study {len(labels) + 1}"))
        table = [row.get(key) for key in ("e1", "n1", "e2", "n2")]
        try:
            effect_sizes.log_risk_ratio(*table, zero_cells="only0")  # checks the table
            if zero_cells == "exclude" and 0 in (table[0], table[1] - table[0], table[2], table[3] - table[2]):
                excluded.append(label)
                continue
            log_rr, se = effect_sizes.log_risk_ratio(*table, zero_cells="only0" if zero_cells == "exclude" else zero_cells)
        except ReappraiseError as error:
            raise _study_error(label, error) from None
        labels.append(label), yi.append(log_rr), vi.append(se**2)
    return labels, np.array(yi), np.array(vi), excluded


def tau2_estimate(yi, vi, method: str = "REML") -> float:
    """Return the between-study variance τ² by ``method`` (REML, DL or PM), truncated at 0."""
    yi, vi, _ = _arrays(yi, vi, None)
    check_method(method)
    if method == "REML":
        from pymare import Dataset
        from pymare.estimators import VarianceBasedLikelihoodEstimator

        fit = VarianceBasedLikelihoodEstimator(method="REML", xtol=1e-12).fit_dataset(Dataset(y=yi, v=vi))
        return max(0.0, float(np.ravel(fit.params_["tau2"])[0]))
    if method == "PM":
        return _paule_mandel(yi, vi)
    import warnings

    from statsmodels.stats.meta_analysis import combine_effects

    with warnings.catch_warnings():  # its unused HKSJ variance can be negative when τ² is 0
        warnings.simplefilter("ignore", RuntimeWarning)
        return max(0.0, float(combine_effects(yi, vi, method_re="dl").tau2))


def generalised_q(yi, vi, tau2: float) -> float:
    """Return Σ w·(yi - μ̂)² with w = 1/(vi + τ²) and μ̂ the w-weighted mean (Q at τ² = 0 is Cochran's Q)."""
    y, vi, _ = _arrays(yi, vi, None)
    w = 1 / (vi + number_in(tau2, "tau2", 0, math.inf))
    return float((w * (y - (w * y).sum() / w.sum()) ** 2).sum())


def _paule_mandel(yi, vi) -> float:
    """τ² solving generalised Q(τ²) = k - 1; 0 when Q(0) is already at most k - 1."""
    from scipy.optimize import brentq

    target = len(yi) - 1
    if generalised_q(yi, vi, 0.0) <= target:
        return 0.0
    high = max(1.0, float(np.var(yi)))
    while generalised_q(yi, vi, high) > target:
        high *= 10
    return float(brentq(lambda t2: generalised_q(yi, vi, t2) - target, 0.0, high, xtol=1e-15, rtol=1e-14, maxiter=1000))


def tau2_interval(yi, vi, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Q-profile interval for τ² (Viechtbauer 2007) via ``pymare.stats.q_profile``."""
    from pymare.stats import q_profile

    yi, vi, _ = _arrays(yi, vi, None)
    limits = q_profile(yi, vi, np.ones((len(yi), 1)), alpha=1 - fraction(confidence, "confidence", "0.95"))
    return tuple(max(0.0, float(np.ravel(limits[key])[0])) for key in ("ci_l", "ci_u"))


def typical_variance(vi) -> float:
    """Return Higgins & Thompson's typical within-study variance s² = (k-1)·Σw / ((Σw)² - Σw²), w = 1/vi."""
    _, vi, _ = _arrays(np.zeros(len(_sequence(vi, "vi"))), vi, None)
    w = 1 / vi
    return (len(w) - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum())


def _wls(yi, vi, tau2, ci_method):
    import statsmodels.api as sm

    model = sm.WLS(yi, np.ones(len(yi)), weights=1 / (vi + tau2))
    if ci_method == "z":
        return model.fit(cov_type="fixed scale")
    fit = model.fit()
    if ci_method == "hk-adhoc" and fit.scale < 1:
        return model.fit(cov_type="fixed scale")  # ad hoc: the HK scale never below 1
    return fit


def pool(yi, vi, labels=None, method: str = "REML", ci_method: str = "hk", confidence: float = 0.95) -> Pooled:
    """Pool per-study estimates with a random-effects model, as metafor's ``rma(yi, vi, method=,
    test=)`` ("knha" for ``hk``, "adhoc" for ``hk-adhoc``, "z" for ``z``) and ``predict``.

    Example (BCG vaccine trials, metafor's dat.bcg as log risk ratios; Viechtbauer 2010):
    REML gives estimate -0.7145, τ² 0.3132 (Q-profile 0.1197 to 1.1115), I² 92.2%.
    """
    yi, vi, labels = _arrays(yi, vi, labels)
    method, ci_method = check_method(method), check_ci_method(ci_method)
    confidence = fraction(confidence, "confidence", "0.95")
    k = len(yi)
    tau2 = tau2_estimate(yi, vi, method)
    tau2_low, tau2_high = tau2_interval(yi, vi, confidence)
    fit = _wls(yi, vi, tau2, ci_method)
    estimate, se = float(fit.params[0]), float(fit.bse[0])
    crit = stats.norm.ppf(0.5 + confidence / 2) if ci_method == "z" else stats.t.ppf(0.5 + confidence / 2, k - 1)
    statistic = estimate / se
    p = 2 * (stats.norm.sf(abs(statistic)) if ci_method == "z" else stats.t.sf(abs(statistic), k - 1))
    w_fe = 1 / vi
    q = float((w_fe * (yi - (w_fe * yi).sum() / w_fe.sum()) ** 2).sum())
    s2 = typical_variance(vi)
    i2 = lambda t2: 100 * t2 / (t2 + s2)  # noqa: E731 - one formula, used three times
    pi_half = crit * math.sqrt(se**2 + tau2)
    weights = (1 / (vi + tau2)) / (1 / (vi + tau2)).sum()
    return Pooled(k=k, estimate=estimate, se=se, ci_low=float(estimate - crit * se), ci_high=float(estimate + crit * se),
                  p=float(p), tau2=tau2, tau2_low=tau2_low, tau2_high=tau2_high, i2=float(i2(tau2)),
                  i2_low=float(i2(tau2_low)), i2_high=float(i2(tau2_high)), h2=float(1 + tau2 / s2), q=q,
                  q_p=float(stats.chi2.sf(q, k - 1)), pi_low=float(estimate - pi_half), pi_high=float(estimate + pi_half),
                  method=method, ci_method=ci_method,
                  confidence=confidence, weights=tuple(float(x) for x in weights))


def leave_one_out(yi, vi, labels, **options) -> dict[str, Pooled]:
    """Return {left-out study: the pool of the others} (metafor ``leave1out``); needs k >= 3."""
    yi, vi, labels = _arrays(yi, vi, labels, minimum=3)
    return {label: pool(np.delete(yi, i), np.delete(vi, i), labels[:i] + labels[i + 1:], **options)
            for i, label in enumerate(labels)}


def cumulative(yi, vi, labels, **options) -> dict[str, Pooled]:
    """Return {last study added: the pool of the studies so far}, in the order given (metafor
    ``cumul``), from the second study on."""
    yi, vi, labels = _arrays(yi, vi, labels)
    return {labels[i]: pool(yi[: i + 1], vi[: i + 1], labels[: i + 1], **options) for i in range(1, len(yi))}


def subgroups(yi, vi, labels, groups, **options) -> tuple[dict[str, Pooled | None], dict]:
    """Pool each subgroup separately (its own τ²) and test whether they differ.

    Out: ({group: Pooled, or None where the group has one study}, {"q": Q_between, "df",
    "p"}) with Q_between the fixed-effect heterogeneity of the subgroup estimates given
    their SEs (Borenstein et al. 2009, ch. 19, separate τ²; metafor ``rma(b, sei=se,
    method="FE")$QE``). Groups with a single study enter the test with that study's own
    estimate and SE.
    """
    yi, vi, labels = _arrays(yi, vi, labels)
    groups = [str(g) for g in groups]
    if len(groups) != len(yi):
        raise ReappraiseError(f"groups must have one entry per study ({len(yi)}), got {len(groups)}")
    results, estimates, variances = {}, [], []
    for group in dict.fromkeys(groups):
        idx = [i for i, g in enumerate(groups) if g == group]
        if len(idx) == 1:
            results[group] = None
            estimates.append(yi[idx[0]]), variances.append(vi[idx[0]])
            continue
        results[group] = pool(yi[idx], vi[idx], [labels[i] for i in idx], **options)
        estimates.append(results[group].estimate), variances.append(results[group].se ** 2)
    b, w = np.array(estimates), 1 / np.array(variances)
    q = float((w * (b - (w * b).sum() / w.sum()) ** 2).sum())
    df = len(b) - 1
    return results, {"q": q, "df": df, "p": float(stats.chi2.sf(q, df)) if df > 0 else math.nan}


def egger_test(yi, vi) -> dict:
    """Egger's regression test for funnel-plot asymmetry: weighted regression of yi on its SE
    (weights 1/vi; metafor ``regtest(model="lm")``). Out: slope on the SE with its t and p
    (k - 2 df), and the intercept (the estimate at SE 0). Unreliable with fewer than 10 studies
    (Sterne et al. 2011, BMJ 343:d4002).
    """
    import statsmodels.api as sm

    yi, vi, _ = _arrays(yi, vi, None, minimum=3)
    fit = sm.WLS(yi, sm.add_constant(np.sqrt(vi)), weights=1 / vi).fit()
    return {"k": len(yi), "slope": float(fit.params[1]), "t": float(fit.tvalues[1]), "df": len(yi) - 2,
            "p": float(fit.pvalues[1]), "intercept": float(fit.params[0])}
