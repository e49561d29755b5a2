"""GRIM and GRIM for percentages against scrutiny, rsprite2 and the `grim` package (phoughton/grim_test).

Vectors: vectors/grim.csv (scrutiny tests/testthat/test-grim.R and test-grim-map.R with its
pigs1 data set; rsprite2 tests/testthat/test-core-and-plot-functions.R; grim_test's
tests/grim_test_data.csv). reappraise accepts either rounding direction at an exact half,
which is scrutiny's rounding = "up_or_down" and, in Python's decimal terms, ROUND_HALF_UP or
ROUND_HALF_DOWN; the peers' other rounding modes are counted as not applicable.
"""

from collections import defaultdict

from conformance_support import failures, flag, holds, rows, score

from reappraise.stats.consistency import grim, grim_percent


def _ours(row: dict) -> bool:
    if row["function"] == "grim_percent":
        return bool(grim_percent(row["mean"], int(row["n"])))
    return bool(grim(row["mean"], int(row["n"]), int(row["items"])))


def _check(peer: str, function: str):
    results = []
    for row in rows("grim.csv"):
        if row["repo"] != peer:
            continue
        ok = None if row["relation"] == "not_applicable" else holds(row["relation"], flag(row["expected"]), _ours(row))
        results.append((row, score(peer, function, row, ok)))
    assert all(ok for _, ok in results), failures(results)
    return results


def test_grim_agrees_with_scrutinys_tests_and_pigs1():
    results = _check("lhdjung/scrutiny", "grim, grim_percent")
    assert len(results) == 331
    # scrutiny's 'up' and 'down' columns for n = 40 and 80: reappraise is exactly their union.
    by_case = defaultdict(dict)
    for row, _ in results:
        mode = row["locator"].split("_grim_")[-1].split("_exp")[0] if "df8_" in row["locator"] else None
        if mode in ("up", "down"):
            by_case[(row["mean"], row["n"])][mode] = flag(row["expected"])
    assert len(by_case) == 24
    for (mean, n), modes in by_case.items():
        assert bool(grim(mean, int(n))) == (modes["up"] or modes["down"]), (mean, n)


def test_grim_agrees_with_rsprite2():
    assert len(_check("LukasWallrich/rsprite2", "grim")) == 4


def test_grim_agrees_with_the_grim_packages_test_table():
    results = _check("phoughton/grim_test", "grim")
    assert len(results) == 26 * 8
    # Either way at a half is exactly ROUND_HALF_UP or ROUND_HALF_DOWN, row by row.
    table = defaultdict(dict)
    for row, _ in results:
        table[(row["mean"], row["n"])][row["locator"].split("column ")[-1]] = flag(row["expected"])
    for (mean, n), modes in table.items():
        assert bool(grim(mean, int(n))) == (modes["ROUND_HALF_UP"] or modes["ROUND_HALF_DOWN"]), (mean, n)
