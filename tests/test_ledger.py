"""The ledger of reported numbers: every rule is checked on load, and a broken row is named."""

import shutil

import pandas as pd
import pytest

from reappraise import paths
from reappraise.evidence import ledger
from reappraise.errors import LedgerError


@pytest.fixture(scope="module")
def L():
    return ledger.load()


def write_variant(tmp_path, change):
    """Copy the ledger and sources into tmp_path, apply ``change`` to the ledger table, return paths."""
    df = pd.read_csv(paths.LEDGER, dtype=str, keep_default_na=False)
    df = change(df)
    path = tmp_path / "ledger.csv"
    df.to_csv(path, index=False)
    sources = tmp_path / "sources.csv"
    shutil.copy(paths.SOURCES, sources)
    return path, sources


def set_cell(row_id, column, value):
    def change(df):
        df.loc[df["id"] == row_id, column] = value
        return df
    return change


def test_the_committed_ledger_loads_and_passes_every_rule(L):
    assert len(L.table) > 100
    assert L.table.index.is_unique


def test_the_headline_counts_are_in_the_ledger(L):
    assert L.count("kvam.response.post") == (9, 12)
    assert L.count("kvam.remission.post") == (9, 12)
    assert L.count("kvam.response.maintained_7m") == (8, 9)
    assert L.count("mapp1.response.w18.mdma") == (37, 42)
    assert L.n("mapp1.no_ptsd.w18.mdma") == 42
    assert L.printed("mapp1.no_ptsd.w18.mdma") == "67%"


def test_every_row_names_a_source_listed_in_the_bibliography(L):
    assert set(L.table["source"]) <= set(L.sources.index)
    assert (L.table["locator"].str.len() > 0).all()


def test_numbers_that_are_not_public_are_recorded_as_gaps(L):
    gaps = L.gaps()
    assert {"kvam.response.definition", "kvam.remission.definition", "kvam.individual_data"} <= set(gaps.index)
    assert gaps["value"].isna().all() and (gaps["note"].str.len() > 0).all()


def test_the_ledger_covers_source_sections_a_b_c_and_f(L):
    studies = set(L.table["study"])
    assert {"kvam2025", "kvam2025fu", "mapp1", "mapp2", "furukawa2016", "rief2009", "thase2001",
            "undurraga2012", "rutherford2012", "stone2022"} <= studies


def test_values_are_typed_on_load(L):
    assert L.value("kvam.madrs.change.mean") == -19.3
    assert str(L.table["numerator"].dtype) == "Int64"


@pytest.mark.parametrize("row_id, column, value, rule", [
    ("kvam.response.post", "numerator", "13", "numerator<=denominator"),
    ("kvam.response.post", "numerator", "nine", "types"),
    ("kvam.madrs.baseline.mean", "value", "abc", "types"),
    ("kvam.response.post", "source", "", "provenance"),
    ("kvam.response.post", "locator", "", "provenance"),
    ("kvam.response.post", "source", "doi:10.9999/not-listed", "provenance"),
    ("kvam.response.post", "statistic", "guess", "statistic"),
    ("kvam.response.post", "status", "maybe", "status"),
    ("seed000.kvam.improved.percent", "numerator", "8", "percent-rounding"),
    ("kvam.madrs.baseline.mean", "value", "29.7", "printed-value"),
    ("kvam.response.definition", "value", "50", "reported"),
    ("kvam.response.post", "printed", "", "reported"),
    ("fda.crl.date", "printed", "9 August 2024", "date"),
])
def test_a_row_that_breaks_a_rule_fails_with_its_id_and_the_rule(tmp_path, row_id, column, value, rule):
    path, sources = write_variant(tmp_path, set_cell(row_id, column, value))
    with pytest.raises(LedgerError, match=f"{row_id}.*'{rule}'"):
        ledger.load(path, sources)


def test_a_printed_percentage_no_whole_count_can_produce_is_rejected(tmp_path):
    # 70% of 42: 29/42 = 69.0% and 30/42 = 71.4%, so no whole numerator prints as 70%.
    def change(df):
        df.loc[df["id"] == "mapp1.no_ptsd.w18.mdma", ["value", "printed"]] = ["70", "70%"]
        return df
    path, sources = write_variant(tmp_path, change)
    with pytest.raises(LedgerError, match="mapp1.no_ptsd.w18.mdma.*'percent-rounding'"):
        ledger.load(path, sources)


def test_duplicate_ids_are_rejected(tmp_path):
    path, sources = write_variant(tmp_path, lambda df: pd.concat([df, df.iloc[[0]]]))
    with pytest.raises(LedgerError, match="'id'"):
        ledger.load(path, sources)


def test_a_missing_column_is_rejected(tmp_path):
    path, sources = write_variant(tmp_path, lambda df: df.drop(columns=["locator"]))
    with pytest.raises(LedgerError, match="columns"):
        ledger.load(path, sources)


def test_a_printed_percentage_is_accepted_in_either_rounding_direction_at_a_half(tmp_path):
    # 1/8 = 12.5%: printed as 12% or 13% are both honest roundings.
    def change(df):
        extra = df.iloc[[0]].copy()
        extra[["id", "statistic", "numerator", "denominator", "value", "unit", "printed"]] = [
            "test.half", "percent", "1", "8", "13", "%", "13%"]
        low = extra.copy()
        low[["id", "value", "printed"]] = ["test.half.low", "12", "12%"]
        return pd.concat([df, extra, low])
    path, sources = write_variant(tmp_path, change)
    assert ledger.load(path, sources).count("test.half") == (1, 8)


def test_asking_for_a_row_that_does_not_exist_is_a_value_error(L):
    with pytest.raises(ValueError, match="no ledger row"):
        L.row("kvam.does.not.exist")
    with pytest.raises(ValueError, match="no numerator"):
        L.count("kvam.madrs.baseline.mean")


def test_citations_read_as_short_references(L):
    assert L.cite("kvam.madrs.baseline.mean") == "Kvam 2025 (BJP), abstract"


def test_a_secondary_row_must_cite_press_coverage_and_name_the_primary_source(tmp_path):
    path, sources = write_variant(tmp_path, set_cell("mapp.guess_correct.pct.mdma", "source", "doi:10.1136/bmj.e1119"))
    with pytest.raises(LedgerError, match="mapp.guess_correct.pct.mdma.*'secondary'"):
        ledger.load(path, sources)
    path, sources = write_variant(tmp_path, set_cell("mapp.guess_correct.pct.mdma", "note", ""))
    with pytest.raises(LedgerError, match="mapp.guess_correct.pct.mdma.*'secondary'"):
        ledger.load(path, sources)


def test_secondary_rows_are_kept_apart_from_reported_ones(L):
    secondary = L.secondary()
    assert "mapp.guess_correct.pct.mdma" in secondary.index
    assert set(L.sources.loc[secondary["source"], "kind"]) <= {"news", "seed"}
    assert not set(secondary.index) & set(L.select(status="reported").index)


def test_a_vote_is_a_count_of_votes_cast():
    L = ledger.load()
    assert L.count("fda.adcomm.q_effective.yes") == (2, 11)
    assert L.count("fda.adcomm.effectiveness_no")[0] == 11 - L.count("fda.adcomm.q_effective.yes")[0]
