"""Beta-binomial posteriors for a proportion under named priors.

A prior is a ``(a, b)`` Beta shape pair; :data:`PRIORS` names the ones the notebooks use.
The sceptical and enthusiastic priors are built with :func:`prior_from_mean` so that their
centre and weight are explicit (weight = a + b = prior "pseudo-participants").

Every function that sets the posterior against a benchmark rate (:func:`prob_exceeds`, the
Bayes factors, :func:`posterior_table`, :func:`posterior_exceedance`) takes the benchmark as
a number or as a :class:`~reappraise.stats.outcomes.Rate`; with a Rate, ``definition=``
(what k counts) is required and a different definition raises
:class:`~reappraise.errors.DefinitionMismatch` unless ``cross_definition=True``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from reappraise.errors import ReappraiseError
from reappraise.stats.outcomes import Definition, Rate, check_flag, rate_value
from reappraise.stats.proportions import check_counts
from reappraise.stats.validate import fraction, positive, within_limit

#: Most points :func:`posterior_exceedance` evaluates in one broadcast (memory: a few arrays of this size).
MAX_EXCEEDANCE_CELLS = 10_000_000


def prior_from_mean(mean: float, weight: float) -> tuple[float, float]:
    """Return the Beta(a, b) with the given mean and a + b = ``weight`` (pseudo-observations).

    Example: prior_from_mean(0.375, 8) -> (3.0, 5.0), centred on a 37.5% placebo response.
    """
    mean, weight = fraction(mean, "prior mean", "0.375"), positive(weight, "prior weight")
    return mean * weight, (1 - mean) * weight


#: Named priors for a response or remission rate. "sceptical" is centred on the middle of
#: the 35-40% placebo response (Furukawa 2016) with the weight of 20 participants;
#: "enthusiastic" is centred on 75% with the same weight.
PRIORS: dict[str, tuple[float, float]] = {
    "flat": (1.0, 1.0),
    "jeffreys": (0.5, 0.5),
    "sceptical": prior_from_mean(0.375, 20),
    "enthusiastic": prior_from_mean(0.75, 20),
}


def resolve_prior(prior: str | tuple[float, float]) -> tuple[float, float]:
    """Return (a, b) for a prior given by name (see :data:`PRIORS`) or as a pair of shapes > 0."""
    if isinstance(prior, str):
        if prior not in PRIORS:
            raise ReappraiseError(f"prior must be one of {sorted(PRIORS)} or a pair (a, b), got {prior!r}")
        return PRIORS[prior]
    try:
        a, b = (float(x) for x in prior)
    except (TypeError, ValueError):
        raise ReappraiseError(f"prior must be a name from {sorted(PRIORS)} or a pair (a, b), got {prior!r}") from None
    if not (0 < a < math.inf and 0 < b < math.inf):
        raise ReappraiseError(f"prior shapes must both be finite and > 0, got ({a}, {b})")
    return a, b


def beta_posterior(k: int, n: int, prior: str | tuple[float, float] = "flat"):
    """Return the posterior Beta(a + k, b + n - k) as a frozen scipy distribution.

    Example: beta_posterior(9, 12, "flat").mean() -> 10/14 = 0.714.
    """
    k, n = check_counts(k, n)
    a, b = resolve_prior(prior)
    return stats.beta(a + k, b + n - k)


def prob_exceeds(k: int, n: int, threshold: float | Rate, prior: str | tuple[float, float] = "flat", *,
                 definition: Definition | None = None, cross_definition: bool = False) -> float:
    """Return the posterior probability that the true rate exceeds ``threshold`` (0 < threshold < 1).

    ``threshold`` may be a Rate; then ``definition`` (of k) must match it (see module doc).
    """
    posterior = beta_posterior(k, n, prior)
    return float(posterior.sf(rate_value(threshold, definition, cross_definition, "threshold")))


def credible_interval(k: int, n: int, prior: str | tuple[float, float] = "flat", level: float = 0.95) -> tuple[float, float]:
    """Return the equal-tailed posterior credible interval at ``level``."""
    low, high = beta_posterior(k, n, prior).interval(fraction(level, "level", "0.95"))
    return float(low), float(high)


def bayes_factor_binom(k: int, n: int, p: float | Rate, prior: str | tuple[float, float] = "flat", *,
                       definition: Definition | None = None, cross_definition: bool = False) -> float:
    """Return BF10 for "rate ~ Beta prior" against "rate = p" (two-sided), via ``pingouin.bayesfactor_binom``.

    BF10 = betabinom.pmf(k; n, a, b) / binom.pmf(k; n, p). Example: 115 of 200 against
    p = 0.5 with a flat prior -> 0.835 (pingouin's documented example).
    """
    import warnings

    import pingouin as pg

    k, n = check_counts(k, n)
    p = rate_value(p, definition, cross_definition, "p", "0.375")
    a, b = resolve_prior(prior)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an underflow is handled below
        found = float(pg.bayesfactor_binom(k, n, p, a=a, b=b))
    if math.isfinite(found) and found > 0:
        return found
    return _exp(_log_bf10(k, n, p, a, b), "BF10")


def _log_bf10(k: int, n: int, p: float, a: float, b: float) -> float:
    """log BF10 = log betabinom.pmf(k; n, a, b) - log binom.pmf(k; n, p), without underflow."""
    return float(stats.betabinom.logpmf(k, n, a, b) - stats.binom.logpmf(k, n, p))


def _exp(log_value: float, name: str) -> float:
    """exp(log_value), or a ReappraiseError saying the number is beyond floating point (never inf or NaN)."""
    if not log_value <= 709:
        raise ReappraiseError(f"{name} is above 10^308 (log10 = {log_value / math.log(10):.1f}), beyond the range of "
                              "floating-point numbers: the data are overwhelming")
    if not log_value >= -709:
        shown = f" (log10 = {log_value / math.log(10):.1f})" if math.isfinite(log_value) else ""
        raise ReappraiseError(f"{name} is below 10^-308{shown}, beyond the range of floating-point numbers: "
                              "the data are overwhelming")
    return math.exp(log_value)


def bayes_factor_exceeds(k: int, n: int, p: float | Rate, prior: str | tuple[float, float] = "flat", *,
                         definition: Definition | None = None, cross_definition: bool = False) -> float:
    """Return the one-sided BF+0: "rate ~ prior restricted to rate > p" against "rate = p".

    Restricting the prior to (p, 1) multiplies BF10 by P(rate > p | data) / P(rate > p)
    under the prior (Morey & Wagenmakers 2014, Stat Probab Lett 92:121-124).
    """
    p = rate_value(p, definition, cross_definition, "p", "0.375")
    a, b = resolve_prior(prior)
    prior_mass = float(stats.beta(a, b).sf(p))
    if prior_mass <= 0:
        raise ReappraiseError(f"the prior puts no mass above p = {p!r}")
    k, n = check_counts(k, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            found = bayes_factor_binom(k, n, p, prior) * prob_exceeds(k, n, p, prior) / prior_mass
        except ReappraiseError:
            found = math.nan
    if math.isfinite(found) and found > 0:
        return found
    posterior = stats.beta(a + k, b + n - k)
    return _exp(_log_bf10(k, n, p, a, b) + float(posterior.logsf(p)) - math.log(prior_mass), "BF+0")


def posterior_table(k: int, n: int, priors, thresholds: dict, level: float = 0.95, *,
                    definition: Definition | None = None, cross_definition: bool = False):
    """Return a DataFrame, one row per prior, of the posterior for k/n and P(rate > each threshold).

    ``priors``: names from :data:`PRIORS` (or a dict name -> (a, b)); ``thresholds``:
    label -> rate (a number or a Rate, checked against ``definition``). Columns: prior a, b,
    posterior mean, credible interval, then one ``P(> label)`` column per threshold.
    """
    import pandas as pd

    items = priors.items() if isinstance(priors, dict) else ((name, name) for name in priors)
    rows = []
    for name, prior in items:
        a, b = resolve_prior(prior)
        low, high = credible_interval(k, n, (a, b), level)
        row = {"prior": name, "a": a, "b": b, "posterior_mean": float(beta_posterior(k, n, (a, b)).mean()),
               "cri_low": low, "cri_high": high}
        row.update({f"P(> {label})": prob_exceeds(k, n, rate, (a, b), definition=definition,
                                                  cross_definition=cross_definition)
                    for label, rate in thresholds.items()})
        rows.append(row)
    return pd.DataFrame(rows).set_index("prior")


def posterior_exceedance(k: int, n: int, prior_means, prior_weights, benchmarks, *,
                         definition: Definition | None = None, cross_definition: bool = False) -> pd.DataFrame:
    """Return P(rate > benchmark | k of n) for every (prior mean, prior weight, benchmark), vectorised.

    The prior is Beta(mean * weight, (1 - mean) * weight); a weight is the prior's worth in
    participants. Example: k=9, n=12, mean 0.375, weight 20, benchmark 0.40 -> about 0.83.
    ``benchmarks`` may hold Rates, each checked against ``definition`` (see module doc).
    """
    k, n = check_counts(k, n)
    check_flag(cross_definition)
    if not isinstance(benchmarks, (str, bytes)) and hasattr(benchmarks, "__iter__"):
        benchmarks = list(benchmarks)
        if definition is not None or any(isinstance(b, Rate) for b in benchmarks):
            benchmarks = [rate_value(b, definition, cross_definition, "benchmarks") for b in benchmarks]
    m, w, b = arrays = [np.asarray(x) for x in (prior_means, prior_weights, benchmarks)]
    within_limit(m.size * w.size * b.size, MAX_EXCEEDANCE_CELLS, "the grid of prior means × weights × benchmarks",
                 "bayes.MAX_EXCEEDANCE_CELLS")
    if (any(a.dtype.kind not in "iuf" for a in arrays) or not np.all((m > 0) & (m < 1))
            or not np.all((w > 0) & (w < np.inf)) or not np.all((b > 0) & (b < 1))):
        raise ReappraiseError("prior_means and benchmarks must be numbers strictly between 0 and 1, "
                              "and prior_weights finite numbers > 0")
    M, W, B = np.meshgrid(*(a.astype(float) for a in arrays), indexing="ij")
    prob = stats.beta.sf(B, M * W + k, (1 - M) * W + n - k)
    return pd.DataFrame({"prior_mean": M.ravel(), "prior_weight": W.ravel(), "benchmark": B.ravel(),
                         "p_exceeds": prob.ravel()})
