"""Every notebook runs to its end at the edges of its schema (pre-flight group 4 of
``test_hostile_input.py``): the smallest and largest sizes, a reliability of 1, the strictest
alpha and power, a cross-definition benchmark when asked for, no expectation gap, and a pooled
analysis with a study left out. Each case executes a notebook in a kernel (seconds each), so
they sit in a file of their own, which a test worker can run beside the fast ones.
"""

import pytest

from reappraise import paths
from reappraise.pipeline import params, runner

pytestmark = pytest.mark.slow


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """A temporary runs/ folder (runs are confined to it), for each case."""
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    return tmp_path / "runs"


@pytest.mark.parametrize("notebook, values", [
    ("06", {"n": 2, "smoke": True}),
    ("06", {"n": 1000, "smoke": True}),
    ("06", {"reliability": 1.0, "smoke": True}),
    ("06", {"cutoff": 55.0, "natural_change": 30.0, "smoke": True}),
    ("08", {"target_width": 0.1, "simulations": 1000}),
    ("05", {"baseline_min": 27, "n_sprite": 50, "n_reconstructions": 5, "n_baselines": 5}),
    ("07", {"benchmark": "thase-ssri-remission", "cross_definition": True}),
    ("08", {"alpha": 0.001, "power": 0.99, "simulations": 1000}),
    ("08", {"drug_arm": "undurraga-drug", "unblinding_bias": 0.1, "simulations": 1000}),
    ("08", {"unblinding_bias": 0.0, "method": "continuity", "simulations": 1000}),
    ("12", {"zero_cells": "none", "exclude": "oehen2013"}),
])
def test_notebooks_run_to_their_end_at_the_edges_of_their_schema(runs, notebook, values):
    name = params.resolve_notebook(notebook)
    found = runner.execute(name, runs / "edge" / f"{name}.ipynb", values)
    assert found, "the notebook recorded its key results"
