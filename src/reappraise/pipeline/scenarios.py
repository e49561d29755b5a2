"""Scenarios: named sets of parameter values, run across notebooks and compared.

A scenario file ``scenarios/<name>.yaml`` has a ``description``, ``shared`` values (applied
to every notebook that has a parameter of that name, e.g. ``confidence``) and per-notebook
values under ``notebooks`` (keyed by full name or number). A scenario *touches* every
notebook it sets at least one parameter for; the others keep their published defaults.

The whole file is validated before anything runs and every problem is reported at once,
one line each, as ``<file>: <key>: <problem>``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reappraise import paths
from reappraise.pipeline import files, params, runner
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
    files.check_name(name, "scenario name")
    if name.casefold() in files.RESERVED[1:] or name.casefold().startswith("compare-"):
        raise ParameterError(f"scenario name {name!r} is reserved (runs/{name}/ is not a scenario's folder)")
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


# --- manifests: what a run folder holds, written atomically --------------------------------------

#: File in every run folder recording what was run and how each notebook ended.
MANIFEST = "manifest.json"
#: Statuses of a notebook in a manifest; only ``done`` results are ever compared.
STATUSES = ("queued", "running", "done", "failed", "cancelled")


def write_manifest(folder: Path, kind: str, name: str, description: str, notebooks: dict[str, dict]) -> Path:
    """Write ``folder/manifest.json`` atomically: kind (scenario or run), name, description, and per
    notebook its parameters and status; ``complete`` is true only when every notebook is done."""
    data = {"kind": kind, "name": name, "description": description,
            "complete": bool(notebooks) and all(e["status"] == "done" for e in notebooks.values()),
            "notebooks": dict(sorted(notebooks.items()))}
    path = Path(folder) / MANIFEST
    files.write_if_changed(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return path


def read_manifest(folder: Path) -> dict | None:
    """Return the manifest of a run folder, or None if it has none (or an unreadable one)."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("notebooks"), dict):
        return None
    return data


# --- running a scenario: a pool of workers that stop when told to, or when the parent dies ---------

class Interrupted(KeyboardInterrupt):
    """A run was interrupted (Ctrl-C); the message says what was finished and what was cancelled."""


class _Terminated(BaseException):
    """Raised in a worker by SIGTERM, so that its context managers clean up before it exits."""


def _terminate(signum, frame):
    raise _Terminated()


def kill_children() -> None:
    """Kill every process this one started (notebook kernels run in sessions of their own)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child.kill()


def _gone(pid: int) -> bool:
    """True if process ``pid`` has exited (a zombie waiting to be reaped counts as exited)."""
    if not files.process_alive(pid):
        return True
    try:
        import psutil

        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return False
    except psutil.Error:
        return True


def _watch_parent(parent: int) -> None:
    """Terminate this worker soon after the process that started the pool is gone (even by SIGKILL).

    The worker's own parent is the forkserver, which exits when that process does, so a
    change of parent is noticed as well as the process itself being gone.
    """
    original = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != original or _gone(parent):
            os.kill(os.getpid(), signal.SIGTERM)
            return


def _worker_init(parent: int) -> None:
    """Set up a pool worker: Ctrl-C is the parent's to handle; SIGTERM unwinds and exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _execute_one(name: str, folder: str, values: dict, runs: str) -> tuple[str, dict, float]:
    """Run one notebook into ``folder`` (in a worker process); return (name, results, seconds)."""
    start = time.perf_counter()
    folder_ = Path(folder)
    try:
        with files.confine(Path(runs), paths.BUILD):
            found = runner.execute(name, folder_ / f"{name}.ipynb", values, folder_ / "figures", into=Path(runs))
            runner.write_results(found, folder_ / f"{name}.results.json")
    except _Terminated:
        kill_children()
        os._exit(143)
    return name, found, time.perf_counter() - start


#: Start method of the process pool: safe with threads on every supported Python (3.14 makes it the default).
START_METHOD = "forkserver"
#: Seconds a stopped worker is given to clean up before it is killed.
GRACE = 5.0


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued work, ask running workers to stop (SIGTERM), and kill those that do not."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            worker.terminate()
    deadline = time.monotonic() + GRACE
    for worker in workers:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            worker.join(max(0.0, deadline - time.monotonic()))
            if worker.is_alive():
                worker.kill()
                worker.join(1.0)


def run(scenario: Scenario, jobs: int | None = None, out: Path | None = None, root: Path | None = None) -> Path:
    """Execute every notebook ``scenario`` touches, in parallel up to the core count, with progress.

    Writes ``runs/<name>/``: executed notebooks, figures, ``<notebook>.results.json``, HTML
    pages in ``html/`` and ``manifest.json``, which records each notebook's status: it is
    written (atomically) as ``queued`` before anything runs and rewritten at the end, so a
    run that was interrupted or killed is never mistaken for a complete one. Returns the
    folder. Raises ExecutionFailed naming the notebooks that failed (the others' finished
    outputs are kept), or :class:`Interrupted` after Ctrl-C: queued notebooks are
    cancelled, running ones stopped, scratch folders removed, and the manifest written.
    ``root`` is the folder every write must lie under: ``runs/`` unless the caller is the
    build itself (``publish-study`` writes under ``build/studies/`` for the site).
    """
    runs = Path(root) if root is not None else paths.RUNS
    folder = Path(out) if out is not None else files.run_folder(scenario.name, "scenario name")
    files.inside(folder, runs)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(scenario.values)))
    total = len(scenario.values)
    entries = {n: {"status": "queued", "parameters": v} for n, v in scenario.values.items()}

    def record() -> None:
        write_manifest(folder, "scenario", scenario.name, scenario.description, entries)

    with files.confine(runs, paths.BUILD):
        files.clean_scratch()
        record()
        print(f"scenario {scenario.name}: {total} notebook(s), {jobs} at a time -> {paths.display(folder)}/",
              file=sys.stderr)
        failures, interrupted = [], False
        # forkserver, not fork: forking a process that runs threads (the kernel clients) can deadlock
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(START_METHOD),
                                   initializer=_worker_init, initargs=(os.getpid(),))
        try:
            futures = {pool.submit(_execute_one, n, str(folder), v, str(runs)): n for n, v in scenario.values.items()}
            for name in scenario.values:
                entries[name]["status"] = "running"
            for done, future in enumerate(as_completed(futures), start=1):
                name = futures[future]
                try:
                    _, _, seconds = future.result()
                except Exception as exc:  # noqa: BLE001 - reported, then raised below
                    failures.append(name)
                    entries[name].update(status="failed", error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                    print(f"  [{done}/{total}] {name} FAILED: {entries[name]['error']}", file=sys.stderr)
                    continue
                runner.write_html(folder / f"{name}.ipynb", folder / "html" / f"{name}.html")
                entries[name]["status"] = "done"
                print(f"  [{done}/{total}] {name} done in {seconds:.1f} s", file=sys.stderr)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
            try:
                workers = {p.pid for p in (getattr(pool, "_processes", None) or {}).values()}
                _stop(pool) if interrupted else pool.shutdown(wait=True)
                for entry in entries.values():
                    if entry["status"] in ("queued", "running"):
                        entry["status"] = "cancelled"
                record()
                files.clean_scratch(pids=workers)
            finally:
                signal.signal(signal.SIGINT, previous)
    if interrupted:
        done = sum(e["status"] == "done" for e in entries.values())
        raise Interrupted(f"scenario {scenario.name}: {done} of {total} notebook(s) finished, the rest cancelled; "
                          f"{paths.display(folder / MANIFEST)} records which")
    if failures:
        raise runner.ExecutionFailed(f"scenario {scenario.name}: {len(failures)} notebook(s) failed: "
                                     + "; ".join(f"{n}: {entries[n]['error']}" for n in failures))
    return folder
