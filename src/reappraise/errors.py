"""Exceptions raised by reappraise.

All of them subclass :class:`ValueError`, so callers can catch bad input with one clause;
the command line turns them into one line on stderr and a non-zero exit.
"""


class ReappraiseError(ValueError):
    """Base class: bad input or data that breaks a documented rule."""


class LedgerError(ReappraiseError):
    """A ledger row breaks a validation rule (the message names the row and the rule)."""


class ParameterError(ReappraiseError):
    """A notebook parameter or scenario value is unknown, of the wrong type or out of range."""


class CheckFailed(AssertionError):
    """A reconstruction does not reproduce the figure the source printed."""
