"""Sweeps: a finding's key result over a grid of assumptions, without running notebooks.

- :func:`grid` builds the Cartesian product of named parameter values as a DataFrame.
- :func:`sweep` evaluates any library function at every grid point, with a progress bar,
  serially, in parallel on this machine with joblib (``n_jobs``), or on a Dask cluster
  (``scheduler``: a ``dask.distributed.Client`` or a scheduler address such as
  ``"tcp://10.0.0.5:8786"``). Every backend returns the same table, row for row.

A grid that one vectorised call can cover does not need this module:
:func:`reappraise.stats.bayes.posterior_exceedance` (used in notebook 01) computes the
posterior probability of exceeding each benchmark for every prior centre and weight in one
NumPy broadcast.
"""

from __future__ import annotations

import contextlib
import itertools
import numbers
import sys
from typing import Callable

import pandas as pd

from reappraise.errors import ReappraiseError

#: Most grid points one sweep evaluates (a guard against a typo that asks for billions).
MAX_POINTS = 10_000_000
#: How long connecting to a scheduler address may take before the sweep gives up.
CONNECT_TIMEOUT = "10s"


def grid(**axes) -> pd.DataFrame:
    """Return every combination of the given axes (name=values) as rows of a DataFrame.

    Each axis is any non-string iterable (a list, range, array or generator: read once).
    Raises ReappraiseError naming the axis for an empty or non-iterable axis, or a grid
    larger than :data:`MAX_POINTS`.
    """
    if not axes:
        raise ReappraiseError("grid needs at least one axis, e.g. grid(prior=['flat'], benchmark=[0.35])")
    values = {}
    for name, axis in axes.items():
        if isinstance(axis, (str, bytes, dict)) or not hasattr(axis, "__iter__"):
            raise ReappraiseError(f"axis {name!r} must be a non-empty list of values, got {axis!r}")
        values[name] = list(axis)  # materialised once, so a generator is not consumed by the check
        if not values[name]:
            raise ReappraiseError(f"axis {name!r} must be a non-empty list of values, got an empty {type(axis).__name__}")
    size = 1
    for axis in values.values():
        size *= len(axis)
    if size > MAX_POINTS:
        raise ReappraiseError(f"the grid has {size:,} points; at most {MAX_POINTS:,} are allowed (sweep fewer values)")
    return pd.DataFrame(list(itertools.product(*values.values())), columns=list(values))


@contextlib.contextmanager
def _dask_backend(scheduler):
    """joblib's Dask backend on ``scheduler`` (a Client, or an address that is connected and closed here)."""
    try:
        import joblib
        from dask.distributed import Client
    except ImportError:  # pragma: no cover - dask is in the lock
        raise ReappraiseError("scheduler needs dask.distributed (pip install 'dask[distributed]')") from None
    if isinstance(scheduler, str):
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ReappraiseError(f"scheduler {scheduler!r} could not be reached: {exc}") from None
    elif isinstance(scheduler, Client):
        client = scheduler
    else:
        raise ReappraiseError(f"scheduler must be a dask.distributed.Client or an address such as "
                              f"'tcp://127.0.0.1:8786', got {scheduler!r}")
    try:
        with joblib.parallel_config(backend="dask", client=client):
            yield
    finally:
        if client is not scheduler:
            client.close()


def sweep(func: Callable[..., object], axes: dict, n_jobs: int = 1, progress: bool | None = None,
          scheduler=None) -> pd.DataFrame:
    """Evaluate ``func(**point)`` at every point of ``grid(**axes)``; return the grid with results.

    A dict result becomes one column per key; anything else a column ``result``.
    ``n_jobs`` > 1 (or -1 for all cores) runs points in parallel with joblib on this machine;
    ``scheduler`` (a ``dask.distributed.Client`` or a scheduler address) runs them on a Dask
    cluster instead, as many at once as it has workers. ``progress`` shows a tqdm bar on
    stderr (default: when stderr is a terminal). Results are in grid order whatever the backend.
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    if not callable(func):
        raise ReappraiseError(f"func must be a function of the axes' names, got {func!r}")
    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0):
        raise ReappraiseError(f"n_jobs must be a whole number other than 0 (1 = serial, -1 = all cores), got {n_jobs!r}")
    points = grid(**axes)
    show = sys.stderr.isatty() if progress is None else progress
    records = points.to_dict("records")
    iterator = tqdm(records, desc="sweep", disable=not show, file=sys.stderr)
    if scheduler is not None:
        with _dask_backend(scheduler):
            values = Parallel(n_jobs=-1)(delayed(func)(**point) for point in iterator)
    elif n_jobs == 1:
        values = [func(**point) for point in iterator]
    else:
        values = Parallel(n_jobs=n_jobs)(delayed(func)(**point) for point in iterator)
    if values and all(isinstance(v, dict) for v in values):
        return pd.concat([points, pd.DataFrame(values)], axis=1)
    return points.assign(result=values)
