"""Specification of reappraise.evidence.definitions: outcome definitions as sourced data.

Every response, remission and loss-of-diagnosis count in the ledger carries the definition
it was counted under (data/definitions.csv, linked by data/definition_links.csv), and a
file that breaks a rule stops the load with a message naming the row and the rule.
"""

from __future__ import annotations

import functools
import shutil

import pandas as pd
import pytest

from reappraise import paths
from reappraise.errors import DefinitionMismatch
from reappraise.evidence import definitions, ledger
from reappraise.stats import bayes, comparators


@functools.cache
def _shipped():
    return definitions.load(ledger=ledger.load())


def test_the_shipped_definitions_load_and_every_counted_outcome_in_the_ledger_is_linked():
    D = _shipped()
    table = D.ledger.table
    counted = table[table["outcome"].isin(definitions.COUNTED_OUTCOMES) & table["statistic"].isin(["count", "percent"])]
    assert len(counted) > 30
    assert set(counted.index) <= set(D.links)


def test_mapp_response_is_a_10_point_caps5_fall_and_the_norwegian_response_a_50_percent_madrs_fall():
    D = _shipped()
    mapp1, mapp2, kvam = D.of("mapp1.response.w18.placebo"), D.of("mapp2.response.w18.placebo"), D.of("kvam.response.post")
    assert (mapp1.scales, mapp1.rule, mapp1.threshold) == (("CAPS-5",), "absolute-fall", 10.0)
    assert (mapp2.scales, mapp2.rule, mapp2.threshold) == (("CAPS-5",), "absolute-fall", 10.0)
    assert (kvam.scales, kvam.rule, kvam.threshold) == (("MADRS",), "relative-fall", 0.5)
    assert kvam.status == "assumed"  # the trial's own definition is a gap in the ledger
    assert kvam.differences(mapp1) == ("scale", "rule")


def test_pill_placebo_response_is_a_same_definition_yardstick_and_the_mapp_placebo_arms_are_not():
    D = _shipped()
    table = D.benchmarks(D.of("kvam.response.post"))
    assert table.loc[["furukawa-placebo-low", "furukawa-placebo-high", "undurraga-placebo",
                      "goodwin-control-response"], "same definition"].all()
    assert not table.loc[["mapp1-placebo-therapy", "mapp2-placebo-therapy", "thase-placebo-remission"],
                         "same definition"].any()


def test_the_library_refuses_the_mapp_placebo_arm_as_a_yardstick_for_the_norwegian_response():
    D = _shipped()
    k, n = D.ledger.count("kvam.response.post")
    with pytest.raises(DefinitionMismatch, match="kvam2025.response.*mapp1.response"):
        bayes.prob_exceeds(k, n, D.benchmark("mapp1-placebo-therapy"), definition=D.of("kvam.response.post"))
    furukawa = comparators.against_benchmark(k, n, D.benchmark("furukawa-placebo-high"), definition=D.of("kvam.response.post"))
    assert furukawa["benchmark"] == pytest.approx(0.40)


def test_rates_prefer_counts_and_carry_their_definition_and_label():
    D = _shipped()
    rate = D.benchmark("mapp1-placebo-therapy")
    assert rate.value == pytest.approx(23 / 37) and rate.label == "mapp1-placebo-therapy"
    assert rate.definition.name == "mapp1.response"


def test_every_definition_names_a_listed_source_and_says_why_when_it_is_assumed_secondary_or_a_gap():
    D = _shipped()
    for name, row in D.table.iterrows():
        assert row["source"] in D.ledger.sources.index, name
        if row["status"] != "reported":
            assert row["note"].strip(), name


def _copy(tmp_path):
    """Copies of the shipped definitions and links to break one rule at a time."""
    defs, links = tmp_path / "definitions.csv", tmp_path / "definition_links.csv"
    shutil.copy(paths.DEFINITIONS, defs)
    shutil.copy(paths.DEFINITION_LINKS, links)
    return defs, links


def _edit(path, row_key, column, value, key="definition"):
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table[key] == row_key, column] = value
    table.to_csv(path, index=False)


@pytest.mark.parametrize("column, value, rule", [
    ("rule", "fall-of-half", "vocabulary"),
    ("timing", "week 8", "vocabulary"),
    ("threshold", "", "threshold"),
    ("threshold", "half", "threshold"),
    ("scale", "CAPS-5 or CAPS-IV", "one-scale"),
    ("status", "gap", "gap"),
    ("source", "doi:10.0000/nowhere", "provenance"),
    ("locator", "", "provenance"),
])
def test_a_broken_definition_stops_the_load_naming_the_row_and_the_rule(tmp_path, column, value, rule):
    defs, links = _copy(tmp_path)
    _edit(defs, "mapp1.response", column, value)
    with pytest.raises(definitions.DefinitionsError, match=rf"'mapp1.response' breaks rule '{rule}'"):
        definitions.load(defs, links, ledger.load())


def test_a_duplicated_definition_id_is_refused(tmp_path):
    defs, links = _copy(tmp_path)
    table = pd.read_csv(defs, dtype=str, keep_default_na=False)
    pd.concat([table, table.iloc[[0]]]).to_csv(defs, index=False)
    with pytest.raises(definitions.DefinitionsError, match="rule 'id'"):
        definitions.load(defs, links, ledger.load())


@pytest.mark.parametrize("column, value, rule", [
    ("definition", "nowhere.response", "links"),
    ("counts", "some", "links"),
    ("definition", "mapp1.remission", "outcome"),
])
def test_a_broken_link_stops_the_load_naming_the_ledger_row_and_the_rule(tmp_path, column, value, rule):
    defs, links = _copy(tmp_path)
    _edit(links, "mapp1.response.w18.mdma", column, value, key="ledger_id")
    with pytest.raises(definitions.DefinitionsError, match=rf"'mapp1.response.w18.mdma' breaks rule '{rule}'"):
        definitions.load(defs, links, ledger.load())


def test_a_response_count_without_a_definition_stops_the_load(tmp_path):
    defs, links = _copy(tmp_path)
    table = pd.read_csv(links, dtype=str, keep_default_na=False)
    table[table["ledger_id"] != "mapp2.remission.w18.placebo"].to_csv(links, index=False)
    with pytest.raises(definitions.DefinitionsError, match="'mapp2.remission.w18.placebo' breaks rule 'coverage'"):
        definitions.load(defs, links, ledger.load())


def test_asking_for_an_unknown_definition_or_an_unlinked_row_names_it():
    D = _shipped()
    with pytest.raises(definitions.DefinitionsError, match="no definition called 'x'"):
        D.get("x")
    with pytest.raises(definitions.DefinitionsError, match="kvam.madrs.baseline.mean"):
        D.of("kvam.madrs.baseline.mean")
