"""Specification of the press-claims audit (``reappraise.evidence.claims`` and ``data/claims.csv``).

Every claim of the five seed articles is paraphrased in ``data/claims.csv`` and either
checked by a named computation against the ledger or given a hand-written verdict with a
reason. Computed verdicts are never written into the file, so changing a number in the
ledger flips them; the flip tests below build a modified ledger in a temporary folder.
"""

import datetime as dt
import re

import pandas as pd
import pytest

from reappraise import paths
from reappraise.evidence import claims, ledger
from reappraise.errors import ReappraiseError


@pytest.fixture(scope="module")
def L():
    return ledger.load()


@pytest.fixture(scope="module")
def C(L):
    return claims.load(L=L)


@pytest.fixture(scope="module")
def audited(C, L):
    return claims.audit(C, L)


def modified_ledger(tmp_path, changes: dict) -> ledger.Ledger:
    """Write the project ledger with ``changes`` ({row id: {column: text}}) to tmp_path and load it."""
    df = pd.read_csv(paths.LEDGER, dtype=str, keep_default_na=False, encoding="utf-8")
    for row_id, columns in changes.items():
        assert (df["id"] == row_id).sum() == 1, row_id
        for column, text in columns.items():
            df.loc[df["id"] == row_id, column] = text
    path = tmp_path / "ledger.csv"
    df.to_csv(path, index=False, encoding="utf-8")
    return ledger.load(path, paths.SOURCES)


def reaudit(L_new, claim_id: str, tolerance: float = 0.10) -> tuple[str, str]:
    row = claims.load(L=L_new).set_index("id", drop=False).loc[claim_id].to_dict()
    return claims.verdict(row, L_new, tolerance)


def write_claims(tmp_path, C, **changes) -> str:
    """Write the claims file with one row's cells changed (changes: column=text for row 0)."""
    df = C.copy()
    for column, text in changes.items():
        df.loc[df.index[0], column] = text
    path = tmp_path / "claims.csv"
    df.to_csv(path, index=False, encoding="utf-8")
    return path


# --- the file validates ------------------------------------------------------------------------

def test_the_claims_file_loads_and_validates_against_the_ledger(C):
    assert list(C.columns) == list(claims.COLUMNS)
    assert len(C) >= 50
    assert C["id"].is_unique


def test_every_seed_article_has_claims(C, L):
    seeds = sorted(s.split(":")[1][:3] for s in L.sources.index if str(s).startswith("seed:"))
    assert sorted(C["seed"].unique()) == seeds == ["000", "001", "002", "003", "004"]


def test_every_referenced_ledger_row_exists(C, L):
    referenced = set()
    for row in C.to_dict("records"):
        referenced |= set(claims.split(row["ledger_rows"])) | set(claims.split(row["claim_row"]))
        referenced |= {item.split(":", 1)[1] for item in claims.split(row["dated"])}
        referenced |= {m for text in (row["reason"], row["caveat"]) for m in re.findall(r"\{([a-z0-9_.-]+)", text)}
    assert referenced and referenced <= set(L.table.index)


def test_kinds_come_from_the_fixed_vocabulary(C):
    assert set(C["kind"]) <= set(claims.KINDS)


def test_computed_claims_leave_verdict_and_reason_blank_so_the_ledger_decides(C):
    computed = C[C["check"] != ""]
    assert len(computed) >= 25
    assert set(computed["check"]) <= set(claims.CHECKS)
    assert (computed["verdict"] == "").all() and (computed["reason"] == "").all()


def test_hand_written_claims_carry_a_verdict_from_the_vocabulary_and_a_reason(C):
    written = C[C["check"] == ""]
    assert set(written["verdict"]) <= set(claims.VERDICTS)
    assert (written["reason"].str.len() > 20).all()


def test_every_audited_claim_has_a_verdict_from_the_vocabulary_and_a_reason(audited, C):
    assert len(audited) == len(C)
    assert set(audited["verdict"]) <= set(claims.VERDICTS)
    assert (audited["reason"].str.len() > 20).all()
    assert not audited["reason"].str.contains(r"\{").any(), "every template is filled from the ledger"


def test_every_number_the_ledger_takes_from_a_seed_is_audited(C, L):
    seed_rows = {i for i in L.table.index if i.startswith("seed")}
    audited_rows = {r for cell in C["claim_row"] for r in claims.split(cell)}
    assert seed_rows <= audited_rows


def test_claims_are_paraphrased_not_pasted(C):
    """No claim shares a run of eight words with its article (skipped where the seeds are absent)."""
    if not paths.SEEDS.is_dir():
        pytest.skip("seed articles not available")

    def words(text):
        return re.findall(r"[a-z0-9]+", text.lower())

    for seed, group in C.groupby("seed"):
        article = " ".join(words(next(paths.SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")))
        for claim in group["claim"]:
            w = words(claim)
            runs = [" ".join(w[i:i + 8]) for i in range(len(w) - 7)]
            assert not [r for r in runs if r in article], claim


# --- the file is rejected when it breaks a rule ---------------------------------------------------

@pytest.mark.parametrize("changes, rule", [
    ({"ledger_rows": "kvam.no.such.row"}, "ledger_rows"),
    ({"verdict": "supported"}, "computed"),
    ({"check": "", "verdict": "mostly true", "reason": "A reason."}, "verdict"),
    ({"check": "", "verdict": "supported", "reason": ""}, "reason"),
    ({"check": "looks_right"}, "check"),
    ({"kind": "opinion"}, "kind"),
    ({"claim_row": "seed000.kvam.dose"}, "claim_row"),
    ({"dated": "during:fda.crl.date"}, "dated"),
    ({"caveat": "See {no.such.row}."}, "templates"),
])
def test_a_claims_file_breaking_a_rule_is_rejected_naming_the_rule(tmp_path, C, L, changes, rule):
    path = write_claims(tmp_path, C, **changes)
    with pytest.raises(claims.ClaimsError, match=f"rule '{rule}'"):
        claims.load(path, L)


def test_the_claims_error_is_a_value_error():
    assert issubclass(claims.ClaimsError, ReappraiseError) and issubclass(claims.ClaimsError, ValueError)


# --- verdicts flip when the ledger changes ----------------------------------------------------------

def test_the_75_percent_claim_is_supported_with_caveat_and_flips_to_overstated_if_the_count_drops(tmp_path, audited):
    assert audited.loc["s000.improved", "verdict"] == "supported with caveat"
    fewer = modified_ledger(tmp_path, {"kvam.response.post": {"numerator": "8"}})
    verdict, reason = reaudit(fewer, "s000.improved")
    assert verdict == "overstated" and "8/12 = 66.7%" in reason


def test_the_125_mg_dose_is_contradicted_and_flips_if_the_trial_had_given_125_mg(tmp_path, audited):
    assert audited.loc["s000.dose", "verdict"] == "contradicted"
    changed = modified_ledger(tmp_path, {"kvam.dose.session1.initial.bjp": {"value": "125", "printed": "125 mg"},
                                         "kvam.dose.session2.initial.bjp": {"value": "125", "printed": "125 mg"}})
    assert reaudit(changed, "s000.dose")[0] == "supported with caveat"


def test_no_serious_safety_problems_is_overstated_because_of_severe_events_and_flips_without_them(tmp_path, audited):
    assert audited.loc["s004.no_serious", "verdict"] == "overstated"
    assert "severe adverse events 5/53" in audited.loc["s004.no_serious", "reason"]
    changed = modified_ledger(tmp_path, {"mapp2.severe_teae.count.mdma": {"numerator": "0", "printed": "0"}})
    assert reaudit(changed, "s004.no_serious")[0] == "supported with caveat"


def test_approval_by_2024_is_outdated_and_not_checkable_if_the_letter_came_after_2024(tmp_path, audited):
    assert audited.loc["s000.approval_2024", "verdict"] == "outdated"
    assert audited.loc["s004.rescheduling_2024", "verdict"] == "outdated"
    later = modified_ledger(tmp_path, {"fda.crl.date": {"printed": "2025-03-01"}})
    assert reaudit(later, "s000.approval_2024")[0] == "not checkable"


def test_a_2024_filing_forecast_is_outdated_and_supported_if_the_filing_fell_in_2024(tmp_path, audited):
    assert audited.loc["s000.nda_2024", "verdict"] == "outdated"
    later = modified_ledger(tmp_path, {"fda.nda_submitted": {"printed": "2024-02"}})
    assert reaudit(later, "s000.nda_2024")[0] == "supported"


def test_a_gap_in_the_ledger_makes_a_computed_claim_not_checkable(tmp_path):
    gap = modified_ledger(tmp_path, {"kvam.followup.attended": {
        "numerator": "", "denominator": "", "printed": "", "status": "gap", "note": "Not public."}})
    assert reaudit(gap, "s002.retention")[0] == "not checkable"


def test_a_number_only_the_article_itself_prints_is_not_checkable(audited):
    assert audited.loc["s002.responders", "verdict"] == "not checkable"
    assert "Only this article prints it" in audited.loc["s002.responders", "reason"]


def test_support_resting_on_other_press_coverage_carries_a_caveat(audited):
    assert audited.loc["s000.breakthrough", "verdict"] == "supported with caveat"
    assert "press coverage (Seed 004" in audited.loc["s000.breakthrough", "reason"]


def test_a_number_moved_to_a_primary_source_becomes_checkable(tmp_path):
    primary = modified_ledger(tmp_path, {"kvam.response.maintained_7m": {"source": "ref:kvam2025-followup"}})
    assert reaudit(primary, "s002.response_kept")[0] == "supported"


def test_the_tolerance_decides_whether_about_a_month_matches_four_weeks(C, L):
    row = C.set_index("id", drop=False).loc["s002.interval"].to_dict()
    assert claims.verdict(row, L, tolerance=0.10)[0] == "supported"
    assert claims.verdict(row, L, tolerance=0.0)[0] == "contradicted"
    with pytest.raises(ReappraiseError, match="tolerance"):
        claims.audit(C, L, tolerance=1.5)


# --- the computed checks ---------------------------------------------------------------------

def test_a_printed_percentage_must_round_from_the_ledger_count(L):
    # 37/42 = 88.10%: '88%' agrees, '89%' claims more than the count gives, '87%' less.
    assert claims.percent_of_count(L, ["mapp1.response.w18.mdma"], "88%")[0] == "supported"
    assert claims.percent_of_count(L, ["mapp1.response.w18.mdma"], "89%")[0] == "overstated"
    assert claims.percent_of_count(L, ["mapp1.response.w18.mdma"], "87%")[0] == "contradicted"
    assert claims.percent_of_count(L, ["kvam.response.post"], "10/12 (75%)")[0] == "overstated"


def test_counts_are_compared_exactly_with_numerator_and_denominator(L):
    assert claims.count_equals(L, ["kvam.followup.attended"], "12/12")[0] == "supported"
    assert claims.count_equals(L, ["kvam.followup.attended"], "12/13")[0] == "contradicted"
    assert claims.count_equals(L, ["kvam.enrolled.n"], "14")[0] == "overstated"
    with pytest.raises(claims.ClaimsError, match="claim_value"):
        claims.count_equals(L, ["kvam.enrolled.n", "kvam.response.post"], "12;9;3")


def test_a_claimed_range_must_cover_every_ledger_dose(L):
    doses = ["kvam.dose.session1.initial.bjp", "kvam.dose.session2.initial.bjp", "mithoefer2018.dose.mdma"]
    assert claims.range_covers(L, doses, "80-125")[0] == "supported"
    assert claims.range_covers(L, doses, "100-125")[0] == "contradicted"


def test_none_of_reports_the_exact_upper_bound_a_zero_count_leaves_open(L):
    """0 events in 12: the exact 95% upper bound is 1 - 0.025**(1/12) = 26.5%.

    Hanley JA, Lippman-Hand A. If nothing goes wrong, is everything all right? JAMA
    1983;249:1743-1745 (the 'rule of three', 3/n = 25%, approximates it).
    """
    verdict, reason = claims.none_of(L, ["kvam.safety.serious_ae"], "0")
    assert verdict == "supported" and "95% upper bound 26%" in reason
    assert 1 - 0.025 ** (1 / 12) == pytest.approx(0.2646, abs=1e-4)


def test_dates_are_read_as_the_period_they_print():
    assert claims.period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert claims.period("2023-12") == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert claims.period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert claims.period("2024-06-04") == (dt.date(2024, 6, 4),) * 2
    with pytest.raises(claims.ClaimsError, match="YYYY"):
        claims.period("June 2024")


def test_durations_are_converted_to_days():
    assert claims.days("8 weeks") == 56
    assert claims.days("2 years") == pytest.approx(730.5)
    assert claims.days("1 month") == pytest.approx(30.4375)
    with pytest.raises(claims.ClaimsError, match="duration"):
        claims.days("two fortnights")


def test_templates_are_filled_with_the_ledger_values(L):
    text = "{kvam.enrolled.n} people; {kvam.response.post}; {fda.adcomm.effectiveness_no:printed}; {mapp2.severe_teae.percent.mdma}"
    assert claims.fill(text, L) == "12 people; 9/12; 9–2; 9.4%"
    with pytest.raises(ledger.LedgerError):
        claims.fill("{no.such.row}", L)


# --- dating the articles and summarising ------------------------------------------------------

def test_the_health_website_was_written_between_the_application_and_the_advisory_vote(C, L):
    w = claims.windows(C, L)
    assert (w.loc["004", "earliest"], w.loc["004", "latest"]) == (dt.date(2023, 12, 1), dt.date(2024, 6, 4))
    assert bool(w.loc["004", "consistent"])


def test_the_feature_article_mixes_dates_no_single_writing_date_fits(C, L):
    w = claims.windows(C, L)
    assert not bool(w.loc["000", "consistent"])
    assert w.loc["000", "earliest_from"] == "kvam.enrolment.end" and w.loc["000", "latest_from"] == "fda.nda_submitted"


def test_the_summary_counts_every_claim_once(audited):
    table = claims.summary(audited)
    assert table.loc["all", "total"] == len(audited)
    assert list(table.columns) == [*claims.VERDICTS, "total"]
