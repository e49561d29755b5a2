"""Intervals and 2x2-table statistics against contingencytables (ocbe-uio) and cicalc (GSK-Biostatistics).

Vectors: vectors/intervals.csv, printed to four decimals (five for p) in contingencytables'
tests/testthat/test-ch2.R and test-ch4.R (data sets from its R/datasets.R) and in cicalc's
tests/testthat/_snaps/prop_ci.md and test-prop_ci_diff.R. Conventions, stated per row:
contingencytables' Agresti-Coull interval adds 2 successes and 2 failures at every
confidence level, where reappraise (statsmodels, cicalc) adds z²/2 of each; with a zero cell
its Woolf interval runs from 0 to infinity, where reappraise adds 0.5 to every cell.
"""

import math

from scipy.stats import norm

from conformance_support import failures, rows, score

from reappraise.stats.proportions import compare_proportions, fisher_p, proportion_ci, ratio_estimates


def _ours(row: dict) -> tuple[float, ...]:
    k1, n1 = int(row["k1"]), int(row["n1"])
    k2, n2 = (int(row["k2"]), int(row["n2"])) if row["k2"] else (None, None)
    confidence = float(row["confidence"]) if row["confidence"] else None
    function = row["function"]
    if function == "proportion_ci":
        return proportion_ci(k1, n1, row["method"], confidence)
    if function == "risk_difference_ci":
        return compare_proportions(k1, n1, k2, n2, confidence).rd_ci
    if function == "risk_ratio_ci":
        return ratio_estimates(k1, n1, k2, n2, confidence)["rr_ci"]
    if function == "odds_ratio_ci":
        return ratio_estimates(k1, n1, k2, n2, confidence)["or_ci"]
    return (fisher_p(k1, n1, k2, n2),)


def _expected(row: dict) -> tuple[float, ...]:
    return tuple(math.inf if x == "Inf" else float(x) for x in row["expected"].split(";"))


def _add_two_agresti_coull(k: int, n: int, confidence: float) -> tuple[float, float]:
    """contingencytables' variant: 2 successes and 2 failures added, whatever the level."""
    p, z = (k + 2) / (n + 4), norm.ppf(0.5 + confidence / 2)
    half = z * math.sqrt(p * (1 - p) / (n + 4))
    return p - half, p + half


def _ok(row: dict) -> bool:
    ours = tuple(round(x, int(row["decimals"])) for x in _ours(row))
    expected = _expected(row)
    if row["relation"] == "equal":
        return ours == expected
    # 'differs': the peer's value must follow from its stated convention, and ours must not equal it.
    if row["method"] == "agresti-coull":
        peer = _add_two_agresti_coull(int(row["k1"]), int(row["n1"]), float(row["confidence"]))
        return ours != expected and tuple(round(x, 4) for x in peer) == expected
    if row["method"] == "woolf":
        return math.isinf(expected[1]) and math.isfinite(ours[1]) and ratio_estimates(
            int(row["k1"]), int(row["n1"]), int(row["k2"]), int(row["n2"]))["zero_corrected"]
    raise AssertionError(f"no check for {row['method']!r}")


def _check(peer: str, function: str) -> list:
    results = [(row, score(peer, function, row, _ok(row))) for row in rows("intervals.csv") if row["repo"] == peer]
    assert all(ok for _, ok in results), failures(results)
    return results


def test_intervals_agree_with_contingencytables():
    assert len(_check("ocbe-uio/contingencytables",
                      "proportion_ci, compare_proportions, ratio_estimates, fisher_p")) == 10


def test_intervals_agree_with_cicalc():
    assert len(_check("GSK-Biostatistics/cicalc", "proportion_ci, compare_proportions")) == 15
