"""The single-arm notebooks asked of a second study: the open-label psilocybin trial (carhart2016).

Each notebook the study can feed is run through the runner with ``study = carhart2016`` and
its recorded results are checked against values computed by hand from the ledger's counts
(Carhart-Harris et al. 2018, abstract: 9 responders and 4 remitters of 20 at week 5; Cohen's d
2.3 at week 5 and 1.4 at 6 months). Notebooks it cannot feed are refused before any kernel
starts, one line per missing row.
"""

import json
import math

import pytest

from reappraise import paths
from reappraise.evidence import audit, ledger
from reappraise.pipeline import cli, runner, studies_cli

pytestmark = pytest.mark.slow

RUNNABLE = ["01-reconstruct-response-remission", "02-reconstruct-durability-at-7-months",
            "04-check-reported-statistics", "07-benchmark-placebo-and-natural-course"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run every notebook the psilocybin study can feed into a temporary runs/study-carhart2016/."""
    root = tmp_path_factory.mktemp("runs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "RUNS", root)
        folder = root / "study-carhart2016"
        found = {}
        for name in RUNNABLE:
            found[name] = runner.execute(name, folder / f"{name}.ipynb", {"study": "carhart2016"}, folder / "figures")
            runner.write_results(found[name], folder / f"{name}.results.json")
        yield root, found


def test_notebook_01_rebuilds_9_of_20_and_4_of_20_with_hand_computed_wilson_intervals(runs):
    r = runs[1]["01-reconstruct-response-remission"]
    # Wilson (Newcombe 1998, method 3), z = 1.959964: 9/20 -> 0.2582 to 0.6579; 4/20 -> 0.0807 to 0.4160
    assert r["study"] == "carhart2016"
    assert r["response_rate"] == 0.45 and r["remission_rate"] == 0.2
    assert (r["response_ci_low"], r["response_ci_high"]) == pytest.approx((0.2582, 0.6579), abs=1e-4)
    assert (r["remission_ci_low"], r["remission_ci_high"]) == pytest.approx((0.0807, 0.4160), abs=1e-4)
    # exact one-sided p against 40%: P(X >= 9 | n = 20, p = 0.4) = sum_k C(20, k) 0.4^k 0.6^(20-k), k = 9..20
    tail = sum(math.comb(20, k) * 0.4 ** k * 0.6 ** (20 - k) for k in range(9, 21))
    assert r["p_vs_benchmark_high"] == pytest.approx(tail, abs=1e-9) == pytest.approx(0.4044, abs=1e-4)
    assert r["headline_reconstruction"] == "9/20 = 45%, 95% Wilson interval 26% to 66%"
    assert r["headline_robustness"].startswith("interval lower limit overlapping the 35%-40% placebo response")


def test_notebook_02_says_no_follow_up_counts_and_shows_the_effect_size_falling(runs):
    r = runs[1]["02-reconstruct-durability-at-7-months"]
    assert r["follow_up_counts"] is False
    assert (r["effect_size_post"], r["effect_size_followup"]) == (2.3, 1.4)
    assert r["effect_size_retained"] == pytest.approx(1.4 / 2.3)
    assert r["headline_verdict"] == "durability of response not reconstructable from what is printed here"


def test_notebook_04_checks_the_studys_own_rows_and_finds_the_denominator_of_47_percent(runs):
    r = runs[1]["04-check-reported-statistics"]
    assert r["checks"] == len(audit.check_ledger(ledger.load()))
    assert (r["study_checks"], r["study_inconsistent"]) == (1, 0)   # GRIM for 47% of 19: 9/19 = 47.37%
    assert r["percent_fits_own_n"] is True and r["percent_fits_enrolled_n"] is False   # 9/20 = 45%, 10/20 = 50%


def test_notebook_07_finds_no_benchmark_of_the_same_definition_and_skips_the_comparison(runs):
    r = runs[1]["07-benchmark-placebo-and-natural-course"]
    assert r["same_definition_benchmarks"] == 0          # a QIDS-SR16 fall is not a HAM-D or MADRS fall
    assert r["prob_exceeds_placebo_40"] is None and r["prob_exceeds_benchmark"] is None
    assert r["crosses_definition"] == "scale"
    # sceptical prior Beta(7.5, 12.5) + 9 of 20 -> Beta(16.5, 23.5), mean 16.5 / 40
    assert r["posterior_mean"] == pytest.approx(16.5 / 40)
    assert r["within_group_d"] == 2.3                    # as printed: the study gives no baseline SD


def test_notebook_07_compares_across_definitions_only_when_asked(runs):
    from scipy import special

    folder = runs[0] / "cross-definition"   # every run writes under runs/
    found = runner.execute("07", folder / "07.ipynb", {"study": "carhart2016", "cross_definition": True}, folder / "figures")
    assert found["prob_exceeds_benchmark"] == pytest.approx(1 - special.betainc(16.5, 23.5, 0.40), abs=1e-9)
    assert found["crosses_definition"] == "scale"


def test_compare_studies_sets_the_two_trials_side_by_side(runs, monkeypatch):
    monkeypatch.setattr(paths, "RUNS", runs[0])
    table = studies_cli.compare_table(["kvam2025", "carhart2016"])
    assert table.loc[("01", "response_rate"), "kvam2025"] == 0.75
    assert table.loc[("01", "response_rate"), "carhart2016"] == 0.45
    assert table.loc[("01", "headline_reconstruction"), "carhart2016"] == "9/20 = 45%, 95% Wilson interval 26% to 66%"
    five = table.loc["05"]                                # notebook 05 ran for the Norwegian trial only
    assert five["kvam2025"].notna().all() and five["carhart2016"].isna().all()


@pytest.mark.parametrize("notebook, missing", [
    ("05", ["baseline.mean", "baseline.sd", "change.mean", "change.se"]),
    ("06", ["baseline.mean", "baseline.sd", "change.mean"]),
])
def test_a_notebook_the_study_cannot_feed_is_refused_before_any_kernel_one_line_per_missing_row(tmp_path, monkeypatch,
                                                                                                capsys, notebook, missing):
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    assert cli.main(["run", notebook, "-p", "study", "carhart2016"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line.split(": role ")[1].split(" ")[0] for line in lines] == missing
    assert all(line.startswith(f"error: command line: study 'carhart2016' cannot run notebook {notebook}: ") for line in lines)
    assert not (tmp_path / "runs").exists(), "nothing is written"


def test_an_unknown_study_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    assert cli.main(["run", "01", "-p", "study", "nobody"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: command line: unknown study 'nobody'; studies are: kvam2025, carhart2016 "
                   "(add one with `python -m reappraise new-study NAME`)"]


def test_the_run_records_which_study_it_ran(runs):
    folder = runs[0] / "study-carhart2016"
    for name in RUNNABLE:
        assert json.loads((folder / f"{name}.results.json").read_text())["study"] == "carhart2016"
