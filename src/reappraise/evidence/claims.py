"""Press claims audited against the ledger (``data/claims.csv``).

One row of ``claims.csv`` is one checkable claim from a seed article, paraphrased, with
the ledger rows it should agree with. A row either

- names a computed ``check`` from :data:`CHECKS`: its verdict is recomputed from the
  ledger on every :func:`audit` (so a change to the ledger flips it) and the ``verdict``
  and ``reason`` cells stay empty; an optional ``caveat`` is appended to the computed
  reason and turns "supported" into "supported with caveat"; or
- carries a hand-written ``verdict`` (from :data:`VERDICTS`) with its one-sentence ``reason``.

Reasons and caveats name numbers as ``{ledger.id}`` (or ``{ledger.id:printed}``), which
:func:`fill` replaces with the ledger's value, so no number is typed into the file.
A computed "supported" that rests only on press coverage is downgraded (see :func:`audit`).
``dated`` says what a claim implies about when the article was written
(``after:<date row>`` or ``before:<date row>``), from which :func:`windows` dates each article.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from reappraise import paths
from reappraise.stats.printed import decimals_of, rounds_to
from reappraise.errors import ReappraiseError
from reappraise.evidence import csvfile
from reappraise.evidence.ledger import Ledger
from reappraise.stats.proportions import proportion_ci
from reappraise.stats.validate import number_in

COLUMNS = ("id", "seed", "claim", "kind", "ledger_rows", "check", "claim_value", "claim_row",
           "verdict", "reason", "caveat", "dated")
#: Verdicts, from best to worst supported; "not checkable" last.
VERDICTS = ("supported", "supported with caveat", "overstated", "contradicted", "outdated", "not checkable")
KINDS = ("number", "date", "regulatory status", "safety", "efficacy", "design", "anecdote")
_ID = re.compile(r"^s\d{3}\.[a-z0-9_.]+$")
_TEMPLATE = re.compile(r"\{([a-z0-9][a-z0-9_.-]*)(:printed)?\}")
_COUNT = re.compile(r"(\d+)\s*/\s*(\d+)")
_NUM = re.compile(r"(?<![\d.])[-−]?\d+(?:\.\d+)?")
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25, "minute": 1 / 1440}


class ClaimsError(ReappraiseError):
    """The claims file breaks a rule (the message names the claim and the rule)."""


def _fail(claim_id: str, rule: str, detail: str) -> ClaimsError:
    return ClaimsError(f"claim {claim_id!r} breaks rule '{rule}': {detail}")


def split(cell: str) -> list[str]:
    """Return the non-empty, stripped items of a semicolon-separated cell ('a; b' -> ['a', 'b'])."""
    return [item.strip() for item in str(cell).split(";") if item.strip()]


# --- reading numbers and dates -------------------------------------------------------------

def _number(text: str, name: str = "claim_value") -> float:
    """Return the single number in ``text`` ('125', '~67%', '2 months'); raise naming ``name``."""
    found = _NUM.findall(str(text))
    if len(found) != 1:
        raise ClaimsError(f"{name} must hold one number such as '125' or '67%', got {text!r}")
    return float(found[0].replace("−", "-"))


def period(text: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a printed date: '2024' -> (2024-01-01, 2024-12-31)."""
    text = str(text).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            after = dt.date(year + month // 12, month % 12 + 1, 1)
            return dt.date(year, month, 1), after - dt.timedelta(days=1)
        day = dt.date.fromisoformat(text)
        return day, day
    except ValueError:
        raise ClaimsError(f"a date must be printed as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}") from None


def event_period(L: Ledger, row_id: str) -> tuple[dt.date, dt.date]:
    """Return the (first, last) day of a ledger ``date`` row, e.g. 'fda.crl.date' -> both 2024-08-09."""
    row = L.row(row_id)
    if row["statistic"] != "date":
        raise ClaimsError(f"ledger row {row_id!r} is not a date row (statistic {row['statistic']!r})")
    printed = str(row["printed"]).strip()
    return period(printed if re.fullmatch(r"\d{4}(-\d{2}){0,2}", printed) else str(int(row["value"])))


def days(text: str) -> float:
    """Return a printed duration in days: '2 months' -> 60.875, '8 weeks' -> 56."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*", str(text).lower())
    if not match or match.group(2) not in _UNIT_DAYS:
        raise ClaimsError(f"a duration must read like '8 weeks' or '2 months' ({', '.join(_UNIT_DAYS)}), got {text!r}")
    return float(match.group(1)) * _UNIT_DAYS[match.group(2)]


def render(L: Ledger, row_id: str, printed: bool = False) -> str:
    """Return a ledger row as short text: a count '9/12', a percent '67%', '80 mg', a date '2024-08-09'."""
    row = L.row(row_id)
    if row["status"] == "gap":
        return "not public"
    if printed or row["statistic"] in ("date", "p_value"):
        return str(row["printed"])
    if row["statistic"] == "percent" and not pd.isna(row["value"]):
        return f"{float(row['value']):g}%"
    if not pd.isna(row["numerator"]) and not pd.isna(row["denominator"]):
        return f"{int(row['numerator'])}/{int(row['denominator'])}"
    value, unit = float(row["value"]), str(row["unit"])
    if unit == "%":
        return f"{value:g}%"
    return f"{value:g}" if row["statistic"] == "n" or not unit else f"{value:g} {unit}"


def fill(text: str, L: Ledger) -> str:
    """Replace every ``{id}`` / ``{id:printed}`` in ``text`` by the ledger's value (see :func:`render`)."""
    return _TEMPLATE.sub(lambda m: render(L, m.group(1), bool(m.group(2))), str(text))


# --- computed checks: each takes (ledger, row ids, claim value, tolerance) -> (verdict, evidence)

def _values(claim: str, rows: list[str]) -> list[tuple[str, str]]:
    """Pair each claimed value with a row: one value applies to every row, else one per row."""
    items = split(claim)
    if len(items) == 1:
        items = items * len(rows)
    if len(items) != len(rows) or not rows:
        raise ClaimsError(f"claim_value {claim!r} needs one value, or one per ledger row ({len(rows)})")
    return list(zip(items, rows))


def _mismatch(claimed: float, actual: float, statistic: str) -> str:
    """Verdict for a number that disagrees: an outcome claimed too high is overstated."""
    outcome = statistic in ("count", "percent", "n", "count_total")
    return "overstated" if outcome and claimed > actual else "contradicted"


def _evidence(L: Ledger, claimed, shown: str, row_id: str) -> str:
    return f"article {claimed}, ledger {shown} ({L.cite(row_id)})"


def _report(findings: list[tuple[bool, str, str]]) -> tuple[str, str]:
    """Combine per-row (ok, mismatch verdict, evidence) into one (verdict, sentence)."""
    bad = [verdict for ok, verdict, _ in findings if not ok]
    text = "; ".join(evidence for _, _, evidence in findings)
    if not bad:
        return "supported", f"Agrees with the ledger: {text}."
    return bad[0], f"Disagrees with the ledger: {text}."


def count_equals(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """Claimed counts ('9/12', '12', '2;1;0') equal the ledger's numerators (and denominators) exactly."""
    findings = []
    for item, row_id in _values(claim, rows):
        row = L.row(row_id)
        pair = _COUNT.search(item)
        if row["statistic"] == "n":
            actual, shown = (int(L.value(row_id)), None), f"{int(L.value(row_id))}"
        else:
            actual, shown = L.count(row_id), render(L, row_id)
        claimed = (int(pair.group(1)), int(pair.group(2))) if pair else (int(_number(item)), None)
        ok = claimed[0] == actual[0] and (claimed[1] is None or actual[1] is None or claimed[1] == actual[1])
        findings.append((ok, _mismatch(claimed[0], actual[0], "count"), _evidence(L, item, shown, row_id)))
    return _report(findings)


def percent_of_count(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """A printed percentage ('75%', '9/12 (75%)') is the ledger count recomputed and rounded as printed."""
    findings = []
    for item, row_id in _values(claim, rows):
        k, n = L.count(row_id)
        exact = 100.0 * k / n
        percent = re.search(r"(\d+(?:\.\d+)?)\s*%", item)
        if not percent:
            raise ClaimsError(f"claim_value for percent_of_count must print a percentage like '75%', got {item!r}")
        shown, pair = percent.group(1), _COUNT.search(item)
        ok = rounds_to(exact, float(shown), decimals_of(shown))
        direction = _mismatch(float(shown), exact, "percent")
        if pair and (int(pair.group(1)), int(pair.group(2))) != (k, n):
            ok, direction = False, _mismatch(int(pair.group(1)), k, "count")
        findings.append((ok, direction,
                         _evidence(L, item, f"{k}/{n} = {exact:.1f}%", row_id)))
    return _report(findings)


def value_equals(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """Claimed numbers ('125', '80;120', '67%') equal the ledger values within relative ``tolerance``."""
    tolerance = number_in(tolerance, "tolerance", 0, 1)
    findings = []
    for item, row_id in _values(claim, rows):
        claimed, actual = _number(item), L.value(row_id)
        ok = abs(claimed - actual) <= tolerance * abs(actual) + 1e-9
        findings.append((ok, _mismatch(claimed, actual, L.row(row_id)["statistic"]),
                         _evidence(L, item, render(L, row_id), row_id)))
    return _report(findings)


def range_covers(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """A claimed range ('80-125') contains every ledger value, widened by relative ``tolerance``."""
    tolerance = number_in(tolerance, "tolerance", 0, 1)
    ends = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", str(claim))]
    if len(ends) != 2 or ends[0] > ends[1]:
        raise ClaimsError(f"claim_value for range_covers must be a range like '80-125', got {claim!r}")
    low, high = ends[0] * (1 - tolerance), ends[1] * (1 + tolerance)
    findings = [(low - 1e-9 <= L.value(r) <= high + 1e-9, "contradicted", _evidence(L, claim, render(L, r), r))
                for r in rows]
    return _report(findings)


def duration_equals(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """Claimed durations ('2 months', '7 months;4 months') equal the ledger's within relative ``tolerance``."""
    tolerance = number_in(tolerance, "tolerance", 0, 1)
    findings = []
    for item, row_id in _values(claim, rows):
        actual = days(f"{L.value(row_id):g} {L.row(row_id)['unit']}")
        ok = abs(days(item) - actual) <= tolerance * actual + 1e-9
        findings.append((ok, "contradicted", _evidence(L, item, render(L, row_id), row_id)))
    return _report(findings)


def date_equals(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """A claimed date ('2017') contains the ledger's date row (the same year, month or day)."""
    first, last = period(claim)
    findings = []
    for row_id in rows:
        start, end = event_period(L, row_id)
        findings.append((first <= start and end <= last, "contradicted", _evidence(L, claim, render(L, row_id), row_id)))
    return _report(findings)


def expected_in(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """A forecast that an event happens in a period ('2024'): did the ledger's event fall in it?

    Supported if it did; otherwise "outdated" (the forecast was overtaken by what happened).
    """
    verdict, text = date_equals(L, rows, claim)
    if verdict == "supported":
        return verdict, text
    return "outdated", text.replace("Disagrees with the ledger:", "Overtaken by events:")


def expected_by(L: Ledger, rows: list[str], claim: str, tolerance: float = 0.0) -> tuple[str, str]:
    """A forecast that something happens by the end of a period ('2024'), against events that ended it.

    ``rows`` are the decisive events that went the other way (e.g. a complete response letter).
    "outdated" if any is dated within the period; "not checkable" if the ledger has none by then.
    """
    deadline = period(claim)[1]
    hits = [r for r in rows if event_period(L, r)[0] <= deadline]
    if hits:
        return "outdated", (f"Overtaken by events: expected by {claim}, but "
                            + "; ".join(f"{L.row(r)['outcome']} on {render(L, r)} ({L.cite(r)})" for r in hits) + ".")
    return "not checkable", f"The ledger records no decisive event by the end of {claim}."


def none_of(L: Ledger, rows: list[str], claim: str = "0", tolerance: float = 0.0) -> tuple[str, str]:
    """A claim that nothing of a kind happened: every ledger count is zero ('overstated' if not).

    The evidence gives the exact (Clopper-Pearson) 95% upper bound a zero count leaves open.
    """
    if _number(claim) != 0:
        raise ClaimsError(f"claim_value for none_of must be '0', got {claim!r}")
    parts, bad = [], False
    for row_id in rows:
        k, n = L.count(row_id)
        bad = bad or k > 0
        bound = f", 95% upper bound {proportion_ci(0, n, 'clopper-pearson')[1]:.0%}" if k == 0 else ""
        parts.append(f"{L.row(row_id)['outcome']} {k}/{n}{bound} ({L.cite(row_id)})")
    if bad:
        return "overstated", "Not none in the ledger: " + "; ".join(parts) + "."
    return "supported", "None in the ledger: " + "; ".join(parts) + "."


def p_below(L: Ledger, rows: list[str], claim: str = "0.05", tolerance: float = 0.0) -> tuple[str, str]:
    """A claim of statistical significance: every ledger p-value is at or below the claimed level."""
    level = _number(claim)
    findings = [(L.value(r) <= level, "contradicted", _evidence(L, f"p <= {claim}", render(L, r), r)) for r in rows]
    return _report(findings)


#: Registry of computed checks, by the name used in the ``check`` column of claims.csv.
CHECKS = {f.__name__: f for f in (count_equals, percent_of_count, value_equals, range_covers, duration_equals,
                                  date_equals, expected_in, expected_by, none_of, p_below)}


# --- the claims file -----------------------------------------------------------------------

def seed_source(L: Ledger, seed: str) -> str:
    """Return the sources.csv id of seed article ``seed`` ('000' -> 'seed:000_....txt')."""
    found = [s for s in L.sources.index if str(s).startswith(f"seed:{seed}_")]
    if len(found) != 1:
        raise ClaimsError(f"seed must be the 3-digit number of one seed article in data/sources.csv, got {seed!r}")
    return found[0]


def seed_label(L: Ledger, seed: str) -> str:
    """Return a seed's short name from data/sources.csv, e.g. 'Seed 000 (feature article)'."""
    return str(L.sources.loc[seed_source(L, seed), "short"])


def _check_ids(claim_id: str, rule: str, ids, L: Ledger) -> None:
    missing = [i for i in ids if i not in L.table.index]
    if missing:
        raise _fail(claim_id, rule, f"no ledger row with id {', '.join(map(repr, missing))}")


def _validate_row(row: dict, L: Ledger) -> None:
    """Check one claim against every rule of :func:`validate`; raise ClaimsError naming it."""
    cid = row["id"]
    seed_source(L, row["seed"])
    if not row["claim"].strip():
        raise _fail(cid, "claim", "the claim (in our words) is empty")
    if row["kind"] not in KINDS:
        raise _fail(cid, "kind", f"{row['kind']!r} is not one of {list(KINDS)}")
    rows = split(row["ledger_rows"])
    _check_ids(cid, "ledger_rows", rows, L)
    for column in ("reason", "caveat"):
        _check_ids(cid, "templates", [m.group(1) for m in _TEMPLATE.finditer(row[column])], L)
    if row["check"]:
        if row["check"] not in CHECKS:
            raise _fail(cid, "check", f"{row['check']!r} is not one of {sorted(CHECKS)}")
        if row["verdict"] or row["reason"]:
            raise _fail(cid, "computed", "a computed claim leaves verdict and reason empty (use caveat for context)")
        if not rows or not row["claim_value"]:
            raise _fail(cid, "computed", "a computed claim needs ledger_rows and the claim_value as printed")
    else:
        if row["verdict"] not in VERDICTS:
            raise _fail(cid, "verdict", f"{row['verdict']!r} is not one of {list(VERDICTS)}")
        if not row["reason"].strip():
            raise _fail(cid, "reason", "a hand-written verdict needs a one-sentence reason")
        if row["caveat"]:
            raise _fail(cid, "caveat", "caveat is for computed claims; put it in the reason")
        if not rows and row["verdict"] != "not checkable":
            raise _fail(cid, "ledger_rows", "only a 'not checkable' claim may name no ledger row")
    claimed = {float(x.replace("−", "-")) for x in _NUM.findall(row["claim_value"])}
    for seed_row in split(row["claim_row"]):
        _check_ids(cid, "claim_row", [seed_row], L)
        recorded = L.row(seed_row)
        numbers = [recorded[c] for c in ("numerator", "denominator", "value") if not pd.isna(recorded[c])]
        if not numbers or not {float(x) for x in numbers} <= claimed:
            raise _fail(cid, "claim_row", f"claim_value {row['claim_value']!r} does not print ledger row "
                                          f"{seed_row!r} ({render(L, seed_row)})")
    for item in split(row["dated"]):
        side, _, event = item.partition(":")
        if side not in ("after", "before"):
            raise _fail(cid, "dated", f"items read 'after:<id>' or 'before:<id>', got {item!r}")
        _check_ids(cid, "dated", [event], L)
        event_period(L, event)


def validate(claims: pd.DataFrame, L: Ledger) -> pd.DataFrame:
    """Check every rule of the claims file against ledger ``L``; return it, or raise ClaimsError.

    Rules: all :data:`COLUMNS`; unique ids ``sNNN.name`` starting with the seed number; the
    seed is a seed article in data/sources.csv; kind from :data:`KINDS`; every ledger row,
    template and ``dated`` event exists; a computed claim names a check of :data:`CHECKS`
    and leaves verdict and reason empty; a hand-written one has a verdict from
    :data:`VERDICTS` and a reason; ``claim_row`` (the ledger row recording the article's own
    number) agrees with ``claim_value``.
    """
    label, lines = claims.attrs.get("file", "claims file"), claims.attrs.get("lines")
    missing = [c for c in COLUMNS if c not in claims.columns]
    if missing:
        raise ClaimsError(f"{label} line 1: breaks rule 'columns': missing {missing}")
    seen = set()
    for index, row in enumerate(claims.to_dict("records")):
        cid = row["id"]
        try:
            if not _ID.match(cid) or not cid.startswith(f"s{row['seed']}."):
                raise _fail(cid, "id", "ids read 'sNNN.short_name' with NNN the seed number")
            if cid in seen:
                raise _fail(cid, "id", "the id is used by more than one claim")
            seen.add(cid)
            _validate_row(row, L)
        except ReappraiseError as exc:
            where = f"{label} line {lines[index]}" if lines else label
            raise ClaimsError(f"{where}: {exc}") from None
    return claims


def load(path=paths.CLAIMS, L: Ledger | None = None) -> pd.DataFrame:
    """Read and validate ``data/claims.csv`` against ledger ``L`` (default: the project ledger)."""
    from reappraise.evidence import ledger

    L = ledger.load() if L is None else L
    claims = csvfile.read(path, ClaimsError)
    attrs = dict(claims.attrs)
    claims = claims.apply(lambda col: col.str.strip())
    claims.attrs.update(attrs)
    return validate(claims, L)


# --- verdicts --------------------------------------------------------------------------------

def _press_caveat(L: Ledger, rows: list[str], seed: str) -> tuple[str, str] | None:
    """If ``rows`` rest on press coverage, return the (verdict, sentence) a 'supported' becomes."""
    sources = [L.row(r)["source"] for r in rows]
    own = seed_source(L, seed)
    if all(s == own for s in sources):
        return "not checkable", "Only this article prints it: the ledger takes it from the article itself."
    is_press = [L.sources.loc[s, "kind"] == "seed" for s in sources]
    press = sorted({str(L.sources.loc[s, "short"]) for s, p in zip(sources, is_press) if p})
    if not press:
        return None
    lead = "Corroborated here only by" if all(is_press) else "Part of it rests only on"
    return "supported with caveat", f"{lead} press coverage ({', '.join(press)})."


def verdict(row: dict, L: Ledger, tolerance: float = 0.10) -> tuple[str, str]:
    """Return (verdict, reason) of one claim: computed from the ledger, or the hand-written one.

    Computed: a gap row makes it "not checkable"; a "supported" resting only on the article
    itself becomes "not checkable", one resting partly on other press coverage "supported
    with caveat"; a caveat turns "supported" into "supported with caveat" and is appended.
    """
    number_in(tolerance, "tolerance", 0, 1)
    if not row["check"]:
        return row["verdict"], fill(row["reason"], L)
    rows = split(row["ledger_rows"])
    gaps = [r for r in rows if L.row(r)["status"] == "gap"]
    if gaps:
        result = "not checkable", f"The ledger records {', '.join(gaps)} as not public."
    else:
        result = CHECKS[row["check"]](L, rows, row["claim_value"], tolerance)
        if result[0] == "supported":
            press = _press_caveat(L, rows, row["seed"])
            if press:
                result = press[0], f"{result[1]} {press[1]}"
    if row["caveat"]:
        downgraded = "supported with caveat" if result[0] == "supported" else result[0]
        result = downgraded, f"{result[1]} {fill(row['caveat'], L)}"
    return result


def audit(claims: pd.DataFrame, L: Ledger, tolerance: float = 0.10) -> pd.DataFrame:
    """Return one row per claim: id, seed, kind, claim, verdict, reason, computed, check, ledger_rows.

    ``tolerance`` is the relative tolerance of numeric matches (doses, durations); 0.10
    accepts 'about 125 mg' for 120 mg. Counts and printed percentages are always exact.
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 <= tolerance < 1:
        raise ReappraiseError(f"tolerance must be a number from 0 to below 1 (e.g. 0.10), got {tolerance!r}")
    out = []
    for row in claims.to_dict("records"):
        result, reason = verdict(row, L, tolerance)
        out.append({"id": row["id"], "seed": row["seed"], "kind": row["kind"], "claim": row["claim"],
                    "verdict": result, "reason": reason, "computed": bool(row["check"]),
                    "check": row["check"], "ledger_rows": row["ledger_rows"]})
    return pd.DataFrame(out).set_index("id", drop=False)


def summary(audited: pd.DataFrame) -> pd.DataFrame:
    """Return claims per seed (rows) and verdict (columns, in :data:`VERDICTS` order), with totals."""
    table = pd.crosstab(audited["seed"], pd.Categorical(audited["verdict"], categories=VERDICTS), dropna=False)
    table.columns = list(VERDICTS)
    table["total"] = table.sum(axis=1)
    table.loc["all"] = table.sum()
    return table


def windows(claims: pd.DataFrame, L: Ledger) -> pd.DataFrame:
    """Return, per seed, the dates its claims imply it was written: earliest, latest and why.

    Each ``after:<id>`` item of ``dated`` puts the earliest date at that event's first day,
    each ``before:<id>`` the latest at its last day (lenient at both ends). ``consistent`` is
    False when no date satisfies all of an article's claims.
    """
    out = []
    for seed, group in claims.groupby("seed", sort=True):
        after, before = [], []
        for item in (i for cell in group["dated"] for i in split(cell)):
            side, _, event = item.partition(":")
            (after if side == "after" else before).append((event_period(L, event)[0 if side == "after" else 1], event))
        early, late = max(after, default=(None, "")), min(before, default=(None, ""))
        out.append({"seed": seed, "earliest": early[0], "earliest_from": early[1], "latest": late[0],
                    "latest_from": late[1], "consistent": early[0] is None or late[0] is None or early[0] <= late[0],
                    "dated_claims": len(after) + len(before)})
    return pd.DataFrame(out).set_index("seed")


# --- figures ---------------------------------------------------------------------------------

def verdict_colors() -> dict[str, str]:
    """Return one Okabe-Ito colour per verdict (green supported ... grey not checkable)."""
    from reappraise.style import OKABE_ITO as c

    return dict(zip(VERDICTS, (c["green"], c["sky"], c["orange"], c["vermillion"], c["purple"], c["grey"])))


def plot_verdicts(ax, table: pd.DataFrame, labels: dict[str, str]):
    """Draw stacked horizontal bars of claims per verdict, one bar per seed of ``table``.

    ``table`` is :func:`summary` (its 'all' row and 'total' column are ignored); ``labels``
    maps seed -> bar label. Counts are written inside segments in black or white, whichever
    contrasts more with the segment (at least 4.5:1 for every verdict colour). Returns ``ax``.
    """
    from reappraise.style import text_color

    table = table.drop(index="all", errors="ignore")[list(VERDICTS)]
    colors = verdict_colors()
    y = range(len(table))[::-1]
    left = pd.Series(0, index=table.index)
    for name in VERDICTS:
        ax.barh(list(y), table[name], left=left, color=colors[name], label=name, edgecolor="white", height=0.7)
        for yi, (seed, count) in zip(y, table[name].items()):
            if count:
                ax.text(left[seed] + count / 2, yi, str(int(count)), ha="center", va="center", fontsize=9,
                        color=text_color(colors[name]))
        left = left + table[name]
    ax.set(yticks=list(y), yticklabels=[labels.get(s, s) for s in table.index], xlabel="number of claims")
    ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    ax.grid(axis="y", visible=False)
    return ax


def plot_timeline(ax, L: Ledger, events: dict[str, str], dated: pd.DataFrame, labels: dict[str, str]):
    """Draw dated events (one row each) above each article's implied writing window.

    ``events`` maps ledger date-row id -> label; a year-only date is drawn as a bar across
    the year. ``dated`` is :func:`windows`: each article's 'after' constraint is a line to the
    right, its 'before' constraint a line to the left, and the dates satisfying both a thick
    bar (none when the article's claims contradict each other). Returns ``ax``.
    """
    import matplotlib.dates as mdates

    from reappraise.style import COLORS

    spans = {i: event_period(L, i) for i in events}
    lo = min(s for s, _ in spans.values()) - dt.timedelta(days=200)
    hi = max(e for _, e in spans.values()) + dt.timedelta(days=200)
    rows = list(events) + [f"seed:{s}" for s in dated.index]
    ypos = {r: len(rows) - 1 - k for k, r in enumerate(rows)}
    for event, (start, end) in spans.items():
        y = ypos[event]
        if (end - start).days > 40:
            ax.plot([start, end], [y, y], color=COLORS["reported"], lw=6, alpha=0.35, solid_capstyle="butt")
        ax.plot([start], [y], "o", color=COLORS["reported"], ms=5)
        ax.annotate(render(L, event), (end, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    for seed, w in dated.iterrows():
        y, color = ypos[f"seed:{seed}"], COLORS["mdma"] if w["consistent"] else COLORS["highlight"]
        if w["earliest"] is not None:
            ax.annotate("", xy=(hi, y + 0.12), xytext=(w["earliest"], y + 0.12),
                        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2})
        if w["latest"] is not None:
            ax.annotate("", xy=(lo, y - 0.12), xytext=(w["latest"], y - 0.12),
                        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2})
        if w["dated_claims"] == 0:
            ax.annotate("no dated claim", (lo, y), va="center", fontsize=8, color=COLORS["benchmark"])
        elif w["consistent"]:
            ax.plot([w["earliest"] or lo, w["latest"] or hi], [y, y], color=color, lw=6, solid_capstyle="butt")
        else:
            ax.annotate(f"no date fits all its claims (after {w['earliest']:%Y-%m}, before {w['latest']:%Y-%m})",
                        (lo + dt.timedelta(days=120), y), va="center", fontsize=8, color=color,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.axhline(len(dated) - 0.5, color=COLORS["benchmark"], lw=0.8)
    ax.set_yticks([ypos[r] for r in rows], [events[r] if r in events else labels.get(r[5:], r) for r in rows])
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("date (year-only dates drawn as a bar across the year)")
    ax.grid(axis="y", visible=False)
    return ax
