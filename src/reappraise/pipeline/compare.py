"""Compare the key results of notebooks across scenarios, side by side.

For a scenario that did not touch a notebook, that notebook's results are the published
(default) ones, read from the committed executed notebook; the table marks such cells.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd

from reappraise import paths
from reappraise.pipeline import params
from reappraise.report import results
from reappraise.errors import ParameterError

HIDDEN_PREFIX = "headline_"


def published_results(name: str) -> dict:
    """Return the key results recorded in the committed (default-parameter) notebook ``name``."""
    return results.collect(nbformat.read(paths.notebook_path(name), as_version=4))


def scenario_results(scenario: str) -> dict[str, dict]:
    """Return {notebook: results} for ``scenario``: its runs where present, else the published ones."""
    if not isinstance(scenario, str):
        raise ParameterError(f"scenario must be a scenario name such as 'conservative', got {scenario!r}")
    folder = paths.RUNS / scenario
    if scenario != "default" and not folder.is_dir():
        raise ParameterError(f"scenario {scenario!r} has not been run; run `python -m reappraise scenario {scenario}` first")
    found = {}
    for name in params.notebook_names():
        path = folder / f"{name}.results.json"
        found[name] = json.loads(path.read_text()) if path.is_file() else published_results(name)
    return found


def table(scenarios: list[str]) -> pd.DataFrame:
    """Return key results (rows: notebook, result) by scenario (columns), plus a 'robust' column.

    'robust' is True where every scenario gives the same value (numbers compared to 3
    significant figures), so a reader sees at a glance which conclusions move.
    """
    if not isinstance(scenarios, (list, tuple)) or len(scenarios) < 2:
        raise ParameterError("scenarios must list at least two scenario names, e.g. `compare default conservative`")
    per = {s: scenario_results(s) for s in scenarios}
    rows = []
    for name in params.notebook_names():
        keys = sorted({k for s in scenarios for k in per[s][name] if not k.startswith(HIDDEN_PREFIX)})
        for key in keys:
            rows.append({"notebook": name[:2], "result": key, **{s: per[s][name].get(key) for s in scenarios}})
    df = pd.DataFrame(rows).set_index(["notebook", "result"])
    df["robust"] = df.apply(lambda r: len({_rounded(v) for v in r[scenarios]}) == 1, axis=1)
    return df


def _rounded(value):
    if isinstance(value, float):
        return float(f"{value:.3g}")
    if isinstance(value, list):
        return tuple(_rounded(v) for v in value)
    return value


def _fmt(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """Return the comparison with numbers to 3 significant figures and 'robust' as yes/no."""
    out = df.map(_fmt).reset_index()
    out["robust"] = df["robust"].map({True: "yes", False: "no"}).to_numpy()
    return out


def write(df: pd.DataFrame, scenarios: list[str], out: Path | None = None) -> list[Path]:
    """Write the comparison as CSV and markdown, and a figure of the numeric results; return paths."""
    import matplotlib.pyplot as plt

    from reappraise.report import figures
    from reappraise.pipeline.files import write_if_changed

    folder = Path(out or paths.RUNS / ("compare-" + "-".join(scenarios)))
    csv = folder / "comparison.csv"
    md = folder / "comparison.md"
    write_if_changed(csv, df.to_csv().encode("utf-8"))
    write_if_changed(md, (readable(df).to_markdown(index=False) + "\n").encode("utf-8"))
    numeric = df[scenarios].apply(pd.to_numeric, errors="coerce").dropna()
    numeric = numeric[~df.loc[numeric.index, "robust"]]
    written = [csv, md]
    if len(numeric):
        figures.use_style()
        fig, ax = plt.subplots(figsize=(figures.WIDTH, 0.35 * len(numeric) + 1.5))
        relative = numeric.div(numeric[scenarios[0]].where(numeric[scenarios[0]] != 0), axis=0)
        labels = [f"{nb} {key}" for nb, key in numeric.index]
        for i, s in enumerate(scenarios):
            ax.scatter(relative[s], range(len(labels)), label=s, zorder=3, marker="o^sD"[i % 4])
        ax.set(yticks=range(len(labels)), yticklabels=labels, xlabel=f"value relative to '{scenarios[0]}'",
               title="Key results that change across scenarios")
        ax.axvline(1, color=figures.COLORS["benchmark"], lw=1)
        ax.legend(frameon=False, loc="best")
        written.extend(figures.save(fig, "comparison", folder=folder))
        plt.close(fig)
    return written
