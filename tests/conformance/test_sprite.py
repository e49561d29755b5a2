"""SPRITE against pysprite's test suite (QuentinAndre/pysprite, pysprite/test/test_pysprite.py).

Vectors: vectors/sprite.csv. pysprite finds a sample for every case of values_success,
values_inclusions and values_exclusions, and for the 2- and 3-item cases; it refuses the
values_GRIMfail cases. reappraise's :func:`sprite` takes single-item scores, so the
multi-item cases are checked with :func:`grimmer` on the scale (whatever SPRITE reproduces,
GRIMMER must pass). pysprite's restrictions {value: count} are exact counts: ``fixed`` holds
that many copies and ``excluded`` keeps other scores off the value. values_against_SPRITE
states no outcome, only that two implementations agree, so it is counted as not applicable.
"""

from conformance_support import failures, rows, score

from reappraise.errors import ReappraiseError
from reappraise.stats.consistency import grimmer
from reappraise.stats.reconstruct import reproduces, sprite

PEER = "QuentinAndre/pysprite"


def _restrictions(text: str) -> tuple[tuple[int, ...], set[int]]:
    fixed, excluded = [], set()
    for part in filter(None, text.split(";")):
        value, count = (int(x) for x in part.split(":"))
        fixed += [value] * count
        excluded.add(value)
    return tuple(fixed), excluded


def _ours(row: dict) -> bool:
    """Does reappraise reproduce pysprite's outcome ('found' a sample, or 'fails')?"""
    n, low, high, items = int(row["n"]), int(row["low"]), int(row["high"]), int(row["items"])
    if items > 1:
        return bool(grimmer(row["mean"], row["sd"], n, items, low=low, high=high))
    fixed, excluded = _restrictions(row["restrictions"])
    try:
        found = sprite(row["mean"], row["sd"], n, low, high, n_samples=1, seed=1, fixed=fixed, excluded=excluded)
    except ReappraiseError:
        return row["expected"] == "fails"
    if row["expected"] == "fails":
        return found == []
    sample = found[0] if found else ()
    return bool(found) and reproduces(sample, row["mean"], row["sd"]) and all(
        sample.count(v) == fixed.count(v) for v in excluded)


def test_sprite_reproduces_pysprites_outcomes():
    results = []
    for row in rows("sprite.csv"):
        ok = None if row["relation"] == "not_applicable" else _ours(row)
        results.append((row, score(PEER, "sprite, grimmer", row, ok)))
    assert len(results) == 166
    assert all(ok for _, ok in results), failures(results)
