"""Harms: the number needed to harm, bounds for events nobody had, and what a trial could see.

Pure functions of counts. The number needed to harm is the number needed to treat of
:mod:`reappraise.stats.proportions` read for an adverse event (the same Newcombe interval,
the same NNTB/NNTH wording); the bounds for zero events are exact binomial limits (Hanley &
Lippman-Hand 1983 for the rule of three); the detectable differences use statsmodels' power
calculations. Tested against published worked examples in ``tests/test_harms.py``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import (Comparison, NNTInterval, NNTWords, check_confidence, check_counts,
                                          compare_proportions)
from reappraise.stats.validate import fraction, whole_number


def number_needed_to_harm(k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95) -> Comparison:
    """Compare an adverse event in k1 of n1 treated with k2 of n2 controls; return the :class:`Comparison`.

    This is :func:`~reappraise.stats.proportions.compare_proportions` with
    ``higher_is_better=False``: ``risk_difference`` is treated minus control with Newcombe's
    interval, ``nnt`` is 1/|RD|, ``nnt_label`` is 'NNTH' when the treated arm had more events,
    and ``nnt_ci`` reads in Altman's form ('NNTB 14.8 to ∞ to NNTH 6.0'), never negative.
    Example: number_needed_to_harm(5, 53, 2, 51).nnt_text
    -> 'NNTH 18.1 (95% CI NNTB 19.2 to ∞ to NNTH 6.0)'.
    """
    return compare_proportions(k1, n1, k2, n2, confidence, higher_is_better=False)


def upper_bound(k: int, n: int, confidence: float = 0.95) -> float:
    """Return the exact one-sided upper confidence limit for a rate after k events in n.

    The Clopper-Pearson limit: the rate p at which seeing k or fewer events has probability
    1 - confidence (scipy's beta quantile). With k = 0 it is 1 - (1 - confidence)**(1/n),
    the exact bound of Hanley & Lippman-Hand (JAMA 1983;249:1743): 0 of 20 -> 0.139 at 95%.
    """
    from scipy.stats import beta

    k, n = check_counts(k, n)
    confidence = check_confidence(confidence)
    if k == n:
        return 1.0
    return float(beta.ppf(confidence, k + 1, n - k))


def rule_of_three(n: int, confidence: float = 0.95) -> float:
    """Return the rule-of-three upper bound for a rate after 0 events in n: -ln(1 - confidence)/n.

    At 95% this is 2.996/n, the '3/n' of Hanley & Lippman-Hand (1983); it approximates
    :func:`upper_bound` (0, n) from above and is close once n exceeds about 30.
    Example: rule_of_three(100) -> 0.030 (exact bound 0.0295).
    """
    n = whole_number(n, "n", minimum=1)
    confidence = check_confidence(confidence)
    return min(1.0, -math.log(1 - confidence) / n)


def detectable_rate(n: int, power: float = 0.8) -> float:
    """Return the smallest event rate a group of n would show at least once with probability ``power``.

    Solves 1 - (1 - p)**n = power: p = 1 - (1 - power)**(1/n). The same arithmetic as the
    rule of three read forwards: about 3000 patients see a 1-in-1000 event with 95% power.
    Example: detectable_rate(53, 0.8) -> 0.0299.
    """
    n = whole_number(n, "n", minimum=1)
    power = fraction(power, "power", "0.8")
    return 1 - (1 - power) ** (1 / n)


def patients_to_detect(rate: float, power: float = 0.8) -> int:
    """Return the fewest patients among whom an event of ``rate`` appears at least once with ``power``.

    The smallest n with 1 - (1 - rate)**n >= power. Example: patients_to_detect(0.001, 0.95) -> 2995.
    """
    rate = fraction(rate, "rate", "0.001")
    power = fraction(power, "power", "0.8")
    return math.ceil(math.log(1 - power) / math.log(1 - rate) - 1e-9)


def detectable_difference(n_treated: int, n_control: int, control_rate: float, power: float = 0.8,
                          alpha: float = 0.05) -> float:
    """Return the smallest treated-arm event rate a two-arm trial detects against ``control_rate``.

    Two-sided test of two proportions at ``alpha`` on the arcsine scale (Cohen's h), solved
    for the effect with statsmodels' ``NormalIndPower``; h is turned back into a rate above
    ``control_rate``. Returns 1.0 when no rate is high enough. Cohen (1988, Table 6.4.1):
    63 per arm detect h = 0.50 with power 0.8 at alpha 0.05.
    Example: detectable_difference(53, 51, 0.05) -> 0.23 (a rise of 18 points).
    """
    from statsmodels.stats.power import NormalIndPower

    n_treated = whole_number(n_treated, "n_treated", minimum=2)
    n_control = whole_number(n_control, "n_control", minimum=2)
    control_rate = fraction(control_rate, "control_rate", "0.05")
    power = fraction(power, "power", "0.8")
    alpha = fraction(alpha, "alpha", "0.05")
    h = float(NormalIndPower().solve_power(effect_size=None, nobs1=n_treated, alpha=alpha, power=power,
                                           ratio=n_control / n_treated, alternative="two-sided"))
    angle = math.asin(math.sqrt(control_rate)) + h / 2
    return 1.0 if angle >= math.pi / 2 else math.sin(angle) ** 2


@dataclass(frozen=True)
class Pooled(NNTWords):
    """A risk difference pooled over trials (inverse-variance fixed effect); see :func:`pooled_risk_difference`."""

    risk_difference: float
    rd_ci: tuple[float, float]
    weights: tuple[float, ...]
    higher_is_better: bool
    confidence: float

    @property
    def nnt_ci(self) -> NNTInterval:
        """The interval as numbers needed to treat, in Altman's form."""
        sign = 1 if self.higher_is_better else -1
        return NNTInterval(*sorted((sign * self.rd_ci[0], sign * self.rd_ci[1])))

    @property
    def nnt(self) -> float:
        """1/|RD| (infinite when the pooled difference is 0)."""
        return 1 / abs(self.risk_difference) if self.risk_difference else math.inf


def pooled_risk_difference(strata, confidence: float = 0.95, higher_is_better: bool = True) -> Pooled:
    """Pool the risk difference of several trials: inverse-variance fixed effect (statsmodels).

    ``strata`` is a list of (k_treated, n_treated, k_control, n_control). Each trial's
    difference and its Wald variance come from statsmodels' ``effectsize_2proportions``;
    ``combine_effects`` weights them by inverse variance. A trial whose variance is 0 (no
    events, or only events, in both arms) carries no weight and is refused.
    Example: pooled_risk_difference([(37, 42, 23, 37), (45, 52, 29, 42)]).rd_ci -> (0.089, 0.337).
    """
    import numpy as np
    from statsmodels.stats.meta_analysis import combine_effects, effectsize_2proportions

    confidence = check_confidence(confidence)
    if not isinstance(higher_is_better, bool):
        raise ReappraiseError(f"higher_is_better must be True or False, got {higher_is_better!r}")
    if isinstance(strata, (str, bytes)) or not hasattr(strata, "__iter__"):
        raise ReappraiseError(f"strata must be a list of (k1, n1, k2, n2), got {strata!r}")
    rows = []
    for i, stratum in enumerate(strata):
        if not isinstance(stratum, (tuple, list)) or len(stratum) != 4:
            raise ReappraiseError(f"strata[{i}] must be (k1, n1, k2, n2), got {stratum!r}")
        k1, n1 = check_counts(stratum[0], stratum[1], f"strata[{i}] k1", f"strata[{i}] n1")
        k2, n2 = check_counts(stratum[2], stratum[3], f"strata[{i}] k2", f"strata[{i}] n2")
        if k1 in (0, n1) and k2 in (0, n2):
            raise ReappraiseError(f"strata[{i}] = {stratum!r} has no within-arm variation, so no inverse-variance weight")
        rows.append((k1, n1, k2, n2))
    if len(rows) < 1:
        raise ReappraiseError("strata must hold at least one trial")
    k1, n1, k2, n2 = (np.array(column) for column in zip(*rows))
    effect, variance = effectsize_2proportions(k1, n1, k2, n2, statistic="diff")
    with warnings.catch_warnings(), np.errstate(all="ignore"):   # random-effects parts are unused
        warnings.simplefilter("ignore", RuntimeWarning)
        result = combine_effects(effect, variance, method_re="chi2", use_t=False, alpha=1 - confidence)
        low, high = (float(x) for x in result.conf_int(alpha=1 - confidence, use_t=False)[0])
    return Pooled(float(result.mean_effect_fe), (low, high), tuple(float(w) for w in result.weights_rel_fe),
                  higher_is_better, confidence)


def harm_summary(k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95) -> dict:
    """Return one adverse event (k1 of n1 on MDMA, k2 of n2 on placebo) in words, for a table.

    Keys: 'MDMA', 'placebo' (counts with %), 'RD, points' (with Newcombe interval), 'NNH'
    (Altman's form), 'upper bound' (the exact one-sided bound of each arm with no events, e.g.
    'MDMA 0/53: ≤ 5.5%', empty when both arms had events).
    """
    c = number_needed_to_harm(k1, n1, k2, n2, confidence)
    bounds = [f"{arm} 0/{n}: ≤ {upper_bound(0, n, confidence):.1%}" for arm, k, n in (("MDMA", k1, n1), ("placebo", k2, n2))
              if k == 0]
    return {"MDMA": f"{k1}/{n1} ({k1 / n1:.0%})", "placebo": f"{k2}/{n2} ({k2 / n2:.0%})",
            "RD, points": f"{100 * c.risk_difference:+.1f} ({100 * c.rd_ci[0]:+.1f} to {100 * c.rd_ci[1]:+.1f})",
            "NNH": c.nnt_text, "upper bound": "; ".join(bounds)}
