"""``make bench``: how long set-up, a rerun, rebuilds and tests take, each beside its goal.

Rows printed as one table (measured in one run, so ratios compare like with like):

- environment creation (uv, then bytecode compiled, into a scratch folder; package cache warm);
- ``make all`` on a fresh clone, set-up included (goal: 50 s);
- a rerun, ``python -m reappraise run 01 -p confidence 0.9`` (goal: 5 s; the median of three);
- a full rebuild (``make all`` after removing the stamps: every notebook executed, the other
  studies' runs, the site; its one-core steps check-data and site timed on their own), the
  floor (as many notebooks as the rebuild executes, that only import the stack, as many at a
  time as there are cores) run two ways, as ``make`` runs them and in one process (see
  :data:`FLOOR_WAYS`), the ratio to each (goal: 1.3) and a no-op ``make all``;
- ``make test`` (goal: 60 s), and where its work goes (browser, notebooks executed in kernels, R
  oracles, site builds, the rest: seconds summed over the test workers, from a junit report);
- every ``benchmarks/bench_*.py`` module's ``run()`` rows (e.g. SPRITE vs pysprite, RTM
  simulation throughput).

Nothing here is asserted; speed targets are read off this table, not enforced by tests.
``make bench QUICK=1`` skips the fresh clone and ``make test`` rows.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from reappraise import paths
from reappraise.pipeline import files

FLOOR_IMPORTS = "import numpy, pandas, scipy.stats, statsmodels.api, pingouin, seaborn, matplotlib.pyplot\nimport reappraise"


def _timed(command: list[str], **env) -> float:
    """Seconds ``command`` takes in the project root. A ``make`` started here schedules its own jobs
    (the Makefile's ``--jobs``): the jobserver of the ``make bench`` that started this process is not passed on."""
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    start = time.perf_counter()
    subprocess.run(command, cwd=paths.ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**{k: v for k, v in os.environ.items() if k not in outer}, **env})
    return time.perf_counter() - start


def environment_row() -> dict:
    """Time creating a fresh environment from the lock with the project's set-up script."""
    scratch = paths.BUILD / "bench-venv"
    shutil.rmtree(scratch, ignore_errors=True)
    seconds = _timed(["bash", "tools/setup-env.sh"], VENV=str(scratch))
    shutil.rmtree(scratch, ignore_errors=True)
    return {"benchmark": "environment", "measure": "create .venv from requirements.lock (uv, then compileall)",
            "value": seconds, "unit": "s", "note": "package cache warm"}


def fresh_clone_row() -> dict:
    """Time ``make all`` in a fresh clone of HEAD (set-up, every notebook, the site), shared/ beside it."""
    with tempfile.TemporaryDirectory(dir=paths.ROOT.parent, prefix=".bench-clone-") as scratch:
        clone = Path(scratch) / paths.ROOT.name
        subprocess.run(["git", "clone", "--quiet", str(paths.ROOT), str(clone)], check=True)
        if paths.SHARED.is_dir():
            (Path(scratch) / "shared").symlink_to(paths.SHARED)
        start = time.perf_counter()
        subprocess.run(["make", "all"], cwd=clone, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
    return {"benchmark": "fresh clone", "measure": "make all: set-up + every notebook + site", "value": seconds,
            "unit": "s", "goal": 50.0, "note": "package cache warm"}


def rerun_row(repeats: int = 3) -> dict:
    """Time a rerun of notebook 01 with another parameter, as a user types it: the median of ``repeats``."""
    command = [sys.executable, "-m", "reappraise", "run", "01", "-p", "confidence", "0.9", "--name", "bench-rerun"]
    times = sorted(_timed(command) for _ in range(repeats))
    shutil.rmtree(paths.RUNS / "bench-rerun", ignore_errors=True)
    return {"benchmark": "rerun", "measure": "python -m reappraise run 01 -p confidence 0.9", "value": times[len(times) // 2],
            "unit": "s", "goal": 5.0, "note": f"median of {repeats} ({times[0]:.2f} to {times[-1]:.2f}): kernel start + "
                                              "stack import + analysis + HTML page"}


def rebuild_executions() -> int:
    """How many notebooks a full rebuild executes: the published ones and the other studies' runs (build/studies/)."""
    from reappraise.pipeline import params, site

    return len(params.notebook_names()) + sum(len(runs) for runs in site.study_runs().values())


def rebuild_rows() -> list[dict]:
    """Time a full rebuild of notebooks and site, the import-only floor, their ratio, and a no-op ``make all``."""
    shutil.rmtree(paths.BUILD / "executed", ignore_errors=True)
    for stamp in (paths.BUILD / "studies").glob("*.done"):
        stamp.unlink()
    full = _timed(["make", "all"])
    executed = rebuild_executions()
    floors = [floor_row(count=executed, way=way) for way in FLOOR_WAYS]
    noop = _timed(["make", "all"])
    serial = {step: _timed([sys.executable, "-m", "reappraise", step]) for step in ("check-data", "site")}
    return [{"benchmark": "rebuild", "measure": f"full: {executed} notebook runs + site (make, all cores)", "value": full,
             "unit": "s", "note": "the published notebooks and the other studies' runs"},
            *({"benchmark": "rebuild", "measure": f"  of which {step}, on one core", "value": seconds, "unit": "s",
               "note": "before any notebook" if step == "check-data" else "after every notebook"}
              for step, seconds in serial.items()),
            *floors,
            *({"benchmark": "rebuild", "measure": f"full rebuild / floor ({FLOOR_WAYS[way]})", "value": full / floor["value"],
               "unit": "x", "goal": 1.3, "note": "analysis cost above " + ("what every notebook's process costs" if way == "publish"
                                                                        else "the kernels alone")}
              for way, floor in zip(FLOOR_WAYS, floors)),
            {"benchmark": "rebuild", "measure": "no-op make all", "value": noop, "unit": "s", "note": "nothing changed"}]


#: Where the work of ``make test`` goes: (label, test files by their junit class-name prefix).
TEST_PARTS = (
    ("browser: Chromium and axe-core on every page", ("tests.test_browser",)),
    ("notebooks executed in kernels (nbval, runs, edges, studies)",
     ("notebooks.", "tests.test_notebook_edges", "tests.test_study_notebooks", "tests.test_runner", "tests.test_cli",
      "tests.test_scenarios", "tests.test_hostile_input", "tests.test_lab")),
    ("R oracles (base R, metafor)", ("tests.test_metafor_oracle", "tests.conformance.test_r_oracle")),
    ("site builds", ("tests.test_site",)),
)


def test_parts(junit: Path) -> list[tuple[str, float, int]]:
    """Sum a pytest junit report's test times into :data:`TEST_PARTS` plus 'everything else'.

    Returns (label, seconds of work, tests) per part; work on several workers overlaps, so the
    parts add up to more than the wall-clock time.
    """
    import xml.etree.ElementTree as ET

    sums = {label: [0.0, 0] for label, _ in TEST_PARTS} | {"everything else": [0.0, 0]}
    for case in ET.parse(junit).iter("testcase"):
        name = case.get("classname", "")
        label = next((lab for lab, prefixes in TEST_PARTS if name.startswith(prefixes)), "everything else")
        sums[label][0] += float(case.get("time", 0))
        sums[label][1] += 1
    return [(label, seconds, count) for label, (seconds, count) in sums.items()]


def test_rows() -> list[dict]:
    """Time ``make test`` (unit tests, nbval over every notebook, the browser tests); then where its work goes."""
    junit = paths.BUILD / "bench-tests.xml"
    seconds = _timed(["make", "test", f"PYTEST_ARGS=--junitxml={junit}"])
    workers = os.cpu_count() or 2
    rows = [{"benchmark": "tests", "measure": "make test", "value": seconds, "unit": "s", "goal": 60.0,
             "note": f"{workers} workers"}]
    for label, work, count in test_parts(junit):
        rows.append({"benchmark": "tests", "measure": f"  work: {label}", "value": work, "unit": "s",
                     "note": f"{count} tests; seconds summed over workers"})
    return rows


#: The two ways a floor runs its import-only notebooks: as ``make`` runs notebooks (one
#: ``python -m reappraise publish`` process each), and through the runner inside one process
#: (the floor as it was defined when the speed goals were set).
FLOOR_WAYS = {"publish": "one publish process each", "in-process": "runner in one process"}


def _floor_project(root: Path, count: int) -> list[str]:
    """Make ``root`` a project (data/ and pyproject.toml linked) whose ``count`` notebooks only import
    the stack (:data:`FLOOR_IMPORTS`), each with a one-parameter schema; return their names."""
    (root / "notebooks").mkdir()
    for name in ("data", "pyproject.toml"):
        (root / name).symlink_to(paths.ROOT / name)
    names = [f"{i:02d}-floor-only" for i in range(count)]
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(FLOOR_IMPORTS)]
        nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")
        (root / "notebooks" / f"{name}.params.yaml").write_text("x:\n  type: int\n  default: 0\n  help: unused\n")
    return names


def floor_row(count: int, way: str = "publish") -> dict:
    """Time ``count`` import-only notebooks, as many at a time as there are cores, run ``way`` (:data:`FLOOR_WAYS`).

    ``publish`` pays what each notebook of a rebuild pays (command line, parameter check, kernel
    start, the stack import, writing the notebook; the other studies' runs share one process in
    a rebuild, so it counts a few more process starts than the rebuild); ``in-process`` pays only
    the kernels. Both run in a scratch project root, so the publication is untouched.
    """
    with tempfile.TemporaryDirectory(dir=paths.BUILD, prefix="bench-floor-") as scratch:
        root = Path(scratch)
        names = _floor_project(root, count)
        if way == "publish":
            def one(name):
                _timed([sys.executable, "-m", "reappraise", "publish", name], REAPPRAISE_ROOT=str(root))
        else:
            from reappraise.pipeline import runner

            def one(name):
                runner.execute(name, root / "out" / f"{name}.ipynb", {}, root / "fig", into=root)
        saved = paths.NOTEBOOKS
        paths.NOTEBOOKS = root / "notebooks"  # read by the in-process runner only
        try:
            start = time.perf_counter()
            with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
                list(pool.map(one, names))
            seconds = time.perf_counter() - start
        finally:
            paths.NOTEBOOKS = saved
    return {"benchmark": "rebuild", "measure": f"floor: {count} import-only notebooks, {FLOOR_WAYS[way]}, all cores",
            "value": seconds, "unit": "s", "note": "the cost no analysis can avoid"}


def module_rows() -> list[dict]:
    """Run every ``benchmarks/bench_*.py`` module's ``run()`` and collect its rows."""
    rows = []
    for path in sorted((paths.ROOT / "benchmarks").glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"  running {path.name}", file=sys.stderr)
        rows.extend(module.run())
    return rows


def table(rows: list[dict]) -> str:
    """Format benchmark rows as an aligned text table, each goal beside its measured value."""
    lines = [f"{'benchmark':<12} {'measure':<58} {'value':>10} {'unit':<8} {'goal':>8} {'met':<4} note"]
    for r in rows:
        value = f"{r['value']:.3g}" if isinstance(r["value"], float) else str(r["value"])
        goal = r.get("goal")
        met = "" if goal is None else ("yes" if r["value"] <= goal else "NO")
        goal = "" if goal is None else f"<= {goal:g}"
        lines.append(f"{r['benchmark']:<12} {r['measure']:<58} {value:>10} {r['unit']:<8} {goal:>8} {met:<4} {r.get('note', '')}")
    return "\n".join(lines)


def main() -> int:
    quick = os.environ.get("QUICK") not in (None, "", "0")
    steps = [("environment", lambda: [environment_row()]),
             ("fresh clone", lambda: [] if quick else [fresh_clone_row()]),
             ("rerun", lambda: [rerun_row()]), ("rebuilds and floor", rebuild_rows),
             ("tests", lambda: [] if quick else test_rows()), ("library", module_rows)]
    rows = []
    for label, step in steps:
        print(f"bench: {label} ...", file=sys.stderr)
        rows.extend(step())
    text = table(rows)
    print(text)
    files.write_if_changed(paths.BUILD / "bench.txt", (text + "\n").encode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
