"""Consistency checks of reported statistics, taking values as printed.

Each check takes the number as the source printed it (a string, so trailing zeros count:
"0.50" carries two decimals where "0.5" carries one) and accepts either rounding
direction at an exact half, so a printer's rounding convention is never held against it.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass, field

from .errors import ReappraiseError

_NUM = re.compile(r"^\s*[~≈]?\s*([-−+]?\d+(?:\.(\d+))?)\s*%?\s*$")


def _parse(printed, name: str) -> tuple[float, int]:
    """Return (value, decimals) of a printed number given as str, int, float or Decimal."""
    if isinstance(printed, bool) or printed is None:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    text = str(printed)
    match = _NUM.match(text)
    if not match:
        raise ReappraiseError(f"{name} must be a printed number such as '67' or '9.4', got {printed!r}")
    return float(match.group(1).replace("−", "-")), len(match.group(2) or "")


def whole_number(value, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number >= ``minimum``; else raise naming ``name``."""
    try:
        number = operator.index(value)
    except TypeError:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}") from None
    if isinstance(value, bool) or number < minimum:
        raise ReappraiseError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return number


def decimals_of(printed) -> int:
    """Return how many decimals a printed number carries: '9.4%' -> 1, '67%' -> 0, '0.50' -> 2."""
    return _parse(printed, "value")[1]


def rounds_to(exact: float, printed_value: float, decimals: int) -> bool:
    """True if ``exact`` rounds to ``printed_value`` at ``decimals`` places, either way at a half.

    >>> rounds_to(66.666, 67, 0), rounds_to(62.5, 63, 0), rounds_to(62.5, 62, 0)
    (True, True, True)
    """
    half = 0.5 * 10.0 ** (-decimals)
    tol = 1e-9 * max(1.0, abs(exact))
    return printed_value - half - tol <= exact <= printed_value + half + tol


def percent_numerators(percent, n: int, decimals: int | None = None) -> list[int]:
    """Return every whole numerator k (0..n) whose 100·k/n rounds to the printed ``percent``.

    ``percent`` is the value as printed ('67', '67%', '9.4') or a number; ``decimals``
    defaults to the decimals the printed text carries (0 for a plain number).
    Example: 67% of 42 -> [28]; 32% of 37 -> [12]; 50% of 3 -> [] (no k works).
    Raises ReappraiseError for n < 1, a percentage outside 0-100 or a negative ``decimals``.
    """
    value, printed_decimals = _parse(percent, "percent")
    decimals = printed_decimals if decimals is None else decimals
    n = whole_number(n, "n", minimum=1)
    if not 0 <= value <= 100:
        raise ReappraiseError(f"percent must be between 0 and 100, got {percent!r}")
    if decimals < 0:
        raise ReappraiseError(f"decimals must be >= 0, got {decimals!r}")
    centre = value * n / 100.0
    lo, hi = max(0, math.floor(centre) - 1), min(n, math.ceil(centre) + 1)
    return [k for k in range(lo, hi + 1) if rounds_to(100.0 * k / n, value, decimals)]


def percent_pairs(percent, n_min: int = 1, n_max: int = 100, decimals: int | None = None) -> list[tuple[int, int]]:
    """Return every (numerator, n) with n_min <= n <= n_max whose percentage rounds to ``percent``.

    The companion of :func:`percent_numerators` when only the percentage is printed:
    '75%' with n up to 12 -> [(3, 4), (6, 8), (9, 12)].
    """
    if not (isinstance(n_min, int) and isinstance(n_max, int)) or n_min < 1 or n_max < n_min:
        raise ReappraiseError(f"n_min and n_max must be whole numbers with 1 <= n_min <= n_max, got {n_min!r}, {n_max!r}")
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


def _window(value: float, decimals: int) -> tuple[float, float]:
    """Return the closed interval of exact values that round to ``value`` at ``decimals``."""
    half = 0.5 * 10.0 ** (-decimals)
    return value - half, value + half


def _g(x: float, digits: int = 4) -> str:
    """Format a number compactly for evidence text ('29.58', '0.00049')."""
    return f"{x:.{digits}g}"


def mean_totals(mean, n: int, items: int = 1) -> list[int]:
    """Return every whole total T (in item units) with T / (n·items) rounding to the printed ``mean``.

    '29.6' with n = 12 -> [355]; '5.19' with n = 28 -> [] (GRIM-inconsistent).
    """
    value, decimals = _parse(mean, "mean")
    n = whole_number(n, "n", minimum=1)
    items = whole_number(items, "items", minimum=1)
    units = n * items
    low, high = _window(value, decimals)
    start, stop = math.floor(low * units) - 1, math.ceil(high * units) + 1
    return [t for t in range(start, stop + 1) if rounds_to(t / units, value, decimals)]


def grim(mean, n: int, items: int = 1) -> Verdict:
    """GRIM (Brown & Heathers 2016): can a mean of ``n`` whole scores (``items`` averaged) round to ``mean``?

    ``mean`` is the printed text ('5.19'); trailing zeros count. Consistent when some whole
    total T gives T / (n·items) rounding to it, either way at an exact half. With
    n·items >= 10^decimals every mean is possible, so the verdict is marked uninformative.
    Example: grim('5.19', 28) is inconsistent (145/28 = 5.179, 146/28 = 5.214).
    """
    value, decimals, text = _printed(mean, "mean")
    totals = mean_totals(mean, n, items)
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


def grimmer(mean, sd, n: int, items: int = 1) -> Verdict:
    """GRIMMER in Allard's analytic form: can ``n`` whole scores have this printed mean and SD?

    For every GRIM-consistent total T (in item units), the sum of squares Q must be a whole
    number in the range the SD's rounding interval allows (test 1), give an SD that rounds
    to ``sd`` (test 2) and have the parity of T, because a² and a are both odd or both
    even (test 3). Examples (scrutiny's tests): ('5.21', '1.6', 28) consistent;
    ('3.44', '2.47', 18) inconsistent.
    """
    n = whole_number(n, "n", minimum=2)
    sd_value, sd_decimals, sd_text = _sd(sd)
    first = grim(mean, n, items)
    inputs = f"mean {_printed(mean, 'mean')[2]}, SD {sd_text}, n {n}" + (f", {items} items" if items > 1 else "")
    if not first:
        return Verdict("GRIMMER", False, inputs, "the mean already fails GRIM: " + first.evidence)
    low, high = _window(sd_value, sd_decimals)
    low = max(low, 0.0)
    failed_at, found, width = 1, [], math.inf
    for total in first.values["totals"]:
        base = total * total / n
        q_low = base + (n - 1) * (items * low) ** 2
        q_high = base + (n - 1) * (items * high) ** 2
        width = min(width, q_high - q_low)
        for q in range(max(math.ceil(q_low - 1e-6), 0), math.floor(q_high + 1e-6) + 1):
            failed_at = max(failed_at, 2)
            var = (q - base) / (n - 1) / items ** 2
            if var < -1e-12 or not rounds_to(math.sqrt(max(var, 0.0)), sd_value, sd_decimals):
                continue
            failed_at = 3
            if q % 2 == total % 2:
                found.append((total, q, math.sqrt(max(var, 0.0))))
    if found:
        total, q, exact = found[0]
        evidence = f"total {total} with sum of squares {q} gives SD {_g(exact, 6)}, which rounds to {sd_text}"
    else:
        evidence = {
            1: f"no whole sum of squares lies in the range an SD of {sd_text} allows",
            2: f"no whole sum of squares gives an SD that rounds to {sd_text}",
            3: "the sums of squares that give this SD have the wrong parity (odd/even) for the total",
        }[failed_at]
    informative = first.informative or width < 2 or not found
    if not informative:
        evidence += " (any SD is possible here: the SD's rounding range spans two or more sums of squares)"
    return Verdict("GRIMMER", bool(found), inputs, evidence, informative, {"solutions": found})


def debit(mean, sd, n: int) -> Verdict:
    """DEBIT (Heathers & Brown 2019): can ``n`` binary (0/1) scores have this printed mean and SD?

    Tries every count k of ones: k/n must round to ``mean`` and the sample SD
    sqrt(k(n-k) / (n(n-1))) must round to ``sd``. Examples (scrutiny's tests):
    ('0.05', '0.21', 20) inconsistent, ('0.05', '0.22', 20) consistent.
    """
    value, decimals, text = _printed(mean, "mean")
    n = whole_number(n, "n", minimum=2)
    sd_value, sd_decimals, sd_text = _sd(sd)
    if not 0 <= value <= 1:
        raise ReappraiseError(f"mean of binary data must be between 0 and 1, got {mean!r}")
    if sd_value > 1:
        raise ReappraiseError(f"sd of binary data must be between 0 and 1, got {sd!r}")
    inputs = f"mean {text}, SD {sd_text}, n {n}"
    ks = [k for k in range(n + 1) if rounds_to(k / n, value, decimals)]
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


def _p_matches(p, p_low: float, p_high: float) -> tuple[bool, str]:
    """Does a recomputed p range [p_low, p_high] agree with the printed ``p``? Return (ok, printed text)."""
    sign, value, decimals = parse_p(p)
    text = f"p {sign} {value:.{decimals}f}"
    if sign == "<":
        return p_low < value + 1e-12, text
    if sign == ">":
        return p_high > value - 1e-12, text
    low, high = _window(value, decimals)
    return p_low <= high + 1e-12 and p_high >= low - 1e-12, text


_TESTS = ("t", "z", "f", "chi2", "r")


def _p_of(statistic: float, test: str, df, tails: int) -> float:
    """p-value of a test statistic (t, z, r two- or one-tailed; F and chi2 upper tail)."""
    from scipy import stats

    x = abs(statistic)
    if test == "t":
        return min(1.0, tails * stats.t.sf(x, df))
    if test == "z":
        return min(1.0, tails * stats.norm.sf(x))
    if test == "r":
        x = min(x, 1 - 1e-15)
        return min(1.0, tails * stats.t.sf(x * math.sqrt(df / (1 - x * x)), df))
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
        if not (d1 > 0 and d2 > 0):
            raise ReappraiseError(f"df of an F test must be positive, got {df!r}")
        return (d1, d2)
    if isinstance(df, bool) or not isinstance(df, (int, float)) or not df > 0:
        raise ReappraiseError(f"df must be a positive number for a {test} test, got {df!r}")
    return df


def p_value(p, statistic, df=None, test: str = "t", tails: int = 2) -> Verdict:
    """statcheck's question: does a printed test statistic give the printed p-value?

    ``statistic`` is printed ('2.20'), ``test`` one of t, z, F ('f', df a pair), chi2, r;
    the statistic's rounding interval gives a range of p, which must agree with ``p``
    ('p = .04', 'p < .05'). Example: t(28) = 2.20 gives p = 0.036, so 'p = .04' is
    consistent and 'p = .06' is not (statcheck's decision-error tests).
    """
    value, decimals, text = _printed(statistic, "statistic")
    test = str(test).lower()
    df = _check_df(df, test)
    if tails not in (1, 2):
        raise ReappraiseError(f"tails must be 1 or 2, got {tails!r}")
    low, high = _window(value, decimals)
    if test in ("t", "z", "r"):
        low, high = (0.0, max(abs(low), abs(high))) if low <= 0 <= high else sorted((abs(low), abs(high)))
    low = max(low, 0.0)
    p_low, p_high = _p_of(high, test, df, tails), _p_of(low, test, df, tails)
    ok, p_text = _p_matches(p, p_low, p_high)
    shown = "z" if test == "z" else f"F({df[0]:g}, {df[1]:g})" if test == "f" else f"{test}({df:g})"
    evidence = f"{shown} = {text} gives p = {_g(p_low, 3)} to {_g(p_high, 3)}"
    evidence += "; matches " + p_text if ok else "; does not match " + p_text
    return Verdict("p from statistic", ok, f"{shown} = {text}, {p_text}", evidence, True,
                   {"p_low": p_low, "p_high": p_high})


def p_from_estimate(p, estimate, se, df=None) -> Verdict:
    """Does an estimate and its SE give the printed p? (Wald z if ``df`` is None, else t(df), two-tailed.)

    The ratio estimate/SE is taken over the rounding intervals of both printed numbers.
    Example: −19.3 (SE 2.4) with df 11 gives t = 7.9 to 8.2, p < 0.0001: 'P < 0.001' holds.
    """
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
    shown = "z" if df is None else f"t({df:g})"
    evidence = (f"{shown} = {e_text}/{s_text} = {_g(t_low, 3)} to {_g(t_high, 3)} gives p = "
                f"{_g(p_low, 2)} to {_g(p_high, 2)}; " + ("matches " if ok else "does not match ") + p_text)
    return Verdict("p from estimate and SE", ok, f"estimate {e_text}, SE {s_text}, {p_text}", evidence, True,
                   {"p_low": p_low, "p_high": p_high, "t_low": t_low, "t_high": t_high})
