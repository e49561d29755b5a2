"""Base R as a live oracle: what binom.test, prop.test, fisher.test, power.prop.test and power.t.test compute.

Each test draws seeded inputs, runs one Rscript over all of them and compares reappraise's
answer row by row. Where R is not installed the tests are skipped with a message (CI installs
r-base-core, see .ci/run). Conventions: the Wilson interval is prop.test's one-sample
interval without continuity correction; reappraise's pooled two-proportion power is
power.prop.test's default (strict = FALSE, one tail); its t-test power is pingouin's, which
counts both tails: power.t.test(strict = TRUE).
"""

from __future__ import annotations

import csv
import math
import shutil
import subprocess

import numpy as np
import pytest

from conformance_support import failures, score

from reappraise.stats.comparators import against_benchmark
from reappraise.stats.design import n_two_means, n_two_proportions, power_two_proportions
from reappraise.stats.effect_sizes import minimum_detectable_dz
from reappraise.stats.proportions import fisher_p, proportion_ci

RSCRIPT = shutil.which("Rscript")
pytestmark = pytest.mark.skipif(RSCRIPT is None, reason="Rscript not found: base R is the oracle here; "
                                                        "install it (Debian/Ubuntu: apt-get install r-base-core)")
PEER = "R (stats, live)"
CASES = 150


def run_r(tmp_path, inputs: list[dict], body: str) -> list[dict]:
    """Run ``body`` in R once per input row (columns become variables); it returns a named vector.

    The script reads inputs.csv and writes outputs.csv with 17 significant digits.
    """
    with open(tmp_path / "inputs.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, list(inputs[0]))
        writer.writeheader()
        writer.writerows(inputs)
    script = tmp_path / "oracle.R"
    script.write_text(
        'd <- read.csv("inputs.csv")\n'
        "f <- function(r) with(as.list(r), {" + body + "})\n"
        "out <- do.call(rbind, lapply(seq_len(nrow(d)), function(i) f(d[i, ])))\n"
        'write.csv(format(as.data.frame(out), digits = 17), "outputs.csv", row.names = FALSE)\n')
    subprocess.run([RSCRIPT, "--vanilla", str(script)], cwd=tmp_path, check=True, capture_output=True, timeout=300)
    with open(tmp_path / "outputs.csv", newline="") as handle:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def _close(a: float, b: float, rel: float = 1e-7, abs_: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _record(function: str, inputs: list[dict], outputs: list[dict], compare, convention: str = "") -> None:
    results = []
    for given, r in zip(inputs, outputs):
        row = {**given, "file": "Rscript (base R stats)", "convention": convention}
        results.append((row, score(PEER, function, row, compare(given, r))))
    assert len(results) == len(inputs) and all(ok for _, ok in results), failures(results)


def _counts(rng, cases: int) -> list[dict]:
    out = []
    for _ in range(cases):
        n = int(rng.integers(1, 300))
        out.append({"k": int(rng.integers(0, n + 1)), "n": n, "conf": float(rng.choice([0.8, 0.9, 0.95, 0.99]))})
    return out


def test_clopper_pearson_and_the_exact_binomial_p_agree_with_binom_test(tmp_path):
    rng = np.random.default_rng(101)
    inputs = _counts(rng, CASES)
    for row in inputs:
        row["rate"] = round(float(rng.uniform(0.05, 0.95)), 3)
    outputs = run_r(tmp_path, inputs, "b <- binom.test(k, n, conf.level = conf); "
                                      "g <- binom.test(k, n, p = rate, alternative = 'greater'); "
                                      "c(low = b$conf.int[1], high = b$conf.int[2], p = g$p.value)")

    def compare(given, r):
        low, high = proportion_ci(given["k"], given["n"], "clopper-pearson", given["conf"])
        p = against_benchmark(given["k"], given["n"], given["rate"])["p_exact"]
        return _close(low, r["low"]) and _close(high, r["high"]) and _close(p, r["p"])

    _record("binom.test: proportion_ci, against_benchmark", inputs, outputs, compare)


def test_the_wilson_interval_agrees_with_prop_test_without_continuity_correction(tmp_path):
    inputs = _counts(np.random.default_rng(102), CASES)
    outputs = run_r(tmp_path, inputs, "i <- suppressWarnings(prop.test(k, n, conf.level = conf, correct = FALSE))$conf.int; "
                                      "c(low = i[1], high = i[2])")

    def compare(given, r):
        low, high = proportion_ci(given["k"], given["n"], "wilson", given["conf"])
        return _close(low, r["low"]) and _close(high, r["high"])

    _record("prop.test(correct = FALSE): proportion_ci", inputs, outputs, compare)


def test_fishers_exact_p_agrees_with_fisher_test(tmp_path):
    rng = np.random.default_rng(103)
    inputs = []
    for _ in range(CASES):
        n1, n2 = (int(x) for x in rng.integers(2, 150, size=2))
        inputs.append({"k1": int(rng.integers(0, n1 + 1)), "n1": n1, "k2": int(rng.integers(0, n2 + 1)), "n2": n2})
    outputs = run_r(tmp_path, inputs, "c(p = fisher.test(matrix(c(k1, k2, n1 - k1, n2 - k2), nrow = 2))$p.value)")
    _record("fisher.test: fisher_p", inputs, outputs,
            lambda g, r: _close(fisher_p(g["k1"], g["n1"], g["k2"], g["n2"]), r["p"], rel=1e-6))


def test_pooled_power_and_sample_size_agree_with_power_prop_test(tmp_path):
    rng = np.random.default_rng(104)
    inputs = []
    for _ in range(CASES):
        p1, p2 = (round(float(x), 3) for x in rng.uniform(0.05, 0.95, size=2))
        if abs(p1 - p2) < 0.05:
            p2 = round(min(0.95, p1 + 0.1), 3)
        inputs.append({"p1": p1, "p2": p2, "alpha": float(rng.choice([0.01, 0.05, 0.1])),
                       "power": float(rng.choice([0.8, 0.9])), "n": int(rng.integers(5, 400))})
    outputs = run_r(tmp_path, inputs, "c(n_req = power.prop.test(p1 = p1, p2 = p2, sig.level = alpha, power = power, "
                                      "tol = 1e-12)$n, power_at_n = power.prop.test(n = n, p1 = p1, p2 = p2, "
                                      "sig.level = alpha)$power)")

    def compare(g, r):
        n = n_two_proportions(g["p1"], g["p2"], g["alpha"], g["power"], method="pooled")
        power = power_two_proportions(g["p1"], g["p2"], g["n"], g["alpha"], method="pooled")
        return _close(n, r["n_req"], rel=1e-6) and _close(power, r["power_at_n"], rel=1e-9)

    _record("power.prop.test: n_two_proportions, power_two_proportions", inputs, outputs, compare)


def test_t_test_sample_size_and_detectable_effect_agree_with_power_t_test(tmp_path):
    rng = np.random.default_rng(105)
    inputs = []
    for _ in range(CASES):
        sd = round(float(rng.uniform(2, 20)), 2)   # effects up to d = 2: larger ones need fewer than 2 per arm
        inputs.append({"difference": round(float(rng.uniform(0.05, 2)) * sd, 2), "sd": sd,
                       "alpha": float(rng.choice([0.01, 0.05, 0.1])), "power": float(rng.choice([0.8, 0.9])),
                       "n": int(rng.integers(3, 200))})
    outputs = run_r(tmp_path, inputs,
                    "c(n_req = power.t.test(delta = difference, sd = sd, sig.level = alpha, power = power, "
                    "strict = TRUE, tol = 1e-12)$n, dz = power.t.test(n = n, sd = 1, sig.level = alpha, "
                    "power = power, type = 'paired', strict = TRUE, tol = 1e-12)$delta)")

    def compare(g, r):
        n = n_two_means(g["difference"], g["sd"], g["alpha"], g["power"])
        dz = minimum_detectable_dz(g["n"], g["power"], g["alpha"])
        return _close(n, r["n_req"], rel=1e-6) and _close(dz, r["dz"], rel=1e-6)

    _record("power.t.test: n_two_means, minimum_detectable_dz", inputs, outputs, compare,
            "pingouin's two-sided power counts both tails: power.t.test(strict = TRUE)")
