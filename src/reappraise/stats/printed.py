"""Numbers as a source printed them: value, decimals, and what they round from.

One parser for the whole package: the ledger's loader, the consistency checks, the
reconstructions and the notebooks' final checks all read printed numbers ('−19.3', '67%',
'~48%', '0.50') through :func:`parse`, so "how many decimals did the source print" has one
answer everywhere.
"""

from __future__ import annotations

import re

from reappraise.errors import ReappraiseError
from reappraise.stats.validate import finite, whole_number

_NUM = re.compile(r"^\s*[~≈]?\s*([-−+]?\d+(?:\.(\d+))?)\s*%?\s*$")


def parse(printed, name: str) -> tuple[float, int]:
    """Return (value, decimals) of a printed number given as str, int, float or Decimal."""
    if isinstance(printed, bool) or printed is None:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    text = str(printed)
    match = _NUM.match(text)
    if not match:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    return float(match.group(1).replace("−", "-")), len(match.group(2) or "")


def decimals_of(printed) -> int:
    """Return how many decimals a printed number carries: '9.4%' -> 1, '67%' -> 0, '0.50' -> 2."""
    return parse(printed, "value")[1]


def rounds_to(exact: float, printed_value: float, decimals: int) -> bool:
    """True if ``exact`` rounds to ``printed_value`` at ``decimals`` places, either way at a half.

    >>> rounds_to(66.666, 67, 0), rounds_to(62.5, 63, 0), rounds_to(62.5, 62, 0)
    (True, True, True)
    """
    exact, printed_value = finite(exact, "exact"), finite(printed_value, "printed_value")
    decimals = whole_number(decimals, "decimals")
    half = 0.5 * 10.0 ** (-decimals)
    tol = 1e-9 * max(1.0, abs(exact))
    return printed_value - half - tol <= exact <= printed_value + half + tol


def window(value: float, decimals: int) -> tuple[float, float]:
    """Return the closed interval of exact values that round to ``value`` at ``decimals``."""
    half = 0.5 * 10.0 ** (-decimals)
    return value - half, value + half


def parse_number(text) -> float | None:
    """Return the single number printed in ``text`` ('−19.3', '67%', '~48%'), or None."""
    try:
        return parse(text, "printed")[0]
    except ReappraiseError:
        return None
