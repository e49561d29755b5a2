"""Exceptions raised by reappraise.

All of them subclass :class:`ValueError`, so callers can catch bad input with one clause;
the command line turns them into one line on stderr and a non-zero exit.
"""


class ReappraiseError(ValueError):
    """Base class: bad input or data that breaks a documented rule."""


class LedgerError(ReappraiseError):
    """A ledger row breaks a validation rule (the message names the row and the rule)."""


class DefinitionMismatch(ReappraiseError):
    """Two proportions counted under different outcome definitions were compared.

    Raised by every function that compares or benchmarks proportions from different sources
    unless the caller passes ``cross_definition=True``; the one-line message names both
    definitions and what differs (scale, rule, threshold or timing).
    """


class ParameterError(ReappraiseError):
    """A notebook parameter or scenario value is unknown, of the wrong type or out of range."""


class CheckFailed(AssertionError):
    """A reconstruction does not reproduce the figure the source printed."""
