"""Scenarios: named sets of parameter values, run across notebooks and compared.

A scenario file ``scenarios/<name>.yaml`` has a ``description``, ``shared`` values (applied
to every notebook that has a parameter of that name, e.g. ``confidence``) and per-notebook
values under ``notebooks`` (keyed by full name or number). A scenario *touches* every
notebook it sets at least one parameter for; the others keep their published defaults.

The whole file is validated before anything runs and every problem is reported at once,
one line each, as ``<file>: <key>: <problem>``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from reappraise import paths
from reappraise.pipeline import files, params, runner
from reappraise.report import results
from reappraise.errors import ParameterError

TOP_KEYS = {"description", "shared", "notebooks"}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: its name, description and the typed values per notebook it touches."""

    name: str
    description: str
    values: dict[str, dict] = field(default_factory=dict)


def scenario_path(name: str) -> Path:
    """Return ``scenarios/<name>.yaml``."""
    return paths.SCENARIOS / f"{name}.yaml"


def available() -> list[str]:
    """Return the names of the scenario files, sorted."""
    return sorted(p.stem for p in paths.SCENARIOS.glob("*.yaml"))


def _read(name: str) -> tuple[str, dict]:
    path = scenario_path(name)
    label = f"scenarios/{name}.yaml"
    if not path.is_file():
        raise ParameterError(f"unknown scenario {name!r}; choose one of: {', '.join(available())}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ParameterError(f"{label}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise ParameterError(f"{label}: expected a mapping with keys {sorted(TOP_KEYS)}")
    return label, raw


def load(name: str) -> Scenario:
    """Read and validate scenario ``name``; raise ParameterError listing every problem."""
    label, raw = _read(name)
    problems: list[str] = [f"{label}: {key}: unknown key; allowed: {', '.join(sorted(TOP_KEYS))}"
                           for key in raw if key not in TOP_KEYS]
    shared = raw.get("shared") or {}
    per_notebook = raw.get("notebooks") or {}
    if not isinstance(shared, dict) or not isinstance(per_notebook, dict):
        raise ParameterError(f"{label}: 'shared' and 'notebooks' must be mappings of names to values")
    schemas = {n: params.load_schema(n) for n in params.notebook_names()}
    values: dict[str, dict] = {}
    for key in shared:
        if not any(key in s for s in schemas.values()):
            problems.append(f"{label}: shared.{key}: no notebook has a parameter {key!r}")
    for nb_key, settings in per_notebook.items():
        try:
            name_ = params.resolve_notebook(str(nb_key).zfill(2) if isinstance(nb_key, int) else str(nb_key))
        except ParameterError as exc:
            problems.append(f"{label}: notebooks.{nb_key}: {exc}")
            continue
        if not isinstance(settings, dict):
            problems.append(f"{label}: notebooks.{nb_key}: expected a mapping of parameter names to values")
            continue
        values[name_] = dict(settings)
    for name_, schema in schemas.items():
        merged = {k: v for k, v in shared.items() if k in schema}
        merged.update(values.get(name_, {}))
        if not merged:
            values.pop(name_, None)
            continue
        try:
            values[name_] = params.validate(name_, merged, where=f"{label}: notebooks.{name_}")
        except ParameterError as exc:
            problems.extend(str(exc).splitlines())
    if problems:
        raise ParameterError("\n".join(problems))
    return Scenario(name, str(raw.get("description", "")).strip(), dict(sorted(values.items())))


def _execute_one(name: str, folder: str, values: dict) -> tuple[str, dict, float]:
    """Run one notebook into ``folder`` (in a worker process); return (name, results, seconds)."""
    start = time.perf_counter()
    folder_ = Path(folder)
    found = runner.execute(name, folder_ / f"{name}.ipynb", values, folder_ / "figures")
    runner.write_results(found, folder_ / f"{name}.results.json")
    return name, found, time.perf_counter() - start


#: Start method of the process pool: safe with threads on every supported Python (3.14 makes it the default).
START_METHOD = "forkserver"


def run(scenario: Scenario, jobs: int | None = None, out: Path | None = None) -> Path:
    """Execute every notebook ``scenario`` touches, in parallel up to the core count, with progress.

    Writes ``runs/<name>/``: executed notebooks, figures, ``<notebook>.results.json`` and
    HTML pages in ``html/``. Returns the folder. Raises ExecutionFailed naming the first
    notebook that failed (the others' finished outputs are kept).
    """
    folder = Path(out or paths.RUNS / scenario.name)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(scenario.values)))
    total = len(scenario.values)
    print(f"scenario {scenario.name}: {total} notebook(s), {jobs} at a time -> {paths.display(folder)}/", file=sys.stderr)
    failures = []
    # forkserver, not fork: forking a process that runs threads (the kernel clients) can deadlock
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(START_METHOD)) as pool:
        futures = {pool.submit(_execute_one, n, str(folder), v): n for n, v in scenario.values.items()}
        for done, future in enumerate(as_completed(futures), start=1):
            name = futures[future]
            try:
                _, _, seconds = future.result()
                print(f"  [{done}/{total}] {name} done in {seconds:.1f} s", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - reported, then raised below
                failures.append(f"{name}: {exc}")
                print(f"  [{done}/{total}] {name} FAILED: {exc}", file=sys.stderr)
    if failures:
        raise runner.ExecutionFailed("; ".join(failures))
    for name in scenario.values:
        runner.write_html(folder / f"{name}.ipynb", folder / "html" / f"{name}.html")
    summary = {"scenario": scenario.name, "description": scenario.description, "parameters": scenario.values}
    files.write_if_changed(folder / "scenario.yaml", yaml.safe_dump(summary, sort_keys=True).encode("utf-8"))
    return folder
