"""SPRITE: reappraise.stats.reconstruct.sprite against the PyPI port pysprite 1.2.1 on the same inputs.

``run()`` asks both for the same number of samples on each input (the Norwegian trial's
baseline MADRS as printed, with and without the inclusion floor, a small phase 2 arm on
CAPS-IV, and pysprite's own example with two-decimal inputs) and reports, per tool, the
seconds taken and how many distinct samples came back that really reproduce the printed
mean and SD (checked with :func:`reappraise.stats.reconstruct.reproduces`). Rows are
{"benchmark", "measure", "value", "unit", "note"}. Run alone with
``python benchmarks/bench_sprite.py``.

pysprite compares the SD rounded to two decimals with the target, whatever the printed
precision, so a one-decimal SD such as 4.9 must be hit exactly as 4.90; it also draws
from NumPy's global random state and may return duplicates.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from reappraise.stats.reconstruct import reproduces, sprite

#: (label, mean, sd, n, low, high) as printed.
INPUTS = [
    ("MADRS baseline, Kvam 2025 (0-60)", "29.6", "4.9", 12, 0, 60),
    ("MADRS baseline, inclusion >= 20 (20-60)", "29.6", "4.9", 12, 20, 60),
    ("CAPS-IV control arm, Oehen 2013 (0-136)", "66.5", "7.6", 4, 0, 136),
    ("pysprite's example (0-9, two decimals)", "4.85", "2.73", 40, 0, 9),
]
SAMPLES = 10


def _ours(mean, sd, n, low, high):
    start = time.perf_counter()
    found = sprite(mean, sd, n, low, high, n_samples=SAMPLES, seed=0)
    return time.perf_counter() - start, found


def _pysprite(mean, sd, n, low, high):
    from pysprite import Sprite

    np.random.seed(0)
    start = time.perf_counter()
    found = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            engine = Sprite(n, float(mean), float(sd), len(mean.split(".")[1]), len(sd.split(".")[1]), low, high)
            _, dists, _ = engine.find_possible_distributions(n_dists=SAMPLES, init_method="random")
        found = [tuple(sorted(int(v) for v in d)) for d in dists]
    except BaseException as exc:  # pysprite raises BaseException when it gets stuck
        found = [f"error: {type(exc).__name__}"]
    return time.perf_counter() - start, found


def run() -> list[dict]:
    rows = []
    for label, mean, sd, n, low, high in INPUTS:
        for tool, search in (("reappraise.sprite", _ours), ("pysprite 1.2.1", _pysprite)):
            seconds, found = search(mean, sd, n, low, high)
            valid = {s for s in found if isinstance(s, tuple) and reproduces(s, mean, sd)}
            note = f"{label}: mean {mean}, SD {sd}, n {n}; asked for {SAMPLES}"
            rows.append({"benchmark": f"sprite / {tool}", "measure": f"time, {label}", "value": round(seconds, 3),
                         "unit": "s", "note": note})
            rows.append({"benchmark": f"sprite / {tool}", "measure": f"valid distinct samples, {label}",
                         "value": len(valid), "unit": "samples",
                         "note": f"{len(found)} returned" + (f" ({found[0]})" if found and isinstance(found[0], str) else "")})
    return rows


if __name__ == "__main__":
    import pandas as pd

    print(pd.DataFrame(run()).to_string(index=False))
