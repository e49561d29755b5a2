"""Throughput of the regression-to-the-mean simulation (simulated uncontrolled trials per second).

``run()`` times :func:`reappraise.stats.bias.simulate_null_trials` at the notebook's default
assumptions (n = 12 per trial) for a smoke size and the published size of 10^6 trials,
best of a few repeats, and returns rows {"benchmark", "measure", "value", "unit", "note"}.
Run alone with ``python benchmarks/bench_rtm.py``.
"""

from __future__ import annotations

import time

import numpy as np

from reappraise.stats import bias

DEFAULTS = {"n": 12, "mu": 22.0, "sigma": 8.0, "rho": 0.7, "cutoff": 20.0}


def _best_seconds(trials: int, repeats: int) -> float:
    best = float("inf")
    for seed in range(repeats):
        rng = np.random.default_rng(seed)
        start = time.perf_counter()
        bias.simulate_null_trials(trials=trials, rng=rng, **DEFAULTS)
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[dict]:
    rows = []
    for trials, repeats in ((20_000, 5), (1_000_000, 2)):
        seconds = _best_seconds(trials, repeats)
        note = f"n = {DEFAULTS['n']} per trial, best of {repeats}"
        rows.append({"benchmark": "rtm_simulation", "measure": f"time for {trials:,} trials",
                     "value": round(seconds, 3), "unit": "s", "note": note})
        rows.append({"benchmark": "rtm_simulation", "measure": f"throughput at {trials:,} trials",
                     "value": round(trials / seconds), "unit": "trials/s", "note": note})
    start = time.perf_counter()
    for _ in range(20):
        bias.null_response_probability(DEFAULTS["mu"], DEFAULTS["sigma"], DEFAULTS["rho"], DEFAULTS["cutoff"])
    rows.append({"benchmark": "rtm_exact", "measure": "null responder probability (bivariate normal)",
                 "value": round((time.perf_counter() - start) / 20 * 1e3, 3), "unit": "ms/call", "note": "scipy"})
    return rows


if __name__ == "__main__":
    import pandas as pd

    print(pd.DataFrame(run()).to_string(index=False))
