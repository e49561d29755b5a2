"""Designing the trial that would answer the question: precision, power, sample size, simulation.

- :func:`expected_ci_width`, :func:`precision_curve`, :func:`n_for_width`: how precise a
  single-arm proportion is at a given n (the expected interval width over the binomial
  distribution of outcomes, not the width at one lucky count);
- :func:`n_two_proportions`, :func:`power_two_proportions`: a two-arm trial with a binary
  outcome, by Cohen's arcsine effect size h (statsmodels ``NormalIndPower`` with
  ``proportion_effectsize``), the pooled normal approximation (Fleiss; R's
  ``power.prop.test``), the same with Fleiss, Tytun & Ury's continuity correction, or
  exactly for the test the analysis would use, Fisher's exact test (:func:`fisher_pvalues`
  enumerates every possible table once);
- :func:`shifted_rate`: a drug-arm rate built from a control rate and a drug increment
  taken from two arms of one trial, refusing an increment of another outcome definition;
- :func:`compare_attrition`: dropouts per arm and Fisher's test of the difference;
- :func:`n_two_means`: a two-arm trial with a continuous outcome (``pingouin.power_ttest``);
- :func:`with_attrition`, :func:`scenario_table`: how attrition and unblinding change it;
- :func:`simulate_rct_proportions`, :func:`simulate_rct_means`: many simulated RCTs at a
  given size, vectorised and seeded, to show the spread of results a single trial could give
  (analysed with the pooled z test or Fisher's exact test).

Rates may be given as numbers or as :class:`~reappraise.stats.outcomes.Rate`; two Rates of
different outcome definitions raise :class:`~reappraise.errors.DefinitionMismatch` unless
``cross_definition=True``.

Limits (a larger argument is refused with a ReappraiseError naming the limit): a single
arm of at most :data:`MAX_SINGLE_ARM` for expected widths (:data:`MAX_CURVE` participants
summed over a precision curve); Fisher's exact test enumerated for arms of at most
:data:`MAX_FISHER_ARM`; sample sizes of at most :data:`MAX_PER_ARM` per arm (a smaller
difference is refused, never answered with NaN); at most :data:`MAX_TRIALS` simulated
trials per call.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import special, stats

from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number, within_limit
from reappraise.errors import ReappraiseError
from reappraise.stats.outcomes import Rate, check_flag, pair_values, require_same
from reappraise.stats.proportions import CI_METHODS, check_confidence, fisher_p

#: Two-proportion power and sample-size methods: ``arcsine`` (Cohen's h), ``pooled`` (normal
#: approximation), ``continuity`` (pooled with Fleiss-Tytun-Ury continuity correction),
#: ``fisher`` (exact power of the two-sided Fisher test, by enumeration).
METHODS = ("arcsine", "pooled", "continuity", "fisher")
#: Largest single arm whose expected interval width is computed (one interval per possible count).
MAX_SINGLE_ARM = 100_000
#: Most participants summed over the ns of one :func:`precision_curve`.
MAX_CURVE = 10_000_000
#: Largest arm for which every Fisher p-value is enumerated (:func:`fisher_pvalues` holds
#: (n1 + 1)(n2 + 1) of them; Fisher power and sizing use it).
MAX_FISHER_ARM = 2_000
#: Largest sample size per arm :func:`n_two_proportions` and :func:`n_two_means` return.
MAX_PER_ARM = 10_000_000
#: Most simulated trials per call (each is a row of the returned table).
MAX_TRIALS = 5_000_000


class SizeLimit(ReappraiseError):
    """The sample size asked for is beyond a documented limit (n_max for Fisher's test, :data:`MAX_PER_ARM`)."""


def _generator(rng) -> np.random.Generator:
    """Return ``rng`` if it is a NumPy Generator; else raise (a seed is not a generator)."""
    if not isinstance(rng, np.random.Generator):
        raise ReappraiseError(f"rng must be a NumPy Generator, e.g. np.random.default_rng(8), got {rng!r}")
    return rng


def _rate(p, name: str) -> float:
    return fraction(p, name, "0.40")


def _alpha_power(alpha: float, power: float) -> tuple[float, float]:
    alpha = check_confidence(alpha, "alpha")
    power = check_confidence(power, "power")
    if power <= alpha:
        raise ReappraiseError(f"power ({power}) must exceed alpha ({alpha})")
    return alpha, power


def expected_ci_width(p: float, n: int, method: str = "wilson", confidence: float = 0.95) -> float:
    """Return the expected width of the ``method`` interval for k/n when k ~ Binomial(n, p)."""
    from statsmodels.stats.proportion import proportion_confint

    p = _rate(p, "p")
    n = whole_number(n, "n", minimum=1, maximum=MAX_SINGLE_ARM, limit="design.MAX_SINGLE_ARM")
    confidence = check_confidence(confidence)
    if not isinstance(method, str) or method not in CI_METHODS:
        raise ReappraiseError(f"method must be one of {sorted(CI_METHODS)}, got {method!r}")
    k = np.arange(n + 1)
    low, high = proportion_confint(k, n, alpha=1 - confidence, method=CI_METHODS[method])
    width = np.clip(high, 0, 1) - np.clip(low, 0, 1)
    return float(np.sum(stats.binom.pmf(k, n, p) * width))


def precision_curve(p: float, ns, method: str = "wilson", confidence: float = 0.95) -> pd.DataFrame:
    """Return a DataFrame (index n) of the expected interval width and half-width for each n in ``ns``."""
    if isinstance(ns, (str, bytes)) or not hasattr(ns, "__iter__"):
        raise ReappraiseError(f"ns must be a list of whole numbers >= 1, got {ns!r}")
    ns = [whole_number(n, "each n in ns", minimum=1, maximum=MAX_SINGLE_ARM, limit="design.MAX_SINGLE_ARM")
          for n in ns]
    within_limit(sum(ns), MAX_CURVE, "the sum of ns", "design.MAX_CURVE")
    rows = [{"n": n, "expected_width": expected_ci_width(p, n, method, confidence)} for n in ns]
    table = pd.DataFrame(rows).set_index("n")
    table["half_width"] = table["expected_width"] / 2
    return table


def n_for_width(p: float, width: float, method: str = "wilson", confidence: float = 0.95, n_max: int = 10_000) -> int:
    """Return the smallest n whose expected interval width is at most ``width`` (bisection on n)."""
    fraction(width, "width", "0.2")
    lo, hi = 1, whole_number(n_max, "n_max", minimum=2, maximum=MAX_SINGLE_ARM, limit="design.MAX_SINGLE_ARM")
    if expected_ci_width(p, hi, method, confidence) > width:
        raise ReappraiseError(f"width {width} needs more than n_max = {hi} participants")
    while lo < hi:  # the expected width falls with n (up to tiny binomial wiggles)
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if expected_ci_width(p, mid, method, confidence) > width else (lo, mid)
    return lo


def _pooled_power(p1: float, p2: float, n: float, alpha: float) -> float:
    """Power of the two-sided pooled z test per arm n (Fleiss; R power.prop.test, strict = FALSE)."""
    q1, q2, pbar = 1 - p1, 1 - p2, (p1 + p2) / 2
    z = (math.sqrt(n) * abs(p1 - p2) - stats.norm.isf(alpha / 2) * math.sqrt(2 * pbar * (1 - pbar)))
    return float(stats.norm.cdf(z / math.sqrt(p1 * q1 + p2 * q2)))


def _log_choose(n: int):
    """log C(n, k) for k = 0..n."""
    k = np.arange(n + 1)
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def _fisher_row(m: int, n1: int, n2: int, log_c1, log_c2):
    """Return k1 and the two-sided Fisher p of each table k1/n1 vs (m - k1)/n2 with total m.

    Given m, k1 is hypergeometric; the p-value adds the probabilities of every table with
    that total that is no more probable than the observed one (relative tolerance 1e-14,
    as scipy).
    """
    k1 = np.arange(max(0, m - n2), min(n1, m) + 1)
    log_all = special.gammaln(n1 + n2 + 1) - special.gammaln(m + 1) - special.gammaln(n1 + n2 - m + 1)
    pmf = np.exp(log_c1[k1] + log_c2[m - k1] - log_all)
    ordered = np.sort(pmf)
    at_most = np.cumsum(ordered)[np.searchsorted(ordered, pmf * (1 + 1e-14), side="right") - 1]
    return k1, np.minimum(at_most, 1.0)


def fisher_pvalues(n1: int, n2: int):
    """Return the (n1 + 1) x (n2 + 1) array of two-sided Fisher exact p-values for k1/n1 vs k2/n2.

    Entry [k1, k2] equals ``scipy.stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue``.
    One pass per total m = k1 + k2 over log-factorials, so every table of a trial with n per
    arm costs about as much as a few dozen calls to scipy.
    """
    n1 = whole_number(n1, "n1", minimum=1, maximum=MAX_FISHER_ARM, limit="design.MAX_FISHER_ARM")
    n2 = whole_number(n2, "n2", minimum=1, maximum=MAX_FISHER_ARM, limit="design.MAX_FISHER_ARM")
    log_c1, log_c2 = _log_choose(n1), _log_choose(n2)
    table = np.ones((n1 + 1, n2 + 1))
    for m in range(n1 + n2 + 1):
        k1, p = _fisher_row(m, n1, n2, log_c1, log_c2)
        table[k1, m - k1] = p
    return table


#: Totals k1 + k2 less probable than this (under the two rates) are left out of the exact
#: Fisher power: the power then errs by less than their summed probability, at most
#: (2n + 1) x 1e-18.
NEGLIGIBLE_TOTAL = 1e-18


def _fisher_power(p1: float, p2: float, n: int, alpha: float) -> float:
    """Exact power of the two-sided Fisher test at level alpha with n per arm (enumeration).

    Enumerates the tables total by total and adds the binomial probabilities of those that
    reject; totals below :data:`NEGLIGIBLE_TOTAL` are skipped (most of them once n is in
    the hundreds, which is what makes a sample-size search fast).
    """
    k = np.arange(n + 1)
    w1, w2, log_c = stats.binom.pmf(k, n, p1), stats.binom.pmf(k, n, p2), _log_choose(n)
    power = 0.0
    for m in np.flatnonzero(np.convolve(w1, w2) >= NEGLIGIBLE_TOTAL):
        k1, p = _fisher_row(int(m), n, n, log_c, log_c)
        k1 = k1[p <= alpha]
        power += float((w1[k1] * w2[m - k1]).sum())
    return power


def _continuity_power(p1: float, p2: float, n: float, alpha: float) -> float:
    """Power of the pooled z test with Fleiss-Tytun-Ury continuity correction at n per arm.

    Inverts n' = n/4 (1 + sqrt(1 + 4 / (n |p1 - p2|)))^2: the corrected test at n' per arm
    has the uncorrected power at n = n' (1 - 1 / (n' |p1 - p2|))^2. With equal rates there is
    no difference to shrink towards: the correction leaves nothing, and the power is that of
    the uncorrected test with no information (alpha / 2, the rate of rejecting in the one
    direction the approximation counts).
    """
    gap = n * abs(p1 - p2)
    shrink = max(0.0, 1 - 1 / gap) if gap > 0 else 0.0
    return _pooled_power(p1, p2, n * shrink**2, alpha)


def power_two_proportions(p1: float | Rate, p2: float | Rate, n: float, alpha: float = 0.05, method: str = "arcsine",
                          *, cross_definition: bool = False) -> float:
    """Return the power of a two-sided test of p1 vs p2 with ``n`` per arm.

    ``method``: ``arcsine`` (Cohen's h), ``pooled`` (normal approximation), ``continuity``
    (continuity-corrected normal approximation) or ``fisher`` (exact power of Fisher's exact
    test; ``n`` must be whole). Example: 0.75 vs 0.40 with 30 per arm -> 0.80 (arcsine),
    0.72 (fisher).
    """
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    p1, p2 = pair_values(p1, p2, cross_definition)
    positive(n, "n")
    alpha = check_confidence(alpha, "alpha")
    if method == "pooled":
        return _pooled_power(p1, p2, n, alpha)
    if method == "continuity":
        return _continuity_power(p1, p2, n, alpha)
    if method == "fisher":
        return _fisher_power(p1, p2, whole_number(n, "n", minimum=1, maximum=MAX_FISHER_ARM,
                                                  limit="design.MAX_FISHER_ARM"), alpha)
    if method != "arcsine":
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    h = abs(proportion_effectsize(p1, p2))
    return float(NormalIndPower().power(effect_size=h, nobs1=n, alpha=alpha, ratio=1.0))


def _fisher_n(p1: float, p2: float, alpha: float, power: float, n_max: int) -> int:
    """Smallest n per arm (up to n_max) whose exact Fisher power reaches ``power``.

    Power rises with n in a saw-tooth (discreteness), so the crossing found by bisection on
    the power curve is followed by a scan of the sizes just below it.
    """
    lo, hi = 1, min(max(2, math.ceil(0.75 * n_two_proportions(p1, p2, alpha, power, "pooled"))), n_max)
    while _fisher_power(p1, p2, hi, alpha) < power:
        lo, hi = hi, min(2 * hi, n_max)
        if lo == n_max:
            raise SizeLimit(f"power {power} under Fisher's test needs more than n_max = {n_max} per arm")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if _fisher_power(p1, p2, mid, alpha) < power else (lo, mid)
    window = range(max(1, hi - max(10, hi // 40)), hi)
    return next((n for n in window if _fisher_power(p1, p2, n, alpha) >= power), hi)


def n_two_proportions(p1: float | Rate, p2: float | Rate, alpha: float = 0.05, power: float = 0.8,
                      method: str = "arcsine", *, n_max: int = 2000, cross_definition: bool = False) -> float:
    """Return the number per arm for a two-sided test of p1 vs p2 to reach ``power``.

    ``arcsine``: Cohen's h with statsmodels ``NormalIndPower`` (as R ``pwr.2p.test``);
    ``pooled``: the pooled normal approximation (as R ``power.prop.test``); ``continuity``:
    the pooled size n corrected for continuity, n/4 (1 + sqrt(1 + 4 / (n |p1 - p2|)))^2
    (Fleiss, Tytun & Ury 1980, Biometrics 36:343-346); these three are unrounded (round up
    with ``math.ceil``). ``fisher``: the smallest whole n (up to ``n_max``) at which Fisher's
    exact test, the test a small trial's analysis would use, reaches ``power``.
    Example: p1 = 0.5, p2 = 0.75, power 0.9, pooled -> 76.7; 0.75 vs 0.40 at power 0.8:
    arcsine 29.9, pooled 30.1, continuity 35.6, fisher 37.
    """
    import warnings

    from scipy.optimize import brentq
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    p1, p2 = pair_values(p1, p2, cross_definition)
    alpha, power = _alpha_power(alpha, power)
    n_max = whole_number(n_max, "n_max", minimum=2, maximum=MAX_FISHER_ARM, limit="design.MAX_FISHER_ARM")
    if p1 == p2:
        raise ReappraiseError("p1 and p2 must differ (no sample size detects a zero difference)")
    if method not in METHODS:
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    if method != "fisher" and power_two_proportions(p1, p2, MAX_PER_ARM, alpha, method) < power:
        raise SizeLimit(f"p1 = {p1} and p2 = {p2} differ too little: more than {MAX_PER_ARM:,} per arm "
                        f"(design.MAX_PER_ARM) would be needed for power {power}")
    if method in ("pooled", "continuity"):
        n = float(brentq(lambda n: _pooled_power(p1, p2, n, alpha) - power, 1e-6, 1e9, xtol=1e-10))
        return n if method == "pooled" else n / 4 * (1 + math.sqrt(1 + 4 / (n * abs(p1 - p2)))) ** 2
    if method == "fisher":
        return float(_fisher_n(p1, p2, alpha, power, n_max))
    if method != "arcsine":
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    h = abs(proportion_effectsize(p1, p2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a failed search is reported below, not as a warning
        found = float(NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0))
    if not math.isfinite(found):
        raise ReappraiseError(f"no sample size found for p1 = {p1}, p2 = {p2}, power {power}, alpha {alpha}")
    return found


def sizes_by_method(p1: float | Rate, p2: float | Rate, alpha: float = 0.05, power: float = 0.8, *,
                    cross_definition: bool = False) -> pd.DataFrame:
    """Return one row per method in :data:`METHODS`: n per arm (rounded up) and its exact Fisher power.

    Shows how much the choice of approximation matters against the test actually used:
    a size from a normal approximation can fall short of ``power`` under Fisher's test.
    """
    p1, p2 = pair_values(p1, p2, cross_definition)
    rows = []
    for method in METHODS:
        n = math.ceil(n_two_proportions(p1, p2, alpha, power, method) - 1e-9)
        rows.append({"method": method, "n_per_arm": n, "power_claimed": power_two_proportions(p1, p2, n, alpha, method),
                     "power_under_fisher": power_two_proportions(p1, p2, n, alpha, "fisher")})
    return pd.DataFrame(rows).set_index("method")


def shifted_rate(control: Rate, drug_arm: Rate, placebo_arm: Rate, *, label: str = "",
                 cross_definition: bool = False) -> Rate:
    """Return the drug-arm rate a new trial could expect: control + (drug_arm - placebo_arm).

    The increment comes from two arms of one trial and must be of one definition (always
    checked); the control rate must share that definition unless ``cross_definition``
    (an increment in 10-point CAPS-5 responders added to a 50% MADRS response rate is
    a guess across definitions, and the caller must say so). The result carries the
    control's definition.
    """
    for name, value in (("control", control), ("drug_arm", drug_arm), ("placebo_arm", placebo_arm)):
        if not isinstance(value, Rate):
            raise ReappraiseError(f"{name} must be a Rate (a proportion with its definition), got {value!r}")
    require_same(drug_arm.definition, placebo_arm.definition)
    require_same(control.definition, drug_arm.definition, check_flag(cross_definition))
    value = control.value + drug_arm.value - placebo_arm.value
    if not 0 < value < 1:
        raise ReappraiseError(f"control {control.value:.3f} plus increment {drug_arm.value - placebo_arm.value:+.3f} "
                              "leaves the 0-1 range")
    return Rate(value, control.definition, label or f"{control.label} + increment")


def compare_attrition(lost_drug: int, randomised_drug: int, lost_control: int, randomised_control: int) -> dict:
    """Return attrition per arm of one trial and the two-sided Fisher p of the difference.

    Uneven dropout is a possible sign of unblinding (participants who guess they got
    placebo leave). Example: MAPP2, 1 of 53 vs 9 of 51 -> p = 0.0074.
    """
    lost_drug = whole_number(lost_drug, "lost_drug")
    lost_control = whole_number(lost_control, "lost_control")
    randomised_drug = whole_number(randomised_drug, "randomised_drug", minimum=1)
    randomised_control = whole_number(randomised_control, "randomised_control", minimum=1)
    for lost, randomised, name in ((lost_drug, randomised_drug, "lost_drug"), (lost_control, randomised_control, "lost_control")):
        if lost > randomised:
            raise ReappraiseError(f"{name} ({lost}) must not exceed the number randomised ({randomised})")
    rate_drug, rate_control = lost_drug / randomised_drug, lost_control / randomised_control
    return {"lost_drug": lost_drug, "randomised_drug": randomised_drug, "rate_drug": rate_drug,
            "lost_control": lost_control, "randomised_control": randomised_control, "rate_control": rate_control,
            "difference": rate_control - rate_drug,
            "fisher_p": fisher_p(lost_drug, randomised_drug, lost_control, randomised_control)}


def n_two_means(difference: float, sd: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Return the (unrounded) number per arm for a two-sided two-sample t test of a mean difference.

    Cohen's d = |difference| / sd; the computation is ``pingouin.power_ttest`` (noncentral t).
    Example: d = 0.5 at alpha 0.05 and power 0.8 -> 63.8, i.e. 64 per arm (Cohen 1992).
    A t test needs 2 per arm: a difference so large that 2 per arm already reach ``power``
    returns 2.0; one so small that more than :data:`MAX_PER_ARM` per arm would be needed is
    refused with a ReappraiseError (never NaN).
    """
    import pingouin as pg

    alpha, power = _alpha_power(alpha, power)
    positive(sd, "sd")
    if finite(difference, "difference") == 0:
        raise ReappraiseError(f"need sd > 0 and a non-zero difference, got difference={difference!r}, sd={sd!r}")
    d = abs(difference) / sd
    if not math.isfinite(d) or d == 0:
        raise ReappraiseError(f"difference / sd must be a finite number > 0, got {difference!r} / {sd!r}")
    if pg.power_ttest(d=d, n=MAX_PER_ARM, alpha=alpha, contrast="two-samples") < power:
        raise SizeLimit(f"difference {difference!r} with sd {sd!r} (d = {d:.3g}) needs more than "
                        f"{MAX_PER_ARM:,} per arm (design.MAX_PER_ARM)")
    found = float(pg.power_ttest(d=d, power=power, alpha=alpha, contrast="two-samples"))
    if math.isfinite(found):
        return found
    if pg.power_ttest(d=d, n=2, alpha=alpha, contrast="two-samples") >= power:
        return 2.0
    raise ReappraiseError(f"no sample size found for difference {difference!r} with sd {sd!r}")


def with_attrition(n: float, attrition: float) -> int:
    """Return the number to randomise per arm so that ``n`` remain after losing ``attrition`` (0-0.9)."""
    number_in(n, "n", 0, math.inf)
    number_in(attrition, "attrition", 0, 0.9)
    return math.ceil(n / (1 - attrition) - 1e-9)


def scenario_table(p_drug: float | Rate, p_placebo: float | Rate, alpha: float = 0.05, power: float = 0.8,
                   attrition: float = 0.0, unblinding_bias: float = 0.0, method: str = "arcsine", *,
                   cross_definition: bool = False) -> pd.DataFrame:
    """Return per-arm and total sample sizes under four design scenarios (one row each).

    - ``as planned``: p_drug vs p_placebo, everyone analysed;
    - ``completers``: randomise extra so that (1 - attrition) remain (:func:`with_attrition`);
    - ``dropouts = non-responders``: intention to treat, dropouts counted as non-responders,
      so both rates shrink by (1 - attrition);
    - ``smaller true effect``: if ``unblinding_bias`` (a proportion, e.g. 0.10) of the
      drug-arm rate came from expectation that blinding removes, the trial must detect
      p_drug - unblinding_bias (with attrition handled as for completers).

    A scenario whose drug rate no longer exceeds the placebo rate has no effect to detect:
    its sizes are missing (``<NA>``); so are those of a scenario whose effect is too small to
    size within the method's limit (:class:`SizeLimit`: n_max per arm under Fisher's test).
    Two Rates must share a definition (see module doc).
    """
    p_drug, p_placebo = pair_values(p_drug, p_placebo, cross_definition, ("p_drug", "p_placebo"))
    _alpha_power(alpha, power)
    number_in(attrition, "attrition", 0, 0.9)
    number_in(unblinding_bias, "unblinding_bias", 0, 1)
    if method not in METHODS:
        raise ReappraiseError(f"method must be one of {METHODS}, got {method!r}")
    shrink = 1 - attrition
    rows = [("as planned", p_drug, p_placebo, 0.0),
            ("completers", p_drug, p_placebo, attrition),
            ("dropouts = non-responders", p_drug * shrink, p_placebo * shrink, 0.0),
            ("smaller true effect", p_drug - unblinding_bias, p_placebo, attrition)]
    out = []
    for name, p1, p2, lost in rows:
        if not 0 < p1 < 1 or not 0 < p2 < 1:
            raise ReappraiseError(f"scenario {name!r}: rates must stay between 0 and 1, got {p1:.3f} and {p2:.3f}")
        try:
            n = math.ceil(n_two_proportions(p1, p2, alpha, power, method) - 1e-9) if p1 > p2 else None
        except SizeLimit:
            n = None
        per_arm = with_attrition(n, lost) if n is not None else None
        out.append({"scenario": name, "drug_rate": p1, "placebo_rate": p2, "analysed_per_arm": n,
                    "randomised_per_arm": per_arm, "randomised_total": 2 * per_arm if per_arm is not None else None})
    table = pd.DataFrame(out).set_index("scenario")
    sizes = ["analysed_per_arm", "randomised_per_arm", "randomised_total"]
    table[sizes] = table[sizes].astype("Int64")
    return table


TESTS = ("z", "fisher")


def simulate_rct_proportions(p1: float | Rate, p2: float | Rate, n: int, trials: int, rng: np.random.Generator,
                             alpha: float = 0.05, test: str = "z", *, cross_definition: bool = False) -> pd.DataFrame:
    """Simulate ``trials`` two-arm RCTs with ``n`` per arm and true response rates p1, p2.

    Returns one row per trial: ``responders_drug``, ``responders_placebo``, ``difference``
    (observed p1 - p2), ``p_value`` of the two-sided ``test`` (``z``: pooled z test;
    ``fisher``: Fisher's exact test, looked up in :func:`fisher_pvalues`) and
    ``significant``. Vectorised: two binomial draws per trial from ``rng``.
    """
    p1, p2 = pair_values(p1, p2, cross_definition)
    n = whole_number(n, "n", minimum=2, maximum=MAX_PER_ARM, limit="design.MAX_PER_ARM")
    trials = whole_number(trials, "trials", minimum=1, maximum=MAX_TRIALS, limit="design.MAX_TRIALS")
    rng = _generator(rng)
    alpha = check_confidence(alpha, "alpha")
    if test not in TESTS:
        raise ReappraiseError(f"test must be one of {TESTS}, got {test!r}")
    k1, k2 = rng.binomial(n, p1, trials), rng.binomial(n, p2, trials)
    diff = (k1 - k2) / n
    if test == "fisher":
        p = fisher_pvalues(n, n)[k1, k2]
        return pd.DataFrame({"responders_drug": k1, "responders_placebo": k2, "difference": diff,
                             "p_value": p, "significant": p <= alpha})
    pooled = (k1 + k2) / (2 * n)
    se = np.sqrt(pooled * (1 - pooled) * 2 / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / se, 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
    return pd.DataFrame({"responders_drug": k1, "responders_placebo": k2, "difference": diff,
                         "p_value": p, "significant": p < alpha})


def simulate_rct_means(difference: float, sd: float, n: int, trials: int, rng: np.random.Generator,
                       alpha: float = 0.05) -> pd.DataFrame:
    """Simulate ``trials`` two-arm RCTs of a continuous outcome (true ``difference``, common ``sd``).

    Returns one row per trial: ``difference`` (observed drug - placebo mean), ``p_value`` of
    the two-sided pooled-variance t test and ``significant``. Group means and variances are
    drawn from their exact sampling distributions (normal and scaled chi-square).
    """
    n = whole_number(n, "n", minimum=2, maximum=MAX_PER_ARM, limit="design.MAX_PER_ARM")
    trials = whole_number(trials, "trials", minimum=1, maximum=MAX_TRIALS, limit="design.MAX_TRIALS")
    rng = _generator(rng)
    finite(difference, "difference")
    positive(sd, "sd")
    alpha = check_confidence(alpha, "alpha")
    means = rng.normal([difference, 0.0], sd / math.sqrt(n), size=(trials, 2))
    variances = sd**2 * rng.chisquare(n - 1, size=(trials, 2)) / (n - 1)
    diff = means[:, 0] - means[:, 1]
    t = diff / np.sqrt(variances.mean(axis=1) * 2 / n)
    p = 2 * stats.t.sf(np.abs(t), 2 * n - 2)
    return pd.DataFrame({"difference": diff, "p_value": p, "significant": p < alpha})
