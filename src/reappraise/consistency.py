"""Consistency checks of reported statistics, taking values as printed.

Each check takes the number as the source printed it (a string, so trailing zeros count:
"0.50" carries two decimals where "0.5" carries one) and accepts either rounding
direction at an exact half, so a printer's rounding convention is never held against it.
"""

from __future__ import annotations

import math
import operator
import re

from .errors import ReappraiseError

_NUM = re.compile(r"^\s*[~≈]?\s*([-−+]?\d+(?:\.(\d+))?)\s*%?\s*$")


def _parse(printed, name: str) -> tuple[float, int]:
    """Return (value, decimals) of a printed number given as str, int, float or Decimal."""
    if isinstance(printed, bool) or printed is None:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    text = str(printed)
    match = _NUM.match(text)
    if not match:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    return float(match.group(1).replace("−", "-")), len(match.group(2) or "")


def whole_number(value, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``; else raise naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}") from None
    if isinstance(value, bool) or number < minimum:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return number


def decimals_of(printed) -> int:
    """Return how many decimals a printed number carries: '9.4%' -> 1, '67%' -> 0, '0.50' -> 2."""
    return _parse(printed, "value")[1]


def rounds_to(exact: float, printed_value: float, decimals: int) -> bool:
    """True if ``exact`` rounds to ``printed_value`` at ``decimals`` places, either way at a half.

    >>> rounds_to(66.666, 67, 0), rounds_to(62.5, 63, 0), rounds_to(62.5, 62, 0)
    (True, True, True)
    """
    half = 0.5 * 10.0 ** (-decimals)
    tol = 1e-9 * max(1.0, abs(exact))
    return printed_value - half - tol <= exact <= printed_value + half + tol


def percent_numerators(percent, n: int, decimals: int | None = None) -> list[int]:
    """Return every whole numerator k (0..n) whose 100·k/n rounds to the printed ``percent``.

    ``percent`` is the value as printed ('67', '67%', '9.4') or a number; ``decimals``
    defaults to the decimals the printed text carries (0 for a plain number).
    Example: 67% of 42 -> [28]; 32% of 37 -> [12]; 50% of 3 -> [] (no k works).
    Raises ReappraiseError for n < 1, a percentage outside 0-100 or a negative ``decimals``.
    """
    value, printed_decimals = _parse(percent, "percent")
    decimals = printed_decimals if decimals is None else decimals
    n = whole_number(n, "n", minimum=1)
    if not 0 <= value <= 100:
        raise ReappraiseError(f"percent must be between 0 and 100, got {percent!r}")
    if decimals < 0:
        raise ReappraiseError(f"decimals must be >= 0, got {decimals!r}")
    centre = value * n / 100.0
    lo, hi = max(0, math.floor(centre) - 1), min(n, math.ceil(centre) + 1)
    return [k for k in range(lo, hi + 1) if rounds_to(100.0 * k / n, value, decimals)]


def percent_pairs(percent, n_min: int = 1, n_max: int = 100, decimals: int | None = None) -> list[tuple[int, int]]:
    """Return every (numerator, n) with n_min <= n <= n_max whose percentage rounds to ``percent``.

    The companion of :func:`percent_numerators` when only the percentage is printed:
    '75%' with n up to 12 -> [(3, 4), (6, 8), (9, 12)].
    """
    if not (isinstance(n_min, int) and isinstance(n_max, int)) or n_min < 1 or n_max < n_min:
        raise ReappraiseError(f"n_min and n_max must be whole numbers with 1 <= n_min <= n_max, got {n_min!r}, {n_max!r}")
    return [(k, n) for n in range(n_min, n_max + 1) for k in percent_numerators(percent, n, decimals)]
