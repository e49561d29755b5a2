"""The concerns table (data/concerns.csv): every concern sourced, and testable only if something is computed for it."""

import pandas as pd
import pytest

from reappraise import paths
from reappraise.errors import LedgerError
from reappraise.evidence import concerns


def test_the_concerns_load_and_cover_the_committee_letter_and_icer():
    C = concerns.load()
    assert {"unblinding", "expectancy", "disappointment", "dropout", "therapy", "adverse_events", "misconduct",
            "durability", "prior_use"} <= set(C.index)
    assert {"ref:fda-crl-2024-08", "ref:icer-2024"} <= set(C["raised_by"])


def test_every_untestable_concern_says_so_and_every_testable_one_is_computed():
    C = concerns.load()
    assert (C.loc[C["testable"] == "no", "computed"] == "").all()
    assert (C.loc[C["testable"] != "no", "computed"] != "").all()


def _variant(tmp_path, row_id, column, value):
    df = pd.read_csv(paths.CONCERNS, dtype=str, keep_default_na=False)
    df.loc[df["id"] == row_id, column] = value
    path = tmp_path / "concerns.csv"
    df.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("row_id, column, value, rule", [
    ("therapy", "raised_by", "ref:nowhere", "provenance"),
    ("therapy", "locator", "", "provenance"),
    ("therapy", "testable", "maybe", "testable"),
    ("therapy", "computed", "dropout", "computed"),
    ("dropout", "computed", "", "computed"),
    ("dropout", "design", "", "text"),
])
def test_a_row_that_breaks_a_rule_fails_with_its_id_and_the_rule(tmp_path, row_id, column, value, rule):
    with pytest.raises(LedgerError, match=f"{row_id}.*'{rule}'"):
        concerns.load(_variant(tmp_path, row_id, column, value))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(LedgerError, match="nope.csv.*no such file"):
        concerns.load(tmp_path / "nope.csv")
