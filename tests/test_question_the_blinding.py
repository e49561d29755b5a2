"""Notebook 10 (question the blinding): bad parameters are refused before any kernel starts, one line each."""

import pytest

from reappraise import paths
from reappraise.errors import ParameterError
from reappraise.pipeline import cli, params


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """Send run outputs to a temporary runs/ folder, which must stay absent."""
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    return tmp_path / "runs"


@pytest.mark.parametrize("argv, message", [
    (["run", "10", "-p", "trial", "mapp3"],
     "error: command line: parameter 'trial' must be one of 'mapp1', 'mapp2', 'both', got 'mapp3'"),
    (["run", "10", "-p", "bias_max", "-5"],
     "error: command line: parameter 'bias_max' must be a number from 1 to 40, got '-5'"),
    (["run", "10", "-p", "bias_max", "0"],
     "error: command line: parameter 'bias_max' must be a number from 1 to 40, got '0'"),
    (["run", "10", "-p", "extra_anchor_sd", "3"],
     "error: command line: parameter 'extra_anchor_sd' must be a number from 0 to 1.5, got '3'"),
    (["run", "10", "-p", "extra_anchor_sd", "-0.2"],
     "error: command line: parameter 'extra_anchor_sd' must be a number from 0 to 1.5, got '-0.2'"),
    (["run", "10", "-p", "bias_model", "half-arm"],
     "error: command line: parameter 'bias_model' must be one of 'whole-arm', 'correct-guessers', got 'half-arm'"),
    (["run", "10", "-p", "mid", "0"],
     "error: command line: parameter 'mid' must be a number from 0.5 to 30, got '0'"),
])
def test_a_bad_parameter_is_one_line_exit_2_and_no_kernel_runs(runs, capsys, monkeypatch, argv, message):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for a refused parameter")
    monkeypatch.setattr("reappraise.pipeline.runner.execute", no_kernel)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip() == message, err
    assert not runs.exists()


def test_every_problem_is_listed_at_once():
    with pytest.raises(ParameterError) as info:
        params.validate("10", {"trial": "mapp3", "bias_max": "-5", "extra_anchor_sd": "3"})
    assert len(str(info.value).splitlines()) == 3


def test_good_values_pass_typed():
    assert params.validate("10", {"trial": "mapp2", "bias_max": "20", "mid": "5"}) == {
        "trial": "mapp2", "bias_max": 20.0, "mid": 5.0}
