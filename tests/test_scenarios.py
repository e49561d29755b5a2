"""Scenarios, comparison across scenarios, and sweeps without notebooks."""

import json

import pytest

from reappraise import paths
from reappraise.pipeline import cli, compare, scenarios
from reappraise.pipeline import sweep
from reappraise.stats import bayes
from reappraise.errors import ParameterError


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Scenario files and runs in a temporary folder."""
    monkeypatch.setattr(paths, "SCENARIOS", tmp_path / "scenarios")
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    (tmp_path / "scenarios").mkdir()
    return tmp_path


def write(sandbox, name, text):
    (sandbox / "scenarios" / f"{name}.yaml").write_text(text)


@pytest.mark.parametrize("name", ["default", "conservative", "optimistic"])
def test_the_shipped_scenarios_validate_and_say_who_would_choose_them(name):
    scenario = scenarios.load(name)
    assert scenario.description and scenario.values
    assert (paths.SCENARIOS / f"{name}.yaml").read_text().startswith(f"# {name}:")


def test_shared_values_apply_to_every_notebook_that_has_the_parameter():
    conservative = scenarios.load("conservative")
    for name, values in conservative.values.items():
        if "ci_method" in values:
            assert values["ci_method"] == "clopper-pearson"
    assert conservative.values["01-reconstruct-response-remission"]["benchmark_high"] == 0.45


def test_a_malformed_yaml_file_is_one_line_naming_the_file_and_line(sandbox):
    write(sandbox, "bad", "shared:\n  confidence: [0.9\n")
    with pytest.raises(ParameterError, match=r"^scenarios/bad.yaml: not valid YAML \(line \d+\)$"):
        scenarios.load("bad")


def test_every_problem_in_a_scenario_is_reported_at_once_one_line_each(sandbox):
    write(sandbox, "many", "colour: red\nshared:\n  no_such_parameter: 1\nnotebooks:\n  99: {}\n"
                           "  01:\n    confidence: 2\n    ci_method: wald\n")
    with pytest.raises(ParameterError) as info:
        scenarios.load("many")
    lines = str(info.value).splitlines()
    assert any(l.startswith("scenarios/many.yaml: colour: unknown key") for l in lines)
    assert any("shared.no_such_parameter: no notebook has a parameter 'no_such_parameter'" in l for l in lines)
    assert any("notebooks.99: unknown notebook" in l for l in lines)
    assert any("parameter 'confidence' must be a number from 0.5 to 0.999, got 2" in l for l in lines)
    assert any("parameter 'ci_method' must be one of" in l for l in lines)
    assert len(lines) == 5


def test_an_unknown_scenario_lists_the_available_ones(sandbox):
    write(sandbox, "only", "shared: {}\n")
    with pytest.raises(ParameterError, match="unknown scenario 'nope'; choose one of: only"):
        scenarios.load("nope")


def test_the_command_line_refuses_a_bad_scenario_without_writing_anything(sandbox, capsys):
    write(sandbox, "typo", "notebooks:\n  01:\n    confidance: 0.9\n")
    assert cli.main(["scenario", "typo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: scenarios/typo.yaml: notebooks.01-reconstruct-response-remission: "
                   "01-reconstruct-response-remission has no parameter 'confidance'; its parameters are: "
                   "ci_method, confidence, benchmark_low, benchmark_high, baseline_min, study"]
    assert not (sandbox / "runs").exists()


@pytest.mark.slow
def test_a_scenario_run_writes_notebooks_figures_html_and_results_under_runs(sandbox, capsys):
    write(sandbox, "tiny", "# tiny: one notebook\ndescription: exact intervals for 01\n"
                           "notebooks:\n  01:\n    ci_method: clopper-pearson\n")
    assert cli.main(["scenario", "tiny", "-j", "1"]) == 0
    folder = sandbox / "runs" / "tiny"
    name = "01-reconstruct-response-remission"
    assert (folder / f"{name}.ipynb").is_file() and (folder / "html" / f"{name}.html").is_file()
    assert (folder / "figures" / "01-response-remission-interval.png").is_file()
    found = json.loads((folder / f"{name}.results.json").read_text())
    assert found["ci_method"] == "clopper-pearson"
    assert "[1/1] 01-reconstruct-response-remission done" in capsys.readouterr().err

    table = compare.table(["default", "tiny"])
    row = table.loc[("01", "ci_method")]
    assert (row["default"], row["tiny"], row["robust"]) == ("wilson", "clopper-pearson", False)
    assert table.loc[("01", "response_rate"), "robust"], "the point estimate does not depend on the interval"
    written = compare.write(table, ["default", "tiny"], sandbox / "runs" / "cmp")
    assert {p.name for p in written} >= {"comparison.csv", "comparison.md", "comparison.png"}


def test_comparing_a_scenario_that_was_never_run_says_how_to_run_it(sandbox):
    with pytest.raises(ParameterError, match="run `python -m reappraise scenario ghost` first"):
        compare.table(["default", "ghost"])


def test_a_sweep_evaluates_every_grid_point_and_expands_dict_results():
    out = sweep.sweep(lambda prior, threshold: {"p": bayes.prob_exceeds(9, 12, threshold, prior)},
                      {"prior": ["flat", "sceptical"], "threshold": [0.35, 0.40]}, progress=False)
    assert len(out) == 4 and list(out.columns) == ["prior", "threshold", "p"]
    assert out["p"].iloc[0] == pytest.approx(bayes.prob_exceeds(9, 12, 0.35, "flat"))


def test_a_parallel_sweep_gives_the_same_results_as_a_serial_one():
    axes = {"k": [6, 9], "threshold": [0.3, 0.4, 0.5]}
    f = lambda k, threshold: bayes.prob_exceeds(k, 12, threshold)  # noqa: E731
    serial = sweep.sweep(f, axes, n_jobs=1, progress=False)
    parallel = sweep.sweep(f, axes, n_jobs=2, progress=False)
    assert serial.equals(parallel)


def test_the_vectorised_posterior_grid_matches_the_closed_form_point_by_point():
    table = bayes.posterior_exceedance(9, 12, [0.375, 0.5], [2, 20], [0.35, 0.40])
    assert len(table) == 8
    for row in table.itertuples():
        prior = bayes.prior_from_mean(row.prior_mean, row.prior_weight)
        assert row.p_exceeds == pytest.approx(bayes.prob_exceeds(9, 12, row.benchmark, prior))


@pytest.mark.parametrize("axes", [{}, {"prior": []}, {"prior": "flat"}])
def test_a_grid_needs_non_empty_lists(axes):
    with pytest.raises(ValueError, match="grid needs|must be a non-empty list"):
        sweep.grid(**axes)
