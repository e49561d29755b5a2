"""Outcome definitions as values: what a counted "response", "remission" or "loss of diagnosis" means.

A proportion can only be set against another proportion of the same definition. A fall of
at least 10 points on the CAPS-5 (the MAPP1/MAPP2 "response") is a far lower bar than a fall
of at least 50% on the MADRS (the conventional depression response): the same patients
would give two very different rates. :class:`Definition` records one study's definition
(scale, threshold rule, time point); :class:`Rate` is a proportion that carries its
definition. Functions that compare or benchmark proportions from different sources
(:mod:`~reappraise.stats.comparators`, :mod:`~reappraise.stats.bayes`,
:mod:`~reappraise.stats.design`) accept a :class:`Rate` and check it with
:func:`require_same`, which raises :class:`~reappraise.errors.DefinitionMismatch` unless
the caller passes ``cross_definition=True`` (and then says so in prose).

Two definitions are the *same* when their rule, threshold and timing are equal and their
scales overlap (a benchmark pooled over trials that used "HAM-D or MADRS" overlaps
"MADRS"); a definition whose rule is unknown (a gap) is the same as nothing. The table of
sourced definitions is read by :mod:`reappraise.evidence.definitions`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy import stats

from reappraise.errors import DefinitionMismatch, ReappraiseError
from reappraise.stats.validate import finite, fraction, positive

#: Threshold rules. ``relative-fall``: the score falls by at least ``threshold`` x baseline
#: (a fraction, 0.5 = 50%); ``absolute-fall``: by at least ``threshold`` points;
#: ``score-at-most``: the score is at most ``threshold``; ``no-diagnosis``: the diagnostic
#: criteria are no longer met; ``no-diagnosis-and-score-at-most``: both; ``unknown``: a gap.
RULES = ("relative-fall", "absolute-fall", "score-at-most", "no-diagnosis",
         "no-diagnosis-and-score-at-most", "unknown")
#: Rules that need a numeric threshold.
THRESHOLD_RULES = frozenset({"relative-fall", "absolute-fall", "score-at-most", "no-diagnosis-and-score-at-most"})
#: When the outcome is counted: at the trial's primary endpoint (the end of acute
#: treatment), at an interim visit before it, or at a follow-up visit after it.
TIMINGS = ("primary endpoint", "interim", "follow-up")
#: ``reported``: the source prints the definition at the locator; ``secondary``: only a
#: secondary report prints it; ``assumed``: the project assumes it (the note says why);
#: ``gap``: not known here.
STATUSES = ("reported", "secondary", "assumed", "gap")


def _threshold(name: str, rule: str, threshold) -> float | None:
    if rule not in THRESHOLD_RULES:
        if threshold is not None:
            raise ReappraiseError(f"definition {name!r}: rule {rule!r} takes no threshold, got {threshold!r}")
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not (
            math.isfinite(threshold) and threshold > 0):
        raise ReappraiseError(f"definition {name!r}: rule {rule!r} needs a threshold > 0, got {threshold!r}")
    if rule == "relative-fall":
        return fraction(threshold, f"definition {name!r} threshold (a fraction of baseline)", "0.5")
    return float(threshold)


@dataclass(frozen=True)
class Definition:
    """One study's definition of a binary outcome: scale, threshold rule and time point.

    ``scales`` is a tuple of scale names, several when a pooled benchmark lets each trial use
    its own scale (("HAM-D", "MADRS")); ``threshold`` is a fraction of baseline for a
    ``relative-fall`` and points otherwise; ``timepoint`` is display text ("week 18");
    ``status`` says how sure the definition is (:data:`STATUSES`). Equality and
    :meth:`same_as` ignore ``source``, ``timepoint`` and ``status``.

    Example: ``Definition("kvam2025.response", "response", ("MADRS",), "relative-fall", 0.5,
    "primary endpoint")`` describes itself as "≥50% fall on MADRS at the primary endpoint".
    """

    name: str
    outcome: str
    scales: tuple[str, ...]
    rule: str
    threshold: float | None
    timing: str
    timepoint: str = field(default="", compare=False)
    status: str = field(default="reported", compare=False)
    source: str = field(default="", compare=False)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ReappraiseError(f"name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.outcome, str) or not self.outcome.strip():
            raise ReappraiseError(f"definition {self.name!r}: outcome must be a non-empty string, got {self.outcome!r}")
        scales = (self.scales,) if isinstance(self.scales, str) else self.scales
        try:
            scales = tuple(scales)
        except TypeError:
            scales = ()
        if not scales or not all(isinstance(s, str) and s.strip() for s in scales):
            raise ReappraiseError(f"definition {self.name!r}: scales must name at least one scale, got {self.scales!r}")
        object.__setattr__(self, "scales", scales)
        if self.rule not in RULES:
            raise ReappraiseError(f"definition {self.name!r}: rule must be one of {RULES}, got {self.rule!r}")
        if self.timing not in TIMINGS:
            raise ReappraiseError(f"definition {self.name!r}: timing must be one of {TIMINGS}, got {self.timing!r}")
        if self.status not in STATUSES:
            raise ReappraiseError(f"definition {self.name!r}: status must be one of {STATUSES}, got {self.status!r}")
        object.__setattr__(self, "threshold", _threshold(self.name, self.rule, self.threshold))
        if (self.status == "gap") != (self.rule == "unknown"):
            raise ReappraiseError(f"definition {self.name!r}: a gap has rule 'unknown', and only a gap has "
                                  f"(status {self.status!r}, rule {self.rule!r})")

    @property
    def known(self) -> bool:
        """False for a gap: the rule is not known, so the definition matches nothing."""
        return self.rule != "unknown"

    def describe(self) -> str:
        """Return the definition in words, e.g. '≥10-point fall on CAPS-5 at the primary endpoint'."""
        scale, t = " or ".join(self.scales), self.threshold
        what = {"relative-fall": lambda: f"≥{100 * t:g}% fall on {scale}",
                "absolute-fall": lambda: f"≥{t:g}-point fall on {scale}",
                "score-at-most": lambda: f"{scale} ≤ {t:g}",
                "no-diagnosis": lambda: f"diagnosis no longer met on {scale}",
                "no-diagnosis-and-score-at-most": lambda: f"diagnosis no longer met and {scale} ≤ {t:g}",
                "unknown": lambda: f"definition not known ({scale})"}[self.rule]()
        assumed = " (assumed)" if self.status == "assumed" else ""
        return f"{what} at the {self.timing}{assumed}"

    def differences(self, other: "Definition") -> tuple[str, ...]:
        """Return what differs from ``other``: any of 'scale', 'rule', 'threshold', 'timing'; ('unknown',) for a gap."""
        if not isinstance(other, Definition):
            raise ReappraiseError(f"other must be a Definition, got {type(other).__name__}")
        if not (self.known and other.known):
            return ("unknown",)
        out = []
        if not set(self.scales) & set(other.scales):
            out.append("scale")
        if self.rule != other.rule:
            out.append("rule")
        elif self.threshold != other.threshold:
            out.append("threshold")
        if self.timing != other.timing:
            out.append("timing")
        return tuple(out)

    def same_as(self, other: "Definition") -> bool:
        """True when rule, threshold and timing are equal and the scales overlap (and neither is a gap)."""
        return not self.differences(other)

    def __str__(self) -> str:
        return f"{self.name} ({self.describe()})"


def check_flag(cross_definition) -> bool:
    """Return ``cross_definition`` if it is True or False; else raise naming it."""
    if not isinstance(cross_definition, bool):
        raise ReappraiseError(f"cross_definition must be True or False, got {cross_definition!r}")
    return cross_definition


def require_same(definition: Definition, other: Definition, cross_definition: bool = False) -> tuple[str, ...]:
    """Raise DefinitionMismatch, one line naming both definitions, unless they are the same.

    ``cross_definition=True`` lets the comparison through; the differences are returned so
    the caller can say what it compared across. Example message: "cross-definition
    comparison (scale, rule differ): kvam2025.response (≥50% fall on MADRS ...) vs
    mapp1.response (≥10-point fall on CAPS-5 ...); pass cross_definition=True to compare anyway".
    """
    for name, value in (("definition", definition), ("other", other)):
        if not isinstance(value, Definition):
            raise ReappraiseError(f"{name} must be a Definition, got {type(value).__name__}")
    check_flag(cross_definition)
    differ = definition.differences(other)
    if differ and not cross_definition:
        raise DefinitionMismatch(f"cross-definition comparison ({', '.join(differ)} differ): {definition} vs {other}; "
                                 "pass cross_definition=True to compare anyway")
    return differ


@dataclass(frozen=True)
class Rate:
    """A proportion (0 < value < 1) that carries the definition of what was counted.

    ``label`` names it in tables and messages ("furukawa-placebo-high"). ``float(rate)``
    gives the number.
    """

    value: float
    definition: Definition
    label: str = ""

    def __post_init__(self):
        object.__setattr__(self, "value", fraction(self.value, f"rate {self.label}".strip(), "0.40"))
        if not isinstance(self.definition, Definition):
            raise ReappraiseError(f"definition of rate {self.label!r} must be a Definition, "
                                  f"got {type(self.definition).__name__}")

    def __float__(self) -> float:
        return self.value


def rate_value(rate, definition: Definition | None = None, cross_definition: bool = False,
               name: str = "rate", example: str = "0.40") -> float:
    """Return a benchmark rate as a float, checking outcome definitions when it carries one.

    - a :class:`Rate`: ``definition`` (of the count it is set against) is required and must
      be the same as the rate's, unless ``cross_definition`` is True;
    - a bare number (0 < rate < 1): returned as is, nothing to check; passing a
      ``definition`` with a bare number is refused, as there is nothing to check it against.
    """
    check_flag(cross_definition)
    if isinstance(rate, Rate):
        if definition is None:
            raise ReappraiseError(f"{name} {rate.label or rate.value} carries definition {rate.definition.name!r}: "
                                  "pass definition= for the count it is set against")
        require_same(definition, rate.definition, cross_definition)
        return rate.value
    if definition is not None and not isinstance(definition, Definition):
        raise ReappraiseError(f"definition must be a Definition, got {type(definition).__name__}")
    if definition is not None:
        raise ReappraiseError(f"{name} is a bare number with no definition to check against "
                              f"{definition.name!r}: pass a Rate")
    return fraction(rate, name, example)


def pair_values(p1, p2, cross_definition: bool = False, names: tuple[str, str] = ("p1", "p2")) -> tuple[float, float]:
    """Return two rates as floats; when both are :class:`Rate`, their definitions must be the same.

    For a two-arm design or comparison: both bare numbers are taken as they are; a Rate with
    a bare number is refused (one side would be unchecked); two Rates are checked with
    :func:`require_same` (``cross_definition`` lets a mismatch through).
    """
    check_flag(cross_definition)
    typed = [isinstance(p, Rate) for p in (p1, p2)]
    if all(typed):
        require_same(p1.definition, p2.definition, cross_definition)
        return p1.value, p2.value
    if any(typed):
        bare = names[typed.index(False)]
        raise ReappraiseError(f"{bare} is a bare number but the other rate carries a definition: pass both as Rates")
    return fraction(p1, names[0], "0.40"), fraction(p2, names[1], "0.40")


def fall_needed(definition: Definition, baseline_mean: float | None = None) -> float:
    """Return the fall in points a fall rule asks of someone at ``baseline_mean``.

    ``absolute-fall``: the threshold itself (10 on the CAPS-5); ``relative-fall``: threshold
    x baseline (50% of a MADRS of 29.6 is 14.8 points; 50% of a CAPS-5 of 44 is 22).
    Other rules are not falls and are refused.
    """
    if not isinstance(definition, Definition):
        raise ReappraiseError(f"definition must be a Definition, got {type(definition).__name__}")
    if definition.rule == "absolute-fall":
        return definition.threshold
    if definition.rule == "relative-fall":
        if baseline_mean is None:
            raise ReappraiseError(f"baseline_mean is needed for the relative fall of {definition.name!r}")
        return definition.threshold * positive(baseline_mean, "baseline_mean")
    raise ReappraiseError(f"definition {definition.name!r} is not a fall rule (rule {definition.rule!r})")


def expected_share(definition: Definition, mean_fall: float, sd_fall: float, baseline_mean: float | None = None) -> float:
    """Return the share of an arm expected to meet a fall rule, from the arm's mean and SD of change.

    Normal approximation: falls ~ N(mean_fall, sd_fall^2) (positive = improvement), and a
    relative rule is applied at the arm's mean baseline, not each person's own (so it is
    rough when baselines vary widely). Shows what one arm's "response" rate would be under
    another definition. Example: MAPP1's placebo-with-therapy arm (mean fall 13.9, SD 11.5,
    baseline 44.2): 63% under a 10-point rule, 24% under a 50% rule.
    """
    need = fall_needed(definition, baseline_mean)
    return float(stats.norm.sf(need, finite(mean_fall, "mean_fall"), positive(sd_fall, "sd_fall")))
