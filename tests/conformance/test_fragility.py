"""The fragility index against fragilityindex (kippjohnson) and FragilityTools (brb225).

Vectors: vectors/fragility.csv: the packages' documented examples (fragilityindex README.md
and vignettes/vignette.Rmd; FragilityTools man/bin.fi.walsh.Rd) and 300 seeded tables scored
by each package's own function (fragility.index in R/fragility.index.R; bin.fi.walsh with
dir = 'left', group = 'event', Walsh's original rule, in R/internal.R). Conventions, stated
per row: fragility.index returns 0 whenever the Yates-corrected chi-square test is not
significant, even when Fisher's test is; bin.fi.walsh breaks a tie in event counts by the
first row, reappraise by the lower event rate; an index that cannot be reached (adding events
never removes significance) is an error in both packages and a ReappraiseError here.
"""

import functools

from conformance_support import failures, holds, rows, score

from reappraise.errors import ReappraiseError
from reappraise.stats.proportions import fragility_index


@functools.cache
def _ours(k1: int, n1: int, k2: int, n2: int):
    try:
        return fragility_index(k1, n1, k2, n2)
    except ReappraiseError:
        return "error"


def _check(peer: str) -> list:
    results = []
    for row in rows("fragility.csv"):
        if row["repo"] != peer:
            continue
        ok = None
        if row["relation"] != "not_applicable":
            ours = str(_ours(*(int(row[x]) for x in ("k1", "n1", "k2", "n2"))))
            ok = holds(row["relation"], True, ours == row["expected"])
        results.append((row, score(peer, "fragility_index", row, ok)))
    assert all(ok for _, ok in results), failures(results)
    return results


def test_fragility_index_agrees_with_fragilityindex():
    assert len(_check("kippjohnson/fragilityindex")) == 2 + 300


def test_fragility_index_agrees_with_fragilitytools_walsh_rule():
    assert len(_check("brb225/FragilityTools")) == 2 + 300
