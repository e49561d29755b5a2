"""Specification of reappraise.evidence.audit: every check over the ledger, and which mismatches are explained.

A check that assumes one method (a t-test on an estimate and its SE) will disagree with a
p-value the source computed by another (the BJP abstract names a two-tailed Wilcoxon
signed-rank test, Kvam 2025, doi:10.1192/bjp.2025.10320). Such a mismatch is expected and
explained; only the rest are questions for the authors.
"""

import pandas as pd
import pytest

from reappraise.evidence import audit, ledger


@pytest.fixture(scope="module")
def explained():
    L = ledger.load()
    return audit.explain(audit.check_ledger(L), L)


def test_every_check_gets_one_status_and_only_explained_mismatches_carry_a_reason(explained):
    assert set(explained["status"]) <= set(audit.STATUSES)
    assert ((explained["why"] != "") == (explained["status"] == "explained mismatch")).all()
    assert ((explained["status"] == "consistent") == (explained["verdict"] != "inconsistent")).all()


def test_the_sds_p_value_is_an_explained_mismatch_because_the_trial_used_a_signed_rank_test(explained):
    row = explained[(explained["check"] == "p from estimate and SE") & explained["rows"].str.startswith("kvam.sds")]
    assert row["status"].tolist() == ["explained mismatch"]
    assert "signed-rank" in row["why"].iloc[0]


def test_the_madrs_interval_that_fits_no_standard_method_stays_unexplained(explained):
    row = explained[(explained["check"] == "95% CI from estimate and SE") & explained["rows"].str.startswith("kvam.madrs")]
    assert row["status"].tolist() == ["unexplained"]


def test_a_p_value_mismatch_in_a_study_that_names_no_signed_rank_test_is_unexplained():
    L = ledger.load()
    table = pd.DataFrame([{"check": "p from estimate and SE", "rows": "mapp2.caps5.change.d, x, mapp2.caps5.change.p",
                           "inputs": "", "verdict": "inconsistent", "explanation": "", "assumes": ""}])
    assert audit.explain(table, L)["status"].tolist() == ["unexplained"]
