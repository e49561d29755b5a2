"""Reconstruct participant-level scores that printed summary statistics allow.

- :func:`sprite` is SPRITE (Heathers, Anaya, van der Zee & Brown 2018) for whole-number
  scales: seeded random walks that keep the total fixed and move pairs of scores apart or
  together until the SD rounds to the printed one. Many walks run side by side as rows of
  one NumPy array, so a step costs the same for one walk or a hundred.
- :func:`enumerate_samples` lists every sample exhaustively (small cases only); the tests
  use it to check that :func:`sprite` misses nothing that exists.
- :func:`reconstruct_paired` builds paired baseline / post-treatment vectors that agree
  with a printed baseline mean and SD, a mean change and its SE, and counts of responders
  and remitters under a stated definition; :func:`paired_tests` runs the paired
  t-test and the exact Wilcoxon test on every reconstruction at once (checked against pingouin).

Every sample returned is checked against the printed values before it is returned.
Reconstructed samples are possibilities, not trial data.

Limits (a larger argument is refused with a ReappraiseError naming the limit): samples of
at most :data:`MAX_N` scores on a scale of at most :data:`MAX_SCALE` points; at most
:data:`MAX_SAMPLES` samples or baseline vectors asked for, :data:`MAX_CHAINS` walks side by
side and :data:`MAX_ATTEMPTS` walks in all; :func:`enumerate_samples` tries at most
:data:`MAX_ENUMERATION` multisets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations_with_replacement

import numpy as np

from reappraise.stats.consistency import grimmer, mean_totals, sd_range_from_se
from reappraise.stats.printed import parse as _parse, rounds_to, window as _window
from reappraise.stats.validate import fraction, whole_number, within_limit
from reappraise.errors import ReappraiseError

#: Most scores in one reconstructed sample (a walk's step budget grows with n).
MAX_N = 1_000
#: Most points on a score scale (high - low).
MAX_SCALE = 1_000
#: Most samples (or baseline vectors) one search is asked for.
MAX_SAMPLES = 10_000
#: Most walks run side by side (one row of a NumPy array each).
MAX_CHAINS = 1_024
#: Most walks one search starts in all.
MAX_ATTEMPTS = 1_000_000
#: Most multisets :func:`enumerate_samples` may try (each is held in memory).
MAX_ENUMERATION = 5_000_000

_TOL = 1e-9


# --- inputs -----------------------------------------------------------------------------

def _scale(low, high) -> tuple[int, int]:
    """Return (low, high) as ints with low < high, else raise naming the argument."""
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ReappraiseError(f"{name} must be a whole number (the scale's end), got {value!r}")
    if not low < high:
        raise ReappraiseError(f"low must be smaller than high, got low = {low!r}, high = {high!r}")
    within_limit(int(high) - int(low), MAX_SCALE, "high - low", "reconstruct.MAX_SCALE")
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


def _check_printed(**printed) -> None:
    """Parse each printed number given by keyword so a bad one is reported under its own name.

    Names ending in ``_sd`` or ``_se`` must also be >= 0.
    """
    for name, value in printed.items():
        if _parse(value, name)[0] < 0 and name.endswith(("_sd", "_se")):
            raise ReappraiseError(f"{name} must be >= 0, got {value!r}")


def reproduces(sample, mean, sd) -> bool:
    """True if ``sample``'s mean and SD (n − 1) round to the printed ``mean`` and ``sd``."""
    x = np.asarray(sample)
    if x.dtype.kind not in "iuf" or x.ndim != 1:
        raise ReappraiseError(f"sample must be a list of numbers, got {sample!r}")
    x = x.astype(float)
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
    other score may take, so a value both fixed and excluded appears exactly as often as
    it is fixed (pysprite's restrictions). Seeded (``seed``) and deterministic. Returns
    sorted tuples in sorted order; fewer than asked (or none) when the search finds no more within
    ``max_attempts`` walks (default 200 + 50 × n_samples). Raises ReappraiseError for
    n < 2, a mean outside the scale, or an SD the scale cannot reach.
    Example: sprite('29.6', '4.9', 12, 0, 60, n_samples=3) -> three 12-tuples.
    """
    low, high = _scale(low, high)
    n = whole_number(n, "n", minimum=2, maximum=MAX_N, limit="reconstruct.MAX_N")
    m, m_dec, s, s_dec = _summary(mean, sd, n, low, high)
    n_samples = whole_number(n_samples, "n_samples", minimum=1, maximum=MAX_SAMPLES, limit="reconstruct.MAX_SAMPLES")
    seed = whole_number(seed, "seed")
    chains = whole_number(chains, "chains", minimum=1, maximum=MAX_CHAINS, limit="reconstruct.MAX_CHAINS")
    fixed = tuple(sorted(whole_number(v, "fixed value", minimum=low) for v in fixed))
    excluded = {whole_number(v, "excluded value", minimum=low) for v in excluded}
    if any(v > high for v in fixed) or len(fixed) > n:
        raise ReappraiseError(f"fixed must hold at most n = {n} values on {low}-{high}, got {fixed!r}")
    allowed = np.array([v not in excluded for v in range(low, high + 1)])
    if not allowed.any():
        raise ReappraiseError(f"excluded removes every value of the scale {low}-{high}")
    free = n - len(fixed)
    free_values = np.flatnonzero(allowed) + low
    totals = [t for t in mean_totals(mean, n)
              if free == 0 or free * free_values[0] <= t - sum(fixed) <= free * free_values[-1]]
    rng = np.random.default_rng(seed)
    max_attempts = (200 + 50 * n_samples if max_attempts is None else
                    whole_number(max_attempts, "max_attempts", 1, MAX_ATTEMPTS, "reconstruct.MAX_ATTEMPTS"))
    if not totals or not grimmer(mean, sd, n, low=low, high=high):
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
        exact = all(sample.count(v) == fixed.count(v) for v in excluded)
        return sample if reproduces(sample, mean, sd) and exact else None

    found, _ = _search(new_chains, accept, n_samples, max_attempts, rng, min(chains, 4 * n_samples + 4), n,
                       None if dmax == 1 else allowed, low, dmax)
    return sorted(found)


def _search(new_chains, accept, wanted: int, max_attempts: int, rng, chains: int, n: int,
            allowed=None, offset: int = 0, dmax: int = 1, chunk: int = 32) -> list:
    """Run walks in batches until ``wanted`` distinct accepted keys or ``max_attempts`` walks.

    Returns (keys in order of discovery, number of walks started).

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
    return list(found), attempts


def enumerate_samples(mean, sd, n: int, low: int, high: int, limit: int = 2_000_000) -> list[tuple[int, ...]]:
    """Every multiset of ``n`` whole scores on low..high whose mean and SD round to the printed ones.

    Exhaustive, for small cases only: raises ReappraiseError when there are more than
    ``limit`` multisets to try. Returns sorted tuples in sorted order.
    """
    low, high = _scale(low, high)
    n = whole_number(n, "n", minimum=2, maximum=MAX_N, limit="reconstruct.MAX_N")
    m, m_dec, s, s_dec = _summary(mean, sd, n, low, high)
    limit = whole_number(limit, "limit", maximum=MAX_ENUMERATION, limit="reconstruct.MAX_ENUMERATION")
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


# --- paired baseline / post-treatment reconstructions -----------------------------------------

@dataclass(frozen=True)
class Definition:
    """A response / remission definition: response = post <= baseline·(1 − reduction); remission = post <= cutoff."""

    response_reduction: float = 0.5
    remission_max: int = 10

    def __post_init__(self):
        fraction(self.response_reduction, "response_reduction", "0.5")
        whole_number(self.remission_max, "remission_max", minimum=0)

    def response_max(self, baseline):
        """Highest post-treatment score that counts as a response for each baseline score."""
        return np.floor(np.asarray(baseline) * (1 - self.response_reduction) + 1e-9).astype(np.int64)

    def __str__(self) -> str:
        return f"response >= {100 * self.response_reduction:g}% reduction; remission <= {self.remission_max}"


@dataclass(frozen=True)
class PairedReconstruction:
    """Distinct paired reconstructions: ``baseline[k]`` and ``post[k]`` are the k-th cohort.

    Participants within a cohort are ordered by baseline, then post score. ``attempts``
    counts the walks started; ``note`` explains an empty result (proved impossible, or
    none found by the search, which is not a proof). ``se_reading`` records what the search
    assumed the printed SE of the change to be (see :data:`SE_READINGS`).
    """

    baseline: tuple
    post: tuple
    definition: Definition
    attempts: int
    baselines: int
    note: str = ""
    se_reading: str = "raw"

    def __len__(self) -> int:
        return len(self.baseline)

    def frame(self):
        """Long table: reconstruction, participant, baseline, post, change, responder, remitter."""
        import pandas as pd

        rows = []
        for k, (b, p) in enumerate(zip(self.baseline, self.post)):
            b, p = np.array(b), np.array(p)
            resp = p <= self.definition.response_max(b)
            rem = p <= self.definition.remission_max
            rows += [{"reconstruction": k, "participant": i + 1, "baseline": int(b[i]), "post": int(p[i]),
                      "change": int(p[i] - b[i]), "responder": bool(resp[i]), "remitter": bool(rem[i])}
                     for i in range(len(b))]
        return pd.DataFrame(rows, columns=["reconstruction", "participant", "baseline", "post", "change",
                                           "responder", "remitter"])


def _assign(b, responders: int, remitters: int, definition: Definition, low: int, high: int, rng):
    """Random responder / remitter labels for baseline vector ``b`` and the post-score bounds they imply.

    Returns (lo, hi) arrays or None when the labels drawn cannot be met. Remitters are
    drawn among those who can remit given their response label.
    """
    n = len(b)
    resp_max = definition.response_max(b)
    is_resp = np.zeros(n, dtype=bool)
    is_resp[rng.permutation(n)[:responders]] = True
    rem_max = definition.remission_max
    can_remit = np.where(is_resp, np.minimum(resp_max, rem_max) >= low, rem_max >= resp_max + 1)
    can_stay = np.where(is_resp, resp_max >= rem_max + 1, np.maximum(resp_max + 1, rem_max + 1) <= high)
    forced = np.flatnonzero(can_remit & ~can_stay)
    optional = np.flatnonzero(can_remit & can_stay)
    if len(forced) > remitters or len(forced) + len(optional) < remitters:
        return None
    is_rem = np.zeros(n, dtype=bool)
    is_rem[forced] = True
    is_rem[rng.permutation(optional)[: remitters - len(forced)]] = True
    if (~can_remit & is_rem).any() or (~can_stay & ~is_rem).any():
        return None
    lo = np.full(n, low, dtype=np.int64)
    hi = np.full(n, high, dtype=np.int64)
    hi = np.where(is_resp, np.minimum(hi, resp_max), hi)
    lo = np.where(is_resp, lo, np.maximum(lo, resp_max + 1))
    hi = np.where(is_rem, np.minimum(hi, rem_max), hi)
    lo = np.where(is_rem, lo, np.maximum(lo, rem_max + 1))
    return (lo, hi) if (lo <= hi).all() else None


def _impossible(baseline_min: int, responders: int, remitters: int, definition: Definition, n: int) -> str:
    """A reason the counts cannot occur under ``definition`` whatever the scores, or ''."""
    if definition.remission_max <= definition.response_max(baseline_min) and remitters > responders:
        return (f"impossible: with baselines >= {baseline_min}, every remitter (post <= {definition.remission_max}) "
                f"is also a responder, so {remitters} remitters need at least {remitters} responders, not {responders}")
    if responders > n or remitters > n:
        return f"impossible: counts exceed n = {n}"
    return ""


#: What a printed SE of a mean change can be: ``raw`` = SD/√n of the n individual changes (it
#: then fixes their SD to a narrow range); ``model`` = a model-based SE (e.g. from a mixed model
#: over all visits), which says nothing about the SD of the raw changes at one visit.
SE_READINGS = ("raw", "model")


def reconstruct_paired(baseline_mean, baseline_sd, change_mean, change_se, n: int, responders: int, remitters: int,
                       *, low: int = 0, high: int = 60, baseline_min: int = 20, response_reduction: float = 0.5,
                       remission_max: int = 10, n_samples: int = 100, seed: int = 0, n_baselines: int = 100,
                       max_attempts: int | None = None, chains: int = 128,
                       se_reading: str = "raw") -> PairedReconstruction:
    """Seeded search for distinct paired cohorts agreeing with every printed number at once.

    Each cohort has ``n`` whole baseline scores on baseline_min..high whose mean and SD
    round to ``baseline_mean``/``baseline_sd`` (printed strings), post scores on low..high
    whose change has a mean rounding to ``change_mean`` and, with ``se_reading='raw'``, an SD
    within the range the printed ``change_se`` allows (SE·√n, see
    :func:`consistency.sd_range_from_se`), and exactly ``responders`` responders (post <=
    baseline·(1 − response_reduction)) and ``remitters`` remitters (post <= remission_max).
    With ``se_reading='model'`` the SE is taken as a model estimate and leaves the SD of the
    changes free (anything the scale allows). Baselines come from :func:`sprite`; labels and
    post scores from walks on the change scores with per-participant bounds.
    Returns a :class:`PairedReconstruction` of up to ``n_samples`` cohorts; when none is
    found its ``note`` says whether the counts are provably impossible or just not found.
    """
    if se_reading not in SE_READINGS:
        raise ReappraiseError(f"se_reading must be one of {SE_READINGS}, got {se_reading!r}")
    low, high = _scale(low, high)
    n = whole_number(n, "n", minimum=2, maximum=MAX_N, limit="reconstruct.MAX_N")
    responders = whole_number(responders, "responders")
    remitters = whole_number(remitters, "remitters")
    baseline_min = whole_number(baseline_min, "baseline_min", minimum=low)
    definition = Definition(response_reduction, remission_max)
    n_samples = whole_number(n_samples, "n_samples", minimum=1, maximum=MAX_SAMPLES, limit="reconstruct.MAX_SAMPLES")
    seed = whole_number(seed, "seed")
    chains = whole_number(chains, "chains", minimum=1, maximum=MAX_CHAINS, limit="reconstruct.MAX_CHAINS")
    n_baselines = whole_number(n_baselines, "n_baselines", minimum=1, maximum=MAX_SAMPLES, limit="reconstruct.MAX_SAMPLES")
    max_attempts = (500 + 200 * n_samples if max_attempts is None else
                    whole_number(max_attempts, "max_attempts", 1, MAX_ATTEMPTS, "reconstruct.MAX_ATTEMPTS"))
    _check_printed(baseline_mean=baseline_mean, baseline_sd=baseline_sd, change_mean=change_mean, change_se=change_se)
    reason = _impossible(baseline_min, responders, remitters, definition, n)
    if _window(*_parse(baseline_mean, "baseline_mean"))[1] < baseline_min:
        reason = f"impossible: no baseline scores >= {baseline_min} have a mean of {baseline_mean}"
    if reason:
        return PairedReconstruction((), (), definition, 0, 0, reason, se_reading)
    bases = np.array(sprite(baseline_mean, baseline_sd, n, baseline_min, high, n_samples=n_baselines, seed=seed),
                     dtype=np.int64).reshape(-1, n)
    change_totals = mean_totals(change_mean, n)
    # a model-based SE leaves the SD of the raw changes free: any SD the scale allows
    sd_low, sd_high = sd_range_from_se(change_se, n) if se_reading == "raw" else (0.0, float(high - low))
    rng = np.random.default_rng(seed + 1)
    if not len(bases) or not change_totals:
        return PairedReconstruction((), (), definition, 0, len(bases), "impossible: no baseline vector or change total fits",
                                    se_reading)

    def new_chains(k):
        b = bases[rng.integers(len(bases), size=k)]
        b = np.take_along_axis(b, rng.random(b.shape).argsort(axis=1), axis=1)
        lo, hi = np.zeros_like(b), np.zeros_like(b)
        ok = np.ones(k, dtype=bool)
        for r in range(k):
            bounds = _assign(b[r], responders, remitters, definition, low, high, rng)
            if bounds is None:
                ok[r] = False
                lo[r], hi[r] = -b[r], -b[r]
            else:
                lo[r], hi[r] = bounds[0] - b[r], bounds[1] - b[r]
        total = rng.choice(change_totals, size=k)
        ok &= (lo.sum(axis=1) <= total) & (total <= hi.sum(axis=1))
        x, fits = _init_sums(lo, hi, np.where(ok, total, lo.sum(axis=1)), rng)
        window = np.array([_sumsq_window(int(t), n, sd_low, sd_high) for t in total]).reshape(k, 2)
        return {"x": x, "lo": lo, "hi": hi, "q_low": window[:, 0], "q_high": window[:, 1], "b": b}, ok & fits

    def accept(state, r):
        b, p = state["b"][r], state["b"][r] + state["x"][r]
        ok = (reproduces(b, baseline_mean, baseline_sd) and b.min() >= baseline_min
              and rounds_to(float((p - b).mean()), *_parse(change_mean, "change_mean"))
              and sd_low - _TOL <= float((p - b).std(ddof=1)) <= sd_high + _TOL
              and p.min() >= low and p.max() <= high
              and int((p <= definition.response_max(b)).sum()) == responders
              and int((p <= definition.remission_max).sum()) == remitters)
        return tuple(sorted(zip(b.tolist(), p.tolist()))) if ok else None

    found, attempts = _search(new_chains, accept, n_samples, max_attempts, rng, chains, n)
    found = sorted(found)
    note = "" if found else (f"none found in {attempts} walks over {len(bases)} baseline vectors "
                             "(a search result, not a proof of impossibility)")
    return PairedReconstruction(tuple(tuple(b for b, _ in c) for c in found), tuple(tuple(p for _, p in c) for c in found),
                                definition, attempts, len(bases), note, se_reading)


def cohort_summary(reconstruction: PairedReconstruction):
    """One row per reconstructed cohort: how its post-treatment scores and changes are spread.

    Columns: ``post_mean``, ``post_sd`` (SD of the post-treatment scores), ``change_sd`` (SD
    of the changes), ``worsened`` (participants whose score rose) and ``largest_rise``
    (points; 0 when nobody's score rose). The post-treatment SD is what a later comparison
    (e.g. a smallest detectable change from post-treatment to follow-up) needs and the
    summaries do not print. Empty table for an empty reconstruction.
    """
    import pandas as pd

    rows = []
    for b, p in zip(reconstruction.baseline, reconstruction.post):
        b, p = np.array(b, dtype=float), np.array(p, dtype=float)
        change = p - b
        rows.append({"post_mean": float(p.mean()), "post_sd": float(p.std(ddof=1)),
                     "change_sd": float(change.std(ddof=1)), "worsened": int((change > 0).sum()),
                     "largest_rise": float(max(change.max(), 0.0))})
    return pd.DataFrame(rows, columns=["post_mean", "post_sd", "change_sd", "worsened", "largest_rise"])


def paired_tests(reconstruction: PairedReconstruction):
    """The paired t-test and Wilcoxon signed-rank test on every reconstructed cohort at once.

    Returns one row per cohort: t, p_t (paired t-test), W, p_wilcoxon (two-sided),
    d_av (Cohen's d for paired data: mean change over the root mean of the two variances,
    as pingouin's ``ttest(paired=True)`` reports it) and d_z (mean change / SD of change).
    scipy's ``ttest_rel`` and ``wilcoxon`` run over the cohorts as rows of one array; the
    tests check every row against pingouin's ``ttest`` and ``wilcoxon`` on that cohort. The
    Wilcoxon p uses the exact signed-rank null distribution (``method='exact'``), without a
    correction for tied ranks; scipy's default for tied data, a permutation test over all
    2^n sign patterns, takes about 1000 times longer.
    """
    import pandas as pd
    from scipy import stats

    columns = ["t", "p_t", "W", "p_wilcoxon", "d_av", "d_z"]
    if not len(reconstruction):
        return pd.DataFrame(columns=columns, dtype=float)
    b, p = np.array(reconstruction.baseline, dtype=float), np.array(reconstruction.post, dtype=float)
    t, w, diff = stats.ttest_rel(p, b, axis=1), stats.wilcoxon(p, b, method="exact", axis=1), p - b
    mean = diff.mean(axis=1)
    return pd.DataFrame({"t": t.statistic, "p_t": t.pvalue, "W": w.statistic, "p_wilcoxon": w.pvalue,
                         "d_av": np.abs(mean) / np.sqrt((b.var(axis=1, ddof=1) + p.var(axis=1, ddof=1)) / 2),
                         "d_z": mean / diff.std(axis=1, ddof=1)}, columns=columns).astype(float)
