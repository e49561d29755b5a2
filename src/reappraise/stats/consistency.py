"""Consistency checks of reported statistics, taking values as printed.

Each check takes the number as the source printed it (a string, so trailing zeros count:
"0.50" carries two decimals where "0.5" carries one) and accepts either rounding
direction at an exact half, so a printer's rounding convention is never held against it.

Limits (a larger argument is refused with a ReappraiseError naming the limit):
:data:`MAX_TOTALS` totals listed by :func:`mean_totals` (:func:`grim` decides for any n
without listing them); :data:`MAX_PAIRS_N` for :func:`percent_pairs`; :data:`MAX_DEBIT_N`
for :func:`debit`; :data:`MAX_SIGNED_RANK_N` for the exact signed-rank distribution;
:data:`MAX_WORSENED_N` for :func:`max_worsened`; :data:`MAX_GRIMMER_WORK` sums of squares for
:func:`grimmer`.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field

from reappraise.errors import ReappraiseError
from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number, within_limit  # whole_number re-exported: older imports use it from here

from reappraise.stats.printed import decimals_of, parse as _parse, rounds_to, window as _window  # noqa: F401 (decimals_of, rounds_to re-exported)


#: Most totals :func:`mean_totals` lists (a mean of n·items scores at d decimals has about
#: n·items / 10^d of them).
MAX_TOTALS = 100_000
#: Most totals kept as a list in a GRIM verdict's ``values["totals"]`` (beyond: a ``range``).
MAX_LISTED_TOTALS = 10_000
#: Largest ``n_max`` of :func:`percent_pairs` (one check per n).
MAX_PAIRS_N = 100_000
#: Largest n of :func:`debit` (every count of ones is tried).
MAX_DEBIT_N = 1_000_000
#: Largest n of the exact signed-rank distribution (:func:`signed_rank_null`, :func:`signed_rank_p`):
#: its n(n + 1)/2 + 1 counts take O(n³) additions.
MAX_SIGNED_RANK_N = 200
#: Largest n of :func:`max_worsened`.
MAX_WORSENED_N = 10_000
#: Most sums of squares :func:`grimmer` checks (one per whole value in the SD's rounding range,
#: for each GRIM-consistent total): about a second of work.
MAX_GRIMMER_WORK = 500_000


def percent_numerators(percent, n: int, decimals: int | None = None) -> list[int]:
    """Return every whole numerator k (0..n) whose 100·k/n rounds to the printed ``percent``.

    ``percent`` is the value as printed ('67', '67%', '9.4') or a number; ``decimals``
    defaults to the decimals the printed text carries (0 for a plain number).
    Example: 67% of 42 -> [28]; 32% of 37 -> [12]; 50% of 3 -> [] (no k works).
    Raises ReappraiseError for n < 1, a percentage outside 0-100 or a negative ``decimals``.
    """
    value, printed_decimals = _parse(percent, "percent")
    decimals = printed_decimals if decimals is None else whole_number(decimals, "decimals")
    n = whole_number(n, "n", minimum=1)
    if not 0 <= value <= 100:
        raise ReappraiseError(f"percent must be between 0 and 100, got {percent!r}")
    centre = value * n / 100.0
    lo, hi = max(0, math.floor(centre) - 1), min(n, math.ceil(centre) + 1)
    return [k for k in range(lo, hi + 1) if rounds_to(100.0 * k / n, value, decimals)]


def percent_pairs(percent, n_min: int = 1, n_max: int = 100, decimals: int | None = None) -> list[tuple[int, int]]:
    """Return every (numerator, n) with n_min <= n <= n_max whose percentage rounds to ``percent``.

    The companion of :func:`percent_numerators` when only the percentage is printed:
    '75%' with n up to 12 -> [(3, 4), (6, 8), (9, 12)].
    """
    n_min = whole_number(n_min, "n_min", minimum=1)
    n_max = whole_number(n_max, "n_max", minimum=n_min, maximum=MAX_PAIRS_N, limit="consistency.MAX_PAIRS_N")
    return [(k, n) for n in range(n_min, n_max + 1) for k in percent_numerators(percent, n, decimals)]


# --- Verdicts: one function per test, each returning a Verdict -------------------------

@dataclass(frozen=True)
class Verdict:
    """The outcome of one consistency check: truthy when consistent, carrying its evidence.

    ``test`` names the check ('GRIM'), ``inputs`` the printed values it was given,
    ``evidence`` says in words why the verdict holds, ``informative`` is False when the
    check could not have failed (GRIM with n >= 10^decimals), and ``values`` keeps the
    numbers behind the evidence for programs (totals, implied ranges).
    """

    test: str
    consistent: bool
    inputs: str
    evidence: str
    informative: bool = True
    values: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "consistent", bool(self.consistent))
        object.__setattr__(self, "informative", bool(self.informative))

    def __bool__(self) -> bool:
        return self.consistent

    @property
    def label(self) -> str:
        """'consistent', 'inconsistent' or 'consistent (uninformative)'."""
        if not self.consistent:
            return "inconsistent"
        return "consistent" if self.informative else "consistent (uninformative)"

    def explain(self) -> str:
        """One line: test, verdict, inputs and evidence."""
        return f"{self.test} {self.label} ({self.inputs}): {self.evidence}"

    def __str__(self) -> str:
        return self.explain()


def _printed(printed, name: str) -> tuple[float, int, str]:
    """Return (value, decimals, text) of a printed number ('.22' allowed); the text uses an ASCII minus."""
    if isinstance(printed, str):
        printed = re.sub(r"^(\s*[-−+]?)\.", r"\g<1>0.", printed)
    value, decimals = _parse(printed, name)
    return value, decimals, f"{value:.{decimals}f}"


def _g(x: float, digits: int = 4) -> str:
    """Format a number compactly for evidence text ('29.58', '0.00049')."""
    return f"{x:.{digits}g}"


def total_range(mean, n: int, items: int = 1) -> range:
    """Return the whole totals T (in item units) with T / (n·items) rounding to the printed ``mean``, as a range.

    They are consecutive, so the range is found in constant time for any n: '29.6' with
    n = 12 -> range(355, 356); '5.19' with n = 28 -> an empty range (GRIM-inconsistent).
    """
    value, decimals = _parse(mean, "mean")
    n = whole_number(n, "n", minimum=1)
    items = whole_number(items, "items", minimum=1)
    units = n * items
    low, high = _window(value, decimals)
    start, stop = math.floor(low * units) - 1, math.ceil(high * units) + 1
    while start <= stop and not rounds_to(start / units, value, decimals):
        start += 1
    while stop >= start and not rounds_to(stop / units, value, decimals):
        stop -= 1
    return range(start, stop + 1)


def mean_totals(mean, n: int, items: int = 1) -> list[int]:
    """Return every whole total T (in item units) with T / (n·items) rounding to the printed ``mean``.

    '29.6' with n = 12 -> [355]; '5.19' with n = 28 -> [] (GRIM-inconsistent). Refuses to
    list more than :data:`MAX_TOTALS` (use :func:`total_range` for any size).
    """
    totals = total_range(mean, n, items)
    within_limit(len(totals), MAX_TOTALS, f"the number of totals a mean of {mean!r} allows with n·items = {n * items:,}",
                 "consistency.MAX_TOTALS")
    return list(totals)


def grim(mean, n: int, items: int = 1) -> Verdict:
    """GRIM (Brown & Heathers 2016): can a mean of ``n`` whole scores (``items`` averaged) round to ``mean``?

    ``mean`` is the printed text ('5.19'); trailing zeros count. Consistent when some whole
    total T gives T / (n·items) rounding to it, either way at an exact half. With
    n·items >= 10^decimals every mean is possible, so the verdict is marked uninformative.
    Decided in constant time for any n (:func:`total_range`); ``values["totals"]`` lists the
    totals, or holds them as a ``range`` when there are more than :data:`MAX_LISTED_TOTALS`.
    Example: grim('5.19', 28) is inconsistent (145/28 = 5.179, 146/28 = 5.214).
    """
    value, decimals, text = _printed(mean, "mean")
    found = total_range(mean, n, items)
    totals = list(found) if len(found) <= MAX_LISTED_TOTALS else found
    units = n * items
    inputs = f"mean {text}, n {n}" + (f", {items} items" if items > 1 else "")
    if totals:
        shown = ", ".join(f"{t}/{units} = {_g(t / units, 6)}" for t in totals[:3])
        evidence = f"whole total {shown} rounds to {text}"
    else:
        below = math.floor(value * units)
        evidence = (f"{text} × {units} = {_g(value * units, 8)}; the nearest totals give "
                    f"{below}/{units} = {_g(below / units, 6)} and {below + 1}/{units} = "
                    f"{_g((below + 1) / units, 6)}, neither rounds to {text}")
    informative = units < 10 ** decimals
    if not informative:
        evidence += f" (any mean is possible when n × items >= {10 ** decimals})"
    return Verdict("GRIM", bool(totals), inputs, evidence, informative, {"totals": totals})


def grim_percent(percent, n: int) -> Verdict:
    """GRIM for a printed percentage of ``n``: is there a whole count k with 100·k/n rounding to it?

    Reuses :func:`percent_numerators`. Example: grim_percent('67%', 42) -> consistent (28/42).
    """
    value, decimals = _parse(percent, "percent")
    ks = percent_numerators(percent, n)
    inputs = f"{value:.{decimals}f}% of n {n}"
    if ks:
        evidence = "; ".join(f"{k}/{n} = {_g(100 * k / n, 5)}%" for k in ks) + " rounds to it"
    else:
        evidence = f"no whole count out of {n} gives {value:.{decimals}f}%"
    return Verdict("GRIM (percent)", bool(ks), inputs, evidence, n < 10 ** (decimals + 2), {"numerators": ks})


def _sd(printed, name: str = "sd") -> tuple[float, int, str]:
    value, decimals, text = _printed(printed, name)
    if value < 0:
        raise ReappraiseError(f"{name} must be >= 0, got {printed!r}")
    return value, decimals, text


def _integer(value, name: str, what: str = "a whole number") -> int:
    """Return ``value`` as an int if it is a whole number of any sign; else raise naming ``name``."""
    try:
        if isinstance(value, bool):
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise ReappraiseError(f"{name} must be {what}, got {value!r}") from None


def _scale_ends(low, high) -> tuple[int, int] | None:
    """Return the scale (low, high) as whole numbers with low <= high, or None when neither is given."""
    if low is None and high is None:
        return None
    ends = [_integer(value, name, "a whole number (an end of the scale) when a scale is given")
            for name, value in (("low", low), ("high", high))]
    if ends[0] > ends[1]:
        raise ReappraiseError(f"low must not exceed high, got low = {low!r}, high = {high!r}")
    return ends[0], ends[1]


def min_sum_of_squares(total: int, n: int) -> int:
    """The smallest sum of squares of ``n`` whole numbers that add up to ``total``.

    The numbers are as equal as whole numbers can be: with total = q·n + r (0 <= r < n),
    r of them are q + 1 and the rest q, so the sum of squares is n·q² + r·(2q + 1).
    Example: 13 over 9 people -> 21 (four 2s and five 1s), so an SD below 0.527 is impossible.
    """
    q, r = divmod(_integer(total, "total"), whole_number(n, "n", minimum=1))
    return n * q * q + r * (2 * q + 1)


def max_sum_of_squares(total: int, n: int, low: int, high: int) -> int:
    """The largest sum of squares of ``n`` whole numbers on low..high that add up to ``total``.

    As many as possible sit at ``high``, the rest at ``low``, and at most one in between.
    Raises ReappraiseError when no such numbers exist (total outside n·low..n·high).
    Example: 21 over 5 people on 1..7 -> 7, 7, 5, 1, 1: 125.
    """
    total, n = _integer(total, "total"), whole_number(n, "n", minimum=1)
    low, high = _scale_ends(low, high)
    if not n * low <= total <= n * high:
        raise ReappraiseError(f"total must lie between n·low = {n * low} and n·high = {n * high}, got {total}")
    if low == high:
        return n * low * low
    at_high = min((total - n * low) // (high - low), n)
    middle = total - at_high * high - (n - at_high - 1) * low if at_high < n else None
    rest = n - at_high - 1 if middle is not None else 0
    return at_high * high * high + (middle * middle if middle is not None else 0) + rest * low * low


#: The largest enumeration grimmer runs to make a verdict exact (values × n × totals).
ENUMERATION_BUDGET = 400_000


def _reachable_sums_of_squares(total: int, n: int, low: int, high: int, wanted: list[int]) -> list[int]:
    """Which sums of squares in ``wanted`` can ``n`` whole numbers on low..high adding up to ``total`` have?

    Dynamic programming over the values low..high: for each count of numbers and each sum,
    the set of reachable sums of squares is one bit mask (an int). Exact; small cases only.
    """
    shift_total = total - n * low
    span = high - low
    top = max(wanted) - 2 * low * total + n * low * low
    keep = (1 << (top + 1)) - 1
    masks = [dict() for _ in range(n + 1)]
    masks[0][0] = 1
    for v in range(span + 1):
        square = v * v
        for k in range(1, n + 1):
            previous, current = masks[k - 1], masks[k]
            for t, mask in list(previous.items()):
                if t + v <= shift_total:
                    current[t + v] = current.get(t + v, 0) | ((mask << square) & keep)
    final = masks[n].get(shift_total, 0)
    return [q for q in wanted if (final >> (q - 2 * low * total + n * low * low)) & 1]


def _enumeration_range(total: int, n: int, q_high: int, scale: tuple[int, int] | None) -> tuple[int, int]:
    """The values any of ``n`` numbers with this total and sum of squares <= q_high can take."""
    spread = math.sqrt(max(q_high - total * total / n, 0.0))
    low, high = math.ceil(total / n - spread - 1e-9), math.floor(total / n + spread + 1e-9)
    if scale is not None:
        low, high = max(low, scale[0]), min(high, scale[1])
    return low, high


def _sd_of(q: int, total: int, n: int, items: int) -> float:
    return math.sqrt(max(q - total * total / n, 0.0) / (n - 1)) / items


def sd_limits(mean, n: int, low=None, high=None, items: int = 1) -> tuple[float, float]:
    """The smallest and largest SD of ``n`` whole-number scores whose mean rounds to the printed ``mean``.

    Scores are means of ``items`` whole items; ``low``/``high`` are the ends of the scale
    (the largest SD is infinite without them). Over every GRIM-consistent total the
    smallest SD comes from scores as equal as whole numbers can be
    (:func:`min_sum_of_squares`), the largest from scores piled at the ends of the scale
    (:func:`max_sum_of_squares`). Raises ReappraiseError when the mean fails GRIM (on the
    scale, if one is given). Example (rsprite2's tests): '4.2', n = 5 on 1-7 -> (0.447, 3.03).
    """
    n = whole_number(n, "n", minimum=2)
    items = whole_number(items, "items", minimum=1)
    scale = _scale_ends(low, high)
    totals = _totals_on_scale(mean, n, items, scale)
    if not totals:
        raise ReappraiseError(f"mean = {mean!r} with n = {n} fails GRIM" + (" on the scale" if scale else "")
                              + ": no whole-number sample has it")
    smallest = min(_sd_of(min_sum_of_squares(t, n), t, n, items) for t in totals)
    if scale is None:
        return smallest, math.inf
    largest = max(_sd_of(max_sum_of_squares(t, n, items * scale[0], items * scale[1]), t, n, items) for t in totals)
    return smallest, largest


def _totals_on_scale(mean, n: int, items: int, scale) -> list[int]:
    totals = mean_totals(mean, n, items)
    if scale is not None:
        totals = [t for t in totals if n * items * scale[0] <= t <= n * items * scale[1]]
    return totals


def grimmer(mean, sd, n: int, items: int = 1, low=None, high=None) -> Verdict:
    """GRIMMER, exact: can ``n`` whole scores (``items`` averaged) have this printed mean and SD?

    For every GRIM-consistent total T (in item units) the sum of squares Q must be a whole
    number in the range the SD's rounding interval allows, give an SD that rounds to ``sd``
    and have the parity of T (a² and a are both odd or both even): Allard's analytic
    GRIMMER. Two bounds make it sharp: Q is at least the integer minimum
    n·q² + r·(2q + 1) for T = q·n + r (:func:`min_sum_of_squares`), and, when the scale's
    ends ``low`` and ``high`` are given, at most the maximum with scores piled at the ends
    (:func:`max_sum_of_squares`). Bounds and parity are exact for n >= 5 on an open scale;
    for fewer scores or a bounded scale the surviving sums of squares are confirmed by
    enumeration when that is small (``values['method']`` says which was used).
    Examples (scrutiny's tests): ('5.21', '1.6', 28) consistent; ('3.44', '2.47', 18)
    inconsistent; ('1.44', '0.17', 9) inconsistent: 13 whole scores over 9 people have an
    SD of at least 0.527.
    """
    n = whole_number(n, "n", minimum=2)
    items = whole_number(items, "items", minimum=1)
    sd_value, sd_decimals, sd_text = _sd(sd)
    scale = _scale_ends(low, high)
    first = grim(mean, n, items)
    inputs = (f"mean {_printed(mean, 'mean')[2]}, SD {sd_text}, n {n}" + (f", {items} items" if items > 1 else "")
              + (f", scale {scale[0]}-{scale[1]}" if scale else ""))
    if not first:
        return Verdict("GRIMMER", False, inputs, "the mean already fails GRIM: " + first.evidence)
    totals = _totals_on_scale(mean, n, items, scale)
    if not totals:
        return Verdict("GRIMMER", False, inputs, f"no total of {n} whole scores on the scale "
                                                 f"{scale[0]}-{scale[1]} gives a mean that rounds to it")
    s_low, s_high = _window(sd_value, sd_decimals)
    s_low = max(s_low, 0.0)
    within_limit(len(totals) * ((n - 1) * items**2 * (s_high**2 - s_low**2) + 1), MAX_GRIMMER_WORK,
                 "the sums of squares GRIMMER would check (totals × the SD's range of sums of squares)",
                 "consistency.MAX_GRIMMER_WORK")
    reasons, found, open_everywhere, method, sd_min, sd_max = set(), [], True, "bounds", math.inf, 0.0
    for total in totals:
        base = total * total / n
        q_low = base + (n - 1) * (items * s_low) ** 2
        q_high = base + (n - 1) * (items * s_high) ** 2
        q_min = min_sum_of_squares(total, n)
        q_max = max_sum_of_squares(total, n, items * scale[0], items * scale[1]) if scale else math.inf
        sd_min = min(sd_min, _sd_of(q_min, total, n, items))
        sd_max = max(sd_max, _sd_of(q_max, total, n, items) if scale else math.inf)
        open_everywhere &= q_high - q_low >= 2 and q_low >= q_min and q_high <= q_max
        whole = range(max(math.ceil(q_low - 1e-6), 0), math.floor(q_high + 1e-6) + 1)
        if not whole:
            reasons.add("no whole")
            continue
        inside = [q for q in whole if q_min <= q <= q_max]
        if not inside:
            reasons.add("below" if whole[-1] < q_min else "above")
            continue
        rounding = [q for q in inside if rounds_to(_sd_of(q, total, n, items), sd_value, sd_decimals)]
        if not rounding:
            reasons.add("rounding")
            continue
        parity = [q for q in rounding if q % 2 == total % 2]
        if not parity:
            reasons.add("parity")
            continue
        if scale is not None or n < 5:
            lo, hi = _enumeration_range(total, n, max(parity), (items * scale[0], items * scale[1]) if scale else None)
            if (hi - lo + 1) * n * (total - n * lo + 1) <= ENUMERATION_BUDGET:
                method = "enumeration"
                parity = _reachable_sums_of_squares(total, n, lo, hi, parity)
                if not parity:
                    reasons.add("unreachable")
                    continue
        found += [(total, q, _sd_of(q, total, n, items)) for q in parity]
    limits = f"{_g(sd_min, 3)}" + (f" to {_g(sd_max, 3)}" if scale else " upwards")
    if found:
        total, q, exact = found[0]
        evidence = f"total {total} with sum of squares {q} gives SD {_g(exact, 6)}, which rounds to {sd_text}"
        if method == "enumeration":
            evidence += f" (enumeration confirms {n} whole scores with that sum of squares exist)"
    elif reasons == {"below"}:
        evidence = (f"an SD of {sd_text} is below the smallest {n} whole scores with this mean can have "
                    f"({_g(sd_min, 3)}: scores as equal as whole numbers can be)")
    elif reasons == {"above"}:
        evidence = (f"an SD of {sd_text} is above the largest {n} whole scores on the scale "
                    f"{scale[0]}-{scale[1]} with this mean can have ({_g(sd_max, 3)})")
    elif "unreachable" in reasons:
        evidence = (f"the sums of squares that fit the bounds and the parity cannot be made from {n} whole "
                    "scores (checked by enumeration)")
    elif "parity" in reasons:
        evidence = "the sums of squares that give this SD have the wrong parity (odd/even) for the total"
    elif "rounding" in reasons:
        evidence = f"no whole sum of squares gives an SD that rounds to {sd_text}"
    elif reasons <= {"no whole"}:
        evidence = f"no whole sum of squares lies in the range an SD of {sd_text} allows"
    else:
        evidence = f"an SD of {sd_text} lies outside the SDs {n} whole scores with this mean can have ({limits})"
    informative = first.informative or not found or not open_everywhere or n < 5
    if not informative:
        evidence += (f" (uninformative at this precision: every SD from {_g(sd_min, 3)}"
                     + (f" to {_g(sd_max, 3)}" if scale else " upwards") + " is possible)")
    return Verdict("GRIMMER", bool(found), inputs, evidence, informative,
                   {"solutions": found, "sd_min": sd_min, "sd_max": sd_max, "method": method})


def debit(mean, sd, n: int) -> Verdict:
    """DEBIT (Heathers & Brown 2019): can ``n`` binary (0/1) scores have this printed mean and SD?

    Tries every count k of ones: k/n must round to ``mean`` and the sample SD
    sqrt(k(n-k) / (n(n-1))) must round to ``sd``. Examples (scrutiny's tests):
    ('0.05', '0.21', 20) inconsistent, ('0.05', '0.22', 20) consistent.
    """
    value, decimals, text = _printed(mean, "mean")
    n = whole_number(n, "n", minimum=2, maximum=MAX_DEBIT_N, limit="consistency.MAX_DEBIT_N")
    sd_value, sd_decimals, sd_text = _sd(sd)
    if not 0 <= value <= 1:
        raise ReappraiseError(f"mean of binary data must be between 0 and 1, got {mean!r}")
    if sd_value > 1:
        raise ReappraiseError(f"sd of binary data must be between 0 and 1, got {sd!r}")
    inputs = f"mean {text}, SD {sd_text}, n {n}"
    ks = [k for k in total_range(text, n) if 0 <= k <= n]
    sds = {k: math.sqrt(k * (n - k) / (n * (n - 1))) for k in ks}
    good = [k for k in ks if rounds_to(sds[k], sd_value, sd_decimals)]
    if good:
        evidence = f"{good[0]} of {n} scores equal to 1 give SD {_g(sds[good[0]], 6)}, which rounds to {sd_text}"
    elif ks:
        evidence = ("the counts with that mean give SD " + ", ".join(_g(sds[k], 6) for k in ks[:3])
                    + f", none rounds to {sd_text}")
    else:
        evidence = f"no count of ones out of {n} gives a mean of {text}"
    return Verdict("DEBIT", bool(good), inputs, evidence, True, {"ones": good})


# --- Recomputation checks in the spirit of statcheck -------------------------------------

_P = re.compile(r"^\s*[pP]?\s*(<=|>=|≤|≥|<|>|=)?\s*(0?\.\d+|[01](?:\.\d+)?)\s*$")


def parse_p(printed) -> tuple[str, float, int]:
    """Return (comparison, value, decimals) of a printed p-value: 'P < 0.001' -> ('<', 0.001, 3).

    Accepts 'p = .03', 'P=0.001', '<.05', '0.2'; the comparison is '=', '<' or '>'.
    """
    match = _P.match(str(printed).replace("·", "."))
    if not match:
        raise ReappraiseError(f"p must be a printed p-value such as 'P < 0.001' or 'p = .03', got {printed!r}")
    sign = {"<=": "<", "≤": "<", ">=": ">", "≥": ">", None: "="}.get(match.group(1), match.group(1))
    text = match.group(2)
    value = float(text)
    if not 0 <= value <= 1:
        raise ReappraiseError(f"p must be between 0 and 1, got {printed!r}")
    return sign, value, len(text.split(".")[1]) if "." in text else 0


#: Relative margin by which a recomputed p must clear a printed bound ('p < .05'): a p that
#: equals the bound to floating-point noise does not satisfy a strict inequality.
_STRICT = 1e-9


def _p_matches(p, p_low: float, p_high: float) -> tuple[bool, str]:
    """Does a recomputed p range [p_low, p_high] agree with the printed ``p``? Return (ok, printed text).

    'p = x' holds when the range meets the rounding interval of x at its printed decimals
    (either way at an exact half); 'p < x' when some p in the range is below x, and 'p > x'
    when some p is above it, each strictly: no p is below 0, so 'p < .000' always fails,
    and a range that only touches the bound does not satisfy it.
    """
    sign, value, decimals = parse_p(p)
    text = f"p {sign} {value:.{decimals}f}"
    if sign == "<":
        return p_low < value * (1 - _STRICT), text
    if sign == ">":
        return p_high > value * (1 + _STRICT), text
    low, high = _window(value, decimals)
    tol = _STRICT * max(value, 10.0 ** -decimals)
    return p_low <= high + tol and p_high >= low - tol, text


def _significance(alpha, p_equal_alpha_significant) -> tuple[float, bool]:
    if not isinstance(p_equal_alpha_significant, bool):
        raise ReappraiseError(f"p_equal_alpha_significant must be True or False, got {p_equal_alpha_significant!r}")
    return fraction(alpha, "alpha", "0.05"), p_equal_alpha_significant


def decision_error(p, computed_p: float, alpha: float = 0.05, p_equal_alpha_significant: bool = True) -> bool:
    """statcheck's decision error: the printed p and the recomputed one fall on opposite sides of ``alpha``.

    ``computed_p`` is the p of the statistic as printed. 'p = x' is a decision error when
    x <= alpha and computed_p > alpha or the reverse; 'p < x' when x <= alpha but
    computed_p > alpha; 'p > x' when x >= alpha but computed_p <= alpha (a p equal to
    alpha counts as significant unless ``p_equal_alpha_significant`` is False). statcheck
    only asks this of results that are already inconsistent; :func:`p_value` does the same.
    Example: 't(28) = 1.20, p = .03' (computed p = 0.24) is a decision error at 0.05.
    """
    alpha, equal_significant = _significance(alpha, p_equal_alpha_significant)
    sign, value, _ = parse_p(p)
    computed_p = number_in(computed_p, "computed_p", 0.0, 1.0)
    if equal_significant:
        if sign == "=":
            return (value <= alpha < computed_p) or (computed_p <= alpha < value)
        if sign == "<":
            return value <= alpha < computed_p
        return value >= alpha >= computed_p
    if sign == "=":
        return (value < alpha <= computed_p) or (computed_p < alpha <= value)
    if sign == "<":
        return value <= alpha <= computed_p
    return value >= alpha > computed_p


def _decision_text(p, computed_p: float, alpha: float) -> str:
    sign, value, _ = parse_p(p)
    says = "significant" if (sign in "=<" and value <= alpha) else "not significant"
    return (f"; a decision error at alpha = {alpha:g}: the printed p says {says}, "
            f"the statistic as printed gives p = {_g(computed_p, 2)}")


_TESTS = ("t", "z", "f", "chi2", "r")


def _p_of(statistic: float, test: str, df, tails: int) -> float:
    """p-value of a test statistic (t, z, r two- or one-tailed; F and chi2 upper tail)."""
    from scipy import stats

    x = abs(statistic)
    if test == "t":
        return min(1.0, tails * float(stats.t.sf(x, df)))
    if test == "z":
        return min(1.0, tails * float(stats.norm.sf(x)))
    if test == "r":
        x = min(x, 1 - 1e-15)
        return min(1.0, tails * float(stats.t.sf(x * math.sqrt(df / (1 - x * x)), df)))
    if test == "f":
        return float(stats.f.sf(statistic, *df))
    return float(stats.chi2.sf(statistic, df))


def _check_df(df, test: str):
    if test not in _TESTS:
        raise ReappraiseError(f"test must be one of {', '.join(_TESTS)}, got {test!r}")
    if test == "z":
        return None
    if test == "f":
        try:
            d1, d2 = df
        except (TypeError, ValueError):
            raise ReappraiseError(f"df of an F test must be a pair (df1, df2), got {df!r}") from None
        return positive(d1, "df of an F test (df1)"), positive(d2, "df of an F test (df2)")
    if isinstance(df, bool) or not isinstance(df, (int, float)) or not df > 0:
        raise ReappraiseError(f"df must be a positive number for a {test} test, got {df!r}")
    return df


def p_value(p, statistic, df=None, test: str = "t", tails: int = 2, alpha: float = 0.05,
            p_equal_alpha_significant: bool = True) -> Verdict:
    """statcheck's question: does a printed test statistic give the printed p-value?

    ``statistic`` is printed ('2.20'), ``test`` one of t, z, F ('f', df a pair), chi2, r;
    the statistic's rounding interval gives a range of p, which must agree with ``p``
    ('p = .04', 'p < .05', 'p > .05'; see :func:`_p_matches`). An inconsistent result is
    also checked for a decision error at ``alpha`` (:func:`decision_error`):
    ``values['decision_error']``, with ``values['p']`` the p of the statistic as printed.
    Example: t(28) = 2.20 gives p = 0.036, so 'p = .04' is consistent and 'p = .06' is
    not, and is a decision error (statcheck's tests).
    """
    value, decimals, text = _printed(statistic, "statistic")
    test = str(test).lower()
    df = _check_df(df, test)
    if tails not in (1, 2) or isinstance(tails, bool):
        raise ReappraiseError(f"tails must be 1 or 2, got {tails!r}")
    alpha, p_equal_alpha_significant = _significance(alpha, p_equal_alpha_significant)
    low, high = _window(value, decimals)
    if test in ("t", "z", "r"):
        low, high = (0.0, max(abs(low), abs(high))) if low <= 0 <= high else sorted((abs(low), abs(high)))
    low = max(low, 0.0)
    p_low, p_high = _p_of(high, test, df, tails), _p_of(low, test, df, tails)
    ok, p_text = _p_matches(p, p_low, p_high)
    point = _p_of(max(value, 0.0) if test in ("f", "chi2") else value, test, df, tails)
    wrong = not ok and decision_error(p, point, alpha, p_equal_alpha_significant)
    shown = "z" if test == "z" else f"F({df[0]:g}, {df[1]:g})" if test == "f" else f"{test}({df:g})"
    evidence = f"{shown} = {text} gives p = {_g(p_low, 3)} to {_g(p_high, 3)}"
    evidence += "; matches " + p_text if ok else "; does not match " + p_text
    evidence += _decision_text(p, point, alpha) if wrong else ""
    return Verdict("p from statistic", ok, f"{shown} = {text}, {p_text}", evidence, True,
                   {"p_low": p_low, "p_high": p_high, "p": point, "decision_error": wrong, "alpha": alpha})


def p_from_estimate(p, estimate, se, df=None, alpha: float = 0.05, p_equal_alpha_significant: bool = True) -> Verdict:
    """Does an estimate and its SE give the printed p? (Wald z if ``df`` is None, else t(df), two-tailed.)

    The ratio estimate/SE is taken over the rounding intervals of both printed numbers; the
    printed p may be '=', '<' or '>' (see :func:`_p_matches`). An inconsistent result is
    also checked for a decision error at ``alpha``, as in :func:`p_value`.
    Example: −19.3 (SE 2.4) with df 11 gives t = 7.9 to 8.2, p < 0.0001: 'P < 0.001' holds.
    """
    alpha, p_equal_alpha_significant = _significance(alpha, p_equal_alpha_significant)
    e, e_dec, e_text = _printed(estimate, "estimate")
    s, s_dec, s_text = _sd(se, "se")
    e_low, e_high = sorted(abs(x) for x in _window(e, e_dec))
    if _window(e, e_dec)[0] <= 0 <= _window(e, e_dec)[1]:
        e_low = 0.0
    s_low, s_high = _window(s, s_dec)
    if s_low <= 0:
        raise ReappraiseError(f"se must be printed larger than its rounding error, got {se!r}")
    test = "z" if df is None else "t"
    df = _check_df(df, test)
    t_low, t_high = e_low / s_high, e_high / s_low
    p_low, p_high = _p_of(t_high, test, df, 2), _p_of(t_low, test, df, 2)
    ok, p_text = _p_matches(p, p_low, p_high)
    point = _p_of(e / s, test, df, 2) if s > 0 else 0.0
    wrong = not ok and decision_error(p, point, alpha, p_equal_alpha_significant)
    shown = "z" if df is None else f"t({df:g})"
    evidence = (f"{shown} = {e_text}/{s_text} = {_g(t_low, 3)} to {_g(t_high, 3)} gives p = "
                f"{_g(p_low, 2)} to {_g(p_high, 2)}; " + ("matches " if ok else "does not match ") + p_text)
    evidence += _decision_text(p, point, alpha) if wrong else ""
    return Verdict("p from estimate and SE", ok, f"estimate {e_text}, SE {s_text}, {p_text}", evidence, True,
                   {"p_low": p_low, "p_high": p_high, "t_low": t_low, "t_high": t_high, "p": point,
                    "decision_error": wrong, "alpha": alpha})


def _se_range_for_interval(e, lo, hi, crit: float) -> tuple[float, float]:
    """SE values s for which some estimate in ``e`` has e − crit·s in ``lo`` and e + crit·s in ``hi``.

    ``e``, ``lo``, ``hi`` are the closed rounding intervals (pairs) of the printed estimate
    and limits. Returns (s_min, s_max); empty when s_min > s_max.
    """
    (e1, e2), (l1, l2), (u1, u2) = e, lo, hi
    s_min = max((e1 - l2) / crit, (u1 - e2) / crit, (u1 - l2) / (2 * crit), 0.0)
    s_max = min((e2 - l1) / crit, (u2 - e1) / crit, (u2 - l1) / (2 * crit))
    return s_min, s_max


def ci_from_se(estimate, se, low, high, df=None, confidence: float = 0.95) -> Verdict:
    """Is a printed interval estimate ± crit·SE, with crit from the normal or from t(df)?

    All four numbers are taken as printed, each anywhere in its rounding interval; the
    check asks whether one estimate and one SE in those intervals reproduce both printed
    limits (the limits may be given in either order). Consistent if the normal or, when
    ``df`` is given, the t(df) interval fits. The evidence names the SE each method
    needs. Example: −19.3 (SE 2.4), 95% CI −14.8 to −23.8 with df 11: the normal needs
    SE 2.27–2.32 and t(11) needs 2.02–2.07, so a printed 2.4 (2.35–2.45) fits neither.
    """
    from scipy import stats

    from reappraise.stats.proportions import check_confidence

    confidence = check_confidence(confidence)
    e, e_dec, e_text = _printed(estimate, "estimate")
    s, s_dec, s_text = _sd(se, "se")
    (a, a_dec, a_text), (b, b_dec, b_text) = sorted([_printed(low, "low"), _printed(high, "high")])
    methods = [("normal", float(stats.norm.ppf(0.5 + confidence / 2)))]
    if df is not None:
        df = _check_df(df, "t")
        methods.append((f"t({df:g})", float(stats.t.ppf(0.5 + confidence / 2, df))))
    s_win = _window(s, s_dec)
    parts, fits, values = [], [], {}
    for name, crit in methods:
        need = _se_range_for_interval(_window(e, e_dec), _window(a, a_dec), _window(b, b_dec), crit)
        ok = need[0] <= need[1] + 1e-12 and need[0] <= s_win[1] + 1e-12 and need[1] >= s_win[0] - 1e-12
        values[name] = {"crit": crit, "se_low": need[0], "se_high": need[1], "fits": ok}
        fits += [name] if ok else []
        parts.append(f"{name} (×{crit:.3f}) needs SE {_g(need[0], 3)}–{_g(need[1], 3)}" if need[0] <= need[1]
                     else f"{name} (×{crit:.3f}) fits no SE")
    half_low = (_window(b, b_dec)[0] - _window(a, a_dec)[1]) / 2
    half_high = (_window(b, b_dec)[1] - _window(a, a_dec)[0]) / 2
    implied = (half_low / s_win[1], half_high / s_win[0])
    values["implied_crit"] = implied
    level = f"{100 * confidence:g}%"
    evidence = ("; ".join(parts) + f"; printed SE {s_text} means {_g(s_win[0], 3)}–{_g(s_win[1], 3)}"
                + (f", so it fits {' and '.join(fits)}" if fits else
                   f", so it fits neither; with that SE the half-width implies a multiplier of "
                   f"{implied[0]:.2f}–{implied[1]:.2f}"))
    return Verdict(f"{level} CI from estimate and SE", bool(fits),
                   f"{e_text} (SE {s_text}), {level} CI {a_text} to {b_text}", evidence, True, values)


def implied_confidence(se, low, high, df=None) -> tuple[float, float]:
    """Confidence levels at which estimate ± crit·SE gives the printed limits, over the roundings.

    Uses the normal, or t(df) when ``df`` is given. Example: SE '2.4' with limits '−23.8',
    '−14.8' (half-width 4.45-4.55) -> about (0.931, 0.947) under the normal: a 94%
    interval rather than a 95% one, if the SE is right.
    """
    from scipy import stats

    s, s_dec, _ = _sd(se, "se")
    (a, a_dec, _), (b, b_dec, _) = sorted([_printed(low, "low"), _printed(high, "high")])
    s_low, s_high = _window(s, s_dec)
    if s_low <= 0:
        raise ReappraiseError(f"se must be printed larger than its rounding error, got {se!r}")
    half_low = max((_window(b, b_dec)[0] - _window(a, a_dec)[1]) / 2, 0.0)
    half_high = (_window(b, b_dec)[1] - _window(a, a_dec)[0]) / 2
    dist = stats.norm if df is None else stats.t(_check_df(df, "t"))
    return (float(2 * dist.cdf(half_low / s_high) - 1), float(2 * dist.cdf(half_high / s_low) - 1))


def ci_symmetric(estimate, low, high, confidence: float = 0.95) -> Verdict:
    """Is a printed interval centred on the printed estimate, as a Wald-type interval is?

    Consistent when some centre in the rounding intervals of both limits rounds to the
    estimate. The evidence gives the SE a normal interval of that width implies.
    Example: −23.7 (−26.94 to −20.44): centre −23.69, implied SE 1.66.
    """
    from scipy import stats

    from reappraise.stats.proportions import check_confidence

    confidence = check_confidence(confidence)
    e, e_dec, e_text = _printed(estimate, "estimate")
    (a, a_dec, a_text), (b, b_dec, b_text) = sorted([_printed(low, "low"), _printed(high, "high")])
    (a1, a2), (b1, b2), (e1, e2) = _window(a, a_dec), _window(b, b_dec), _window(e, e_dec)
    c_low, c_high = (a1 + b1) / 2, (a2 + b2) / 2
    ok = c_low <= e2 + 1e-12 and c_high >= e1 - 1e-12
    crit = float(stats.norm.ppf(0.5 + confidence / 2))
    se = (b - a) / 2 / crit
    evidence = (f"centre of the printed limits {_g((a + b) / 2, 6)} (range {_g(c_low, 6)} to {_g(c_high, 6)}) "
                + ("rounds to " if ok else "does not round to ") + e_text
                + f"; a normal interval of this width implies SE ≈ {se:.3g}")
    return Verdict("CI centred on estimate", ok, f"{e_text}, CI {a_text} to {b_text}", evidence, True,
                   {"centre": (a + b) / 2, "implied_se": se})


def signed_rank_null(n: int) -> list[int]:
    """Return counts[t] = number of the 2^n sign patterns whose positive-rank sum is t (ranks 1..n).

    Exact integers; n at most :data:`MAX_SIGNED_RANK_N`.
    """
    n = whole_number(n, "n", minimum=1, maximum=MAX_SIGNED_RANK_N, limit="consistency.MAX_SIGNED_RANK_N")
    counts = [1] + [0] * (n * (n + 1) // 2)
    for rank in range(1, n + 1):  # counts[t] += counts[t - rank] for every t >= rank, from the old counts
        counts[rank:] = [a + b for a, b in zip(counts[rank:], counts[:-rank])]
    return counts


def signed_rank_p(p, n: int) -> Verdict:
    """Which Wilcoxon signed-rank statistics T among ``n`` non-zero, untied differences give the printed p?

    Two-sided; exact p = 2·P(T+ <= T) from the null distribution, and the normal
    approximation without continuity correction. Ties or zero differences only make the
    smallest attainable p larger, so 'no T' means no data set of this size gives that p.
    Example: with n = 12 the exact test can give P < 0.001 only with T <= 1 (p = 0.00049,
    0.00098); the normal approximation never goes below p = 0.0022. n is at most
    :data:`MAX_SIGNED_RANK_N`.
    """
    from scipy import stats

    n = whole_number(n, "n", minimum=1, maximum=MAX_SIGNED_RANK_N, limit="consistency.MAX_SIGNED_RANK_N")
    counts = signed_rank_null(n)
    total = 2 ** n
    mean, sd = n * (n + 1) / 4, math.sqrt(n * (n + 1) * (2 * n + 1) / 24)
    exact, approx = [], []
    cumulative = 0
    for t in range(int(mean) + 1):
        cumulative += counts[t]
        p_exact = min(1.0, 2 * cumulative / total)
        p_norm = min(1.0, 2 * float(stats.norm.cdf((t - mean) / sd)))
        if _p_matches(p, p_exact, p_exact)[0]:
            exact.append((t, p_exact))
        if _p_matches(p, p_norm, p_norm)[0]:
            approx.append((t, p_norm))
    p_text = _p_matches(p, 0, 1)[1]
    smallest = 2 * float(stats.norm.cdf(-mean / sd))
    parts = [("exact test: T " + (f"<= {exact[-1][0]}" if len(exact) > 1 and exact[0][0] == 0 else
              "= " + ", ".join(str(t) for t, _ in exact)) + " (p = " + ", ".join(_g(q, 2) for _, q in exact[:3])
              + ("…" if len(exact) > 3 else "") + ")") if exact else f"exact test: no T gives {p_text}",
             ("normal approximation: T = " + ", ".join(str(t) for t, _ in approx[:3]) + ("…" if len(approx) > 3 else ""))
             if approx else f"normal approximation: no T (smallest p with n = {n} is {_g(smallest, 2)})"]
    ok = bool(exact or approx)
    return Verdict("Wilcoxon signed-rank p", ok, f"n {n}, {p_text}", "; ".join(parts), True,
                   {"exact": exact, "approx": approx, "smallest_approx_p": smallest})


def sd_range_from_se(se, n: int) -> tuple[float, float]:
    """Return the range of SDs (= SE·√n) that a printed SE of a mean of ``n`` allows: '2.4', 12 -> (8.14, 8.49)."""
    s, s_dec, _ = _sd(se, "se")
    n = whole_number(n, "n", minimum=2)
    low, high = _window(s, s_dec)
    return max(low, 0.0) * math.sqrt(n), high * math.sqrt(n)


def sd_from_se(sd, se, n: int) -> Verdict:
    """Do a printed SD and SE of the same mean agree, SD = SE·√n, given both roundings?

    Example: SD 8.3 with SE 2.4 and n = 12 is consistent (2.4·√12 = 8.14 to 8.49).
    """
    sd_value, sd_dec, sd_text = _sd(sd)
    low, high = sd_range_from_se(se, n)
    s_low, s_high = _window(sd_value, sd_dec)
    ok = s_low <= high + 1e-12 and s_high >= low - 1e-12
    se_text = _sd(se, "se")[2]
    evidence = (f"SE {se_text} × √{n} = {low:.3f} to {high:.3f}, which "
                + ("overlaps" if ok else "does not overlap") + f" SD {sd_text} ({s_low:g} to {s_high:g})")
    return Verdict("SD from SE", ok, f"SD {sd_text}, SE {se_text}, n {n}", evidence, True,
                   {"sd_low": low, "sd_high": high})


def max_worsened(change_mean, change_se, n: int) -> int:
    """Return the most of ``n`` participants whose whole-number change could be +1 or more.

    Takes the printed mean change and its SE (strings). For k participants who got worse,
    the smallest possible spread of the changes puts those k at exactly +1 and the others at
    one equal value; if even that spread needs an SD above the largest one the printed SE
    allows (SE·√n at the rounding limit), k is impossible. The bound holds for real-valued
    changes, so whole-number data can only do as well or worse.
    Example: '-19.3', '2.4', 12 -> 1 (at most one of the 12 can have got worse).
    """
    n = whole_number(n, "n", minimum=2, maximum=MAX_WORSENED_N, limit="consistency.MAX_WORSENED_N")
    totals = mean_totals(change_mean, n)
    _, sd_high = sd_range_from_se(change_se, n)

    def least_squares(k: int, total: int) -> float:
        rest = (total - k) / (n - k)
        return k * (1 - total / n) ** 2 + (n - k) * (rest - total / n) ** 2

    for k in range(n - 1, -1, -1):  # the largest feasible k
        if any(least_squares(k, t) <= (n - 1) * sd_high ** 2 for t in totals):
            return k
    return 0


def signed_rank_max_against(p, n: int) -> int | None:
    """Return the most of ``n`` untied paired differences that can point the 'wrong' way under the printed p.

    An exact two-sided signed-rank test gives the printed ``p`` only for rank sums T of the
    minority sign up to some largest value (:func:`signed_rank_p`); k differences of that sign
    have ranks summing to at least 1 + 2 + … + k, so k can be at most the largest k with
    k(k + 1)/2 <= T. Returns None when no exact T gives the printed p.
    Example: 'P < 0.001', 12 -> 1 (T <= 1: one difference at most, the smallest of all).
    """
    exact = signed_rank_p(p, n).values["exact"]
    if not exact:
        return None
    t_max = max(t for t, _ in exact)
    k = 0
    while (k + 1) * (k + 2) // 2 <= t_max:
        k += 1
    return k


def worsened_by_reading(change_mean, change_se, p, n: int, improved: int):
    """How many of ``n`` participants could have got worse, under each reading of a printed change?

    A printed mean change with an SE and a p-value can come from the raw changes (SE = SD/√n,
    p from a test on the n changes) or from a model fitted to every visit (a mixed model),
    whose SE and p say nothing about how the n raw changes are spread. ``improved`` is the
    number known to have improved for other reasons (e.g. responders, whose scores fell by
    half or more). Returns one row per reading: ``reading``, ``se_is``, ``p_is``,
    ``most_worsened`` and ``rests_on`` (what the bound comes from):

    - SE = SD/√n of the raw changes: :func:`max_worsened`;
    - SE from a model, p from an exact signed-rank test: :func:`signed_rank_max_against`;
    - SE and p both from a model: only the counts, n − ``improved``.

    What survives every reading is the largest ``most_worsened`` (example: '-19.3', '2.4',
    'P < 0.001', 12, 9 -> 1, 1 and 3 participants).
    """
    import pandas as pd

    n = whole_number(n, "n", minimum=2)
    improved = whole_number(improved, "improved")
    if improved > n:
        raise ReappraiseError(f"improved ({improved}) must not exceed n ({n})")
    counts_only = n - improved
    raw = min(max_worsened(change_mean, change_se, n), counts_only)
    ranks = signed_rank_max_against(p, n)
    rank_bound = counts_only if ranks is None else min(ranks, counts_only)
    rows = [
        {"reading": "raw changes", "se_is": f"SD of the {n} changes / √{n}", "p_is": "any test on the changes",
         "most_worsened": raw, "rests_on": "the SD the printed SE allows (SE × √n)"},
        {"reading": "model SE, exact signed-rank p", "se_is": "a model estimate", "p_is": "exact Wilcoxon signed-rank",
         "most_worsened": rank_bound,
         "rests_on": "the rank sums that give the printed p" if ranks is not None else "the counts (no exact T gives p)"},
        {"reading": "model SE and model p", "se_is": "a model estimate", "p_is": "the model's test",
         "most_worsened": counts_only, "rests_on": f"the counts: {improved} of {n} improved"},
    ]
    return pd.DataFrame(rows).set_index("reading")
