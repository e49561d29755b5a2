"""Compare the key results of notebooks across scenarios, side by side.

``default`` is always the publication: the results recorded in the committed notebooks. A
scenario (or a ``run`` folder) is compared only when its ``manifest.json`` says every
notebook it touches finished, and, for a scenario, only with the values its file sets now;
anything else (never run, interrupted, failed, edited since) is refused with one line
naming the notebooks, never filled in with published values. For a notebook a scenario
does not touch, the published results are the scenario's results (it keeps the defaults).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd

from reappraise import paths
from reappraise.pipeline import files, params
from reappraise.report import results
from reappraise.errors import ParameterError

HIDDEN_PREFIX = "headline_"


def published_results(name: str) -> dict:
    """Return the key results recorded in the committed (default-parameter) notebook ``name``."""
    return results.collect(nbformat.read(paths.notebook_path(name), as_version=4))


def _touched(scenario: str) -> dict[str, dict]:
    """Return {notebook: parameters} of the finished notebooks of run folder ``scenario``; refuse anything less."""
    from reappraise.pipeline import scenarios

    folder = files.run_folder(scenario, "scenario name")
    rerun = f"run `python -m reappraise scenario {scenario}`"
    if not folder.is_dir():
        raise ParameterError(f"scenario {scenario!r} has not been run; {rerun} first")
    manifest = scenarios.read_manifest(folder)
    if manifest is None:
        raise ParameterError(f"{paths.display(folder)}/ has no readable {scenarios.MANIFEST} (an interrupted or older "
                             f"run); {rerun} again")
    entries = manifest["notebooks"]
    unfinished = [f"{n} ({e.get('status')})" for n, e in sorted(entries.items())
                  if not isinstance(e, dict) or e.get("status") != "done"]
    unfinished += [f"{n} (no results)" for n, e in sorted(entries.items())
                   if isinstance(e, dict) and e.get("status") == "done" and not (folder / f"{n}.results.json").is_file()]
    if unfinished:
        raise ParameterError(f"scenario {scenario!r} is incomplete, not compared: {', '.join(unfinished)}; {rerun} again")
    if manifest.get("kind") == "scenario" and scenario in scenarios.available():
        now = scenarios.load(scenario).values
        if {n: e.get("parameters") for n, e in entries.items()} != now:
            raise ParameterError(f"scenarios/{scenario}.yaml has changed since {paths.display(folder)}/ was run; "
                                 f"{rerun} again")
    return {n: e.get("parameters") for n, e in entries.items()}


def scenario_results(scenario: str) -> dict[str, dict]:
    """Return {notebook: results} for ``scenario``: its finished runs, the published ones elsewhere.

    ``default`` is the publication. Raises ParameterError for a scenario that was never run,
    is incomplete (interrupted, failed, killed) or was run with other values than its file sets now.
    """
    if not isinstance(scenario, str):
        raise ParameterError(f"scenario must be a scenario name such as 'conservative', got {scenario!r}")
    files.check_name(scenario, "scenario name")
    touched = {} if scenario == "default" else _touched(scenario)
    folder = paths.RUNS / scenario
    found = {}
    for name in params.notebook_names():
        found[name] = (json.loads((folder / f"{name}.results.json").read_text(encoding="utf-8"))
                       if name in touched else published_results(name))
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

    folder = files.inside(out) if out is not None else files.run_folder(files.short_name("compare-" + "-".join(scenarios)))
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
