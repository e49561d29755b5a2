"""Sweeps: a finding's key result over a grid of assumptions, without running notebooks.

- :func:`grid` builds the Cartesian product of named parameter values as a DataFrame.
- :func:`sweep` evaluates any library function at every grid point, with a progress bar
  and, if asked, in parallel with joblib (``n_jobs``). For a much larger grid, point joblib
  at a Dask cluster: ``with joblib.parallel_backend("dask"): sweep(f, axes, n_jobs=-1)``
  after creating a ``dask.distributed.Client`` (see the README).

A grid that one vectorised call can cover does not need this module:
:func:`reappraise.stats.bayes.posterior_exceedance` (used in notebook 01) computes the
posterior probability of exceeding each benchmark for every prior centre and weight in one
NumPy broadcast.
"""

from __future__ import annotations

import itertools
import numbers
import sys
from typing import Callable

import pandas as pd

from reappraise.errors import ReappraiseError


def grid(**axes) -> pd.DataFrame:
    """Return every combination of the given axes (name=list of values) as rows of a DataFrame."""
    if not axes:
        raise ReappraiseError("grid needs at least one axis, e.g. grid(prior=['flat'], benchmark=[0.35])")
    for name, values in axes.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__") or len(list(values)) == 0:
            raise ReappraiseError(f"axis {name!r} must be a non-empty list of values, got {values!r}")
    return pd.DataFrame(list(itertools.product(*axes.values())), columns=list(axes))


def sweep(func: Callable[..., object], axes: dict, n_jobs: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """Evaluate ``func(**point)`` at every point of ``grid(**axes)``; return the grid with results.

    A dict result becomes one column per key; anything else a column ``result``.
    ``n_jobs`` > 1 (or -1 for all cores) runs points in parallel with joblib.
    ``progress`` shows a tqdm bar (default: when stderr is a terminal).
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0):
        raise ReappraiseError(f"n_jobs must be a whole number other than 0 (1 = serial, -1 = all cores), got {n_jobs!r}")
    points = grid(**axes)
    show = sys.stderr.isatty() if progress is None else progress
    records = points.to_dict("records")
    iterator = tqdm(records, desc="sweep", disable=not show, file=sys.stderr)
    if n_jobs == 1:
        values = [func(**point) for point in iterator]
    else:
        values = Parallel(n_jobs=n_jobs)(delayed(func)(**point) for point in iterator)
    if values and all(isinstance(v, dict) for v in values):
        return pd.concat([points, pd.DataFrame(values)], axis=1)
    return points.assign(result=values)
