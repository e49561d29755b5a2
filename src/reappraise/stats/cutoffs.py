"""What response and remission definitions imply for each other on the MADRS.

Conventional definitions (not confirmed for the Norwegian trial, whose definitions are a
gap in the ledger): response = a reduction of at least 50% from baseline; remission =
a score at or below a cut-off (10 or 12). Whether every remitter must also be a responder
depends on the lowest baseline score in the trial.
"""

from __future__ import annotations

import math

from reappraise.stats.validate import fraction, number_in, positive


def reduction_needed_for_remission(baseline: float, cutoff: float) -> float:
    """Return the fractional reduction a patient with ``baseline`` needs to reach ``cutoff``.

    Example: baseline 29.6, cutoff 10 -> 0.662 (a 66% reduction). 0 if already at or below.
    """
    baseline, cutoff = positive(baseline, "baseline"), number_in(cutoff, "cutoff", 0, math.inf)
    return max(0.0, 1.0 - cutoff / baseline)


def remission_implies_response(min_baseline: float, cutoff: float, response_reduction: float = 0.5) -> bool:
    """True if anyone with baseline >= ``min_baseline`` who remits (score <= cutoff) also responds.

    Holds when ``cutoff <= (1 - response_reduction) * min_baseline``; e.g. cutoff 10 and a
    50% response rule need a baseline of at least 20.
    """
    response_reduction = fraction(response_reduction, "response_reduction", "0.5")
    min_baseline, cutoff = positive(min_baseline, "min_baseline"), number_in(cutoff, "cutoff", 0, math.inf)
    return cutoff <= (1 - response_reduction) * min_baseline
