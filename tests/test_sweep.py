"""Specification of reappraise.pipeline.sweep beyond one machine: a Dask cluster gives the same table.

The cluster here is a real ``dask.distributed.LocalCluster`` with two worker processes on
loopback, the same scheduler protocol a multi-machine cluster uses.
"""

from __future__ import annotations

import pytest

from reappraise.errors import ReappraiseError
from reappraise.pipeline import sweep
from reappraise.stats import bayes

AXES = {"prior": ["flat", "sceptical", "enthusiastic"], "threshold": [0.30, 0.35, 0.40, 0.45]}


def exceeds(prior, threshold):
    return {"p": bayes.prob_exceeds(9, 12, threshold, prior)}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as local, distributed.Client(local, set_as_default=False) as client:
        yield local, client


def test_a_sweep_on_a_dask_cluster_gives_the_same_table_as_the_local_backend(cluster):
    _, client = cluster
    local = sweep.sweep(exceeds, AXES, n_jobs=1, progress=False)
    on_dask = sweep.sweep(exceeds, AXES, progress=False, scheduler=client)
    assert on_dask.equals(local)
    assert len(local) == 12


def test_a_sweep_can_be_pointed_at_a_scheduler_address(cluster):
    local_cluster, _ = cluster
    table = sweep.sweep(exceeds, AXES, progress=False, scheduler=local_cluster.scheduler_address)
    assert table.equals(sweep.sweep(exceeds, AXES, n_jobs=1, progress=False))


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(sweep, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ReappraiseError, match="could not be reached"):
        sweep.sweep(exceeds, AXES, progress=False, scheduler="tcp://127.0.0.1:9")


def test_a_scheduler_must_be_a_client_or_an_address():
    with pytest.raises(ReappraiseError, match="scheduler must be"):
        sweep.sweep(exceeds, AXES, progress=False, scheduler=8786)


def test_a_generator_axis_is_read_once_and_swept_in_full():
    table = sweep.sweep(exceeds, {"prior": ["flat"], "threshold": (t / 100 for t in (30, 35, 40))}, progress=False)
    assert list(table["threshold"]) == [0.30, 0.35, 0.40]


def test_a_grid_larger_than_the_limit_is_refused_before_any_work():
    with pytest.raises(ReappraiseError, match="at most 10,000,000"):
        sweep.grid(a=range(10_000), b=range(10_000))
