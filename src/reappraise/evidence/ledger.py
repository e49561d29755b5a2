"""The ledger of reported numbers (``data/ledger.csv``), validated on every load.

One row per reported number, each naming its source and where the source says it. The
data's invariants are code: :func:`load` checks every rule below and raises
:class:`~reappraise.errors.LedgerError` naming the row and the rule it breaks.

Rules
-----
- ``columns``: every column of :data:`COLUMNS` is present.
- ``id``: ids are non-empty, lower-case ``[a-z0-9_.-]`` and unique.
- ``provenance``: ``study``, ``source`` and ``locator`` are filled in and ``source`` is
  listed in ``data/sources.csv``.
- ``statistic`` / ``status``: from the fixed vocabularies :data:`STATISTICS`, :data:`STATUSES`.
- ``types``: ``numerator`` and ``denominator`` are non-negative integers, ``value`` a number.
- ``numerator<=denominator``.
- ``reported``: a reported (or secondary) row has the text as printed and at least one
  number; a ``gap`` row has no numbers and a note saying what is missing.
- ``secondary``: a row known only from a secondary report (status ``secondary``) cites a
  source of kind ``news`` or ``seed`` and says in its note what the primary source is.
- ``printed-value``: where the printed text is a single number, ``value`` equals it.
- ``percent-rounding``: a printed percentage agrees with its counts under rounding to the
  printed decimals (either rounding direction at a boundary); with only a denominator,
  some whole numerator must round to it.
- ``date``: a ``date`` row prints an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reappraise import paths
from reappraise.evidence import csvfile
from reappraise.stats.consistency import percent_numerators
from reappraise.stats.printed import decimals_of, parse_number, rounds_to
from reappraise.errors import LedgerError

COLUMNS = (
    "id", "study", "outcome", "statistic", "timepoint", "arm", "numerator", "denominator",
    "value", "unit", "printed", "source", "locator", "status", "note",
)
STATISTICS = frozenset({
    "n", "count", "percent", "mean", "sd", "se", "ci_low", "ci_high", "p_value",
    "effect_size", "mean_change", "mean_difference", "date", "dose", "duration",
    "count_total", "scale_max", "definition", "individual", "vote",
})
STATUSES = frozenset({"reported", "secondary", "gap"})
#: Source kinds a ``secondary`` row may cite (press coverage and the seed articles).
SECONDARY_KINDS = frozenset({"news", "seed"})
SOURCE_COLUMNS = ("source", "short", "citation", "doi", "kind", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_PERCENT = re.compile(r"([-−]?\d+(?:\.\d+)?)\s*%")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fail(row_id: str, rule: str, detail: str) -> LedgerError:
    return LedgerError(f"ledger row {row_id!r} breaks rule '{rule}': {detail}")


def _read_csv(path: Path, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a data file strictly (:func:`reappraise.evidence.csvfile.read`): one line naming file, line and rule."""
    return csvfile.read(path, LedgerError, columns=columns)


def _at(df: pd.DataFrame, index: int) -> str:
    """'data/ledger.csv line 12' for row ``index`` of a frame read by :func:`_read_csv`."""
    return f"{df.attrs.get('file', 'ledger')} line {df.attrs['lines'][index]}" if "lines" in df.attrs else "ledger"


def _as_int(row: dict, column: str) -> int | None:
    text = row[column].strip()
    if text == "":
        return None
    if not re.fullmatch(r"\d+", text):
        raise _fail(row["id"], "types", f"{column} must be a non-negative whole number, got {text!r}")
    return int(text)


def _as_float(row: dict, column: str) -> float | None:
    text = row[column].strip()
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise _fail(row["id"], "types", f"{column} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise _fail(row["id"], "types", f"{column} must be finite, got {text!r}")
    return value


def validate_row(row: dict, sources: set[str], secondary_sources: set[str] | None = None) -> dict:
    """Check one ledger row (a dict of strings) against every rule; return it with typed numbers.

    ``secondary_sources`` are the sources a ``secondary`` row may cite (None: any listed source).
    """
    rid = row["id"]
    for column in ("study", "source", "locator"):
        if not row[column].strip():
            raise _fail(rid, "provenance", f"{column} is empty; every number names its source and where")
    if row["source"] not in sources:
        raise _fail(rid, "provenance", f"source {row['source']!r} is not listed in data/sources.csv")
    if row["statistic"] not in STATISTICS:
        raise _fail(rid, "statistic", f"{row['statistic']!r} is not one of {sorted(STATISTICS)}")
    if row["status"] not in STATUSES:
        raise _fail(rid, "status", f"{row['status']!r} is not one of {sorted(STATUSES)}")
    if row["status"] == "secondary":
        if secondary_sources is not None and row["source"] not in secondary_sources:
            raise _fail(rid, "secondary", f"a secondary row cites press coverage (a source of kind "
                                          f"{' or '.join(sorted(SECONDARY_KINDS))}), not {row['source']!r}")
        if not row["note"].strip():
            raise _fail(rid, "secondary", "a secondary row needs a note naming the primary source it stands in for")
    num, den, value = _as_int(row, "numerator"), _as_int(row, "denominator"), _as_float(row, "value")
    printed = row["printed"].strip()
    if num is not None and den is not None and num > den:
        raise _fail(rid, "numerator<=denominator", f"numerator {num} exceeds denominator {den}")
    if row["status"] == "gap":
        if num is not None or value is not None or printed:
            raise _fail(rid, "reported", "a gap row records what is missing: no numbers and no printed text")
        if not row["note"].strip():
            raise _fail(rid, "reported", "a gap row needs a note saying what is not public")
    else:
        if not printed:
            raise _fail(rid, "reported", "printed (the text as the source printed it) is empty")
        if row["statistic"] == "date":
            if not (_DATE.match(printed) or (value is not None and _DATE.match(str(int(value))))):
                raise _fail(rid, "date", f"a date row prints YYYY, YYYY-MM or YYYY-MM-DD, got {printed!r}")
        elif num is None and value is None:
            raise _fail(rid, "reported", "a reported row needs a numerator or a value")
        _check_printed(rid, row, printed, num, den, value)
    return {**row, "numerator": num, "denominator": den, "value": value}


def _check_printed(rid: str, row: dict, printed: str, num, den, value) -> None:
    single = parse_number(printed)
    if single is not None and value is not None and row["statistic"] != "date":
        if not math.isclose(single, value, rel_tol=0, abs_tol=1e-9) and not (
            row["statistic"] == "percent" and "%" not in printed and math.isclose(single, value)
        ):
            raise _fail(rid, "printed-value", f"value {value} differs from the printed {printed!r}")
    percent = _PERCENT.search(printed)
    if row["statistic"] == "percent" and percent and "–" not in printed:
        text = percent.group(1)
        shown = float(text.replace("−", "-"))
        if num is not None and den is not None:
            if not rounds_to(100.0 * num / den, shown, decimals_of(text)):
                raise _fail(rid, "percent-rounding",
                            f"{num}/{den} = {100.0 * num / den:.3f}% does not round to the printed {printed!r}")
        elif den is not None and not percent_numerators(text, den):
            raise _fail(rid, "percent-rounding", f"no whole numerator out of {den} rounds to {printed!r}")


def load_sources(path: Path | str = paths.SOURCES) -> pd.DataFrame:
    """Read ``data/sources.csv`` (one row per cited source) indexed by ``source``; check uniqueness."""
    df = _read_csv(Path(path), SOURCE_COLUMNS)
    seen: set[str] = set()
    for index, key in enumerate(df["source"]):
        if not key.strip() or key in seen:
            raise LedgerError(f"{_at(df, index)}: source {key!r} breaks rule 'id': "
                              + ("the key is empty" if not key.strip() else "the key is used by more than one row"))
        seen.add(key)
    return df.set_index("source", drop=False)


def load(path: Path | str = paths.LEDGER, sources: Path | str = paths.SOURCES) -> "Ledger":
    """Read and validate the ledger; return a :class:`Ledger`.

    Raises LedgerError with one line naming the file, the line, the row and the rule: for a
    damaged file (see :mod:`reappraise.evidence.csvfile`: encoding, empty, header only, cut
    off, unclosed quote, wrong number of fields) as for a row that breaks a rule above.
    """
    df = _read_csv(Path(path), COLUMNS)
    bibliography = load_sources(sources)
    known = set(bibliography.index)
    secondary = set(bibliography.index[bibliography["kind"].isin(SECONDARY_KINDS)])
    seen: set[str] = set()
    rows = []
    for index, row in enumerate(df.to_dict("records")):
        rid = row["id"].strip()
        try:
            if not _ID.match(rid):
                raise LedgerError(f"breaks rule 'id': {rid!r} is not a lower-case id")
            if rid in seen:
                raise _fail(rid, "id", "the id is used by more than one row")
            seen.add(rid)
            rows.append(validate_row({**row, "id": rid}, known, secondary))
        except LedgerError as exc:
            raise LedgerError(f"{_at(df, index)}: {exc}") from None
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("numerator", "denominator"):
        table[column] = table[column].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return Ledger(table.set_index("id", drop=False), bibliography)


@dataclass(frozen=True)
class Ledger:
    """The validated ledger. ``table`` is one row per number; ``sources`` the bibliography."""

    table: pd.DataFrame
    sources: pd.DataFrame

    def row(self, row_id: str) -> pd.Series:
        """Return the row ``row_id``; raise LedgerError (a ValueError) if there is none."""
        if row_id not in self.table.index:
            raise LedgerError(f"no ledger row with id {row_id!r}")
        return self.table.loc[row_id]

    def count(self, row_id: str) -> tuple[int, int]:
        """Return (numerator, denominator) of a count row, e.g. ('kvam.response.post') -> (9, 12)."""
        row = self.row(row_id)
        if pd.isna(row["numerator"]) or pd.isna(row["denominator"]):
            raise LedgerError(f"ledger row {row_id!r} has no numerator/denominator pair")
        return int(row["numerator"]), int(row["denominator"])

    def value(self, row_id: str) -> float:
        """Return the numeric value of row ``row_id`` (e.g. 'kvam.madrs.baseline.mean' -> 29.6)."""
        row = self.row(row_id)
        if pd.isna(row["value"]):
            raise LedgerError(f"ledger row {row_id!r} has no value")
        return float(row["value"])

    def n(self, row_id: str) -> int:
        """Return the sample size of a row: its ``value`` for an ``n`` row, else its denominator."""
        row = self.row(row_id)
        if row["statistic"] == "n":
            return int(self.value(row_id))
        if pd.isna(row["denominator"]):
            raise LedgerError(f"ledger row {row_id!r} has no n or denominator")
        return int(row["denominator"])

    def printed(self, row_id: str) -> str:
        """Return the text exactly as the source printed it (e.g. '67%')."""
        return str(self.row(row_id)["printed"])

    def cite(self, row_id: str) -> str:
        """Return a short citation for a row: 'Kvam 2025 (BJP), abstract'."""
        row = self.row(row_id)
        return f"{self.sources.loc[row['source'], 'short']}, {row['locator']}"

    def select(self, **where: str) -> pd.DataFrame:
        """Return the rows whose columns equal the given values, e.g. select(study='mapp1')."""
        mask = pd.Series(True, index=self.table.index)
        for column, wanted in where.items():
            mask &= self.table[column] == wanted
        return self.table[mask]

    def show(self, ids, columns=("printed", "numerator", "denominator", "value", "unit", "status", "source", "locator")) -> pd.DataFrame:
        """Return rows ``ids`` with ``columns`` for display: missing numbers shown blank, not <NA>."""
        for row_id in ids:
            self.row(row_id)
        view = self.table.loc[list(ids), list(columns)].astype(object)
        return view.where(view.notna(), "")

    def gaps(self) -> pd.DataFrame:
        """Return the rows that record a number which is not public."""
        return self.select(status="gap")

    def secondary(self) -> pd.DataFrame:
        """Return the rows known only from a secondary report (press coverage of a primary source)."""
        return self.select(status="secondary")
