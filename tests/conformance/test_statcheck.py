"""p-value checks against statcheck (MicheleNuijten/statcheck).

Vectors: vectors/statcheck.csv holds every expectation of statcheck's
tests/testthat/test-error.R and test-decisionerror.R (text, options, and whether statcheck
calls the result an error or a decision error) and the hand-coded results with error flags in
inst/test_materials; vectors/statcheck_generated.csv holds 2,769 generated reports scored by
statcheck's own R/error_test.R and R/decision_error_test.R with its defaults. Conventions:
Q is read as chi2 and 'ns' as p > alpha, as statcheck does; 'p = .000' is a p rounded to
three decimals (statcheck's pZeroError = FALSE); a test statistic printed as an inequality
('t < 2.2') is not offered and counted as not applicable.
"""

from scipy import stats

from conformance_support import failures, flag, holds, rows, score

from reappraise.stats.consistency import p_value

PEER = "MicheleNuijten/statcheck"


def _df(text: str):
    parts = [float(x) for x in text.split(";") if x]
    return None if not parts else parts[0] if len(parts) == 1 else tuple(parts)


def _answers(row: dict) -> dict:
    """reappraise's error, decision error and point p for one report (statcheck's one-tailed rule for '2|1')."""
    kwargs = {"alpha": float(row["alpha"]), "p_equal_alpha_significant": flag(row["p_equal_alpha_significant"])}
    verdicts = [p_value(row["p"], row["statistic"], _df(row["df"]), row["test"], int(t), **kwargs)
                for t in row["tails"].split("|")]
    chosen = next((v for v in verdicts if v), verdicts[0])
    return {"error": not chosen, "decision_error": chosen.values["decision_error"], "p": chosen.values["p"]}


def _ok(row: dict) -> bool | None:
    if row["relation"] == "not_applicable":
        return None
    answers = _answers(row)
    if row["variable"] == "computed_p":
        return abs(answers["p"] - stats.t.sf(2.20, 28)) < 1e-12
    return holds(row["relation"], flag(row["expected"]), answers[row["variable"]])


def _check(name: str) -> list:
    results = [(row, score(PEER, "p_value", row, _ok(row))) for row in rows(name)]
    assert all(ok for _, ok in results), failures(results)
    return results


def test_p_value_agrees_with_statchecks_tests_and_hand_coded_results():
    results = _check("statcheck.csv")
    assert len(results) == 286
    assert sum(row["relation"] == "not_applicable" for row, _ in results) == 126


def test_p_value_agrees_with_statchecks_own_functions_on_generated_reports():
    results = _check("statcheck_generated.csv")
    assert len(results) == 2 * 2769
