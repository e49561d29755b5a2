"""Standardised effect sizes from summary statistics (means, SDs, sample sizes).

Formulas are those of Hedges & Olkin (1985) as set out by Borenstein et al. (2009),
*Introduction to Meta-Analysis*, chapter 4 ("Effect sizes based on means"). Hedges' g
follows R's metafor by default (exact small-sample correction, large-sample variance) and
names the other conventions in use (``CORRECTIONS``, ``VARIANCES``): Borenstein's book, the
unbiased variance, and the esc package's, which the Metapsy database uses. Log risk ratios
and logit-converted d from 2x2 tables take the zero-cell rule as a parameter (``ZERO_CELLS``).
They are tested against the book's worked example (``tests/test_effect_sizes.py``), against
metafor's ``escalc`` (``tests/test_metafor_oracle.py``) and against every value in the
Metapsy extraction (``tests/test_trials.py``). statsmodels' ``effectsize_smd`` uses yet
another small-sample variance (Hedges' ``n - 3.94`` approximation), so it is not used.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from reappraise.stats.validate import finite, number_in, whole_number, within_limit
from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import check_confidence

#: Largest |t| whose noncentral-t interval is computed: beyond it scipy's noncentral t loses
#: its accuracy and the root finder returns wrong limits.
MAX_T = 10_000


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
    try:
        return math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))
    except OverflowError:  # SDs above about 1e154: the same formula on SDs scaled to at most 1
        scale = max(sd1, sd2)
        return scale * math.sqrt(((n1 - 1) * (sd1 / scale) ** 2 + (n2 - 1) * (sd2 / scale) ** 2) / (n1 + n2 - 2))


def cohens_d(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int) -> tuple[float, float]:
    """Return (d, se): the mean difference m1 - m2 over the pooled SD, and its standard error.

    Variance (Borenstein eq. 4.20): (n1+n2)/(n1·n2) + d²/(2(n1+n2)).
    Example: cohens_d(103, 5.5, 50, 100, 4.5, 50) -> (0.5970, 0.2044).
    """
    m1, m2 = _finite(m1, "m1"), _finite(m2, "m2")
    d = (m1 - m2) / pooled_sd(sd1, n1, sd2, n2)
    variance = (n1 + n2) / (n1 * n2) + d**2 / (2 * (n1 + n2))
    return d, math.sqrt(variance)


CORRECTIONS = {"exact": "J = Γ(m/2) / (sqrt(m/2)·Γ((m-1)/2)) (Hedges 1981; metafor)",
               "approximate": "J = 1 - 3/(4m - 1) (Hedges 1981's approximation; Borenstein 2009; esc, Metapsy)"}
VARIANCES = {"large-sample": "1/n1 + 1/n2 + g²/(2N) (metafor's default, vtype='LS')",
             "borenstein": "J²·(1/n1 + 1/n2 + d²/(2N)) (Borenstein et al. 2009, eqs. 4.20-4.24)",
             "unbiased": "1/n1 + 1/n2 + (1 - (m-2)/(m·J²))·g² (Hedges 1983; metafor vtype='UB')",
             "esc": "1/n1 + 1/n2 + d²/(2N), the variance of d left unscaled (the esc R package, hence Metapsy)"}


def small_sample_correction(df: int, correction: str = "exact") -> float:
    """Return Hedges' small-sample correction J for ``df`` = n1 + n2 - 2 degrees of freedom.

    ``exact``: Γ(df/2) / (sqrt(df/2)·Γ((df-1)/2)), computed on the log scale (metafor's
    ``.cmicalc``); ``approximate``: 1 - 3/(4·df - 1). For df = 98: 0.992328 and 0.992327.
    """
    df = whole_number(df, "df", minimum=2)
    if correction == "exact":
        return math.exp(math.lgamma(df / 2) - 0.5 * math.log(df / 2) - math.lgamma((df - 1) / 2))
    if correction == "approximate":
        return 1 - 3 / (4 * df - 1)
    raise ReappraiseError(f"correction must be one of {', '.join(CORRECTIONS)}, got {correction!r}")


def hedges_g(m1: float, sd1: float, n1: int, m2: float, sd2: float, n2: int, correction: str = "exact",
             variance: str = "large-sample") -> tuple[float, float]:
    """Return (g, se): Cohen's d (m1 - m2 over the pooled SD) times the correction J, and its SE.

    Defaults are metafor's ``escalc("SMD")``: the exact J and the large-sample variance
    1/n1 + 1/n2 + g²/(2N). ``variance`` names the other conventions (``VARIANCES``):
    ``borenstein`` J²·Var(d); ``unbiased`` (Hedges 1983); ``esc``, the variance of d left
    unscaled, which with ``correction="approximate"`` reproduces the Metapsy database's
    values. The sign follows m1 - m2: on a scale where lower is better, pass the control arm
    first to get a positive g for a treatment that lowers scores.
    Example: hedges_g(103, 5.5, 50, 100, 4.5, 50) -> (0.5924, 0.2043); with
    correction="approximate", variance="borenstein" -> (0.5924, 0.2028) (Borenstein eq. 4.24).
    """
    if variance not in VARIANCES:
        raise ReappraiseError(f"variance must be one of {', '.join(VARIANCES)}, got {variance!r}")
    d, _ = cohens_d(m1, sd1, n1, m2, sd2, n2)
    df, total = n1 + n2 - 2, n1 + n2
    j = small_sample_correction(df, correction)
    g = j * d
    v = {"large-sample": lambda: 1 / n1 + 1 / n2 + g**2 / (2 * total),
         "borenstein": lambda: j**2 * (1 / n1 + 1 / n2 + d**2 / (2 * total)),
         "unbiased": lambda: 1 / n1 + 1 / n2 + (1 - (df - 2) / (df * j**2)) * g**2,
         "esc": lambda: 1 / n1 + 1 / n2 + d**2 / (2 * total)}[variance]()
    return g, math.sqrt(v)


def smd_ci(estimate: float, se: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return the normal-approximation interval estimate ± z·se (Borenstein eq. 4.25)."""
    estimate, se = _finite(estimate, "estimate"), _finite(se, "se", positive=True)
    z = norm.ppf(0.5 + check_confidence(confidence) / 2)
    return estimate - z * se, estimate + z * se


# --- Two-by-two tables ----------------------------------------------------------------------

ZERO_CELLS = {"only0": "add 0.5 to every cell of a table with a zero cell (metafor's default)",
              "all": "add 0.5 to every cell of every table",
              "none": "add nothing (a table with no events in an arm has no log risk ratio)"}


def _table(e1, n1, e2, n2, zero_cells: str, add: float = 0.5) -> tuple[float, float, float, float]:
    """Check a 2x2 table given as events and totals; return its cells a, b, c, d after the zero-cell rule."""
    n1, n2 = whole_number(n1, "n1", minimum=1), whole_number(n2, "n2", minimum=1)
    e1, e2 = whole_number(e1, "e1"), whole_number(e2, "e2")
    if e1 > n1:
        raise ReappraiseError(f"e1 must be <= n1 ({n1}), got {e1}")
    if e2 > n2:
        raise ReappraiseError(f"e2 must be <= n2 ({n2}), got {e2}")
    if zero_cells not in ZERO_CELLS:
        raise ReappraiseError(f"zero_cells must be one of {', '.join(ZERO_CELLS)}, got {zero_cells!r}")
    cells = (e1, n1 - e1, e2, n2 - e2)
    if zero_cells == "all" or (zero_cells == "only0" and 0 in cells):
        return tuple(x + add for x in cells)
    return tuple(float(x) for x in cells)


def log_risk_ratio(e1: int, n1: int, e2: int, n2: int, zero_cells: str = "only0") -> tuple[float, float]:
    """Return (log RR, se) for e1/n1 against e2/n2, as metafor's ``escalc("RR")``.

    Var = 1/a - 1/(a+b) + 1/c - 1/(c+d) on the cells after the zero-cell rule (``ZERO_CELLS``;
    metafor's default ``only0``). Example: 28/42 vs 12/37 -> (0.7205, 0.2612).
    """
    a, b, c, d = _table(e1, n1, e2, n2, zero_cells)
    if a == 0 or c == 0:
        raise ReappraiseError(f"an arm with no events has no log risk ratio under zero_cells='none' "
                              f"(e1={e1}, e2={e2}); use zero_cells='only0'")
    return math.log(a / (a + b)) - math.log(c / (c + d)), math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))


def logit_d(e1: int, n1: int, e2: int, n2: int, zero_cells: str = "only0",
            correction: str | None = None) -> tuple[float, float]:
    """Return (d, se): the log odds ratio of e1/n1 against e2/n2 times sqrt(3)/π, a standardised
    mean difference read from a 2x2 table (Hasselblad & Hedges 1995; Chinn 2000; metafor's
    ``escalc("OR2DL")``).

    ``correction`` ("exact" or "approximate") multiplies d by Hedges' J for N - 2 df, N the
    sum of the (corrected) cells, leaving the SE as it is: the esc package's convention, which
    Metapsy's binary g follows (with the sign reversed). Example: 37/42 vs 23/37 -> (0.8298, 0.3224).
    """
    a, b, c, d = _table(e1, n1, e2, n2, zero_cells)
    if 0 in (a, b, c, d):
        raise ReappraiseError(f"a table with a zero cell has no log odds ratio under zero_cells='none' "
                              f"({e1}/{n1} vs {e2}/{n2}); use zero_cells='only0'")
    scale = math.sqrt(3) / math.pi
    value = scale * math.log(a * d / (b * c))
    if correction is not None:
        value *= small_sample_correction(round(a + b + c + d) - 2, correction)
    return value, scale * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)


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
    try:
        return math.sqrt(sd1**2 + sd2**2 - 2 * r * sd1 * sd2)
    except OverflowError:  # SDs above about 1e154: the same formula on SDs scaled to at most 1
        scale = max(sd1, sd2)
        a, b = sd1 / scale, sd2 / scale
        return scale * math.sqrt(max(a * a + b * b - 2 * r * a * b, 0.0))


def noncentral_t_interval(t: float, df: float, confidence: float = 0.95) -> tuple[float, float]:
    """Return the confidence interval for the noncentrality parameter behind an observed t.

    Inverts scipy's noncentral t CDF (Steiger & Fouladi 1997; Cumming & Finch 2001): the
    lower limit is the noncentrality under which t is the upper (1+c)/2 quantile, the upper
    limit the one under which t is the lower (1-c)/2 quantile. Scaling the limits as t is
    scaled to an effect size gives that effect size's interval (dz = t / sqrt(n)).
    |t| is at most :data:`MAX_T`.
    """
    from scipy import optimize, stats

    t, df = _finite(t, "t"), _finite(df, "df", positive=True)
    within_limit(abs(t), MAX_T, "|t|", "effect_sizes.MAX_T")
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
    within_limit(abs(dz * math.sqrt(n)), MAX_T, "|t| = |mean_change / sd_change| · √n", "effect_sizes.MAX_T")
    low, high = noncentral_t_interval(dz * math.sqrt(n), n - 1, confidence)
    return {"dz": dz, "gz": (1 - 3 / (4 * (n - 1) - 1)) * dz, "t": dz * math.sqrt(n), "df": n - 1,
            "low": low / math.sqrt(n), "high": high / math.sqrt(n)}


def minimum_detectable_dz(n: int, power: float = 0.8, alpha: float = 0.05) -> float:
    """Return the smallest standardised mean change |dz| a two-sided paired t-test on n pairs
    detects with probability ``power`` at level ``alpha`` (pingouin ``power_ttest``,
    ``contrast="paired"``). Example: minimum_detectable_dz(12) -> 0.889. pingouin searches
    |dz| up to 10; beyond (very small n, as n = 2) the same power function is solved up to
    10,000. ``power`` must exceed ``alpha`` (a test of no effect already reaches alpha).
    """
    import pingouin as pg
    from scipy import optimize, stats

    n = whole_number(n, "n", minimum=2)
    power = check_confidence(power, "power")
    alpha = check_confidence(alpha, "alpha")
    if power <= alpha:
        raise ReappraiseError(f"power ({power}) must exceed alpha ({alpha}): with no effect a test is significant "
                              "with probability alpha already")
    found = float(pg.power_ttest(d=None, n=n, power=power, alpha=alpha, contrast="paired"))
    if math.isfinite(found):
        return found
    df, crit = n - 1, stats.t.ppf(1 - alpha / 2, n - 1)

    def gap(dz: float) -> float:
        nc = dz * math.sqrt(n)
        return stats.nct.sf(crit, df, nc) + (1 - stats.nct.sf(-crit, df, nc)) - power

    if not gap(1e4) > 0:
        raise ReappraiseError(f"no standardised change up to 10,000 reaches power {power} with n = {n} pairs")
    return float(optimize.brentq(gap, 10.0 if gap(10.0) < 0 else 1e-7, 1e4, xtol=1e-10))
