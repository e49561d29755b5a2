"""Missing participants: named imputation scenarios and the tipping-point grid.

The MAPP1 figures used as an example (28/42 vs 12/37 analysed of 46 and 44 randomised)
come from the project ledger; the scenarios follow the usual sensitivity analyses for
missing binary outcomes (e.g. Higgins JPT, White IR, Wood AM. Clin Trials 2008;5:225).
"""

import pandas as pd
import pytest

from reappraise.stats import missing
from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import fisher_p

MAPP1 = (28, 42, 4, 12, 37, 7)


@pytest.mark.parametrize("scenario, expected", [
    ("complete-case", (28, 42, 12, 37)),
    ("missing-failure", (28, 46, 12, 44)),
    ("worst-case", (28, 46, 19, 44)),
    ("best-case", (32, 46, 12, 44)),
    ("same-rate", (31, 46, 14, 44)),   # 4·28/42 = 2.67 -> 3; 7·12/37 = 2.27 -> 2
])
def test_each_named_scenario_fills_in_the_missing_as_documented(scenario, expected):
    assert missing.impute(*MAPP1, scenario) == expected


def test_when_the_event_is_a_harm_worst_and_best_case_swap():
    assert missing.impute(*MAPP1, "worst-case", higher_is_better=False) == missing.impute(*MAPP1, "best-case")


def test_same_rate_rounds_a_half_up():
    assert missing.impute(1, 2, 1, 1, 2, 3, "same-rate") == (2, 3, 3, 5)


def test_the_grid_has_one_row_per_split_and_its_corners_are_the_extreme_scenarios():
    grid = missing.tipping_grid(*MAPP1)
    assert len(grid) == 5 * 8
    worst = grid.query("i == 0 and j == 7").iloc[0]
    assert (worst.k1, worst.n1, worst.k2, worst.n2) == missing.impute(*MAPP1, "worst-case")
    assert worst.p == pytest.approx(fisher_p(28, 46, 19, 44))
    assert (grid.rd_low <= grid.rd).all() and (grid.rd <= grid.rd_high).all()


def test_tipping_points_give_the_fewest_control_events_that_remove_significance():
    grid = missing.tipping_grid(*MAPP1)
    tips = missing.tipping_points(grid, alpha=0.05)
    for row in tips.itertuples():
        part = grid[grid.i == row.i].set_index("j")["p"]
        if pd.isna(row.j_tip):
            assert (part < 0.05).all()
        else:
            assert part[row.j_tip] >= 0.05 and (part[part.index < row.j_tip] < 0.05).all()


def test_no_missing_participants_leave_a_one_cell_grid_equal_to_the_complete_case():
    grid = missing.tipping_grid(28, 42, 0, 12, 37, 0)
    assert len(grid) == 1 and grid.p.iloc[0] == pytest.approx(fisher_p(28, 42, 12, 37))


def test_bad_scenarios_and_counts_raise():
    with pytest.raises(ReappraiseError, match="scenario must be one of"):
        missing.impute(*MAPP1, "last-observation")
    with pytest.raises(ReappraiseError, match="m1 must be a whole number"):
        missing.impute(28, 42, -1, 12, 37, 7, "worst-case")
    with pytest.raises(ReappraiseError, match="alpha"):
        missing.tipping_points(missing.tipping_grid(*MAPP1), alpha=5)


def test_the_heat_map_draws_one_cell_per_split():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    image = missing.plot_tipping_grid(ax, missing.tipping_grid(*MAPP1), marks={"W": (0, 7)})
    assert image.get_array().shape == (8, 5)
    plt.close(fig)
