"""Fixtures shared by the site tests: one build of the site per test session."""

import pytest

from reappraise.pipeline import site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the site once from the committed notebooks into a temporary folder; return its path."""
    out = tmp_path_factory.mktemp("built") / "site"
    site.build(out)
    return out
