"""Argument checks shared by the library: one rule, one message, always a ValueError.

Every check returns the value in its proper type or raises
:class:`~reappraise.errors.ReappraiseError` (a ``ValueError``) whose one-line message names
the argument and what is allowed, so callers and the command line report bad input the
same way everywhere.
"""

from __future__ import annotations

import operator

from .errors import ReappraiseError


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
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ReappraiseError(f"{name} must be a number strictly between 0 and 1{hint}, got {value!r}")
    return float(value)


def positive(value, name: str) -> float:
    """Return ``value`` as a float if it is a finite number > 0; else raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ReappraiseError(f"{name} must be a number > 0, got {value!r}")
    return float(value)
