"""Build tests/conformance/vectors/*.csv from the peers' public repositories.

Usage: python tools/conformance/extract.py MIRRORS GENERATED OUT

MIRRORS holds one git clone per peer (``owner+name/repo``); GENERATED holds the CSVs the R
scripts in this folder wrote (they run the peers' own R functions); OUT receives the vector
files. Every row names the repository, the commit and the file it comes from. Nothing here
runs in CI: the vector files are committed, and the tests read only them.

Columns shared by every file:
  repo, commit, file, locator   where the vector comes from
  expected                      the peer's answer, as the peer states it
  relation                      equal (ours must equal it), implies (the peer's True must be
                                ours too: the peer's convention is stricter), differs (a stated
                                convention difference: ours must be the opposite), or
                                not_applicable (a convention reappraise does not offer; counted,
                                not checked)
  convention                    the mapping in words, empty when the vector is used as is
"""

from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

PEERS = {
    "lhdjung/scrutiny": "a56a94509aedcf3aba3746b9388c461420982fc0",
    "LukasWallrich/rsprite2": "81211a5082670551c21d66dddc276ce6f9378415",
    "QuentinAndre/pysprite": "d1d9d9c416b0c90f18e13361559becdcaf5e1f86",
    "phoughton/grim_test": "c5289f36e5d07646999d1ac347c0f4a2b7f3405c",
    "MicheleNuijten/statcheck": "b288d9488c6019d748c4af1a08e6f1188a482d92",
    "kippjohnson/fragilityindex": "abf3f1770c92024f62f5d235ddd206ce9f728f27",
    "brb225/FragilityTools": "3335fd8dcc48285dcb11877f8696948e0a23d1a7",
    "ocbe-uio/contingencytables": "b1fde68e35bf73ec98672e414eb3e0f582e5d7f3",
    "GSK-Biostatistics/cicalc": "5753269f35b17cc3e6ac051de8fe8ed3782ec083",
}
SOURCE = ["repo", "commit", "file", "locator"]
TAIL = ["expected", "relation", "convention"]


def show(mirrors: Path, repo: str, path: str) -> str:
    """The text of ``path`` at the pinned commit of ``repo``."""
    git = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{PEERS[repo]}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def src(repo: str, file: str, locator: str) -> dict:
    return {"repo": repo, "commit": PEERS[repo][:12], "file": file, "locator": locator}


def write(out: Path, name: str, columns: list[str], rows: list[dict]) -> None:
    with open(out / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SOURCE + columns + TAIL, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({"relation": "equal", "convention": "", **row})
    print(f"{name}: {len(rows)} rows")


def tf(flags: str) -> list[bool]:
    return [{"t": True, "f": False}[f.strip()] for f in flags.split(",")]


# --- GRIM ------------------------------------------------------------------------------------

def grim_rows(mirrors: Path, generated: Path) -> list[dict]:
    rows = []
    f = "tests/testthat/test-grim.R"
    repo = "lhdjung/scrutiny"

    def seq(start: int, stop: int, decimals: int):
        return [f"{i / 10 ** decimals:.{decimals}f}" for i in range(start, stop + 1)]

    for name, means, n, items, flags in [
        ("vec1 (basic)", seq(519, 530, 2), 28, 1, "f, f, t, f, f, f, t, f, f, f, t, f"),
        ("vec2 (items = 3)", seq(150, 159, 3), 120, 3, "t, f, f, t, f, f, t, f, t, f"),
        ("vec3 (items = 2)", seq(80, 89, 2), 28, 2, "t, f, t, f, t, f, t, t, t, t"),
    ]:
        for mean, expected in zip(means, tf(flags)):
            rows.append({**src(repo, f, name), "function": "grim", "mean": mean, "n": n, "items": items,
                         "expected": expected})
    for mean, expected in zip(range(519, 531), tf("f, f, t, f, f, f, t, f, f, f, t, f")):
        rows.append({**src(repo, f, "vec4 (percent = TRUE)"), "function": "grim", "mean": f"{mean / 100:.2f}",
                     "n": 28, "items": 1, "expected": expected,
                     "convention": f"scrutiny's percent = TRUE reads {mean} as {mean}% and tests {mean / 100:.2f} "
                                   "with two more decimals; above 100% grim_percent refuses it, so the same "
                                   "test is grim() on the proportion"})
    for pct, expected in zip(range(6, 17), tf("t, f, t, f, t, f, t, f, t, f, t")):
        rows.append({**src(repo, f, "vec5 (percent = TRUE)"), "function": "grim_percent", "mean": str(pct),
                     "n": 50, "items": 1, "expected": expected})

    f = "tests/testthat/test-grim-map.R"
    pigs1 = list(csv.DictReader(open(generated / "pigs1.csv")))
    for row, expected in zip(pigs1, tf("t, f, f, f, f, t, f, t, f, f, t, f")):
        rows.append({**src(repo, f, "consistency_exp: grim_map(pigs1) (data/pigs1.rda)"), "function": "grim",
                     "mean": row["x"], "n": int(row["n"]), "items": 1, "expected": expected})
    modes = {
        40: {"up_or_down": "t, f, t, t, t, t, f, t, f, f, t, f", "up": "f, f, t, f, f, t, f, t, f, f, t, f",
             "down": "t, f, f, t, t, f, f, f, f, f, t, f", "even": "t, f, t, t, t, t, f, t, f, f, t, f",
             "ceiling_or_floor": "t, t, t, t, t, t, t, t, t, t, t, t",
             "ceiling": "f, f, t, f, f, t, t, t, f, f, t, f", "floor": "t, t, f, t, t, f, f, f, t, t, t, t",
             "trunc": "t, t, f, t, t, f, f, f, t, t, t, t", "anti_trunc": "f, f, t, f, f, t, t, t, f, f, t, f"},
        80: {"up_or_down": "t, t, t, t, t, t, t, t, t, t, t, t", "up": "f, t, t, f, f, t, t, t, t, t, t, t",
             "down": "t, t, f, t, t, f, t, f, t, t, t, t", "even": "t, t, t, t, t, t, t, t, t, t, t, t",
             "ceiling_or_floor": "t, t, t, t, t, t, t, t, t, t, t, t",
             "ceiling": "t, t, t, t, t, t, t, t, t, t, t, t", "floor": "t, t, t, t, t, t, t, t, t, t, t, t",
             "trunc": "t, t, t, t, t, t, t, t, t, t, t, t", "anti_trunc": "t, t, t, t, t, t, t, t, t, t, t, t"},
    }
    for n, by_mode in modes.items():
        for mode, flags in by_mode.items():
            relation, convention = "equal", ""
            if mode in ("up", "down", "even"):
                relation = "implies"
                convention = (f"scrutiny's rounding = '{mode}' settles an exact half one way; reappraise accepts "
                              "either way (scrutiny's 'up_or_down'), so a mean consistent under it is consistent here")
            elif mode != "up_or_down":
                relation = "not_applicable"
                convention = f"rounding = '{mode}' (not rounding to nearest) is not offered by reappraise"
            for row, expected in zip(pigs1, tf(flags)):
                rows.append({**src(repo, f, f"df8_n{n}_grim_{mode}_exp (pigs1 means, n = {n})"), "function": "grim",
                             "mean": row["x"], "n": n, "items": 1, "expected": expected, "relation": relation,
                             "convention": convention})
    for mode, flags in [("up_from, threshold = 1", "t, f, f, f, f, t, f, f, f, f, t, f"),
                        ("up_from, threshold = 9", "f, f, f, f, t, f, f, t, t, f, t, f"),
                        ("down_from, threshold = 1", "f, f, f, f, t, f, f, t, t, f, t, f"),
                        ("down_from, threshold = 9", "t, f, f, f, f, t, f, f, f, f, t, f")]:
        for row, expected in zip(pigs1, tf(flags)):
            rows.append({**src(repo, f, f"df9 ({mode})"), "function": "grim", "mean": row["x"], "n": int(row["n"]),
                         "items": 1, "expected": expected, "relation": "not_applicable",
                         "convention": "rounding up or down from a digit other than 5 is not offered by reappraise"})

    repo, f = "LukasWallrich/rsprite2", "tests/testthat/test-core-and-plot-functions.R"
    for mean, n, items, expected, locator in [("5.19", 28, 1, False, "GRIM_test(5.19, 28)"),
                                              ("5.18", 14, 2, True, "GRIM_test(5.18, 14, n_items = 2)"),
                                              ("5.83", 50, 1, False, "GRIM_test(5.83, 50, return_list = TRUE)"),
                                              ("5.2", 20, 1, True, "GRIM_test(5.2, 20, return_values = TRUE)")]:
        rows.append({**src(repo, f, locator), "function": "grim", "mean": mean, "n": n, "items": items,
                     "expected": expected})

    repo, f = "phoughton/grim_test", "tests/grim_test_data.csv"
    table = list(csv.DictReader(show(mirrors, repo, f).splitlines()))
    for i, row in enumerate(table, start=2):
        mean, n = row["mean"].strip('"'), int(row["n"].strip('"'))
        for mode in ("ROUND_CEILING", "ROUND_DOWN", "ROUND_FLOOR", "ROUND_HALF_DOWN", "ROUND_HALF_EVEN",
                     "ROUND_HALF_UP", "ROUND_UP", "ROUND_05UP"):
            if mode.startswith("ROUND_HALF"):
                relation = "implies"
                convention = (f"decimal.{mode} settles an exact half one way; reappraise accepts either way, "
                              "so it must pass what ROUND_HALF_UP or ROUND_HALF_DOWN passes (and nothing else)")
            else:
                relation = "not_applicable"
                convention = f"decimal.{mode} (not rounding to nearest) is not offered by reappraise"
            rows.append({**src(repo, f, f"line {i}, column {mode}"), "function": "grim", "mean": mean, "n": n,
                         "items": 1, "expected": row[mode] == "True", "relation": relation,
                         "convention": convention})
    return rows


# --- GRIMMER, SD limits -----------------------------------------------------------------------

def below_integer_minimum(mean: str, sd: str, n: int, items: int = 1) -> str:
    """If the printed SD is below the smallest SD any n whole scores with this mean can have, say so.

    The bound (scores as equal as whole numbers can be: with total T = q·n + r, r scores of
    q + 1 and n − r of q) is what Allard's analytic GRIMMER and the peers built on it leave out.
    """
    from fractions import Fraction

    m, dm = Fraction(mean), len(mean.split(".")[1]) if "." in mean else 0
    sd_high = Fraction(sd) + Fraction(1, 2 * 10 ** (len(sd.split(".")[1]) if "." in sd else 0))
    units, half = n * items, Fraction(1, 2 * 10 ** dm)
    totals = [t for t in range(int((m - half) * units) - 1, int((m + half) * units) + 2)
              if m - half <= Fraction(t, units) <= m + half]
    smallest = []
    for t in totals:
        q, r = divmod(t, n)
        variance = (Fraction(n * q * q + r * (2 * q + 1)) - Fraction(t * t, n)) / (n - 1) / items ** 2
        smallest.append(variance)
    if totals and all(v > sd_high ** 2 for v in smallest):
        t = totals[0]
        q, r = divmod(t, n)
        return (f"the peer passes an impossible summary: {n} whole scores whose mean rounds to {mean} have an SD "
                f"of at least {float(min(smallest)) ** 0.5:.3f} (e.g. total {t}: {r} scores of {q + 1} and "
                f"{n - r} of {q}), so an SD printed {sd} cannot be; the peer's analytic test lacks this integer bound")
    return ""

def grimmer_rows(mirrors: Path, generated: Path) -> list[dict]:
    rows = []
    repo = "lhdjung/scrutiny"
    f = "tests/testthat/test-grimmer-map.R"
    pigs5 = list(csv.DictReader(open(generated / "pigs5.csv")))
    reasons = ["GRIM inconsistent", "Passed all", "GRIMMER inconsistent (test 3)", "Passed all", "GRIM inconsistent",
               "Passed all", "GRIM inconsistent", "Passed all", "GRIM inconsistent", "Passed all", "Passed all",
               "Passed all"]
    for row, reason in zip(pigs5, reasons):
        rows.append({**src(repo, f, f"pigs5_exp (data/pigs5.rda): {reason}"), "mean": row["x"], "sd": row["sd"],
                     "n": int(row["n"]), "items": 1, "low": "", "high": "", "expected": reason == "Passed all"})
    f = "tests/testthat/test-grimmer.R"
    for mean, sd, n, expected in [("5.21", "1.6", 28, True), ("3.44", "2.47", 18, False)]:
        rows.append({**src(repo, f, f'grimmer_scalar("{mean}", "{sd}", {n})'), "mean": mean, "sd": sd, "n": n,
                     "items": 1, "low": "", "high": "", "expected": expected})
    for row in csv.DictReader(open(generated / "scrutiny_grimmer_vs_rsprite2.csv")):
        items = int(row["items"])
        rows.append({**src(repo, f, f'GRIMMER_test({row["mean"]}, {row["sd"]}, {row["n"]}'
                                    + (f", n_items = {items})" if items > 1 else ")")
                                    + " as defined in the test file, run in R"),
                     "mean": row["mean"], "sd": row["sd"], "n": int(row["n"]), "items": items, "low": "", "high": "",
                     "expected": row["expected"] == "TRUE"})
    for mean, sd, n in [("16.03", "6.41", 40), ("64.73", "25.89", 40), ("64.73", "25.89", 80), ("32.68", "13.07", 80),
                        ("64.27", "25.71", 40), ("16.22", "6.49", 80), ("256.03", "102.41", 40),
                        ("519.93", "207.97", 40)]:
        rows.append({**src(repo, f, "Resolve disagreements: out1 (grimmer_scalar) = TRUE"), "mean": mean, "sd": sd,
                     "n": n, "items": 1, "low": "", "high": "", "expected": True})

    repo, f = "LukasWallrich/rsprite2", "tests/testthat/test-core-and-plot-functions.R"
    for mean, sd, n, expected, locator in [("5.21", "1.6", 28, True, "GRIMMER_test(5.21, 1.6, 28)"),
                                           ("3.44", "2.47", 18, False, "GRIMMER_test(3.44, 2.47, 18)"),
                                           ("5.19", "1.5", 28, False, "GRIMMER_test(5.19, 1.5, n_obs = 28)"),
                                           ("3.33", "1.234", 250, True, "GRIMMER_test(3.33, 1.234, 250, return_values)")]:
        rows.append({**src(repo, f, locator), "mean": mean, "sd": sd, "n": n, "items": 1, "low": "", "high": "",
                     "expected": expected})
    for sd, n, mean, expected in [("1.5", 20, "4", True), ("5", 20, "4", False), ("1.5", 20, "8", False),
                                  ("1.5", 28, "5.19", False)]:
        rows.append({**src(repo, f, f"boundary_test(sd = {sd}, n_obs = {n}, mean = {mean}, min_val = 1, max_val = 7)"),
                     "mean": mean, "sd": sd, "n": n, "items": 1, "low": 1, "high": 7, "expected": expected,
                     "convention": "boundary_test checks only that the SD lies within the limits the scale allows; "
                                   "grimmer with low/high checks that and the granularity of mean and SD"})
    return rows


def allard_rows(generated: Path) -> list[dict]:
    rows = []
    repo, f = "lhdjung/scrutiny", "tests/testthat/test-grimmer.R"
    for i, row in enumerate(csv.DictReader(open(generated / "allard_agrimmer_generated.csv")), start=1):
        n, expected = int(row["n"]), "inconsistent" not in row["allard"]
        several = n >= 10 ** len(row["mean"].split(".")[1])
        rows.append({**src(repo, f, f"aGrimmer, generator seed 14, case {i}"),
                     "mean": row["mean"], "sd": row["sd"], "n": n, "allard": row["allard"], "expected": expected,
                     "relation": "implies" if several and not expected else "equal",
                     "convention": "aGrimmer tries only the total nearest mean × n; with n >= 100 several totals "
                                   "give a two-decimal mean and reappraise tries each, so aGrimmer's 'inconsistent' "
                                   "does not bind" if several and not expected else ""})
    return rows


def sd_limit_rows() -> list[dict]:
    repo, f = "LukasWallrich/rsprite2", "tests/testthat/test-core-and-plot-functions.R"
    out = []
    for n, mean, low, high, items, expected, locator in [
        (5, "4.2", 1, 7, 1, "0.45;3.03", ".sd_limits(n_obs = 5, mean = 4.2, min_val = 1, max_val = 7, sd_prec = 2)"),
        (5, "4.2", 1, 7, 2, "0.27;3.03", ".sd_limits(..., sd_prec = 2, n_items = 2)"),
        (100, "1.00", 1, 7, 1, "0;0", ".sd_limits(n_obs = 100, mean = 1, m_prec = 2, min_val = 1, max_val = 7)"),
        (100, "7.00", 1, 7, 1, "0;0", ".sd_limits(n_obs = 100, mean = 7, m_prec = 2, min_val = 1, max_val = 7)"),
        (10, "5.0", 5, 5, 1, "0;0", ".sd_limits(n_obs = 10, mean = 5, m_prec = 1, min_val = 5, max_val = 5)"),
    ]:
        out.append({**src(repo, f, locator), "mean": mean, "n": n, "low": low, "high": high, "items": items,
                    "decimals": 2, "expected": expected})
    return out


# --- SPRITE ---------------------------------------------------------------------------------

def sprite_rows(mirrors: Path) -> list[dict]:
    repo, f = "QuentinAndre/pysprite", "pysprite/test/test_pysprite.py"
    module = ast.parse(show(mirrors, repo, f))
    lists = {node.targets[0].id: ast.literal_eval(node.value) for node in module.body
             if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    rows = []

    def base(name, i, npart, m, sd, m_prec, sd_prec, lo, hi):
        return {**src(repo, f, f"{name}[{i}]"), "n": npart, "mean": f"{m:.{m_prec}f}", "sd": f"{sd:.{sd_prec}f}",
                "low": lo, "high": hi}

    for name in ("values_success", "values_twoitems", "values_threeitems"):
        for i, v in enumerate(lists[name]):
            items = v[7] if name != "values_success" else 1
            row = {**base(name, i, *v[:7]), "items": items, "restrictions": "", "expected": "found"}
            if items > 1:
                row["convention"] = (f"pysprite finds a sample on a {items}-item scale; reappraise's sprite takes "
                                     "single-item scores, so the vector is checked with grimmer(items = ...), "
                                     "which must pass whatever SPRITE can reproduce")
            rows.append(row)
    for name in ("values_inclusions", "values_exclusions"):
        for i, v in enumerate(lists[name]):
            restr = ";".join(f"{k}:{c}" for k, c in sorted(v[7].items()))
            rows.append({**base(name, i, *v[:7]), "items": 1, "restrictions": restr, "expected": "found",
                         "convention": "pysprite's restrictions {value: count} fix the exact count of a value; "
                                       "reappraise's sprite takes fixed = that many copies and excluded = the value"})
    for i, v in enumerate(lists["values_GRIMfail"]):
        rows.append({**base("values_GRIMfail", i, *v[:7]), "items": 1, "restrictions": "", "expected": "fails",
                     "convention": "pysprite raises ValueError; reappraise raises ReappraiseError (a ValueError) "
                                   "for a mean outside the scale and returns no sample when GRIM fails"})
    for i, v in enumerate(lists["values_against_SPRITE"]):
        rows.append({**base("values_against_SPRITE", i, *v[:7]), "items": 1, "restrictions": "", "expected": "",
                     "relation": "not_applicable",
                     "convention": "the test asserts only that pysprite and the original SPRITE agree, not what "
                                   "they find, so there is no expected value to compare with"})
    return rows


# --- statcheck ------------------------------------------------------------------------------

_STAT = re.compile(r"(?P<test>chi2|Chi2|Q|t|F|r|z|Z)\s*(?:\((?P<df>[^)]*)\))?\s*(?P<cmp>[=<>])\s*"
                   r"(?P<stat>-?\d*\.?\d+(?:e-?\d+)?)\s*,\s*(?P<p>ns|p\s*[=<>]\s*-?\d*\.?\d+(?:e-?\d+)?)")


def _fmt_p(p: str) -> str:
    """'p < 0.0323...' or 'p = .04' as printed; numbers in scientific notation are written out."""
    match = re.match(r"p\s*([=<>])\s*(.*)$", p)
    value = match.group(2)
    if "e" in value:
        value = f"{float(value):.20f}".rstrip("0")
    return f"p {match.group(1)} {value}"


def statcheck_rows(generated: Path) -> list[dict]:
    repo = "MicheleNuijten/statcheck"
    rows = []
    for rec in csv.DictReader(open(generated / "statcheck_tests.csv")):
        opts = dict(o.split("=") for o in rec["options"].split(";") if o)
        matches = list(_STAT.finditer(rec["text"]))
        expected_all = rec["expected"].split("|")
        for j, m in enumerate(matches):
            expected = expected_all[min(j, len(expected_all) - 1)]
            test, df = m.group("test"), m.group("df") or ""
            dfs = [d.strip() for d in df.split(",") if d.strip()]
            kind = {"chi2": "chi2", "Chi2": "chi2", "Q": "chi2", "t": "t", "F": "f", "r": "r", "z": "z", "Z": "z"}[test]
            row = {**src(repo, f"tests/testthat/{rec['file']}", rec["block"]), "text": rec["text"], "test": kind,
                   "df": ";".join(dfs), "statistic": m.group("stat"),
                   "p": "p > " + str(opts.get("alpha", "0.05")) if m.group("p") == "ns" else _fmt_p(m.group("p")),
                   "tails": "1" if opts.get("OneTailedTests") == "TRUE" else "2",
                   "alpha": opts.get("alpha", "0.05"),
                   "p_equal_alpha_significant": "False" if opts.get("pEqualAlphaSig") in ("FALSE", "0") else "True",
                   "variable": rec["variable"], "expected": expected == "TRUE"}
            notes = []
            if test == "Q":
                notes.append("Q(df) is read as chi2(df), as statcheck does")
            if m.group("p") == "ns":
                notes.append("'ns' is read as p > alpha, as statcheck does")
            if opts.get("OneTailedTxt") == "TRUE" and re.search(r"one-tailed|one-sided|directional", rec["text"]):
                row["tails"] = "2|1"
                notes.append("statcheck's OneTailedTxt: the text says one-tailed, so a result consistent "
                             "one-tailed counts as consistent; checked with tails = 2 and tails = 1")
            if m.group("cmp") != "=":
                row["relation"] = "not_applicable"
                notes.append("a test statistic printed as an inequality (t < 2.2) is not offered: "
                             "p_value takes a printed statistic")
            if re.fullmatch(r"p\s*=\s*\.?0*\.?0+", m.group("p")) and opts.get("pZeroError") != "FALSE":
                row["relation"] = "differs"
                notes.append("statcheck's default pZeroError = TRUE counts 'p = .000' as an error; reappraise "
                             "reads it as a p rounded to .000 (statcheck's pZeroError = FALSE)")
            if rec["variable"] == "computed_p":
                row["expected"] = ""
                notes.append("statcheck's computed p must equal pt(2.20, 28, lower.tail = FALSE): checked "
                             "against values['p'] with tails = 1")
                row["tails"] = "1"
            row["convention"] = "; ".join(notes)
            rows.append(row)
    return rows


def statcheck_generated_rows(generated: Path) -> list[dict]:
    repo = "MicheleNuijten/statcheck"
    rows = []
    for i, rec in enumerate(csv.DictReader(open(generated / "statcheck_generated.csv")), start=1):
        kind = {"t": "t", "F": "f", "Z": "z", "r": "r", "Chi2": "chi2"}[rec["test"]]
        df = {"t": rec["df2"], "r": rec["df2"], "F": f"{rec['df1']};{rec['df2']}", "Chi2": rec["df1"], "Z": ""}[rec["test"]]
        for variable in ("error", "decision_error"):
            rows.append({**src(repo, "R/error_test.R; R/decision_error_test.R",
                               f"generated report {i} (seed 1205)"),
                         "text": "", "test": kind, "df": df, "statistic": rec["statistic"],
                         "p": "p " + rec["p"], "tails": "2", "alpha": "0.05",
                         "p_equal_alpha_significant": "True", "variable": variable,
                         "expected": rec[variable] == "TRUE"})
    return rows


def statcheck_manual_rows(mirrors: Path) -> list[dict]:
    """Hand-coded results in statcheck's inst/test_materials with error and decision_error filled in."""
    repo = "MicheleNuijten/statcheck"
    rows, seen = [], set()
    for f in ("inst/test_materials/manually_extracted_stats.csv",
              "inst/test_materials/test_dir/manually_extracted_stats_testpapers.csv"):
        for i, rec in enumerate(csv.DictReader(show(mirrors, repo, f).splitlines(), delimiter=";"), start=2):
            if rec["error"] in ("", None) or not rec["test_type"]:
                continue
            raw = " ".join(rec["raw_result"].split())
            key = (f, raw, rec["test_value"])
            if key in seen:
                continue
            seen.add(key)
            match = re.search(r"p\s*([=<>])\s*(\.\d+|0\.\d+)", raw)
            kind = {"t": "t", "F": "f", "Z": "z", "z": "z", "r": "r", "Chi2": "chi2", "Q": "chi2", "Qb": "chi2",
                    "QT": "chi2", "QBetween": "chi2", "QWithin": "chi2"}.get(rec["test_type"])
            if kind is None or match is None:
                continue
            df = {"t": rec["df2"], "r": rec["df2"], "f": f"{rec['df1']};{rec['df2']}", "chi2": rec["df1"], "z": ""}[kind]
            df = ";".join(str(int(float(d))) for d in df.split(";") if d)
            stat = re.search(r"=\s*(-?\d*\.\d+|-?\d+)", raw.split(",")[0].split(")")[-1] if ")" in raw else raw)
            statistic = stat.group(1) if stat else rec["test_value"]
            for variable in ("error", "decision_error"):
                notes = []
                if rec["test_type"] in ("Q", "Qb", "QT", "QBetween", "QWithin"):
                    notes.append(f"{rec['test_type']} is read as chi2(df), as statcheck does")
                rows.append({**src(repo, f, f"line {i}: {raw}"), "text": raw, "test": kind, "df": df,
                             "statistic": statistic, "p": f"p {rec['p_comparison'].strip(chr(34))} {float(rec['p']):g}",
                             "tails": "2",
                             "alpha": "0.05", "p_equal_alpha_significant": "True", "variable": variable,
                             "expected": rec[variable] in ("1", "1.0"), "convention": "; ".join(notes)})
    return rows


# --- fragility ------------------------------------------------------------------------------

def fragility_rows(generated: Path) -> list[dict]:
    rows = []
    repo = "kippjohnson/fragilityindex"
    rows.append({**src(repo, "README.md", "Introduction: 15/40 vs 6/40, one more event makes p = 0.078"),
                 "k1": 15, "n1": 40, "k2": 6, "n2": 40, "expected": 1})
    rows.append({**src(repo, "vignettes/vignette.Rmd", "fragility.index(15, 5, 41, 40): 'A fragility index of 2'"),
                 "k1": 15, "n1": 41, "k2": 5, "n2": 40, "expected": 2})
    repo2 = "brb225/FragilityTools"
    rows.append({**src(repo2, "man/bin.fi.walsh.Rd", "example bin.fi.walsh(matrix(c(100, 96, 13, 28), nrow = 2), "
                                                    "fisher p), run in R: FI 2"),
                 "k1": 100, "n1": 113, "k2": 96, "n2": 124, "expected": 2})
    rows.append({**src(repo2, "README.md", "bin.fi(mat, test = 'fisher'): 40/60 vs 100/210, FI 3 by removing "
                                           "3 treatment events"),
                 "k1": 40, "n1": 60, "k2": 100, "n2": 210, "expected": 3, "relation": "not_applicable",
                 "convention": "bin.fi is the generalised index (fewest changes in either arm and direction); "
                               "Walsh's rule adds events to the arm with fewer events, which here has the higher "
                               "rate, so reappraise's fragility_index raises: the definitions differ"})
    for i, rec in enumerate(csv.DictReader(open(generated / "fragility_generated.csv")), start=1):
        k1, n1, k2, n2 = (int(rec[x]) for x in ("k1", "n1", "k2", "n2"))
        fi = rec["fragilityindex"]
        row = {**src(repo, "R/fragility.index.R", f"generated table {i} (seed 622)"),
               "k1": k1, "n1": n1, "k2": k2, "n2": n2, "expected": "error" if fi == "NA" else int(fi)}
        if k1 == k2 and k2 / n2 > k1 / n1 and float(rec["fisher_p"]) < 0.05:
            row["relation"] = "differs"
            row["convention"] = ("equal event counts: fragility.index adds events to its second group; reappraise "
                                 "(and bin.fi.walsh) to the arm with the lower event rate, here the first")
        elif fi == "NA":
            row["convention"] = ("fragility.index stops with an error (it adds events beyond the arm size when the "
                                 "arm with fewer events has the higher rate); reappraise raises ReappraiseError")
        elif fi == "0" and rec["yates_p"] not in ("NA",) and float(rec["yates_p"]) >= 0.05 and float(rec["fisher_p"]) < 0.05:
            row["relation"] = "differs"
            row["convention"] = (f"fragility.index returns 0 when the Yates-corrected chi-square p "
                                 f"({float(rec['yates_p']):.3g}) is not significant even though Fisher's p "
                                 f"({float(rec['fisher_p']):.3g}) is; reappraise uses Fisher's p alone, as Walsh did")
        rows.append(row)
        w = rec["fragilitytools_walsh"]
        row = {**src(repo2, "R/internal.R", f"bin.fi.walsh(dir = 'left'), generated table {i} (seed 622)"),
               "k1": k1, "n1": n1, "k2": k2, "n2": n2}
        if w in ("Inf",):
            row["expected"] = "error"
            row["convention"] = ("bin.fi.walsh returns Inf (adding events never removes significance); "
                                 "reappraise raises ReappraiseError")
        elif float(w) <= 0:
            row["expected"] = 0
            row["convention"] = ("bin.fi.walsh returns a negative (reverse) index for a non-significant table; "
                                 "reappraise's fragility index of a non-significant result is 0")
        else:
            row["expected"] = int(float(w))
        if k1 == k2 and k1 / n1 > k2 / n2 and float(rec["fisher_p"]) < 0.05:
            row["relation"] = "differs"
            row["convention"] = ("equal event counts: bin.fi.walsh modifies the first row; reappraise (and "
                                 "fragility.index) the arm with the lower event rate")
        rows.append(row)
    return rows


# --- intervals and 2x2 tables ------------------------------------------------------------------

def interval_rows() -> list[dict]:
    rows = []
    repo, f = "ocbe-uio/contingencytables", "tests/testthat/test-ch2.R"
    for fn, k, n, conf, low, high, method in [
        ("Wilson_score_CI_1x2(ligarden_2010)", 13, 16, 0.95, 0.5699, 0.9341, "wilson"),
        ("ClopperPearson_exact_CI_1x2(ligarden_2010)", 13, 16, 0.95, 0.5435, 0.9595, "clopper-pearson"),
        ("ClopperPearson_exact_CI_1x2(0, 1)", 0, 1, 0.95, 0.0, 0.9750, "clopper-pearson"),
        ("ClopperPearson_exact_CI_1x2(1, 1)", 1, 1, 0.95, 0.0250, 1.0, "clopper-pearson"),
        ("Jeffreys_CI_1x2(ligarden_2010)", 13, 16, 0.95, 0.5792, 0.9442, "jeffreys"),
        ("AgrestiCoull_CI_1x2(19, 20, .15)", 19, 20, 0.85, 0.7778, 0.9722, "agresti-coull"),
    ]:
        row = {**src(repo, f, fn + " (ligarden_2010 = 13 of 16, R/datasets.R)" if "ligarden" in fn else fn),
               "function": "proportion_ci", "method": method, "k1": k, "n1": n, "k2": "", "n2": "",
               "confidence": conf, "expected": f"{low:.4f};{high:.4f}", "decimals": 4}
        if method == "agresti-coull":
            row["relation"] = "differs"
            row["convention"] = ("contingencytables adds 2 successes and 2 failures at every confidence level "
                                 "(estimate 21/24 = 0.875); reappraise, statsmodels and cicalc add z²/2 of each, "
                                 "which differs away from 95%; the test reproduces the peer's value with the "
                                 "add-2 formula")
        rows.append(row)
    f = "tests/testthat/test-ch4.R"
    rows.append({**src(repo, f, "Newcombe_hybrid_score_CI_2x2(perondi_2004) (7/34 vs 1/34, R/datasets.R)"),
                 "function": "risk_difference_ci", "method": "newcombe", "k1": 7, "n1": 34, "k2": 1, "n2": 34,
                 "confidence": 0.95, "expected": "0.0189;0.3404", "decimals": 4})
    rows.append({**src(repo, f, "Katz_log_CI_2x2(perondi_2004)"), "function": "risk_ratio_ci", "method": "katz",
                 "k1": 7, "n1": 34, "k2": 1, "n2": 34, "confidence": 0.95, "expected": "0.9096;53.8695", "decimals": 4})
    rows.append({**src(repo, f, "Fisher_exact_test_2x2(ritland_2007) (0/16 vs 15/72, R/datasets.R)"),
                 "function": "fisher_p", "method": "", "k1": 0, "n1": 16, "k2": 15, "n2": 72, "confidence": "",
                 "expected": "0.06287", "decimals": 5})
    rows.append({**src(repo, f, "Woolf_logit_CI_2x2(ritland_2007): estimate 0 (95% CI 0 to Inf)"),
                 "function": "odds_ratio_ci", "method": "woolf", "k1": 0, "n1": 16, "k2": 15, "n2": 72,
                 "confidence": 0.95, "expected": "0.0000;Inf", "decimals": 4, "relation": "differs",
                 "convention": "with a zero cell the peer's Woolf interval is 0 to infinity; reappraise adds 0.5 "
                               "to every cell (Haldane-Anscombe, as RevMan does) and reports a finite interval"})
    repo, f = "GSK-Biostatistics/cicalc", "tests/testthat/_snaps/prop_ci.md"
    for fn, method, cases in [
        ("ci_prop_wilson", "wilson", [(5, 10, 0.9, 0.2693, 0.7307), (32, 32, 0.95, 0.8928, 1), (0, 32, 0.95, 0, 0.1072)]),
        ("ci_prop_clopper_pearson", "clopper-pearson",
         [(5, 10, 0.95, 0.1871, 0.8129), (32, 32, 0.95, 0.8911, 1), (0, 32, 0.95, 0, 0.1089)]),
        ("ci_prop_agresti_coull", "agresti-coull",
         [(5, 10, 0.95, 0.2366, 0.7634), (32, 32, 0.95, 0.8727, 1), (0, 32, 0.95, 0, 0.1273)]),
        ("ci_prop_jeffreys", "jeffreys", [(5, 10, 0.95, 0.2235, 0.7765), (32, 32, 0.95, 0.9251, 1), (0, 32, 0.95, 0, 0.0749)]),
    ]:
        for k, n, conf, low, high in cases:
            rows.append({**src(repo, f, f"{fn}: {k} responses out of {n}, {conf:.0%}"), "function": "proportion_ci",
                         "method": method, "k1": k, "n1": n, "k2": "", "n2": "", "confidence": conf,
                         "expected": f"{low:.4f};{high:.4f}", "decimals": 4})
    f = "tests/testthat/test-prop_ci_diff.R"
    for k1, n1, k2, n2, low, high in [(56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
                                      (10, 10, 0, 20, 0.6791, 1.0)]:
        rows.append({**src(repo, f, f"ci_prop_diff_nc({k1}/{n1} - {k2}/{n2}, correct = FALSE)"),
                     "function": "risk_difference_ci", "method": "newcombe", "k1": k1, "n1": n1, "k2": k2, "n2": n2,
                     "confidence": 0.95, "expected": f"{low:.4f};{high:.4f}", "decimals": 4})
    return rows


def mark_integer_bound(rows: list[dict]) -> list[dict]:
    """Mark the GRIMMER vectors a peer passes although the SD is below the integer minimum."""
    for row in rows:
        note = below_integer_minimum(row["mean"], row["sd"], int(row["n"]), int(row.get("items") or 1))
        if note and row["expected"] is True:
            row["relation"], row["convention"] = "differs", note
    return rows


def main(mirrors: Path, generated: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write(out, "grim.csv", ["function", "mean", "n", "items"], grim_rows(mirrors, generated))
    write(out, "grimmer.csv", ["mean", "sd", "n", "items", "low", "high"],
          mark_integer_bound(grimmer_rows(mirrors, generated)))
    write(out, "grimmer_allard.csv", ["mean", "sd", "n", "allard"], mark_integer_bound(allard_rows(generated)))
    write(out, "sd_limits.csv", ["mean", "n", "low", "high", "items", "decimals"], sd_limit_rows())
    write(out, "sprite.csv", ["n", "mean", "sd", "low", "high", "items", "restrictions"], sprite_rows(mirrors))
    columns = ["text", "test", "df", "statistic", "p", "tails", "alpha", "p_equal_alpha_significant", "variable"]
    write(out, "statcheck.csv", columns, statcheck_rows(generated) + statcheck_manual_rows(mirrors))
    write(out, "statcheck_generated.csv", columns, statcheck_generated_rows(generated))
    write(out, "fragility.csv", ["k1", "n1", "k2", "n2"], fragility_rows(generated))
    write(out, "intervals.csv", ["function", "method", "k1", "n1", "k2", "n2", "confidence", "decimals"],
          interval_rows())


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:4]))
