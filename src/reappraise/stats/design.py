"""Designing the trial that would answer the question: precision, power, sample size, simulation.

- :func:`expected_ci_width`, :func:`precision_curve`, :func:`n_for_width`: how precise a
  single-arm proportion is at a given n (the expected interval width over the binomial
  distribution of outcomes, not the width at one lucky count);
- :func:`n_two_proportions`, :func:`power_two_proportions`: a two-arm trial with a binary
  outcome, by Cohen's arcsine effect size h (statsmodels ``NormalIndPower`` with
  ``proportion_effectsize``) or the pooled normal approximation (Fleiss; R's
  ``power.prop.test``);
- :func:`n_two_means`: a two-arm trial with a continuous outcome (``pingouin.power_ttest``);
- :func:`with_attrition`, :func:`scenario_table`: how attrition and unblinding change it;
- :func:`simulate_rct_proportions`, :func:`simulate_rct_means`: many simulated RCTs at a
  given size, vectorised and seeded, to show the spread of results a single trial could give.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number
from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import CI_METHODS, check_confidence

METHODS = ("arcsine", "pooled")


def _rate(p, name: str) -> float:
    return fraction(p, name, "0.40")


def _alpha_power(alpha: float, power: float) -> tuple[float, float]:
    alpha = check_confidence(alpha, "alpha")
    power = check_confidence(power, "power")
    if power <= alpha:
        raise ReappraiseError(f"power ({power}) must exceed alpha ({alpha})")
    return alpha, power


def expected_ci_width(p: float, n: int, method: str = "wilson", confidence: float = 0.95) -> float:
    """Return the expected width of the ``method`` interval for k/n when k ~ Binomial(n, p)."""
    from statsmodels.stats.proportion import proportion_confint

    p, n = _rate(p, "p"), whole_number(n, "n", minimum=1)
    confidence = check_confidence(confidence)
    if not isinstance(method, str) or method not in CI_METHODS:
        raise ReappraiseError(f"method must be one of {sorted(CI_METHODS)}, got {method!r}")
    k = np.arange(n + 1)
    low, high = proportion_confint(k, n, alpha=1 - confidence, method=CI_METHODS[method])
    width = np.clip(high, 0, 1) - np.clip(low, 0, 1)
    return float(np.sum(stats.binom.pmf(k, n, p) * width))


def precision_curve(p: float, ns, method: str = "wilson", confidence: float = 0.95) -> pd.DataFrame:
    """Return a DataFrame (index n) of the expected interval width and half-width for each n in ``ns``."""
    if isinstance(ns, (str, bytes)) or not hasattr(ns, "__iter__"):
        raise ReappraiseError(f"ns must be a list of whole numbers >= 1, got {ns!r}")
    rows = [{"n": whole_number(n, "each n in ns", minimum=1), "expected_width": expected_ci_width(p, n, method, confidence)}
            for n in ns]
    table = pd.DataFrame(rows).set_index("n")
    table["half_width"] = table["expected_width"] / 2
    return table


def n_for_width(p: float, width: float, method: str = "wilson", confidence: float = 0.95, n_max: int = 10_000) -> int:
    """Return the smallest n whose expected interval width is at most ``width`` (bisection on n)."""
    fraction(width, "width", "0.2")
    lo, hi = 1, whole_number(n_max, "n_max", minimum=2)
    if expected_ci_width(p, hi, method, confidence) > width:
        raise ReappraiseError(f"width {width} needs more than n_max = {hi} participants")
    while lo < hi:  # the expected width falls with n (up to tiny binomial wiggles)
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if expected_ci_width(p, mid, method, confidence) > width else (lo, mid)
    return lo


def _pooled_power(p1: float, p2: float, n: float, alpha: float) -> float:
    """Power of the two-sided pooled z test per arm n (Fleiss; R power.prop.test, strict = FALSE)."""
    q1, q2, pbar = 1 - p1, 1 - p2, (p1 + p2) / 2
    z = (math.sqrt(n) * abs(p1 - p2) - stats.norm.isf(alpha / 2) * math.sqrt(2 * pbar * (1 - pbar)))
    return float(stats.norm.cdf(z / math.sqrt(p1 * q1 + p2 * q2)))


def power_two_proportions(p1: float, p2: float, n: float, alpha: float = 0.05, method: str = "arcsine") -> float:
    """Return the power of a two-sided test of p1 vs p2 with ``n`` per arm (``method``: arcsine or pooled)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    p1, p2 = _rate(p1, "p1"), _rate(p2, "p2")
    positive(n, "n")
    check_confidence(alpha, "alpha")
    if method == "pooled":
        return _pooled_power(p1, p2, n, alpha)
    if method != "arcsine":
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    h = abs(proportion_effectsize(p1, p2))
    return float(NormalIndPower().power(effect_size=h, nobs1=n, alpha=alpha, ratio=1.0))


def n_two_proportions(p1: float, p2: float, alpha: float = 0.05, power: float = 0.8, method: str = "arcsine") -> float:
    """Return the (unrounded) number per arm for a two-sided test of p1 vs p2 to reach ``power``.

    ``arcsine``: Cohen's h with statsmodels ``NormalIndPower`` (as R ``pwr.2p.test``);
    ``pooled``: the pooled normal approximation (as R ``power.prop.test``). Round up with
    ``math.ceil`` for a design. Example: p1 = 0.5, p2 = 0.75, power 0.9, pooled -> 76.7.
    """
    from scipy.optimize import brentq
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    p1, p2 = _rate(p1, "p1"), _rate(p2, "p2")
    alpha, power = _alpha_power(alpha, power)
    if p1 == p2:
        raise ReappraiseError("p1 and p2 must differ (no sample size detects a zero difference)")
    if method == "pooled":
        return float(brentq(lambda n: _pooled_power(p1, p2, n, alpha) - power, 1e-6, 1e9, xtol=1e-10))
    if method != "arcsine":
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    h = abs(proportion_effectsize(p1, p2))
    return float(NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0))


def n_two_means(difference: float, sd: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Return the (unrounded) number per arm for a two-sided two-sample t test of a mean difference.

    Cohen's d = |difference| / sd; the computation is ``pingouin.power_ttest`` (noncentral t).
    Example: d = 0.5 at alpha 0.05 and power 0.8 -> 63.8, i.e. 64 per arm (Cohen 1992).
    """
    import pingouin as pg

    alpha, power = _alpha_power(alpha, power)
    positive(sd, "sd")
    if finite(difference, "difference") == 0:
        raise ReappraiseError(f"need sd > 0 and a non-zero difference, got difference={difference!r}, sd={sd!r}")
    return float(pg.power_ttest(d=abs(difference) / sd, power=power, alpha=alpha, contrast="two-samples"))


def with_attrition(n: float, attrition: float) -> int:
    """Return the number to randomise per arm so that ``n`` remain after losing ``attrition`` (0-0.9)."""
    number_in(n, "n", 0, math.inf)
    number_in(attrition, "attrition", 0, 0.9)
    return math.ceil(n / (1 - attrition) - 1e-9)


def scenario_table(p_drug: float, p_placebo: float, alpha: float = 0.05, power: float = 0.8,
                   attrition: float = 0.0, unblinding_bias: float = 0.0, method: str = "arcsine") -> pd.DataFrame:
    """Return per-arm and total sample sizes under four design scenarios (one row each).

    - ``as planned``: p_drug vs p_placebo, everyone analysed;
    - ``completers``: randomise extra so that (1 - attrition) remain (:func:`with_attrition`);
    - ``dropouts = non-responders``: intention to treat, dropouts counted as non-responders,
      so both rates shrink by (1 - attrition);
    - ``smaller true effect``: if ``unblinding_bias`` (a proportion, e.g. 0.10) of the
      drug-arm rate came from expectation that blinding removes, the trial must detect
      p_drug - unblinding_bias (with attrition handled as for completers).

    A scenario whose drug rate no longer exceeds the placebo rate has no effect to detect:
    its sizes are missing (``<NA>``).
    """
    _rate(p_drug, "p_drug")
    _rate(p_placebo, "p_placebo")
    _alpha_power(alpha, power)
    number_in(attrition, "attrition", 0, 0.9)
    number_in(unblinding_bias, "unblinding_bias", 0, 1)
    if method not in METHODS:
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    shrink = 1 - attrition
    rows = [("as planned", p_drug, p_placebo, 0.0),
            ("completers", p_drug, p_placebo, attrition),
            ("dropouts = non-responders", p_drug * shrink, p_placebo * shrink, 0.0),
            ("smaller true effect", p_drug - unblinding_bias, p_placebo, attrition)]
    out = []
    for name, p1, p2, lost in rows:
        if not 0 < p1 < 1 or not 0 < p2 < 1:
            raise ReappraiseError(f"scenario {name!r}: rates must stay between 0 and 1, got {p1:.3f} and {p2:.3f}")
        n = math.ceil(n_two_proportions(p1, p2, alpha, power, method) - 1e-9) if p1 > p2 else None
        per_arm = with_attrition(n, lost) if n is not None else None
        out.append({"scenario": name, "drug_rate": p1, "placebo_rate": p2, "analysed_per_arm": n,
                    "randomised_per_arm": per_arm, "randomised_total": 2 * per_arm if per_arm is not None else None})
    table = pd.DataFrame(out).set_index("scenario")
    sizes = ["analysed_per_arm", "randomised_per_arm", "randomised_total"]
    table[sizes] = table[sizes].astype("Int64")
    return table


def simulate_rct_proportions(p1: float, p2: float, n: int, trials: int, rng: np.random.Generator,
                             alpha: float = 0.05) -> pd.DataFrame:
    """Simulate ``trials`` two-arm RCTs with ``n`` per arm and true response rates p1, p2.

    Returns one row per trial: ``responders_drug``, ``responders_placebo``, ``difference``
    (observed p1 - p2) and ``p_value`` of the two-sided pooled z test, ``significant``.
    """
    p1, p2 = _rate(p1, "p1"), _rate(p2, "p2")
    n, trials = whole_number(n, "n", minimum=2), whole_number(trials, "trials", minimum=1)
    alpha = check_confidence(alpha, "alpha")
    k1, k2 = rng.binomial(n, p1, trials), rng.binomial(n, p2, trials)
    pooled = (k1 + k2) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    diff = (k1 - k2) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / se, 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
    return pd.DataFrame({"responders_drug": k1, "responders_placebo": k2, "difference": diff,
                         "p_value": p, "significant": p < alpha})


def simulate_rct_means(difference: float, sd: float, n: int, trials: int, rng: np.random.Generator,
                       alpha: float = 0.05) -> pd.DataFrame:
    """Simulate ``trials`` two-arm RCTs of a continuous outcome (true ``difference``, common ``sd``).

    Returns one row per trial: ``difference`` (observed drug - placebo mean), ``p_value`` of
    the two-sided pooled-variance t test and ``significant``. Group means and variances are
    drawn from their exact sampling distributions (normal and scaled chi-square).
    """
    n, trials = whole_number(n, "n", minimum=2), whole_number(trials, "trials", minimum=1)
    finite(difference, "difference")
    positive(sd, "sd")
    alpha = check_confidence(alpha, "alpha")
    means = rng.normal([difference, 0.0], sd / math.sqrt(n), size=(trials, 2))
    variances = sd**2 * rng.chisquare(n - 1, size=(trials, 2)) / (n - 1)
    diff = means[:, 0] - means[:, 1]
    t = diff / np.sqrt(variances.mean(axis=1) * 2 / n)
    p = 2 * stats.t.sf(np.abs(t), 2 * n - 2)
    return pd.DataFrame({"difference": diff, "p_value": p, "significant": p < alpha})
