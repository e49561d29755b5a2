"""Argument checks shared by the library: one rule, one message, always a ValueError.

Every check returns the value in its proper type or raises
:class:`~reappraise.errors.ReappraiseError` (a ``ValueError``) whose one-line message names
the argument and what is allowed, so callers and the command line report bad input the
same way everywhere.
"""

from __future__ import annotations

import math
import numbers
import operator

from reappraise.errors import ReappraiseError


def _is_number(value) -> bool:
    """True for a real number (int, float, NumPy scalar, Fraction), False for bool, str, None, lists."""
    kind = type(value)
    return kind is float or kind is int or (isinstance(value, numbers.Real) and kind is not bool)


def whole_number(value, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``; else raise naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}") from None
    if isinstance(value, bool) or number < minimum:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return number


def fraction(value, name: str, example: str = "") -> float:
    """Return ``value`` as a float if it is a number with 0 < value < 1; else raise naming ``name``.

    ``example`` (e.g. "0.95") is added to the message as a hint. Strings, booleans and NaN
    are refused, so a mistyped argument never reaches a comparison that raises TypeError.
    """
    hint = f" (e.g. {example})" if example else ""
    if not _is_number(value) or not 0 < value < 1:
        raise ReappraiseError(f"{name} must be a number strictly between 0 and 1{hint}, got {value!r}")
    return float(value)


def positive(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0; else raise naming ``name``."""
    if not _is_number(value) or not 0 < value < math.inf:
        raise ReappraiseError(f"{name} must be a number > 0, got {value!r}")
    return float(value)


def finite(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number; else raise naming ``name``.

    Refuses strings (even "12"), None, booleans, NaN and ±infinity.
    """
    if not _is_number(value) or not math.isfinite(value):
        raise ReappraiseError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def number_in(value, name: str, low: float, high: float) -> float:
    """Return ``value`` as a float if it is a finite number with low <= value <= high; else raise.

    Either bound may be ``math.inf`` or ``-math.inf`` for no bound on that side (the value
    itself must still be finite). The message names ``name`` and the allowed range:
    number_in(1.2, "rho", 0, 1) -> "rho must be a number between 0 and 1, got 1.2".
    """
    if not _is_number(value) or not (math.isfinite(value) and low <= value <= high):
        allowed = (f"a number between {low:g} and {high:g}" if math.isfinite(low) and math.isfinite(high)
                   else f"a number >= {low:g}" if math.isfinite(low)
                   else f"a number <= {high:g}" if math.isfinite(high) else "a finite number")
        raise ReappraiseError(f"{name} must be {allowed}, got {value!r}")
    return float(value)
