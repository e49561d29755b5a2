"""`make bench` reads where the work of `make test` goes off pytest's junit report, and prints
each measure beside its goal (nothing is asserted about speed here: that is the benchmark's job)."""

import pytest

from reappraise import paths
from reappraise.pipeline import timing

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_browser_axe" name="test_axe[index.html@1280]" time="4.0"/>
<testcase classname="tests.test_browser" name="test_every_page_loads" time="10.0"/>
<testcase classname="notebooks.01-reconstruct-response-remission.ipynb" name="Cell 0" time="1.5"/>
<testcase classname="tests.test_notebook_edges" name="test_edges[06-values0]" time="5.0"/>
<testcase classname="tests.test_metafor_oracle" name="test_pooled[caps-REML-z]" time="0.5"/>
<testcase classname="tests.test_design" name="test_power" time="0.25"/>
</testsuite></testsuites>"""


def test_the_work_of_make_test_is_summed_by_part_and_every_test_counted_once(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT)
    parts = {label: (seconds, count) for label, seconds, count in timing.test_parts(junit)}
    assert parts["browser: Chromium and axe-core on every page"] == (14.0, 2)
    assert parts["notebooks executed in kernels (nbval, runs, edges, studies)"] == (6.5, 2)
    assert parts["R oracles (base R, metafor)"] == (0.5, 1)
    assert parts["site builds"] == (0.0, 0)
    assert parts["everything else"] == (0.25, 1)
    assert sum(count for _, count in parts.values()) == 6


def test_the_table_puts_each_goal_beside_its_value_and_says_whether_it_is_met():
    rows = [{"benchmark": "rerun", "measure": "run 01", "value": 4.2, "unit": "s", "goal": 5.0, "note": ""},
            {"benchmark": "tests", "measure": "make test", "value": 250.0, "unit": "s", "goal": 60.0, "note": ""},
            {"benchmark": "rebuild", "measure": "floor", "value": 15.0, "unit": "s", "note": ""}]
    lines = timing.table(rows).splitlines()
    assert "<= 5" in lines[1] and " yes " in lines[1]
    assert "<= 60" in lines[2] and " NO " in lines[2]
    assert "yes" not in lines[3] and "NO" not in lines[3]


@pytest.mark.slow
def test_the_floor_runs_import_only_notebooks_through_the_runner_and_leaves_nothing_behind():
    def in_runs() -> list:
        return sorted(paths.RUNS.glob("*")) if paths.RUNS.exists() else []

    before, published = in_runs(), sorted(paths.NOTEBOOKS.iterdir())
    for way, label in timing.FLOOR_WAYS.items():
        row = timing.floor_row(count=1, way=way)
        assert row["benchmark"] == "rebuild" and row["unit"] == "s" and row["value"] > 0
        assert f"1 import-only notebooks, {label}" in row["measure"]
    assert in_runs() == before and sorted(paths.NOTEBOOKS.iterdir()) == published


def test_the_floor_counts_every_notebook_a_rebuild_executes_the_other_studies_runs_included(tmp_path, monkeypatch):
    from reappraise.pipeline import site

    study = tmp_path / "studies" / "carhart2016"
    study.mkdir(parents=True)
    for name in ("01-a.ipynb", "02-b.ipynb"):
        (study / name).write_text("{}")
    monkeypatch.setattr(site, "STUDY_RUNS", tmp_path / "studies")
    published = len(list(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))  # counted here independently of the code
    assert timing.rebuild_executions() == published + 2
