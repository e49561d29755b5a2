"""Regression to the mean, and what placebo and natural course deliver without a drug.

An uncontrolled trial that enrols people only when a screening score is high will see
scores fall even if nothing works: part of a high screening score is measurement error
and a passing bad spell, and neither is selected again at follow-up. The model here is the
one of Barnett, van der Pols & Dobson (2005, Int J Epidemiol 34:215-220): baseline ``x1``
and follow-up ``x2`` are bivariate normal with the same mean ``mu`` and SD ``sigma`` and
correlation ``rho`` (test-retest reliability), and people enter only if ``x1`` is on one
side of a ``cutoff``.

- :func:`rtm_effect`: the expected regression-to-the-mean effect in closed form;
- :func:`selected_moments`, :func:`population_for_selected`: the enrolled group's baseline
  mean and SD implied by a population, and the population implied by a reported baseline;
- :func:`null_response_probability`: the chance one enrolled person "responds" with no
  treatment effect (exact bivariate-normal probability);
- :func:`simulate_null_trials`: many uncontrolled trials with zero treatment effect,
  vectorised (NumPy), seeded and chunked so memory stays small;
- :func:`decompose_change`: an observed improvement split into nested layers (RTM, natural
  course, placebo response, the rest) so that no layer is counted twice;
- :func:`benchmark_rate`, :data:`BENCHMARKS`: placebo, drug and control-arm rates from the ledger.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number, within_limit
from reappraise.errors import ReappraiseError

DIRECTIONS = ("above", "below")
#: Trials simulated per block in :func:`simulate_null_trials` (fixed, so results do not
#: depend on machine memory; changing it changes the random stream). With more than
#: :data:`CHUNK_N` people per trial a block holds CHUNK·CHUNK_N // n trials, so a block
#: never holds more than about a million scores.
CHUNK = 1 << 16
CHUNK_N = 16
#: Most simulated trials per call of :func:`simulate_null_trials` (each is a row of the result).
MAX_TRIALS = 5_000_000
#: Most scores drawn per call (trials × n): a few seconds of simulation (notebook 06 at its largest).
MAX_DRAWS = 60_000_000


def _check_model(mu: float, sigma: float, rho: float, direction: str) -> None:
    finite(mu, "mu")
    positive(sigma, "sigma")
    number_in(rho, "rho (test-retest reliability)", 0, 1)
    if direction not in DIRECTIONS:
        raise ReappraiseError(f"direction must be one of {DIRECTIONS}, got {direction!r}")


def _check_shifts(**scores) -> None:
    """Check that every score given by keyword (cutoff, remission_max, change) is a finite number."""
    for name, value in scores.items():
        finite(value, name)


def _tail(z: float, direction: str) -> tuple[float, float]:
    """Return (probability of being selected, C(z)) for a standardised cut-off ``z``.

    Far in the tail (beyond about 37 SDs) the probability underflows to 0; C(z), the
    inverse Mills ratio, is then computed from logarithms, so it stays finite (about |z|).
    """
    side = -z if direction == "above" else z
    p = float(special.ndtr(side))
    if p > 0:
        return p, float(stats.norm.pdf(z) / p)
    return p, float(math.exp(stats.norm.logpdf(z) - special.log_ndtr(side)))


def rtm_effect(mu: float, sigma: float, rho: float, cutoff: float, direction: str = "above") -> float:
    """Return the expected regression-to-the-mean effect for people selected by ``cutoff``.

    Barnett, van der Pols & Dobson 2005: effect = (1 - rho) * sigma * C(z) with
    z = (cutoff - mu) / sigma and C(z) = phi(z) / (1 - Phi(z)) when people are selected
    *above* the cut-off (their mean then falls by this much), phi(z) / Phi(z) when selected
    *below* it (their mean rises by this much). The result is >= 0; rho = 1 gives 0.
    Example: rtm_effect(0, 1, 0.5, 0) -> 0.5 * phi(0) / 0.5 = 0.399.
    """
    _check_model(mu, sigma, rho, direction)
    z = (finite(cutoff, "cutoff") - mu) / sigma
    _, c = _tail(z, direction)
    if not math.isfinite(c):
        raise ReappraiseError(f"cutoff {cutoff!r} is too far in the tail of N({mu}, {sigma}^2) for its selected "
                              "people to be described")
    return (1 - rho) * sigma * c


def selected_moments(mu: float, sigma: float, cutoff: float, direction: str = "above") -> tuple[float, float]:
    """Return (mean, SD) of baseline scores among people selected by ``cutoff`` (truncated normal)."""
    _check_model(mu, sigma, 0.0, direction)
    z = (finite(cutoff, "cutoff") - mu) / sigma
    if _tail(z, direction)[0] == 0:
        raise ReappraiseError(f"cutoff {cutoff!r} selects nobody from N({mu}, {sigma}^2) {direction} it")
    a, b = (z, math.inf) if direction == "above" else (-math.inf, z)
    dist = stats.truncnorm(a, b, loc=mu, scale=sigma)
    mean, sd = float(dist.mean()), float(dist.std())
    if not (math.isfinite(mean) and math.isfinite(sd)):
        raise ReappraiseError(f"cutoff {cutoff!r} is too far in the tail of N({mu}, {sigma}^2) for its selected "
                              "moments to be computed")
    return mean, sd


def population_for_selected(mean: float, sd: float, cutoff: float, direction: str = "above",
                            strict: bool = True) -> tuple[float, float]:
    """Return the population (mu, sigma) whose selected group has baseline ``mean`` and ``sd``.

    Inverts :func:`selected_moments` numerically (scipy ``fsolve``). If no normal population
    truncated at ``cutoff`` gives that mean and SD (a mean on the wrong side of the cut-off,
    or an SD too large for the mean's distance from it), raises ReappraiseError, or returns
    (nan, nan) when ``strict`` is False.
    """
    positive(sd, "sd")
    finite(mean, "mean")
    finite(cutoff, "cutoff")
    if direction not in DIRECTIONS:
        raise ReappraiseError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    if (mean <= cutoff) if direction == "above" else (mean >= cutoff):
        if not strict:
            return math.nan, math.nan
        raise ReappraiseError(f"mean {mean!r} must lie on the selected side ({direction}) of cutoff {cutoff!r}")

    def gap(theta):
        m, s = selected_moments(theta[0], math.exp(theta[1]), cutoff, direction)
        return [m - mean, s - sd]

    with np.errstate(all="ignore"):
        theta, info, ok, _ = optimize.fsolve(gap, [mean, math.log(sd)], full_output=True)
    if ok != 1 or not max(abs(x) for x in info["fvec"]) <= 1e-6:
        if not strict:
            return math.nan, math.nan
        raise ReappraiseError(f"no normal population truncated at {cutoff!r} gives mean {mean!r} and SD {sd!r}")
    return float(theta[0]), float(math.exp(theta[1]))


def _null_probability(mu, sigma, rho, cutoff, keep, threshold, change) -> float:
    """P(x2 + change - keep * x1 <= threshold | x1 >= cutoff) for the bivariate-normal model."""
    mean_w = mu + change - keep * mu
    var_w = sigma**2 * (1 + keep**2 - 2 * keep * rho)
    cov = sigma**2 * (rho - keep)
    enrolled = stats.norm.sf(cutoff, mu, sigma)
    if enrolled == 0:
        raise ReappraiseError(f"cutoff {cutoff!r} selects nobody from N({mu}, {sigma}^2) above it")
    if rho == 1:  # perfect reliability: w = x2 + change - keep * x1 is an exact linear function of x1
        slope = 1 - keep  # w = mean_w + slope * (x1 - mu), slope > 0 since keep < 1
        bound = mu + (threshold - mean_w) / slope  # w <= threshold  <=>  x1 <= bound
        return float(max(stats.norm.cdf(bound, mu, sigma) - stats.norm.cdf(cutoff, mu, sigma), 0.0) / enrolled)
    joint = stats.multivariate_normal([mean_w, mu], [[var_w, cov], [cov, sigma**2]], abseps=1e-10, releps=1e-8)
    below_both = joint.cdf([threshold, cutoff])  # event and x1 < cutoff
    probability = float((stats.norm.cdf(threshold, mean_w, math.sqrt(var_w)) - below_both) / enrolled)
    return min(max(probability, 0.0), 1.0)  # numerical integration can stray a hair outside [0, 1]


def null_response_probability(mu: float, sigma: float, rho: float, cutoff: float,
                              reduction: float = 0.5, change: float = 0.0) -> float:
    """Return the chance one enrolled person is a "responder" when the treatment does nothing.

    Responder: follow-up <= (1 - ``reduction``) * baseline; enrolled: baseline >= ``cutoff``.
    ``change`` shifts every follow-up score (natural-course drift; negative = improvement).
    Exact bivariate-normal probability (scipy), the target :func:`simulate_null_trials` hits.
    """
    _check_model(mu, sigma, rho, "above")
    fraction(reduction, "reduction", "0.5")
    _check_shifts(cutoff=cutoff, change=change)
    return _null_probability(mu, sigma, rho, cutoff, 1 - reduction, 0.0, change)


def null_remission_probability(mu: float, sigma: float, rho: float, cutoff: float,
                               remission_max: float = 10.0, change: float = 0.0) -> float:
    """Return the chance one enrolled person "remits" (follow-up <= ``remission_max``) with no effect."""
    _check_model(mu, sigma, rho, "above")
    _check_shifts(cutoff=cutoff, remission_max=remission_max, change=change)
    return _null_probability(mu, sigma, rho, cutoff, 0.0, remission_max, change)


def _selected_baselines(rng, shape, mu, sigma, cutoff, direction):
    """Draw baselines from N(mu, sigma^2) truncated at ``cutoff`` by inverting the tail (precise far out)."""
    z = (cutoff - mu) / sigma
    u = 1.0 - rng.random(shape)  # in (0, 1]
    if direction == "above":
        return mu - sigma * special.ndtri(u * special.ndtr(-z))
    return mu + sigma * special.ndtri(u * special.ndtr(z))


def simulate_null_trials(n: int, mu: float, sigma: float, rho: float, cutoff: float, trials: int,
                         rng: np.random.Generator, direction: str = "above", reduction: float = 0.5,
                         remission_max: float = 10.0, change: float = 0.0) -> pd.DataFrame:
    """Simulate ``trials`` uncontrolled trials of ``n`` enrolled people with zero treatment effect.

    Each person's baseline is drawn from the population N(mu, sigma^2) given selection by
    ``cutoff``; the follow-up is mu + change + rho (x1 - mu) + sigma sqrt(1 - rho^2) e.
    Returns one row per trial: ``mean_change`` (follow-up minus baseline; negative = better),
    ``responders`` (follow-up <= (1 - reduction) x baseline), ``remitters`` (follow-up <=
    ``remission_max``) and ``p_value`` (two-sided paired t-test of the change, as a naive
    analysis of a single arm would report). Drawn in blocks of :data:`CHUNK` trials (fewer when
    n > :data:`CHUNK_N`); at most :data:`MAX_TRIALS` trials and :data:`MAX_DRAWS` scores (n × trials).
    """
    n = whole_number(n, "n", minimum=2)
    trials = whole_number(trials, "trials", minimum=1, maximum=MAX_TRIALS, limit="bias.MAX_TRIALS")
    within_limit(n * trials, MAX_DRAWS, "n × trials, the scores drawn", "bias.MAX_DRAWS")
    if not isinstance(rng, np.random.Generator):
        raise ReappraiseError(f"rng must be a NumPy Generator, e.g. np.random.default_rng(6), got {rng!r}")
    _check_model(mu, sigma, rho, direction)
    fraction(reduction, "reduction", "0.5")
    _check_shifts(cutoff=cutoff, remission_max=remission_max, change=change)
    if _tail((cutoff - mu) / sigma, direction)[0] == 0:
        raise ReappraiseError(f"cutoff {cutoff!r} selects nobody from N({mu}, {sigma}^2) {direction} it")
    parts = []
    noise = sigma * math.sqrt(1 - rho**2)
    block = CHUNK if n <= CHUNK_N else max(1, CHUNK * CHUNK_N // n)
    for start in range(0, trials, block):
        size = (min(block, trials - start), n)
        x1 = _selected_baselines(rng, size, mu, sigma, cutoff, direction)
        x2 = (mu + change) + rho * (x1 - mu) + noise * rng.standard_normal(size)
        d = x2 - x1
        if rho == 1:  # perfect reliability: every change is exactly ``change`` (no rounding noise)
            x2, d = x1 + change, np.full(size, float(change))
        mean, sd = d.mean(axis=1), d.std(axis=1, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = mean / (sd / math.sqrt(n))
        parts.append(pd.DataFrame({
            "mean_change": mean,
            "responders": (x2 <= (1 - reduction) * x1).sum(axis=1),
            "remitters": (x2 <= remission_max).sum(axis=1),
            "p_value": 2 * stats.t.sf(np.abs(t), n - 1),
        }))
    return pd.concat(parts, ignore_index=True)


def summarise_null_trials(sims: pd.DataFrame, n: int, observed_responders: int | None = None) -> dict:
    """Return the headline numbers of :func:`simulate_null_trials` output as a dict.

    ``mean_improvement`` (points, positive = scores fell), ``improvement_mc_se`` (its Monte
    Carlo standard error), ``responder_rate``, ``remitter_rate``, ``share_significant``
    (naive paired t-test p < 0.05) and, if ``observed_responders`` is given,
    ``share_at_least_observed`` (trials with at least that many responders).
    """
    n = whole_number(n, "n", minimum=1)
    out = {
        "trials": len(sims),
        "mean_improvement": float(-sims["mean_change"].mean()),
        "improvement_mc_se": float(sims["mean_change"].std(ddof=1) / math.sqrt(len(sims))),
        "responder_rate": float(sims["responders"].mean() / n),
        "remitter_rate": float(sims["remitters"].mean() / n),
        "share_significant": float((sims["p_value"] < 0.05).mean()),
    }
    if observed_responders is not None:
        k = whole_number(observed_responders, "observed_responders")
        out["share_at_least_observed"] = float((sims["responders"] >= k).mean())
    return out


def decompose_change(observed: float, nested: dict[str, float],
                     remainder: str = "not explained by these layers") -> pd.DataFrame:
    """Split an observed improvement into nested layers so that no part is counted twice.

    ``observed`` and the values of ``nested`` are improvements in points (positive = scores
    fell). ``nested`` maps layer names, in order, to the *total* improvement each layer's
    source measures, where every total already contains the layers before it: a wait-list
    arm's pre-post change holds regression to the mean (RTM) as well as natural course; a
    placebo arm's holds both and placebo response. Adding such totals on top of each other
    counts RTM two or three times. Here each layer's own share is its total minus the previous
    total, and ``remainder`` is the observed improvement minus the last total, so the shares
    add up to ``observed`` exactly.

    Returns one row per layer plus the remainder: ``total`` (cumulative improvement up to and
    including the layer; the observed one for the remainder), ``share`` (the layer's own
    points), ``fraction`` (share / observed), ``beyond_first`` (total minus the first layer's
    total: what to add to a model that already produces the first layer) and ``nested``
    (False where a total is below the one before it: the sources disagree and the share is
    negative).
    Example: observed 19.3, {RTM: 1.55, wait-list: 2.47, placebo arm: 9.07} -> shares 1.55,
    0.92, 6.59 and 10.24 for the rest, adding up to 19.3.
    """
    observed = finite(observed, "observed")
    if not nested:
        raise ReappraiseError("nested must name at least one layer, e.g. {'regression to the mean': 1.5}")
    if remainder in nested:
        raise ReappraiseError(f"remainder name {remainder!r} is also a layer name in nested")
    rows, previous = [], 0.0
    first = None
    for name, total in nested.items():
        total = finite(total, f"nested[{name!r}]")
        first = total if first is None else first
        rows.append({"layer": name, "total": total, "share": total - previous, "beyond_first": total - first,
                     "nested": total >= previous})
        previous = total
    rows.append({"layer": remainder, "total": observed, "share": observed - previous,
                 "beyond_first": observed - first, "nested": observed >= previous})
    table = pd.DataFrame(rows).set_index("layer")
    table.insert(2, "fraction", table["share"] / observed if observed else math.nan)
    return table


#: Benchmarks for an uncontrolled depression trial, and the arms of the MDMA trials for PTSD
#: (ledger ids), by short name. Their outcome definitions differ: see data/definitions.csv.
BENCHMARKS: dict[str, str] = {
    "furukawa-placebo-low": "furukawa2016.placebo_response.low",
    "furukawa-placebo-high": "furukawa2016.placebo_response.high",
    "undurraga-placebo": "undurraga2012.response.placebo",
    "undurraga-drug": "undurraga2012.response.drug",
    "thase-placebo-remission": "thase2001.remission.placebo.count",
    "thase-ssri-remission": "thase2001.remission.ssri.percent",
    "thase-venlafaxine-remission": "thase2001.remission.venlafaxine.percent",
    "goodwin-control-response": "goodwin2022.response.w3.control",
    "goodwin-control-remission": "goodwin2022.remission.w3.control",
    "mapp1-placebo-therapy": "mapp1.response.w18.placebo",
    "mapp2-placebo-therapy": "mapp2.response.w18.placebo",
    "mapp1-mdma-therapy": "mapp1.response.w18.mdma",
    "mapp2-mdma-therapy": "mapp2.response.w18.mdma",
    "mapp1-placebo-no-ptsd": "mapp1.no_ptsd.w18.placebo",
    "mapp2-placebo-no-ptsd": "mapp2.no_ptsd.w18.placebo",
}


def benchmark_rate(ledger, row_id: str) -> float:
    """Return a ledger row as a proportion: numerator/denominator if counted, else percent/100."""
    row = ledger.row(row_id)
    if not pd.isna(row["numerator"]) and not pd.isna(row["denominator"]):
        return int(row["numerator"]) / int(row["denominator"])
    if row["statistic"] != "percent":
        raise ReappraiseError(f"ledger row {row_id!r} is neither a count nor a percentage")
    return ledger.value(row_id) / 100.0


def within_group_d(change: float, sd: float) -> float:
    """Return a within-group (pre-post) standardised change |change| / sd, the scale of Rief 2009."""
    return abs(finite(change, "change")) / positive(sd, "sd")


def benchmark_table(ledger, names=None) -> pd.DataFrame:
    """Return one row per named benchmark (default all of :data:`BENCHMARKS`): rate and provenance.

    Columns: ``rate`` (a proportion, see :func:`benchmark_rate`), ``study``, ``outcome``,
    ``arm``, ``printed`` (as the source printed it), ``source`` (short citation).
    """
    rows = []
    for name in names if names is not None else BENCHMARKS:
        if name not in BENCHMARKS:
            raise ReappraiseError(f"benchmark must be one of {sorted(BENCHMARKS)}, got {name!r}")
        row_id = BENCHMARKS[name]
        row = ledger.row(row_id)
        rows.append({"benchmark": name, "rate": benchmark_rate(ledger, row_id), "study": row["study"],
                     "outcome": row["outcome"], "arm": row["arm"], "printed": row["printed"],
                     "source": ledger.cite(row_id)})
    return pd.DataFrame(rows).set_index("benchmark")
