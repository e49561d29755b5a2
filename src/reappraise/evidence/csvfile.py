"""Reading the hand-edited CSV files of ``data/`` strictly: one line naming file, line and rule.

pandas reads a damaged file in surprising ways (a row with an extra field silently becomes
the index, a file cut off after the header loads as an empty table, a cut-off last row
loads with empty cells) and reports the rest as parser or decoding errors that name no
rule. :func:`read` refuses all of these before any row is validated; each rule below is
checked on every load and reported as ``<file> line <n>: breaks rule '<rule>': <detail>``.

Rules
-----
- ``file``: the file exists.
- ``encoding``: the bytes are UTF-8 (the line of the first byte that is not is named).
- ``empty``: the file has a header line; ``rows``: and at least one row after it.
- ``complete``: the file ends with a line break (a file cut off mid-row does not).
- ``csv``: every quoted field is closed, and nothing follows a closing quote but a comma.
- ``header``: the header names each column once, none empty.
- ``fields``: every row has as many fields as the header (no blank lines inside the file).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from reappraise import paths
from reappraise.errors import ReappraiseError


def _label(path: Path) -> str:
    return paths.display(path)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read(path: Path | str, error: type[ReappraiseError] = ReappraiseError, sep: str = ",",
         columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Return the CSV file at ``path`` as a DataFrame of strings, checked against every rule above.

    ``sep`` is the field separator (``;`` for a file exported with decimal commas);
    ``columns`` the columns the file must have (rule 'columns', on line 1).

    ``frame.attrs["lines"]`` holds the line on which each row starts (the header is line 1)
    and ``frame.attrs["file"]`` the file's name for messages. Raises ``error`` (a
    ReappraiseError subclass) with one line naming the file, the line and the rule.
    """
    path = Path(path)
    label = _label(path)

    def fail(line: int, rule: str, detail: str) -> ReappraiseError:
        return error(f"{label} line {line}: breaks rule '{rule}': {detail}")

    if not path.is_file():
        raise error(f"{label}: breaks rule 'file': no such file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(_line_of(data, exc.start), "encoding", f"byte 0x{data[exc.start]:02x} is not UTF-8 "
                   "(save the file as UTF-8)") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail(1, "empty", "the file is empty; expected a header line and at least one row")
    if not text.endswith(("\n", "\r")):
        raise fail(text.count("\n") + 1, "complete", "the last line has no line break: the file looks cut off")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows, lines, start = [], [], 1
    try:
        header = next(reader)
        start = reader.line_num + 1
        for record in reader:
            rows.append(record)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise fail(start, "csv", f"the row starting here is not well-formed CSV ({exc}): a quoted field is "
                   "unclosed, or text follows a closing quote") from None
    names = [h.strip() for h in header]
    if any(not h for h in names) or len(set(names)) != len(names):
        raise fail(1, "header", f"the header must name each column once, got {header!r}")
    if not rows:
        raise fail(2, "rows", "the file has a header but no rows")
    for line, record in zip(lines, rows):
        if len(record) != len(header):
            shown = "a blank line" if not record else f"{len(record)} fields"
            raise fail(line, "fields", f"{shown} where the header has {len(header)}")
    missing = [c for c in columns if c not in names]
    if missing:
        raise fail(1, "columns", f"missing {missing}")
    frame = pd.DataFrame(rows, columns=names, dtype=str)
    frame.attrs["lines"] = lines
    frame.attrs["file"] = label
    return frame
