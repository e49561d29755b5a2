"""Reconstruct participant-level scores that printed summary statistics allow.

- :func:`sprite` is SPRITE (Heathers, Anaya, van der Zee & Brown 2018) for whole-number
  scales: seeded random walks that keep the total fixed and move pairs of scores apart or
  together until the SD rounds to the printed one. Many walks run side by side as rows of
  one NumPy array, so a step costs the same for one walk or a hundred.
- :func:`enumerate_samples` lists every sample exhaustively (small cases only); the tests
  use it to check that :func:`sprite` misses nothing that exists.
- :func:`reconstruct_paired` builds paired baseline / post-treatment vectors that agree
  with a printed baseline mean and SD, a mean change and its SE, and counts of responders
  and remitters under a stated definition; :func:`paired_tests` runs pingouin's paired
  t-test and Wilcoxon test on each reconstruction.

Every sample returned is checked against the printed values before it is returned.
Reconstructed samples are possibilities, not trial data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations_with_replacement

import numpy as np

from .consistency import _parse, _window, grimmer, mean_totals, rounds_to, sd_range_from_se, whole_number
from .errors import ReappraiseError

_TOL = 1e-9


# --- inputs -----------------------------------------------------------------------------

def _scale(low, high) -> tuple[int, int]:
    """Return (low, high) as ints with low < high, else raise naming the argument."""
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ReappraiseError(f"{name} must be a whole number (the scale's end), got {value!r}")
    if not low < high:
        raise ReappraiseError(f"low must be smaller than high, got low = {low!r}, high = {high!r}")
    return int(low), int(high)


def _summary(mean, sd, n, low, high) -> tuple[float, int, float, int]:
    """Parse and check a printed mean and SD of ``n`` scores on low..high; return (m, m_dec, s, s_dec).

    Raises ReappraiseError for n < 2, a mean outside the scale, a negative SD, or an SD
    larger than any ``n`` scores on the scale with that mean can have (Bhatia-Davis bound).
    """
    whole_number(n, "n", minimum=2)
    m, m_dec = _parse(mean, "mean")
    s, s_dec = _parse(sd, "sd")
    if not low <= m <= high:
        raise ReappraiseError(f"mean must lie on the scale {low}-{high}, got {mean!r}")
    if s < 0:
        raise ReappraiseError(f"sd must be >= 0, got {sd!r}")
    m_low, m_high = _window(m, m_dec)
    centre = min(max((low + high) / 2, m_low), m_high)
    largest = math.sqrt(max((high - centre) * (centre - low), 0.0) * n / (n - 1))
    if _window(s, s_dec)[0] > largest + _TOL:
        raise ReappraiseError(f"sd = {sd!r} is impossible: {n} scores on {low}-{high} with mean {mean!r} "
                              f"have an SD of at most {largest:.3g}")
    return m, m_dec, s, s_dec


def reproduces(sample, mean, sd) -> bool:
    """True if ``sample``'s mean and SD (n − 1) round to the printed ``mean`` and ``sd``."""
    x = np.asarray(sample, dtype=float)
    m, m_dec = _parse(mean, "mean")
    s, s_dec = _parse(sd, "sd")
    return rounds_to(float(x.mean()), m, m_dec) and rounds_to(float(x.std(ddof=1)), s, s_dec)


def _sumsq_window(total: int, n: int, sd_low: float, sd_high: float) -> tuple[int, int]:
    """Whole sums of squares q whose SD sqrt((q − total²/n)/(n − 1)) lies in [sd_low, sd_high]."""
    base = total * total / n
    q_low = math.ceil(base + (n - 1) * max(sd_low, 0.0) ** 2 - 1e-7)
    q_high = math.floor(base + (n - 1) * sd_high ** 2 + 1e-7)
    return q_low, q_high


# --- the random walk (vectorised over chains) ---------------------------------------------

def _walk(x, lo, hi, q_low, q_high, rng, steps: int, allowed=None, offset: int = 0, dmax: int = 1):
    """Move each row of ``x`` (chains × n) until its sum of squares lies in [q_low, q_high].

    A step picks two scores per chain; when the sum of squares is too small it moves the
    lower one down and the higher one up by d (SD grows), when too large the reverse
    (SD shrinks). Totals never change; per-score bounds ``lo``/``hi`` and the ``allowed``
    table (value − offset -> bool) are respected; d is 1, or up to ``dmax`` to jump over
    excluded values. Returns the boolean mask of chains inside their window.
    """
    chains, n = x.shape
    rows = np.arange(chains)
    q = np.einsum("ij,ij->i", x, x)
    for _ in range(steps):
        up, down = q < q_low, q > q_high
        active = up | down
        if not active.any():
            break
        i = rng.integers(n, size=chains)
        j = (i + rng.integers(1, n, size=chains)) % n
        xi, xj = x[rows, i], x[rows, j]
        a, b = np.where(xi > xj, j, i), np.where(xi > xj, i, j)
        xa, xb = np.minimum(xi, xj), np.maximum(xi, xj)
        d = 1 if dmax == 1 else rng.integers(1, dmax + 1, size=chains)
        sign = np.where(up, -1, 1)
        na, nb = xa + sign * d, xb - sign * d
        ok = active & (na >= lo[rows, a]) & (na <= hi[rows, a]) & (nb >= lo[rows, b]) & (nb <= hi[rows, b])
        ok &= up | (xb - xa > d)
        if allowed is not None:
            top = len(allowed) - 1
            ok &= allowed[np.clip(na - offset, 0, top)] & allowed[np.clip(nb - offset, 0, top)]
        r = rows[ok]
        x[r, a[ok]], x[r, b[ok]] = na[ok], nb[ok]
        q[ok] += na[ok] ** 2 - xa[ok] ** 2 + nb[ok] ** 2 - xb[ok] ** 2
    return (q >= q_low) & (q <= q_high)


def _init_sums(lo, hi, totals, rng, allowed=None, offset: int = 0, start=None):
    """Random integer rows within [lo, hi] summing to ``totals``; returns (x, ok mask).

    Starts from ``start`` (default: uniform draws) and moves single scores towards the
    total; with an ``allowed`` table a score only lands on allowed values.
    """
    chains, n = lo.shape
    x = lo + np.floor(rng.random(lo.shape) * (hi - lo + 1)).astype(np.int64) if start is None else start
    rows = np.arange(chains)
    for _ in range(40 * n):
        gap = totals - x.sum(axis=1)
        if not gap.any():
            break
        k = rng.integers(n, size=chains)
        room = np.where(gap > 0, hi[rows, k] - x[rows, k], x[rows, k] - lo[rows, k])
        limit = np.minimum(np.abs(gap), room)
        step = np.where(limit > 0, 1 + np.floor(rng.random(chains) * np.maximum(limit, 1)).astype(np.int64), 0)
        new = x[rows, k] + np.sign(gap) * step
        if allowed is not None:
            ok = allowed[np.clip(new - offset, 0, len(allowed) - 1)]
            new = np.where(ok, new, x[rows, k])
        x[rows, k] = new
    return x, x.sum(axis=1) == totals


# --- SPRITE ---------------------------------------------------------------------------------

def sprite(mean, sd, n: int, low: int, high: int, n_samples: int = 10, seed: int = 0,
           fixed=(), excluded=(), max_attempts: int | None = None, chains: int = 64) -> list[tuple[int, ...]]:
    """SPRITE: up to ``n_samples`` distinct samples of ``n`` whole scores on low..high with this mean and SD.

    ``mean`` and ``sd`` are printed strings ('29.6', '4.9'); a sample qualifies when its
    mean and SD (n − 1 denominator) round to them, either way at a half. ``fixed`` lists
    scores that must be in every sample (e.g. ``(60,)``); ``excluded`` lists values no
    other score may take. Seeded (``seed``) and deterministic. Returns sorted tuples in
    sorted order; fewer than asked (or none) when the search finds no more within
    ``max_attempts`` walks (default 200 + 50 × n_samples). Raises ReappraiseError for
    n < 2, a mean outside the scale, or an SD the scale cannot reach.
    Example: sprite('29.6', '4.9', 12, 0, 60, n_samples=3) -> three 12-tuples.
    """
    low, high = _scale(low, high)
    n = whole_number(n, "n", minimum=2)
    m, m_dec, s, s_dec = _summary(mean, sd, n, low, high)
    n_samples = whole_number(n_samples, "n_samples", minimum=1)
    fixed = tuple(sorted(whole_number(v, "fixed value", minimum=low) for v in fixed))
    excluded = {whole_number(v, "excluded value", minimum=low) for v in excluded}
    if any(v > high for v in fixed) or len(fixed) > n:
        raise ReappraiseError(f"fixed must hold at most n = {n} values on {low}-{high}, got {fixed!r}")
    if set(fixed) & excluded:
        raise ReappraiseError(f"a value cannot be both fixed and excluded: {sorted(set(fixed) & excluded)}")
    allowed = np.array([v not in excluded for v in range(low, high + 1)])
    if not allowed.any():
        raise ReappraiseError(f"excluded removes every value of the scale {low}-{high}")
    free = n - len(fixed)
    free_values = np.flatnonzero(allowed) + low
    totals = [t for t in mean_totals(mean, n)
              if free == 0 or free * free_values[0] <= t - sum(fixed) <= free * free_values[-1]]
    rng = np.random.default_rng(seed)
    max_attempts = 200 + 50 * n_samples if max_attempts is None else whole_number(max_attempts, "max_attempts", 1)
    if not totals or not grimmer(mean, sd, n):
        return []
    sd_low, sd_high = _window(s, s_dec)
    if free == 0:
        return [fixed] if reproduces(fixed, mean, sd) else []
    gaps = np.diff(free_values)
    dmax = int(gaps.max()) if len(gaps) else 1

    def new_chains(k):
        total = rng.choice(totals, size=k)
        lo = np.tile(np.array([*fixed, *[low] * free], dtype=np.int64), (k, 1))
        hi = np.tile(np.array([*fixed, *[high] * free], dtype=np.int64), (k, 1))
        start = np.where(lo == hi, lo, free_values[rng.integers(len(free_values), size=lo.shape)])
        x, ok = _init_sums(lo, hi, total, rng, None if dmax == 1 else allowed, low, start)
        window = np.array([_sumsq_window(int(t), n, sd_low, sd_high) for t in total]).reshape(k, 2)
        return {"x": x, "lo": lo, "hi": hi, "q_low": window[:, 0], "q_high": window[:, 1]}, ok

    def accept(state, r):
        sample = tuple(int(v) for v in np.sort(state["x"][r]))
        return sample if reproduces(sample, mean, sd) and not excluded & (set(sample) - set(fixed)) else None

    found = _search(new_chains, accept, n_samples, max_attempts, rng, min(chains, 4 * n_samples + 4), n,
                    None if dmax == 1 else allowed, low, dmax)
    return sorted(found)


def _search(new_chains, accept, wanted: int, max_attempts: int, rng, chains: int, n: int,
            allowed=None, offset: int = 0, dmax: int = 1, chunk: int = 32) -> list:
    """Run walks in batches until ``wanted`` distinct accepted keys or ``max_attempts`` walks.

    ``new_chains(k)`` returns (state dict with x, lo, hi, q_low, q_high and any extras, ok mask);
    ``accept(state, r)`` turns a finished chain into a hashable key, or None to reject it.
    A chain that has not finished after its step budget is replaced by a fresh one.
    """
    found: dict = {}
    budget = max(400, 40 * n)
    state, ok = new_chains(chains)
    age = np.zeros(chains, dtype=np.int64)
    attempts = int(chains)
    dead = ~ok
    while len(found) < wanted:
        done = ~dead & _walk(state["x"], state["lo"], state["hi"], state["q_low"], state["q_high"],
                             rng, chunk, allowed, offset, dmax)
        age += chunk
        for r in np.flatnonzero(done):
            key = accept(state, r)
            if key is not None and key not in found:
                found[key] = True
                if len(found) >= wanted:
                    break
        renew = np.flatnonzero(done | dead | (age >= budget))
        if len(found) >= wanted or attempts >= max_attempts and len(renew) == len(age):
            break
        renew = renew[: max(0, max_attempts - attempts)]
        if len(renew):
            fresh, fresh_ok = new_chains(len(renew))
            for name in state:
                state[name][renew] = fresh[name]
            dead[renew] = ~fresh_ok
            age[renew] = 0
            attempts += len(renew)
        elif attempts >= max_attempts and not (~dead & (age < budget)).any():
            break
    return list(found)


def enumerate_samples(mean, sd, n: int, low: int, high: int, limit: int = 2_000_000) -> list[tuple[int, ...]]:
    """Every multiset of ``n`` whole scores on low..high whose mean and SD round to the printed ones.

    Exhaustive, for small cases only: raises ReappraiseError when there are more than
    ``limit`` multisets to try. Returns sorted tuples in sorted order.
    """
    low, high = _scale(low, high)
    n = whole_number(n, "n", minimum=2)
    m, m_dec, s, s_dec = _summary(mean, sd, n, low, high)
    count = math.comb(high - low + n, n)
    if count > limit:
        raise ReappraiseError(f"enumeration would try {count} samples, more than limit = {limit}")
    combos = np.array(list(combinations_with_replacement(range(low, high + 1), n)), dtype=np.int64)
    means = combos.mean(axis=1)
    sds = combos.std(axis=1, ddof=1)
    m_low, m_high = _window(m, m_dec)
    s_low, s_high = _window(s, s_dec)
    tol_m, tol_s = _TOL * max(1.0, abs(m)), _TOL * max(1.0, s)
    keep = (means >= m_low - tol_m) & (means <= m_high + tol_m) & (sds >= s_low - tol_s) & (sds <= s_high + tol_s)
    return [tuple(int(v) for v in row) for row in combos[keep]]
