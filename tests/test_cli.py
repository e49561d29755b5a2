"""The command line: `python -m reappraise` runs notebooks with other parameters, and refuses bad input cleanly."""

import json
import subprocess
import sys

import nbformat
import pytest

from reappraise import paths
from reappraise.pipeline import cli
from reappraise.stats.proportions import proportion_ci


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """Send run outputs to a temporary runs/ folder."""
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    return tmp_path / "runs"


def test_list_shows_every_notebook_with_types_defaults_and_allowed_values(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "01-reconstruct-response-remission" in out
    assert "ci_method" in out and "one of 'wilson', 'clopper-pearson'" in out


@pytest.mark.slow
def test_run_executes_a_notebook_with_a_parameter_into_runs_not_notebooks(runs, capsys):
    committed = paths.notebook_path("01-reconstruct-response-remission").read_bytes()
    assert cli.main(["run", "01", "-p", "ci_method", "clopper-pearson", "-p", "confidence", "0.9"]) == 0
    folder = runs / "ci_method-clopper-pearson__confidence-0.9"
    nb = nbformat.read(folder / "01-reconstruct-response-remission.ipynb", as_version=4)
    assert nb.metadata["reappraise"]["parameters"] == {"ci_method": "clopper-pearson", "confidence": 0.9}
    found = json.loads((folder / "01-reconstruct-response-remission.results.json").read_text())
    assert found["ci_method"] == "clopper-pearson" and found["confidence"] == 0.9
    assert found["response_ci_low"] == pytest.approx(proportion_ci(9, 12, "clopper-pearson", 0.9)[0])
    assert found["response_ci_low"] != pytest.approx(proportion_ci(9, 12)[0]), "the parameter took effect"
    assert (folder / "figures" / "01-response-remission-interval.png").is_file()
    page = (folder / "html" / "01-reconstruct-response-remission.html").read_text()
    assert "executed with ci_method = 'clopper-pearson', confidence = 0.9" in page
    assert paths.notebook_path("01-reconstruct-response-remission").read_bytes() == committed, "the published notebook is untouched"


@pytest.mark.parametrize("argv, message", [
    (["run", "99"], "error: unknown notebook '99'; choose one of:"),
    (["run", "01", "-p", "confidance", "0.9"], "error: command line: 01-reconstruct-response-remission has no parameter 'confidance'"),
    (["run", "01", "-p", "confidence", "high"], "error: command line: parameter 'confidence' must be a number from 0.5 to 0.999, got 'high'"),
    (["run", "01", "-p", "confidence", "1.2"], "error: command line: parameter 'confidence' must be a number from 0.5 to 0.999, got '1.2'"),
    (["run", "01", "-p", "ci_method", "wald"], "error: command line: parameter 'ci_method' must be one of"),
])
def test_bad_input_is_one_line_on_stderr_exit_2_and_nothing_written(runs, capsys, argv, message):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1
    assert not runs.exists()


def test_the_module_entry_point_reports_bad_input_without_a_traceback():
    proc = subprocess.run([sys.executable, "-m", "reappraise", "run", "01", "-p", "confidence", "7"],
                          capture_output=True, text=True, cwd=paths.ROOT)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: command line: parameter 'confidence' must be a number from 0.5 to 0.999, got '7'"]
