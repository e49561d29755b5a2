"""Consistency checks of reported statistics, taking values as printed.

Each check takes the number as the source printed it (a string, so trailing zeros count:
"0.50" carries two decimals where "0.5" carries one) and accepts either rounding
direction at an exact half, so a printer's rounding convention is never held against it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from reappraise.errors import ReappraiseError
from reappraise.stats.validate import finite, positive, whole_number  # whole_number re-exported: older imports use it from here

from reappraise.stats.printed import decimals_of, parse as _parse, rounds_to, window as _window  # noqa: F401 (decimals_of, rounds_to re-exported)


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
    n_max = whole_number(n_max, "n_max", minimum=n_min)
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
    """Return counts[t] = number of the 2^n sign patterns whose positive-rank sum is t (ranks 1..n)."""
    n = whole_number(n, "n", minimum=1)
    counts = [1] + [0] * (n * (n + 1) // 2)
    for rank in range(1, n + 1):
        for t in range(len(counts) - 1, rank - 1, -1):
            counts[t] += counts[t - rank]
    return counts


def signed_rank_p(p, n: int) -> Verdict:
    """Which Wilcoxon signed-rank statistics T among ``n`` non-zero, untied differences give the printed p?

    Two-sided; exact p = 2·P(T+ <= T) from the null distribution, and the normal
    approximation without continuity correction. Ties or zero differences only make the
    smallest attainable p larger, so 'no T' means no data set of this size gives that p.
    Example: with n = 12 the exact test can give P < 0.001 only with T <= 1 (p = 0.00049,
    0.00098); the normal approximation never goes below p = 0.0022.
    """
    from scipy import stats

    n = whole_number(n, "n", minimum=1)
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
    n = whole_number(n, "n", minimum=2)
    totals = mean_totals(change_mean, n)
    _, sd_high = sd_range_from_se(change_se, n)

    def least_squares(k: int, total: int) -> float:
        rest = (total - k) / (n - k)
        return k * (1 - total / n) ** 2 + (n - k) * (rest - total / n) ** 2

    feasible = [k for k in range(n) if any(least_squares(k, t) <= (n - 1) * sd_high ** 2 for t in totals)]
    return max(feasible, default=0)


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
