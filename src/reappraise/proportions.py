"""Intervals and comparisons for proportions.

Built on statsmodels and scipy; only what they do not do correctly is written here, and
that is tested against published worked examples (see ``tests/test_proportions.py``).
"""

from __future__ import annotations

import math

from statsmodels.stats.proportion import proportion_confint

from .consistency import whole_number
from .errors import ReappraiseError

#: Interval methods offered, mapped to statsmodels' names.
CI_METHODS = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
}


def check_confidence(confidence: float, name: str = "confidence") -> float:
    """Return ``confidence`` as a float if 0 < confidence < 1, else raise naming ``name``."""
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ReappraiseError(f"{name} must be a number strictly between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return float(confidence)


def check_counts(k, n, k_name: str = "k", n_name: str = "n") -> tuple[int, int]:
    """Return (k, n) as ints if 0 <= k <= n and n >= 1, else raise naming the argument."""
    n = whole_number(n, n_name, minimum=1)
    k = whole_number(k, k_name, minimum=0)
    if k > n:
        raise ReappraiseError(f"{k_name} must be between 0 and {n_name} = {n}, got {k_name} = {k}")
    return k, n


def proportion_ci(k: int, n: int, method: str = "wilson", confidence: float = 0.95) -> tuple[float, float]:
    """Return the (low, high) confidence interval for k successes out of n.

    ``method`` is one of "wilson", "clopper-pearson" (exact), "jeffreys", "agresti-coull";
    the computation is statsmodels' ``proportion_confint``. Limits are clipped to [0, 1].
    Example: proportion_ci(9, 12) -> (0.4677, 0.9111) (Wilson, 95%).
    """
    k, n = check_counts(k, n)
    confidence = check_confidence(confidence)
    if method not in CI_METHODS:
        raise ReappraiseError(f"method must be one of {sorted(CI_METHODS)}, got {method!r}")
    low, high = proportion_confint(k, n, alpha=1 - confidence, method=CI_METHODS[method])
    return max(0.0, float(low)), min(1.0, float(high))


def all_intervals(k: int, n: int, confidence: float = 0.95):
    """Return a DataFrame of the interval under every method in :data:`CI_METHODS`, with widths."""
    import pandas as pd

    rows = []
    for method in CI_METHODS:
        low, high = proportion_ci(k, n, method, confidence)
        rows.append({"method": method, "estimate": k / n, "low": low, "high": high, "width": high - low})
    return pd.DataFrame(rows).set_index("method")
