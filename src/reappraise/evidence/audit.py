"""Every consistency check that applies to the ledger's reported rows, as one table.

:func:`check_ledger` groups the ledger's reported rows by (study, outcome, timepoint, arm)
and runs each check of :mod:`reappraise.stats.consistency` whose inputs the group holds.
The checks themselves are pure functions of printed numbers; this module only decides
which rows feed which check.
"""

from __future__ import annotations

import pandas as pd

from reappraise.stats.consistency import (
    Verdict, ci_from_se, ci_symmetric, grim, grim_percent, grimmer, p_from_estimate, sd_from_se, signed_rank_p,
)
from reappraise.stats.printed import parse_number


#: Outcomes scored as sums of whole-number items, so their means are GRIM-testable.
INTEGER_SCALES = frozenset({"madrs", "sds", "caps5", "caps-iv"})

_ASSUMES = {
    "GRIM": "whole-number scores; the mean is over all n",
    "GRIMMER": "whole-number scores; mean and SD over the same n",
    "GRIM (percent)": "a percentage of whole participants out of n",
    "CI": "a Wald-type interval: estimate ± multiplier × SE",
    "CI centred on estimate": "a symmetric interval around the estimate",
    "p from estimate and SE": "a t-test (df = n − 1) on the estimate; the source may have used another test",
    "Wilcoxon signed-rank p": "a two-sided signed-rank test on n paired differences",
    "SD from SE": "SD and SE of the same mean of n",
}


def _row_verdict(rows: list[str], verdict: Verdict, assumes: str) -> dict:
    return {"check": verdict.test, "rows": ", ".join(rows), "inputs": verdict.inputs, "verdict": verdict.label,
            "explanation": verdict.evidence, "assumes": assumes}


def _estimate_of(by: dict) -> str | None:
    """The statistic a group's SE, interval and p belong to: an estimate printed as one number
    in the unit of its interval (or of its SE when no interval is printed)."""
    partner = by.get("ci_low", by.get("se"))
    for stat in ("mean_change", "mean_difference", "effect_size", "mean"):
        row = by.get(stat)
        if row is not None and parse_number(row["printed"]) is not None and (
                partner is None or row["unit"] == partner["unit"]):
            return stat
    return None


def check_ledger(ledger) -> "pd.DataFrame":
    """Run every check that applies to the ledger's reported rows; return one row per check.

    ``ledger`` is a :class:`reappraise.evidence.ledger.Ledger`. Values are taken from the ``printed``
    column, so trailing zeros count. Rows are grouped by (study, outcome, timepoint, arm):
    a mean with n gets GRIM, a mean and SD GRIMMER, a percentage with n GRIM for
    percentages, an estimate with SE and both limits the interval check, an estimate with
    limits but no SE the centring check, an estimate with SE and p the t-test p check, a
    p with n the signed-rank check, an SD with an SE the SD-from-SE check. Columns: check,
    rows, inputs, verdict, explanation, assumes.
    """
    table = ledger.table[ledger.table["status"] == "reported"]
    out = []
    for key, group in table.groupby(["study", "outcome", "timepoint", "arm"], sort=False):
        by = {stat: rows.iloc[0] for stat, rows in group.groupby("statistic")}
        n_of = {stat: (int(r["denominator"]) if not pd.isna(r["denominator"]) else None) for stat, r in by.items()}
        integer = key[1] in INTEGER_SCALES
        est_stat = _estimate_of(by)
        estimate = by.get(est_stat)
        for stat in ("mean", "mean_change"):
            if stat in by and integer and n_of[stat]:
                out.append(_row_verdict([by[stat]["id"]], grim(by[stat]["printed"], n_of[stat]), _ASSUMES["GRIM"]))
        if "mean" in by and "sd" in by and integer and n_of["mean"] and n_of["mean"] == n_of["sd"]:
            out.append(_row_verdict([by["mean"]["id"], by["sd"]["id"]],
                                    grimmer(by["mean"]["printed"], by["sd"]["printed"], n_of["mean"]), _ASSUMES["GRIMMER"]))
        for _, row in group[group["statistic"] == "percent"].iterrows():
            if not pd.isna(row["denominator"]) and "%" in row["printed"] and "–" not in row["printed"]:
                out.append(_row_verdict([row["id"]], grim_percent(row["printed"].lstrip("~≈ "), int(row["denominator"])),
                                        _ASSUMES["GRIM (percent)"]))
        n = n_of.get(est_stat)
        df = n - 1 if n else None
        if estimate is not None and "ci_low" in by and "ci_high" in by:
            ids = [estimate["id"]] + ([by["se"]["id"]] if "se" in by else []) + [by["ci_low"]["id"], by["ci_high"]["id"]]
            if "se" in by:
                verdict = ci_from_se(estimate["printed"], by["se"]["printed"], by["ci_low"]["printed"],
                                     by["ci_high"]["printed"], df)
                out.append(_row_verdict(ids, verdict, _ASSUMES["CI"]))
            else:
                verdict = ci_symmetric(estimate["printed"], by["ci_low"]["printed"], by["ci_high"]["printed"])
                out.append(_row_verdict(ids, verdict, _ASSUMES["CI centred on estimate"]))
        if estimate is not None and "se" in by and "p_value" in by:
            verdict = p_from_estimate(by["p_value"]["printed"], estimate["printed"], by["se"]["printed"], df)
            out.append(_row_verdict([estimate["id"], by["se"]["id"], by["p_value"]["id"]], verdict,
                                    _ASSUMES["p from estimate and SE"]))
        if "p_value" in by and n_of["p_value"]:
            out.append(_row_verdict([by["p_value"]["id"]], signed_rank_p(by["p_value"]["printed"], n_of["p_value"]),
                                    _ASSUMES["Wilcoxon signed-rank p"]))
        if "sd" in by and "se" in by and n_of["se"]:
            out.append(_row_verdict([by["sd"]["id"], by["se"]["id"]],
                                    sd_from_se(by["sd"]["printed"], by["se"]["printed"], n_of["se"]), _ASSUMES["SD from SE"]))
    return pd.DataFrame(out, columns=["check", "rows", "inputs", "verdict", "explanation", "assumes"])


#: Statuses :func:`explain` gives a check.
STATUSES = ("consistent", "explained mismatch", "unexplained")


def _test_named(ledger, study: str, words: tuple[str, ...] = ("signed-rank",)) -> str | None:
    """The id of a ledger row of ``study`` whose note names one of ``words`` (the test the source used)."""
    rows = ledger.table[ledger.table["study"] == study]
    for rid, note in rows["note"].items():
        if any(word in str(note).lower() for word in words):
            return rid
    return None


def explain(table: pd.DataFrame, ledger) -> pd.DataFrame:
    """Sort the output of :func:`check_ledger` into consistent checks, explained mismatches and the rest.

    Some mismatches are expected: 'p from estimate and SE' assumes a t-test on the estimate,
    so a p-value from another test will not follow from it. Such a mismatch is an *explained
    mismatch* when a ledger note of the same study names a signed-rank test and the same
    printed p is attainable by the exact signed-rank test (its own check in ``table`` is
    consistent). Every other inconsistency is *unexplained*: a question for the authors.
    Returns ``table`` with two more columns: ``status`` (one of :data:`STATUSES`) and ``why``
    (the reason for an explained mismatch, else empty).
    """
    attainable = {r["rows"] for _, r in table.iterrows()
                  if r["check"] == "Wilcoxon signed-rank p" and r["verdict"] != "inconsistent"}
    status, why = [], []
    for _, r in table.iterrows():
        if r["verdict"] != "inconsistent":
            status.append("consistent")
            why.append("")
            continue
        reason = ""
        if r["check"] == "p from estimate and SE":
            p_id = r["rows"].split(", ")[-1]
            named = _test_named(ledger, ledger.row(p_id)["study"])
            if named and p_id in attainable:
                reason = (f"the source used a signed-rank test ({named}), and the printed p is attainable by its "
                          "exact form; a t-test p was never claimed")
        status.append("explained mismatch" if reason else "unexplained")
        why.append(reason)
    return table.assign(status=status, why=why)
