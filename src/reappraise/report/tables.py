"""One table style for every table a reader sees.

- :func:`tidy` turns a DataFrame into a styled table for a notebook: readable column
  names, no index-name row, no meaningless row numbers, numbers right-aligned and rounded
  to a few significant digits, missing values blank, booleans as yes/no.
- :func:`key_results_html` shows recorded key results (:mod:`reappraise.report.results`)
  as a small two-column table.
- :func:`tidy_html` applies the same rules to a table pandas has already rendered as HTML
  (``DataFrame.to_html``), which is how the site tidies notebooks that display plain
  DataFrames.

Output is deterministic (no random element ids), so re-executed notebooks keep their bytes.
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
import re

from reappraise.errors import ReappraiseError

MISSING = {"", "<NA>", "&lt;NA&gt;", "None", "NaN", "nan", "NaT", "<NA>"}
_NUMBER = re.compile(r"^[−+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(e[−+-]?\d+)?\s?%?$")
_RAW_FLOAT = re.compile(r"^-?\d+\.\d{5,}$")


def label(name) -> str:
    """Return a readable column name: ``rd_low`` -> ``rd low``, ``n`` unchanged, tuples joined."""
    if isinstance(name, tuple):
        return " ".join(label(part) for part in name if str(part))
    return str(name).replace("_", " ").strip()


def number(value, digits: int = 3) -> str:
    """Format a number for a table: whole numbers as they are (``12``, ``1,000``), other numbers
    rounded to ``digits`` significant digits (``0.342`` , ``2.92``, ``19.3``), negatives with a
    true minus sign, missing values blank."""
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 1:
        raise ReappraiseError(f"digits must be a whole number >= 1, got {digits!r}")
    if value is None or isinstance(value, bool):
        return "" if value is None else ("yes" if value else "no")
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x.is_integer() and abs(x) < 1e15:
        text = f"{int(x):,}" if abs(x) >= 10_000 else str(int(x))
    elif abs(x) >= 10 ** digits:
        text = f"{x:,.0f}"
    elif abs(x) >= 1e-4:
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
        text = f"{x:.{decimals}f}"
    else:
        text = f"{x:.{max(digits - 1, 1)}g}"
    return text.replace("-", "−")


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def tidy(df, digits: int = 3, caption: str | None = None, index: bool | None = None):
    """Return ``df`` as a pandas Styler in the collection's table style.

    ``index``: show the row labels (default: only when they are not 0, 1, 2, ...).
    ``caption`` is shown above the table. Display the result (last line of a cell)
    instead of the DataFrame itself; the data are unchanged.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise ReappraiseError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if index is None:
        index = not isinstance(df.index, pd.RangeIndex)
    uid = hashlib.sha1(("|".join(map(str, df.columns)) + str(df.shape)).encode()).hexdigest()[:8]
    styler = df.style.set_uuid(f"rp{uid}").format(lambda v: number(v, digits) if _is_number(v) or v is None
                                                  else ("" if pd.isna(v) else str(v)) if not isinstance(v, (list, tuple)) else str(v))
    styler = styler.format_index(label, axis="columns").hide(axis="index", names=True)
    if not index:
        styler = styler.hide(axis="index")
    numeric = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "font-variant-numeric": "tabular-nums"})
    styler = styler.set_table_attributes('class="rp-table"')
    if caption:
        styler = styler.set_caption(caption)
    return styler


def key_results_html(values: dict, digits: int = 3) -> str:
    """Return recorded key results (name -> value) as a small HTML table: result, value."""
    if not isinstance(values, dict):
        raise ReappraiseError(f"values must be a dict of recorded results, got {type(values).__name__}")
    rows = []
    for name, value in values.items():
        if isinstance(value, list):
            shown = ", ".join(number(v, digits) if _is_number(v) else str(v) for v in value)
        else:
            shown = number(value, digits) if _is_number(value) or isinstance(value, bool) or value is None else str(value)
        cls = ' class="rp-num"' if _is_number(value) else ""
        rows.append(f"<tr><th scope=\"row\"><code>{html.escape(name)}</code></th><td{cls}>{html.escape(shown)}</td></tr>")
    return ('<table class="rp-table rp-key-results">\n<caption>Key results (machine-readable in '
            "<code>build/results/</code>)</caption>\n<thead><tr><th scope=\"col\">result</th><th scope=\"col\">value</th></tr></thead>\n"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _cells(row: str) -> list[tuple[str, str, str]]:
    """Return (tag, attributes, content) of each cell of one ``<tr>`` block."""
    return re.findall(r"<(th|td)([^>]*)>(.*?)</\1>", row, re.S)


def _tidy_cell(tag: str, attrs: str, content: str, digits: int) -> str:
    text = content.strip()
    if text in MISSING:
        text = ""
    elif text in ("True", "False"):
        text = "yes" if text == "True" else "no"
    elif _RAW_FLOAT.match(text):
        text = number(float(text), digits)
    if tag == "td" and text and _NUMBER.match(text.replace("−", "-")):
        attrs = attrs + ' class="rp-num"'
    return f"<{tag}{attrs}>{text}</{tag}>"


def tidy_html(text: str, digits: int = 3) -> str:
    """Apply :func:`tidy`'s rules to a table rendered by ``DataFrame.to_html`` (other HTML unchanged).

    Drops pandas' inline style block and border, the index-name header row (its name moves
    into the header of the index column) and row numbers 0, 1, 2, ...; blanks missing values;
    writes booleans as yes/no; rounds raw floats (5 or more decimals) to ``digits``
    significant digits; marks numeric cells for right alignment.
    """
    if 'class="dataframe"' not in text:
        return text
    text = re.sub(r"<style scoped>.*?</style>\s*", "", text, flags=re.S)
    text = text.replace('<table border="1" class="dataframe">', '<table class="dataframe rp-table">')
    text = re.sub(r'<tr style="text-align: right;">', "<tr>", text)

    def fix_table(match: re.Match) -> str:
        table = match.group(0)
        head = re.search(r"<thead>(.*?)</thead>", table, re.S)
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)
        if not head or not body:
            return table
        head_rows = re.findall(r"<tr>.*?</tr>", head.group(1), re.S)
        body_rows = re.findall(r"<tr>.*?</tr>", body.group(1), re.S)
        simple = "rowspan" not in table and "colspan" not in table
        if simple and len(head_rows) == 2:
            names = _cells(head_rows[1])
            first = _cells(head_rows[0])
            if names and names[0][2].strip() and not any(c[2].strip() for c in names[1:]) and first and not first[0][2].strip():
                head_rows = [head_rows[0].replace(f"<{first[0][0]}{first[0][1]}>{first[0][2]}</{first[0][0]}>",
                                                  f"<th>{names[0][2].strip()}</th>", 1)]
        row_heads = [_cells(r)[0] for r in body_rows if _cells(r)]
        if (simple and len(head_rows) == 1 and row_heads and len(row_heads) == len(body_rows)
                and all(c[0] == "th" for c in row_heads)
                and [c[2].strip() for c in row_heads] == [str(i) for i in range(len(body_rows))]):
            first = _cells(head_rows[0])
            if first and not first[0][2].strip():
                head_rows = [re.sub(r"<th[^>]*>\s*</th>", "", head_rows[0], count=1)]
                body_rows = [re.sub(r"<th[^>]*>.*?</th>", "", r, count=1, flags=re.S) for r in body_rows]
        body_rows = [re.sub(r"<(th|td)([^>]*)>(.*?)</\1>", lambda m: _tidy_cell(m.group(1), m.group(2), m.group(3), digits), r, flags=re.S)
                     for r in body_rows]
        head_rows = [re.sub(r"<th([^>]*)>(.*?)</th>", lambda m: f'<th{m.group(1)} scope="col">{m.group(2)}</th>'
                            if "scope=" not in m.group(1) else m.group(0), r, flags=re.S) for r in head_rows]
        return (table[:head.start()] + "<thead>\n" + "\n".join(head_rows) + "\n</thead>" + table[head.end():body.start()]
                + "<tbody>\n" + "\n".join(body_rows) + "\n</tbody>" + table[body.end():])

    return re.sub(r'<table class="dataframe rp-table">.*?</table>', fix_table, text, flags=re.S)
