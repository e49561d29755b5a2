"""Argument checks shared by the library: one rule, one message, always a ValueError.

Every check returns the value in its proper type or raises
:class:`~reappraise.errors.ReappraiseError` (a ``ValueError``) whose one-line message names
the argument and what is allowed, so callers and the command line report bad input the
same way everywhere.

Sizes are bounded: a function whose work or memory grows with an argument (a sample size,
a grid, a number of simulated trials) documents a limit, a module constant named
``MAX_...``, and refuses a larger value with a message naming the argument and the limit
(:func:`whole_number` with ``maximum``, :func:`within_limit`), instead of running for hours
or exhausting memory. Levels (confidence, alpha, power) are kept within
:data:`LEVEL_MIN` of 0 and 1 (:func:`level`), where quantiles stop being finite numbers.
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


#: Closest a level (confidence, alpha, power) may come to 0 or 1: beyond it normal and t
#: quantiles overflow or 1 - level rounds to 1, and results would be infinite or NaN.
LEVEL_MIN = 1e-9


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:30] + "…" + text[-5:]


def whole_number(value, name: str, minimum: int = 0, maximum: int | None = None, limit: str = "") -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``; else raise naming ``name``.

    With ``maximum``, a larger value is refused too; ``limit`` names the documented constant
    (e.g. ``"reconstruct.MAX_N"``) so the message says which limit it is.
    """
    try:
        number = operator.index(value)
    except TypeError:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {_shown(value)}") from None
    if isinstance(value, bool) or number < minimum:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {_shown(value)}")
    if maximum is not None and number > maximum:
        within_limit(number, maximum, name, limit)
    return number


def within_limit(size, maximum, what: str, limit: str = "") -> None:
    """Raise ReappraiseError if ``size`` exceeds the documented ``maximum``; the message names ``what`` and the limit.

    within_limit(10**9, 1000, "n", "reconstruct.MAX_N") ->
    "n = 1,000,000,000 is above the limit of 1,000 (reconstruct.MAX_N)".
    """
    if size > maximum:
        label = f" ({limit})" if limit else ""
        shown = f"{size:,}" if isinstance(size, int) and len(str(size)) <= 30 else f"{float(size):.3g}"
        raise ReappraiseError(f"{what} = {shown} is above the limit of {maximum:,}{label}")


def level(value, name: str, example: str = "0.95") -> float:
    """Return a confidence level, alpha or power as a float if LEVEL_MIN <= value <= 1 - LEVEL_MIN; else raise."""
    if not _is_number(value) or not LEVEL_MIN <= value <= 1 - LEVEL_MIN:
        raise ReappraiseError(f"{name} must be a number strictly between 0 and 1 (e.g. {example}; at least "
                              f"{LEVEL_MIN:g} from either end), got {_shown(value)}")
    return float(value)


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
