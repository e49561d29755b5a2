"""``make bench``: how long set-up and rebuilds take, against the floor, plus library hot spots.

Rows printed as one table:

- environment creation (uv with compiled bytecode, into a scratch folder; the package
  cache is warm after the first set-up, which the note says);
- a full rebuild (every notebook executed, site built: ``make -j2 notebooks site`` after
  removing the stamps) and a no-op ``make all``;
- the floor: the same number of notebooks that only import the stack, executed by the
  same runner two at a time, i.e. the cost no analysis can avoid;
- every ``benchmarks/bench_*.py`` module's ``run()`` rows (e.g. SPRITE vs pysprite, RTM
  simulation throughput).

Nothing here is asserted; speed targets are read off this table, not enforced by tests.
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
from reappraise.pipeline import files, runner

FLOOR_IMPORTS = "import numpy, pandas, scipy.stats, statsmodels.api, pingouin, seaborn, matplotlib.pyplot\nimport reappraise"


def _timed(command: list[str], **env) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=paths.ROOT, check=True, stdout=subprocess.DEVNULL, env={**os.environ, **env})
    return time.perf_counter() - start


def environment_row() -> dict:
    """Time creating a fresh environment from the lock with the project's set-up script."""
    scratch = paths.BUILD / "bench-venv"
    shutil.rmtree(scratch, ignore_errors=True)
    seconds = _timed(["bash", "tools/setup-env.sh"], VENV=str(scratch))
    shutil.rmtree(scratch, ignore_errors=True)
    return {"benchmark": "environment", "measure": "create .venv from requirements.lock (uv, compiled bytecode)",
            "value": seconds, "unit": "s", "note": "package cache warm"}


def rebuild_rows() -> list[dict]:
    """Time a full rebuild of notebooks and site, then a no-op ``make all``."""
    shutil.rmtree(paths.BUILD / "executed", ignore_errors=True)
    full = _timed(["make", "-j2", "notebooks", "site"])
    noop = _timed(["make", "all"])
    count = len(list(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    return [{"benchmark": "rebuild", "measure": f"full: {count} notebooks + site (make -j2)", "value": full, "unit": "s", "note": ""},
            {"benchmark": "rebuild", "measure": "no-op make all", "value": noop, "unit": "s", "note": "nothing changed"}]


def floor_row() -> dict:
    """Time the same number of import-only notebooks through the same runner, two at a time."""
    count = len(list(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    saved = paths.NOTEBOOKS
    with tempfile.TemporaryDirectory(dir=paths.BUILD) as scratch:
        scratch = Path(scratch)
        for i in range(count):
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nb.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(FLOOR_IMPORTS)]
            nbformat.write(nb, scratch / f"{i:02d}-floor-only.ipynb")
            (scratch / f"{i:02d}-floor-only.params.yaml").write_text("x:\n  type: int\n  default: 0\n  help: unused\n")
        paths.NOTEBOOKS = scratch
        try:
            start = time.perf_counter()
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda i: runner.execute(f"{i:02d}-floor-only", scratch / "out" / f"{i}.ipynb", {}, scratch / "fig"), range(count)))
            seconds = time.perf_counter() - start
        finally:
            paths.NOTEBOOKS = saved
    return {"benchmark": "rebuild", "measure": f"floor: {count} import-only notebooks, same runner, 2 at a time",
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
    """Format benchmark rows as an aligned text table."""
    lines = [f"{'benchmark':<12} {'measure':<64} {'value':>12} {'unit':<10} note"]
    for r in rows:
        value = f"{r['value']:.3g}" if isinstance(r["value"], float) else str(r["value"])
        lines.append(f"{r['benchmark']:<12} {r['measure']:<64} {value:>12} {r['unit']:<10} {r.get('note', '')}")
    return "\n".join(lines)


def main() -> int:
    steps = [("environment", lambda: [environment_row()]), ("rebuilds", rebuild_rows),
             ("floor", lambda: [floor_row()]), ("library", module_rows)]
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
