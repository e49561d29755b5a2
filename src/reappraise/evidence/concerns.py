"""The regulators' and reviewers' concerns about the MDMA trials (``data/concerns.csv``), validated on load.

One row per concern raised by the FDA's advisory committee, its complete response letter or
ICER: what public data can test, which result notebook 10 computes for it, whether it is
testable with public data at all, and what design would settle it. Rules checked by
:func:`load` (a :class:`~reappraise.errors.LedgerError` names the row and the rule):

- ``columns``: every column of :data:`COLUMNS` is present; ``id`` lower case and unique.
- ``provenance``: ``raised_by`` is a source listed in ``data/sources.csv`` and ``locator`` is filled.
- ``testable``: one of :data:`TESTABLE`.
- ``computed``: a concern testable at least in part names what is computed for it; an
  untestable one names nothing (its table cell then says so).
- ``text``: ``concern``, ``public_data`` and ``design`` are filled in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from reappraise import paths
from reappraise.errors import LedgerError
from reappraise.evidence import csvfile
from reappraise.evidence.ledger import load_sources

COLUMNS = ("id", "concern", "raised_by", "locator", "testable", "public_data", "computed", "design")
TESTABLE = ("yes", "partly", "no")
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _fail(row_id: str, rule: str, detail: str) -> LedgerError:
    return LedgerError(f"concerns row {row_id!r} breaks rule '{rule}': {detail}")


def load(path: Path | str = paths.CONCERNS, sources: Path | str = paths.SOURCES) -> pd.DataFrame:
    """Read and validate the concerns; return them indexed by ``id`` in file order."""
    path = Path(path)
    df = csvfile.read(path, LedgerError)  # file, encoding, empty, cut off, fields: one line each
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise LedgerError(f"concerns file {path.name} breaks rule 'columns': missing {missing}")
    known = set(load_sources(sources).index)
    seen: set[str] = set()
    for row in df.to_dict("records"):
        rid = row["id"].strip()
        if not _ID.match(rid) or rid in seen:
            raise _fail(rid, "columns", "ids are lower case ([a-z0-9_]) and unique")
        seen.add(rid)
        if row["raised_by"] not in known or not row["locator"].strip():
            raise _fail(rid, "provenance", f"raised_by {row['raised_by']!r} must be listed in data/sources.csv, with a locator")
        if row["testable"] not in TESTABLE:
            raise _fail(rid, "testable", f"{row['testable']!r} is not one of {list(TESTABLE)}")
        if (row["testable"] == "no") == bool(row["computed"].strip()):
            raise _fail(rid, "computed", "a testable concern names what is computed for it; an untestable one names nothing")
        for column in ("concern", "public_data", "design"):
            if not row[column].strip():
                raise _fail(rid, "text", f"{column} is empty")
    return df.set_index("id", drop=False)
