"""Set an observed proportion against benchmark rates (placebo, wait-list, natural course).

The question a single-arm trial invites is "is 9/12 more than placebo would give?". With no
control group the benchmark comes from elsewhere (e.g. Furukawa 2016's 35-40% placebo
response), so every comparison here is against a fixed external rate, not a randomised arm.

A benchmark counted under another definition is no benchmark at all (a 10-point CAPS-5
fall is not a 50% MADRS fall). Pass the benchmark as a :class:`~reappraise.stats.outcomes.Rate`
and the observed count's ``definition=``: a mismatch raises
:class:`~reappraise.errors.DefinitionMismatch` unless ``cross_definition=True``. A bare
number is still accepted (nothing to check) for quick what-if rates such as 0.40.
"""

from __future__ import annotations

import pandas as pd
import pingouin as pg
from scipy import stats

from reappraise.errors import ReappraiseError
from reappraise.stats.outcomes import Definition, Rate, rate_value
from reappraise.stats.proportions import check_counts
from reappraise.stats.validate import fraction, whole_number


def check_rate(rate: float, name: str = "rate") -> float:
    """Return ``rate`` as a float if 0 < rate < 1, else raise naming ``name``."""
    return fraction(rate, name, "0.40")


def against_benchmark(k: int, n: int, rate: float | Rate, *, definition: Definition | None = None,
                      cross_definition: bool = False) -> dict:
    """Compare k/n with a fixed benchmark ``rate``; return a dict of the evidence.

    - ``p_exact``: one-sided exact binomial test of H0: true rate <= benchmark (scipy);
    - ``bf10``: Bayes factor for true rate != benchmark vs = benchmark with a uniform prior
      (``pingouin.bayesfactor_binom``);
    - ``crosses`` (only when both definitions are given): what differs between them, '' if
      nothing (a difference needs ``cross_definition=True``).

    ``rate`` is a number or a :class:`~reappraise.stats.outcomes.Rate`; with a Rate,
    ``definition`` (what k counts) is required and must match unless ``cross_definition``.
    """
    k, n = check_counts(k, n)
    checked = isinstance(rate, Rate) and isinstance(definition, Definition)
    crosses = ", ".join(definition.differences(rate.definition)) if checked else ""
    rate = rate_value(rate, definition, cross_definition)
    return {
        "benchmark": rate,
        **({"crosses": crosses} if checked else {}),
        "observed": k / n,
        "difference": k / n - rate,
        "p_exact": float(stats.binomtest(k, n, rate, alternative="greater").pvalue),
        "bf10": float(pg.bayesfactor_binom(k, n, rate)),
    }


def against_benchmarks(k: int, n: int, rates, *, definition: Definition | None = None,
                       cross_definition: bool = False) -> pd.DataFrame:
    """Return one row of :func:`against_benchmark` per rate in ``rates``, indexed by benchmark.

    ``rates`` holds numbers or Rates; every Rate is checked against ``definition``.
    """
    return pd.DataFrame([against_benchmark(k, n, r, definition=definition, cross_definition=cross_definition)
                         for r in rates]).set_index("benchmark")


#: Most rates :func:`rate_range` returns.
MAX_POINTS = 10_000


def rate_range(low: float, high: float, points: int = 2) -> list[float]:
    """Return ``points`` evenly spaced rates from ``low`` to ``high`` (checks 0 < low <= high < 1)."""
    low, high = check_rate(low, "benchmark_low"), check_rate(high, "benchmark_high")
    points = whole_number(points, "points", minimum=1, maximum=MAX_POINTS, limit="comparators.MAX_POINTS")
    if low > high:
        raise ReappraiseError(f"benchmark_low ({low}) must not exceed benchmark_high ({high})")
    if points < 2 or low == high:
        return [low] if low == high else [low, high]
    step = (high - low) / (points - 1)
    return [round(low + i * step, 10) for i in range(points)]
