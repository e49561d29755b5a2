"""Execute notebooks with papermill, deterministically and without half-written outputs.

- :func:`execute` runs one notebook top to bottom in a fresh kernel. Parameters are
  validated against the notebook's schema before any kernel starts. The executed
  notebook and its figures are written to temporary files first and moved into place only
  when the whole notebook succeeded, so a failed run never replaces a finished one.
  Its outputs must lie under ``runs/``: only :func:`publish` writes the publication
  (``notebooks/``, ``figures/``).
- Any injected-parameters cell in the source notebook is dropped before it executes, so a
  notebook that was once executed with other values is republished with its defaults.
- Volatile metadata (papermill's and nbclient's timings, paths, environment) is stripped
  and the injected-parameters cell gets a fixed id, so executing an unchanged notebook
  reproduces the same file byte for byte; files whose bytes did not change are not
  rewritten (their modification times stay put).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat

from reappraise import paths
from reappraise.pipeline import params
from reappraise.report import results
from reappraise.pipeline import files
from reappraise.pipeline.files import write_if_changed
from reappraise.errors import ReappraiseError

#: Tag papermill gives the cell it inserts with the values of a run.
INJECTED = "injected-parameters"


class ExecutionFailed(ReappraiseError):
    """A notebook raised an error while executing (the message names the notebook and the error)."""


def strip_volatile(nb) -> None:
    """Remove timings, paths and run ids from a notebook node, in place; keep parameters."""
    papermill = nb.metadata.pop("papermill", {})
    nb.metadata.get("language_info", {}).pop("version", None)  # the same publication on every supported Python
    if papermill.get("parameters"):
        nb.metadata["reappraise"] = {"parameters": papermill["parameters"]}
    for cell in nb.cells:
        if INJECTED in cell.metadata.get("tags", []):
            cell["id"] = INJECTED  # papermill draws a random id; a fixed one keeps reruns byte-identical
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
        if "outputs" in cell:
            cell.outputs = coalesce_streams(cell.outputs)


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name (stdout, stderr) into one.

    How the kernel chunks printed text depends on timing; merging makes the saved notebook
    independent of it (a print followed by its newline is one output, however it arrived).
    """
    merged: list = []
    for output in outputs:
        if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + output["text"]
        else:
            merged.append(output)
    return merged


@contextlib.contextmanager
def _environment(**overrides: str):
    """Temporarily set environment variables (inherited by the kernel papermill starts)."""
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


KERNEL_CONFIG = """# Written by reappraise.pipeline.runner: kernels run with a clean IPython profile (no user start-up
# files), no history database, and no kernel log lines on stderr (errors reach the notebook).
c.IPKernelApp.log_level = "CRITICAL"
c.HistoryManager.enabled = False
"""


def ipython_dir() -> Path:
    """Return a project-local IPython folder whose profile isolates kernels from user settings."""
    profile = paths.BUILD / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    write_if_changed(profile / "ipython_kernel_config.py", KERNEL_CONFIG.encode("utf-8"))
    return profile.parent


def _kernel_path() -> str:
    """PATH with this interpreter's folder first, so the kernel is this environment's Python."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@contextlib.contextmanager
def kernel_sockets():
    """Kernel manager configuration: the kernel talks over Unix sockets in a folder of its own.

    With TCP, kernels started at the same moment by parallel jobs can draw the same free port,
    and one of them dies before it starts ("Address already in use"); socket files named after
    a fresh folder cannot collide. The folder is a short one under the system's temporary
    folder (a socket's path has at most 107 bytes) and is removed afterwards.
    """
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="reappraise-kernel-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "kernel")}})


def without_injected(nb) -> bool:
    """Drop injected-parameters cells and recorded run parameters from ``nb`` in place; True if any were there."""
    before = len(nb.cells)
    nb.cells = [c for c in nb.cells if INJECTED not in c.metadata.get("tags", [])]
    recorded = [nb.metadata.pop(key, None) for key in ("reappraise", "papermill")]
    return len(nb.cells) != before or any(r is not None for r in recorded)


def execute(notebook: str, output: Path, parameters: dict | None = None,
            figures: Path | None = None, *, into: Path | None = None) -> dict:
    """Execute ``notebook`` with ``parameters`` into ``output``, figures into ``figures``.

    ``output`` and ``figures`` (default: ``figures/`` beside ``output``) must lie under
    ``into`` (default ``runs/``; only :func:`publish` passes the project root). Returns the
    notebook's recorded key results (see :mod:`reappraise.report.results`). Raises
    ParameterError (before any kernel starts) or ExecutionFailed; on failure nothing in
    ``output`` or ``figures`` is changed.
    """
    import papermill as pm

    name = params.resolve_notebook(notebook)
    values = params.validate(name, parameters or {})
    output = Path(output)
    figures = output.parent / "figures" if figures is None else Path(figures)
    files.inside(output, into or paths.RUNS)
    files.inside(figures, into or paths.RUNS)
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.BUILD, prefix=files.scratch_prefix(name)) as scratch:
        scratch = Path(scratch)
        source, executed = scratch / "source.ipynb", scratch / f"{name}.ipynb"
        nb = nbformat.read(paths.notebook_path(name), as_version=4)
        without_injected(nb)
        nbformat.write(nb, source)
        env = {"REAPPRAISE_FIGURES": str(scratch / "figures"), "PATH": _kernel_path(), "IPYTHONDIR": str(ipython_dir()),
               "PYDEVD_DISABLE_FILE_VALIDATION": "1", "MPLBACKEND": "Agg"}
        with _environment(**env), kernel_sockets() as sockets:
            try:
                pm.execute_notebook(str(source), str(executed), parameters=values,
                                    kernel_name="python3", cwd=str(paths.NOTEBOOKS), progress_bar=False,
                                    log_output=False, request_save_on_cell_execute=False, shutdown_kernel="immediate",
                                    config=sockets)
            except pm.PapermillExecutionError as exc:
                raise ExecutionFailed(f"{name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
        nb = nbformat.read(executed, as_version=4)
        strip_volatile(nb)
        write_if_changed(output, (nbformat.writes(nb) + "\n").encode("utf-8"))
        for figure in sorted((scratch / "figures").glob("*")):
            write_if_changed(figures / figure.name, figure.read_bytes())
    return results.collect(nb)


def write_results(found: dict, path: Path) -> bool:
    """Write recorded key results as sorted, indented JSON; True if the file changed."""
    return write_if_changed(path, (json.dumps(found, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def write_html(notebook: Path, page: Path) -> bool:
    """Render an executed notebook as a standalone page of the site's style; True if written."""
    from reappraise.pipeline import site

    return site.write_page(nbformat.read(notebook, as_version=4), page)


def publish(notebook: str) -> dict:
    """Execute ``notebook`` with its default parameters in place (``notebooks/``, ``figures/``).

    The only writer of the publication. An injected-parameters cell left in the notebook
    (by running papermill on it directly, say) is dropped, so the result is the default one.
    """
    name = params.resolve_notebook(notebook)
    found = execute(name, paths.notebook_path(name), None, paths.FIGURES, into=paths.ROOT)
    write_results(found, paths.BUILD / "results" / "default" / f"{name}.json")
    return found


# --- the publication is the default publication ------------------------------------------------

def parameters_of(nb) -> dict:
    """Return the parameter values a notebook node executes with: its ``parameters`` cell,
    overridden by any injected-parameters cell (literal assignments only)."""
    values: dict = {}
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or not ({"parameters", INJECTED} & set(tags)):
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def publication_problems(notebook: str, nb=None) -> list[str]:
    """Return what makes a published notebook other than its default publication (empty when it is).

    A published notebook has no injected-parameters cell, records no run parameters in its
    metadata, and its parameters cell assigns every parameter its schema default; so its
    recorded results, the README table and the landing page are the default analysis.
    """
    name = params.resolve_notebook(notebook)
    nb = nbformat.read(paths.notebook_path(name), as_version=4) if nb is None else nb
    problems = []
    if any(INJECTED in cell.metadata.get("tags", []) for cell in nb.cells):
        problems.append(f"{name}: has an injected-parameters cell (executed with other values; `make all` republishes it)")
    for key in ("reappraise", "papermill"):
        if (nb.metadata.get(key) or {}).get("parameters"):
            problems.append(f"{name}: metadata records run parameters {nb.metadata[key]['parameters']!r}")
    defaults = {p.name: p.default for p in params.load_schema(name).values()}
    for key, value in parameters_of(nb).items():
        if key in defaults and value != defaults[key]:
            problems.append(f"{name}: parameter {key} = {value!r}, not its default {defaults[key]!r}")
    return problems
