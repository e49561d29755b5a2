"""Key results in machine-readable form, for comparing runs under different assumptions.

``record(name=value, ...)`` displays the values in the notebook as a small table and as a
JSON output of type :data:`MIME`; the runner collects every such output of an executed
notebook into ``results.json`` beside it (see :func:`collect`). Values must be numbers,
strings, booleans or lists of those.
"""

from __future__ import annotations

import json
import math

from reappraise.errors import ReappraiseError

MIME = "application/vnd.reappraise.results+json"


def _clean(name: str, value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return [_clean(name, v) for v in value]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReappraiseError(f"result {name!r} must be a number, string, boolean or list, got {type(value).__name__}") from None
    if math.isfinite(number) and float(number).is_integer() and not isinstance(value, float):
        return int(number)
    return round(number, 10) if math.isfinite(number) else str(number)


def record(**values) -> None:
    """Display the key results ``values`` (name -> number/string/list) as a table and as JSON."""
    from IPython.display import display

    data = {name: _clean(name, value) for name, value in values.items()}
    lines = "\n".join(f"{name} = {json.dumps(value)}" for name, value in data.items())
    display({MIME: data, "text/plain": "Key results\n" + lines}, raw=True)


def collect(notebook) -> dict:
    """Return every recorded result of an executed notebook (a nbformat node), later ones winning."""
    found: dict = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME in data:
                found.update(data[MIME])
    return found
