"""What response and remission definitions imply for each other on the MADRS.

Conventional definitions (not confirmed for the Norwegian trial, whose definitions are a
gap in the ledger): response = a reduction of at least 50% from baseline; remission =
a score at or below a cut-off (10 or 12). Whether every remitter must also be a responder
depends on the lowest baseline score in the trial.
"""

from __future__ import annotations

from .errors import ReappraiseError


def reduction_needed_for_remission(baseline: float, cutoff: float) -> float:
    """Return the fractional reduction a patient with ``baseline`` needs to reach ``cutoff``.

    Example: baseline 29.6, cutoff 10 -> 0.662 (a 66% reduction). 0 if already at or below.
    """
    if baseline <= 0:
        raise ReappraiseError(f"baseline must be a positive score, got {baseline!r}")
    if cutoff < 0:
        raise ReappraiseError(f"cutoff must be >= 0, got {cutoff!r}")
    return max(0.0, 1.0 - cutoff / baseline)


def remission_implies_response(min_baseline: float, cutoff: float, response_reduction: float = 0.5) -> bool:
    """True if anyone with baseline >= ``min_baseline`` who remits (score <= cutoff) also responds.

    Holds when ``cutoff <= (1 - response_reduction) * min_baseline``; e.g. cutoff 10 and a
    50% response rule need a baseline of at least 20.
    """
    if not 0 < response_reduction < 1:
        raise ReappraiseError(f"response_reduction must be between 0 and 1, got {response_reduction!r}")
    return cutoff <= (1 - response_reduction) * min_baseline
