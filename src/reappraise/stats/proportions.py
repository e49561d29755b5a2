"""Intervals and comparisons for proportions.

Built on statsmodels and scipy; only what they do not do correctly is written here, and
that is tested against published worked examples (see ``tests/test_proportions.py``).
"""

from __future__ import annotations

import math

from statsmodels.stats.proportion import proportion_confint

from reappraise.stats.validate import level, whole_number, within_limit
from reappraise.errors import ReappraiseError

#: Interval methods offered, mapped to statsmodels' names.
CI_METHODS = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
}


#: How each interval method is named in prose and figure labels.
METHOD_LABELS = {
    "wilson": "Wilson", "clopper-pearson": "Clopper-Pearson (exact)", "jeffreys": "Jeffreys",
    "agresti-coull": "Agresti-Coull",
}


def method_label(method: str) -> str:
    """Return the display name of an interval method ('wilson' -> 'Wilson')."""
    if not isinstance(method, str) or method not in METHOD_LABELS:
        raise ReappraiseError(f"method must be one of {sorted(METHOD_LABELS)}, got {method!r}")
    return METHOD_LABELS[method]


def check_confidence(confidence: float, name: str = "confidence") -> float:
    """Return ``confidence`` as a float if 0 < confidence < 1 (within validate.LEVEL_MIN), else raise naming ``name``."""
    return level(confidence, name, "0.95")


def check_counts(k, n, k_name: str = "k", n_name: str = "n") -> tuple[int, int]:
    """Return (k, n) as ints if 0 <= k <= n and n >= 1, else raise naming the argument."""
    n = whole_number(n, n_name, minimum=1)
    k = whole_number(k, k_name, minimum=0)
    if k > n:
        raise ReappraiseError(f"{k_name} must be between 0 and {n_name} = {n}, got {k_name} = {k}")
    return k, n


def proportion_ci(k: int, n: int, method: str = "wilson", confidence: float = 0.95) -> tuple[float, float]:
    """Return the (low, high) confidence interval for k successes out of n.

    ``method`` is one of "wilson", "clopper-pearson" (exact), "jeffreys", "agresti-coull";
    the computation is statsmodels' ``proportion_confint``. Limits are clipped to [0, 1], and
    are exactly 0 (1) when k = 0 (k = n).
    Example: proportion_ci(9, 12) -> (0.4677, 0.9111) (Wilson, 95%).
    """
    k, n = check_counts(k, n)
    confidence = check_confidence(confidence)
    if not isinstance(method, str) or method not in CI_METHODS:
        raise ReappraiseError(f"method must be one of {sorted(CI_METHODS)}, got {method!r}")
    low, high = proportion_confint(k, n, alpha=1 - confidence, method=CI_METHODS[method])
    # At k = 0 (k = n) the lower (upper) limit is 0 (1): exact for Wilson and Clopper-Pearson,
    # and the boundary modification Brown, Cai & DasGupta (2001) recommend for Jeffreys.
    low = 0.0 if k == 0 else max(0.0, float(low))
    high = 1.0 if k == n else min(1.0, float(high))
    return low, high


def all_intervals(k: int, n: int, confidence: float = 0.95):
    """Return a DataFrame of the interval under every method in :data:`CI_METHODS`, with widths."""
    import pandas as pd

    rows = []
    for method in CI_METHODS:
        low, high = proportion_ci(k, n, method, confidence)
        rows.append({"method": method, "estimate": k / n, "low": low, "high": high, "width": high - low})
    return pd.DataFrame(rows).set_index("method")


# --- Comparing two proportions: RD, RR, OR, Fisher, NNT; fragility -------------------------

from dataclasses import dataclass  # noqa: E402

from scipy.stats import norm  # noqa: E402

_INF = float("inf")


def _nnt_number(value: float) -> str:
    """Format one NNT limit: one decimal, '∞' for infinity."""
    return "∞" if math.isinf(value) else f"{value:.1f}"


@dataclass(frozen=True)
class NNTInterval:
    """A confidence interval for the number needed to treat in Altman's (1998) form.

    Built from a risk-difference interval oriented so that a positive difference is a
    benefit (``benefit_low <= benefit_high``). Inverting the limits gives NNT (benefit)
    values where the interval is above zero and NNT (harm) values where it is below; an
    interval that crosses zero reads "NNTB 4.0 to ∞ to NNTH 20.0" (BMJ 1998;317:1309),
    never a negative NNT.
    """

    benefit_low: float
    benefit_high: float

    @property
    def crosses_zero(self) -> bool:
        """True when the interval holds both benefit and harm (the RD interval spans 0)."""
        return self.benefit_low < 0 < self.benefit_high

    @property
    def nntb(self) -> tuple[float, float] | None:
        """(smallest, largest) NNT (benefit) inside the interval, or None if it holds no benefit."""
        if self.benefit_high <= 0:
            return None
        return 1 / self.benefit_high, (1 / self.benefit_low if self.benefit_low > 0 else _INF)

    @property
    def nnth(self) -> tuple[float, float] | None:
        """(smallest, largest) NNT (harm) inside the interval, or None if it holds no harm."""
        if self.benefit_low >= 0:
            return None
        return 1 / -self.benefit_low, (1 / -self.benefit_high if self.benefit_high < 0 else _INF)

    def __str__(self) -> str:
        benefit, harm = self.nntb, self.nnth
        if benefit and harm:
            return f"NNTB {_nnt_number(benefit[0])} to ∞ to NNTH {_nnt_number(harm[0])}"
        if benefit:
            return f"NNTB {_nnt_number(benefit[0])} to {_nnt_number(benefit[1])}"
        if harm:
            return f"NNTH {_nnt_number(harm[0])} to {_nnt_number(harm[1])}"
        return "∞ (no difference either way)"


class NNTWords:
    """The NNT in words, for a result with ``risk_difference``, ``higher_is_better``, ``nnt``,
    ``nnt_ci`` and ``confidence`` (a two-arm :class:`Comparison` or a pooled difference)."""

    @property
    def nnt_label(self) -> str:
        """'NNTB' if the point estimate favours arm 1, 'NNTH' if it favours arm 2, 'NNT' if equal."""
        benefit = self.risk_difference if self.higher_is_better else -self.risk_difference
        return "NNTB" if benefit > 0 else "NNTH" if benefit < 0 else "NNT"

    @property
    def nnt_text(self) -> str:
        """The NNT with its interval in words: 'NNTB 2.9 (95% CI NNTB 1.9 to 6.4)'."""
        return f"{self.nnt_label} {_nnt_number(self.nnt)} ({self.confidence:.0%} CI {self.nnt_ci})"


@dataclass(frozen=True)
class Comparison(NNTWords):
    """Two arms compared (arm 1 = treatment, arm 2 = control); see :func:`compare_proportions`."""

    k1: int
    n1: int
    k2: int
    n2: int
    confidence: float
    higher_is_better: bool
    risk_difference: float
    rd_ci: tuple[float, float]
    risk_ratio: float
    rr_ci: tuple[float, float]
    odds_ratio: float
    or_ci: tuple[float, float]
    zero_corrected: bool
    fisher_p: float
    nnt: float
    nnt_ci: NNTInterval

    def text_row(self) -> dict:
        """Return the comparison as readable strings: counts with %, RD in points, RR, OR, p, NNT."""
        def interval(estimate, limits, form):
            return f"{format(estimate, form)} ({format(limits[0], form)} to {format(limits[1], form)})"

        level = f"{self.confidence:.0%} CI"
        return {
            "arm 1": f"{self.k1}/{self.n1} ({self.k1 / self.n1:.0%})", "arm 2": f"{self.k2}/{self.n2} ({self.k2 / self.n2:.0%})",
            f"RD, points ({level})": interval(100 * self.risk_difference, [100 * x for x in self.rd_ci], "+.1f"),
            f"RR ({level})": interval(self.risk_ratio, self.rr_ci, ".2f"),
            f"OR ({level})": interval(self.odds_ratio, self.or_ci, ".2f"),
            "Fisher p": f"{self.fisher_p:.2g}" if self.fisher_p >= 0.001 else f"{self.fisher_p:.1e}",
            "NNT": f"{self.nnt_label} {_nnt_number(self.nnt)} ({self.nnt_ci})",
        }

    def row(self) -> dict:
        """Return the comparison as one flat table row (counts, estimates, limits, p, NNT text)."""
        return {
            "arm 1": f"{self.k1}/{self.n1}", "arm 2": f"{self.k2}/{self.n2}",
            "p1": self.k1 / self.n1, "p2": self.k2 / self.n2,
            "RD": self.risk_difference, "RD low": self.rd_ci[0], "RD high": self.rd_ci[1],
            "RR": self.risk_ratio, "RR low": self.rr_ci[0], "RR high": self.rr_ci[1],
            "OR": self.odds_ratio, "OR low": self.or_ci[0], "OR high": self.or_ci[1],
            "Fisher p": self.fisher_p, "NNT": self.nnt_text,
        }


def fisher_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Return the two-sided Fisher exact p for k1/n1 vs k2/n2 (scipy.stats.fisher_exact)."""
    from scipy.stats import fisher_exact

    k1, n1 = check_counts(k1, n1, "k1", "n1")
    k2, n2 = check_counts(k2, n2, "k2", "n2")
    return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue)


def ratio_estimates(k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95) -> dict:
    """Return risk and odds ratios with log-scale intervals (Katz for RR, Woolf for OR).

    Zero cells: if any of the four cells is 0, 0.5 is added to every cell (the
    Haldane-Anscombe correction, as RevMan does) and ``zero_corrected`` is True;
    statsmodels' ``Table2x2`` instead replaces only the zero cells, so it is not used.
    With no events in both arms, or only events in both, the ratios are not estimable
    and are returned as nan. Keys: rr, rr_ci, or, or_ci, zero_corrected.
    """
    k1, n1 = check_counts(k1, n1, "k1", "n1")
    k2, n2 = check_counts(k2, n2, "k2", "n2")
    z = norm.ppf(0.5 + check_confidence(confidence) / 2)
    if (k1 == 0 and k2 == 0) or (k1 == n1 and k2 == n2):
        nan = float("nan")
        return {"rr": nan, "rr_ci": (nan, nan), "or": nan, "or_ci": (nan, nan), "zero_corrected": False}
    a, b, c, d = k1, n1 - k1, k2, n2 - k2
    corrected = min(a, b, c, d) == 0
    if corrected:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    log_rr, se_rr = math.log((a / (a + b)) / (c / (c + d))), math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    log_or, se_or = math.log(a * d / (b * c)), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return {"rr": math.exp(log_rr), "rr_ci": (math.exp(log_rr - z * se_rr), math.exp(log_rr + z * se_rr)),
            "or": math.exp(log_or), "or_ci": (math.exp(log_or - z * se_or), math.exp(log_or + z * se_or)),
            "zero_corrected": corrected}


def compare_proportions(k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95,
                        higher_is_better: bool = True) -> Comparison:
    """Compare k1/n1 (treatment) with k2/n2 (control); return a frozen :class:`Comparison`.

    - risk difference p1 - p2 with Newcombe's hybrid score interval (Stat Med 1998;17:873,
      method 10; statsmodels ``confint_proportions_2indep(method="newcomb")``, checked
      against the paper's table, not against the library);
    - risk ratio (Katz log interval) and odds ratio (Woolf), see :func:`ratio_estimates`;
    - two-sided Fisher exact p;
    - NNT = 1/|RD| with its interval in Altman's form (:class:`NNTInterval`).
    ``higher_is_better`` says whether an event is good (response) or bad (adverse event).
    Example: compare_proportions(56, 70, 48, 80).rd_ci -> (0.0524, 0.3339).
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    k1, n1 = check_counts(k1, n1, "k1", "n1")
    k2, n2 = check_counts(k2, n2, "k2", "n2")
    confidence = check_confidence(confidence)
    if not isinstance(higher_is_better, bool):
        raise ReappraiseError(f"higher_is_better must be True or False, got {higher_is_better!r}")
    rd = k1 / n1 - k2 / n2
    low, high = (float(x) for x in confint_proportions_2indep(
        k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - confidence))
    low, high = min(low, rd), max(high, rd)  # guard against rounding at the edges
    ratios = ratio_estimates(k1, n1, k2, n2, confidence)
    sign = 1 if higher_is_better else -1
    benefit_low, benefit_high = sorted((sign * low, sign * high))
    return Comparison(k1, n1, k2, n2, confidence, higher_is_better, rd, (low, high),
                      ratios["rr"], ratios["rr_ci"], ratios["or"], ratios["or_ci"], ratios["zero_corrected"],
                      fisher_p(k1, n1, k2, n2), 1 / abs(rd) if rd else _INF,
                      NNTInterval(benefit_low, benefit_high))


def check_alpha(alpha: float) -> float:
    """Return ``alpha`` as a float if 0 < alpha < 1 (within validate.LEVEL_MIN), else raise naming it."""
    return level(alpha, "alpha", "0.05")


#: Most events :func:`fragility_index` adds (one Fisher test each) before it gives up: an index
#: above it means a result far from fragile, and evaluating it would take minutes.
MAX_FRAGILITY_STEPS = 1_000
#: Largest arm :func:`fragility_index` takes (a Fisher test's cost grows with the counts).
MAX_FRAGILITY_N = 1_000_000


def fragility_index(k1: int, n1: int, k2: int, n2: int, alpha: float = 0.05) -> int:
    """Return the Fragility Index of Walsh et al. (J Clin Epidemiol 2014;67:622).

    Events are added one at a time to the arm with fewer events (ties: the arm with the
    lower event rate), keeping arm sizes fixed, until the two-sided Fisher exact p is
    >= ``alpha``; the index is the number added. It is 0 when p >= alpha already.
    Example: 15/40 vs 6/40 has p = 0.0406 and index 1 (fragilityindex R package).
    Raises ReappraiseError if that arm runs out of non-events first (only possible when
    the arm with fewer events has the higher rate, where Walsh's rule does not apply).
    Limits: arms of at most :data:`MAX_FRAGILITY_N`; an index above
    :data:`MAX_FRAGILITY_STEPS` is refused with a ReappraiseError naming the limit.
    """
    k1, n1 = check_counts(k1, n1, "k1", "n1")
    k2, n2 = check_counts(k2, n2, "k2", "n2")
    within_limit(n1, MAX_FRAGILITY_N, "n1", "proportions.MAX_FRAGILITY_N")
    within_limit(n2, MAX_FRAGILITY_N, "n2", "proportions.MAX_FRAGILITY_N")
    alpha = check_alpha(alpha)
    arm1 = (k1, k1 / n1) < (k2, k2 / n2)
    added = 0
    while fisher_p(k1, n1, k2, n2) < alpha:
        if (k1 if arm1 else k2) == (n1 if arm1 else n2):
            raise ReappraiseError("fragility index undefined: the arm with fewer events has the higher "
                                  "event rate, so adding events to it never removes significance")
        if added == MAX_FRAGILITY_STEPS:
            raise ReappraiseError(f"fragility index above the limit of {MAX_FRAGILITY_STEPS:,} added events "
                                  "(proportions.MAX_FRAGILITY_STEPS): the result is far from fragile")
        k1, k2, added = k1 + arm1, k2 + (not arm1), added + 1
    return added


def fragility_quotient(k1: int, n1: int, k2: int, n2: int, alpha: float = 0.05) -> float:
    """Return the fragility index divided by the total sample size n1 + n2 (Ahmed et al. 2016)."""
    return fragility_index(k1, n1, k2, n2, alpha) / (n1 + n2)


def comparison_table(comparisons: dict):
    """Return a DataFrame with one :meth:`Comparison.row` per named comparison (name -> Comparison)."""
    import pandas as pd

    return pd.DataFrame({name: c.row() for name, c in comparisons.items()}).T.infer_objects()


def plot_forest(ax_rd, ax_rr, table, colors=None) -> None:
    """Draw a forest plot: risk difference on ``ax_rd``, risk ratio (log scale) on ``ax_rr``.

    ``table`` is a :func:`comparison_table` (rows top to bottom in order, index used as
    labels); ``colors`` is one colour per row (default black). Reference lines at RD = 0
    and RR = 1; the x axes are labelled, the caller titles the figure.
    """
    colors = list(colors) if colors is not None else ["#000000"] * len(table)
    ys = list(range(len(table)))[::-1]
    for y, colour, (_, row) in zip(ys, colors, table.iterrows()):
        ax_rd.errorbar(100 * row["RD"], y, xerr=[[100 * (row["RD"] - row["RD low"])], [100 * (row["RD high"] - row["RD"])]],
                       fmt="o", color=colour, capsize=4, markersize=7)
        if math.isfinite(row["RR"]):
            ax_rr.errorbar(row["RR"], y, xerr=[[row["RR"] - row["RR low"]], [row["RR high"] - row["RR"]]],
                           fmt="s", color=colour, capsize=4, markersize=6)
    ax_rd.axvline(0, color="#999999", linewidth=1)
    ax_rr.axvline(1, color="#999999", linewidth=1)
    ax_rr.set_xscale("log")
    ax_rd.set(yticks=ys, yticklabels=list(table.index), ylim=(-0.6, len(table) - 0.4),
              xlabel="risk difference, MDMA − placebo\n(percentage points)")
    ax_rr.set(xlabel="risk ratio, MDMA / placebo\n(log scale)")
