"""Standardised effect sizes from summary statistics (means, SDs, sample sizes).

Formulas are those of Hedges & Olkin (1985) as set out by Borenstein et al. (2009),
*Introduction to Meta-Analysis*, chapter 4 ("Effect sizes based on means"); they are
tested against that chapter's worked example in ``tests/test_effect_sizes.py``.
statsmodels' ``effectsize_smd`` uses a different small-sample variance (Hedges'
``n - 3.94`` approximation), so the book's standard error is computed here.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from reappraise.stats.validate import finite, number_in, whole_number
from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import check_confidence


def _finite(value, name: str, positive: bool = False) -> float:
    """Return ``value`` as a float if it is a finite number (> 0 when ``positive``), else raise."""
    value = finite(value, name)
    if positive and value <= 0:
        raise ReappraiseError(f"{name} must be greater than 0, got {value!r}")
    return float(value)


def pooled_sd(sd1: float, n1: int, sd2: float, n2: int) -> float:
    """Return the pooled within-group SD, sqrt(((n1-1)·sd1² + (n2-1)·sd2²) / (n1+n2-2)).

    Borenstein et al. 2009, eq. 4.12: pooled_sd(5.5, 50, 4.5, 50) -> 5.0249.
    Each n must be a whole number >= 2 and each SD > 0.
    """
    sd1, sd2 = _finite(sd1, "sd1", positive=True), _finite(sd2, "sd2", positive=True)
    n1, n2 = whole_number(n1, "n1", minimum=2), whole_number(n2, "n2", minimum=2)
    return math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))


def cohens_d(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> tuple[float, float]:
    """Return (d, se): the mean difference m1 - m2 over the pooled SD, and its standard error.

    Variance (Borenstein eq. 4.20): (n1+n2)/(n1·n2) + d²/(2(n1+n2)).
    Example: cohens_d(103, 5.5, 50, 100, 4.5, 50) -> (0.5970, 0.2044).
    """
    m1, m2 = _finite(m1, "m1"), _finite(m2, "m2")
    d = (m1 - m2) / pooled_sd(sd1, n1, sd2, n2)
    variance = (n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2))
    return d, math.sqrt(variance)


def hedges_g(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> tuple[float, float]:
    """Return (g, se): Cohen's d times the small-sample correction J = 1 - 3/(4·df - 1).

    df = n1 + n2 - 2; se(g) = J · se(d) (Borenstein eqs. 4.22-4.24; Hedges & Olkin 1985).
    The sign follows m1 - m2: on a scale where lower is better, pass the control arm first
    to get a positive g for a treatment that lowers scores.
    Example: hedges_g(103, 5.5, 50, 100, 4.5, 50) -> (0.5924, 0.2028).
    """
    d, se = cohens_d(m1, sd1, n1, m2, sd2, n2)
    j = 1 - 3 / (4 * (n1 + n2 - 2) - 1)
    return j * d, j * se


def smd_ci(estimate: float, se: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return the normal-approximation interval estimate ± z·se (Borenstein eq. 4.25)."""
    estimate, se = _finite(estimate, "estimate"), _finite(se, "se", positive=True)
    z = norm.ppf(0.5 + check_confidence(confidence) / 2)
    return estimate - z * se, estimate + z * se


# --- Paired change scores (one group measured twice) -------------------------------------


def sd_of_change(se: float, n: int) -> float:
    """Return the SD of the individual changes implied by the SE of their mean: se · sqrt(n).

    Holds when the SE is the plain SD/sqrt(n) of n complete pairs, not a model-based SE.
    Example: sd_of_change(2.4, 12) -> 8.314.
    """
    return _finite(se, "se", positive=True) * math.sqrt(whole_number(n, "n", minimum=2))


def sd_of_difference(sd1: float, sd2: float, r: float) -> float:
    """Return the SD of x2 - x1 for measurements with SDs sd1, sd2 and correlation r.

    sqrt(sd1² + sd2² - 2·r·sd1·sd2); e.g. equal SDs and r = 0.5 give the SD itself.
    """
    sd1, sd2 = _finite(sd1, "sd1", positive=True), _finite(sd2, "sd2", positive=True)
    number_in(r, "r", -1, 1)
    return math.sqrt(sd1**2 + sd2**2 - 2 * r * sd1 * sd2)


def noncentral_t_interval(t: float, df: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return the confidence interval for the noncentrality parameter behind an observed t.

    Inverts scipy's noncentral t CDF (Steiger & Fouladi 1997; Cumming & Finch 2001): the
    lower limit is the noncentrality under which t is the upper (1+c)/2 quantile, the upper
    limit the one under which t is the lower (1-c)/2 quantile. Scaling the limits as t is
    scaled to an effect size gives that effect size's interval (dz = t / sqrt(n)).
    """
    from scipy import optimize, stats

    t, df = _finite(t, "t"), _finite(df, "df", positive=True)
    tail = (1 - check_confidence(confidence)) / 2
    size, width = abs(t), math.sqrt(1 + t * t / (2 * df))

    def gap(ncp: float, target: float) -> float:
        value = stats.nct.cdf(size, df, ncp)
        return (0.0 if ncp > size else 1.0) - target if math.isnan(value) else value - target

    low = optimize.brentq(gap, size - 12 * width - 1, size, args=(1 - tail,), xtol=1e-12)
    high = optimize.brentq(gap, size, size + 12 * width + 1, args=(tail,), xtol=1e-12)
    return (low, high) if t >= 0 else (-high, -low)


def paired_dz(mean_change: float, sd_change: float, n: int, confidence: float = 0.95) -> dict:
    """Return the standardised mean change of n pairs with its noncentral-t interval.

    Out: dz = mean/sd (Cohen's d_z), gz = J·dz with J = 1 - 3/(4(n-1) - 1) (Hedges'
    small-sample correction), t = dz·sqrt(n), df = n - 1, and low, high for dz.
    Example: paired_dz(-19.3, 8.314, 12) -> dz -2.32 (95% CI -3.42 to -1.20).
    """
    mean_change, sd_change = _finite(mean_change, "mean_change"), _finite(sd_change, "sd_change", positive=True)
    n = whole_number(n, "n", minimum=2)
    dz = mean_change / sd_change
    low, high = noncentral_t_interval(dz * math.sqrt(n), n - 1, confidence)
    return {"dz": dz, "gz": (1 - 3 / (4 * (n - 1) - 1)) * dz, "t": dz * math.sqrt(n), "df": n - 1,
            "low": low / math.sqrt(n), "high": high / math.sqrt(n)}


def minimum_detectable_dz(n: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Return the smallest standardised mean change |dz| a two-sided paired t-test on n pairs
    detects with probability ``power`` at level ``alpha`` (pingouin ``power_ttest``,
    ``contrast="paired"``). Example: minimum_detectable_dz(12) -> 0.889.
    """
    import pingouin as pg

    n = whole_number(n, "n", minimum=2)
    power = check_confidence(power, "power")
    alpha = check_confidence(alpha, "alpha")
    return float(pg.power_ttest(d=None, n=n, power=power, alpha=alpha, contrast="paired"))
