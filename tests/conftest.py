"""Fixtures shared by the site tests: one build of the site per test run."""

import fcntl

import pytest

from reappraise.pipeline import site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id):
    """Build the site once from the committed notebooks into a temporary folder; return its path.

    The test workers share that one build (the first to ask builds it under a lock, the others
    wait and read it); the tests only read it.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    out, done = shared / "built-site" / "site", shared / "built-site" / "done"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            site.build(out)
            done.touch()
    return out
