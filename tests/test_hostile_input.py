"""Hostile input and faults: each one is refused in one line, or answered correctly, in bounded time.

One section per failure group found by a probe of 250 hostile inputs (issue 12):

1. a run cannot write outside ``runs/`` (nor over the publication);
2. scenario names are names, not paths;
3. ``compare`` refuses an incomplete, failed, edited or missing run instead of filling in
   published values;
4. pre-flight validation: NaN and infinity, and rules between parameters (that every notebook
   runs to its end at the edges of its schema is in ``test_notebook_edges.py``);
5. Ctrl-C and a killed parent stop every worker and kernel, leave no scratch folder, and
   say so in one line;
6. a damaged data file is one line naming the file, the line and the rule;
7. library inputs are bounded (a limit named in the message) and never answered with NaN;
8. rerunning the same run leaves its folder byte-identical.

Tests marked ``slow`` execute notebooks (seconds each); the rest take milliseconds.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from reappraise import paths
from reappraise.errors import LedgerError, ParameterError, ReappraiseError
from reappraise.evidence import claims, ledger
from reappraise.pipeline import cli, compare, files, params, runner, scenarios
from reappraise.stats import consistency, design, effect_sizes, missing, proportions, reconstruct

NB01 = "01-reconstruct-response-remission"
NB02 = "02-reconstruct-durability-at-7-months"
NB03 = "03-compare-ptsd-phase3"


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """runs/, scenarios/ and build/ in a temporary folder; notebooks and data are the real ones."""
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    monkeypatch.setattr(paths, "SCENARIOS", tmp_path / "scenarios")
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    (tmp_path / "scenarios").mkdir()
    for name in ("default", "conservative"):
        (tmp_path / "scenarios" / f"{name}.yaml").write_bytes((paths.ROOT / "scenarios" / f"{name}.yaml").read_bytes())
    return tmp_path


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("error: ") and "Traceback" not in err[0]
    return err[0]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- 1. containment: nothing escapes runs/ -------------------------------------------------------

@pytest.mark.parametrize("name", ["../notebooks", "..", "/tmp/reappraise-elsewhere", "a/b", ".hidden", "", "x" * 101,
                                  "ok name", "name\n", "café"])
def test_a_run_name_that_is_a_path_or_not_a_plain_name_is_refused_before_anything_runs(sandbox, capsys, name):
    committed = paths.notebook_path(NB01).read_bytes()
    assert cli.main(["run", "01", "-p", "confidence", "0.8", "--name", name]) == 2
    assert "is not allowed" in one_error_line(capsys)
    assert not (sandbox / "runs").exists() and not Path("/tmp/reappraise-elsewhere").exists()
    assert paths.notebook_path(NB01).read_bytes() == committed


@pytest.mark.parametrize("name", ["default", "Default", "conservative", "lab", "compare-default-conservative"])
def test_run_cannot_take_the_name_of_the_publication_a_scenario_the_lab_or_a_comparison(sandbox, capsys, name):
    assert cli.main(["run", "01", "-p", "confidence", "0.8", "--name", name]) == 2
    assert "is reserved" in one_error_line(capsys)
    assert not (sandbox / "runs").exists()


def test_a_symbolic_link_in_runs_cannot_lead_a_write_elsewhere(sandbox):
    outside = sandbox / "outside"
    outside.mkdir()
    (sandbox / "runs").mkdir()
    (sandbox / "runs" / "evil").symlink_to(outside)
    with pytest.raises(ParameterError, match="it lies outside .*runs/"):
        files.run_folder("evil")
    with files.confine(paths.RUNS), pytest.raises(ParameterError, match="refusing to write"):
        files.write_if_changed(sandbox / "runs" / "evil" / "x.json", b"{}")
    assert list(outside.iterdir()) == []


def test_the_runner_refuses_to_write_a_run_into_the_published_notebooks_or_figures(sandbox):
    committed = paths.notebook_path(NB01).read_bytes()
    for output, figures in ((paths.notebook_path(NB01), sandbox / "runs" / "x" / "figures"),
                            (sandbox / "runs" / "x" / f"{NB01}.ipynb", paths.FIGURES)):
        with pytest.raises(ParameterError, match="refusing to write"):
            runner.execute(NB01, output, {"confidence": 0.8}, figures)
    assert paths.notebook_path(NB01).read_bytes() == committed
    assert not (sandbox / "build").exists(), "refused before any kernel (or scratch folder) started"


def test_long_parameter_values_give_a_short_run_folder_name():
    name = cli._run_name(NB01, {"a": "x" * 300, "b": 1})
    assert len(name) <= files.MAX_NAME and files.check_name(name) == name
    assert name != cli._run_name(NB01, {"a": "x" * 299, "b": 1}), "a hash keeps shortened names apart"


# --- 2. scenario names are names -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["/some/dir/evil", "../notebooks/../scenarios/x", "../x", "lab"])
def test_a_scenario_name_that_is_a_path_or_reserved_is_refused(sandbox, capsys, name):
    assert cli.main(["scenario", name]) == 2
    assert one_error_line(capsys)
    assert not (sandbox / "runs").exists()
    assert sorted(p.name for p in (sandbox / "scenarios").iterdir()) == ["conservative.yaml", "default.yaml"]


# --- 3. honest comparisons -----------------------------------------------------------------------

def fake_run(sandbox, name: str, statuses: dict[str, str], parameters: dict | None = None) -> Path:
    """A run folder as ``scenario`` leaves it: results for finished notebooks and a manifest."""
    values = scenarios.load(name).values if parameters is None else parameters
    folder = sandbox / "runs" / name
    folder.mkdir(parents=True)
    for nb, status in statuses.items():
        if status == "done":
            (folder / f"{nb}.results.json").write_text(json.dumps({"marker": name}))
    entries = {nb: {"status": statuses.get(nb, "done"), "parameters": v} for nb, v in values.items()}
    scenarios.write_manifest(folder, "scenario", name, "", entries)
    return folder


def test_compare_refuses_an_interrupted_scenario_naming_the_notebooks_that_did_not_finish(sandbox, capsys):
    values = scenarios.load("conservative").values
    fake_run(sandbox, "conservative", {nb: "cancelled" if nb == NB03 else "done" for nb in values})
    assert cli.main(["compare", "default", "conservative"]) == 2
    line = one_error_line(capsys)
    assert "incomplete, not compared" in line and f"{NB03} (cancelled)" in line
    assert not (sandbox / "runs" / "compare-default-conservative").exists()


def test_compare_refuses_a_run_without_a_manifest_or_with_missing_results(sandbox, capsys):
    (sandbox / "runs" / "conservative").mkdir(parents=True)
    (sandbox / "runs" / "conservative" / f"{NB03}.results.json").write_text("{}")
    assert cli.main(["compare", "default", "conservative"]) == 2
    assert "no readable manifest.json" in one_error_line(capsys)
    values = scenarios.load("conservative").values
    folder = sandbox / "runs" / "conservative"
    scenarios.write_manifest(folder, "scenario", "conservative", "", {n: {"status": "done", "parameters": v}
                                                                      for n, v in values.items()})
    assert cli.main(["compare", "default", "conservative"]) == 2
    assert "(no results)" in one_error_line(capsys)


def test_compare_refuses_a_scenario_run_with_other_values_than_its_file_sets_now(sandbox, capsys):
    values = scenarios.load("conservative").values
    old = {**values, NB03: {"itt_scenario": "best-case"}}
    fake_run(sandbox, "conservative", {nb: "done" for nb in old}, parameters=old)
    assert cli.main(["compare", "default", "conservative"]) == 2
    assert "has changed since" in one_error_line(capsys)


def test_default_is_always_the_publication_whatever_lies_in_runs_default(sandbox):
    poisoned = sandbox / "runs" / "default"
    poisoned.mkdir(parents=True)
    (poisoned / f"{NB01}.results.json").write_text(json.dumps({"response_ci_low": 0.5}))
    assert compare.scenario_results("default")[NB01] == compare.published_results(NB01)


def test_a_complete_scenario_is_compared_with_its_own_results_and_the_published_ones_elsewhere(sandbox):
    values = scenarios.load("conservative").values
    fake_run(sandbox, "conservative", {nb: "done" for nb in values})
    found = compare.scenario_results("conservative")
    assert all(found[nb] == {"marker": "conservative"} for nb in values)
    untouched = next(n for n in params.notebook_names() if n not in values)
    assert found[untouched] == compare.published_results(untouched)


# --- 4. pre-flight validation ----------------------------------------------------------------------

FLOATS = [(name, p.name) for name in params.notebook_names() for p in params.load_schema(name).values()
          if p.type == "float"]


@pytest.mark.parametrize("notebook, parameter", FLOATS)
@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf"])
def test_nan_and_infinity_are_refused_for_every_float_parameter(notebook, parameter, text):
    with pytest.raises(ParameterError, match=f"parameter '{parameter}' must be a finite number"):
        params.validate(notebook, {parameter: text})


def test_every_whole_number_parameter_has_an_upper_bound_so_a_300_digit_seed_is_refused():
    unbounded = [f"{n}.{p.name}" for n in params.notebook_names() for p in params.load_schema(n).values()
                 if p.type == "int" and p.max is None]
    assert unbounded == []
    with pytest.raises(ParameterError, match="parameter 'seed' must be a whole number from 0 to 4294967295"):
        params.validate("06", {"seed": "9" * 300})


@pytest.mark.parametrize("notebook, values, rule", [
    ("01", {"benchmark_low": "0.6", "benchmark_high": "0.3"}, "benchmark_low <= benchmark_high"),
    ("01", {"benchmark_low": "0.5"}, "benchmark_low <= benchmark_high"),
    ("06", {"n": "1000"}, "smoke or n * simulations <= 60_000_000"),
    ("06", {"population_sd": "0.5", "cutoff": "55"}, "cutoff <= population_mean + 8 * population_sd"),
    ("07", {"benchmark": "thase-ssri-remission"}, "cross_definition or benchmark not in"),
    ("08", {"placebo_benchmark": "mapp2-placebo-therapy"}, "cross_definition or placebo_benchmark not in"),
    ("12", {"zero_cells": "none"}, 'zero_cells != "none" or exclude in'),
    ("12", {"outcome": "loss of diagnosis", "timepoint": "week 4"}, 'outcome != "loss of diagnosis" or timepoint in'),
    ("12", {"timepoint": "week 18", "exclude": "mapp1"}, 'timepoint in ["primary", "week 8"] or exclude not in'),
])
def test_a_rule_between_parameters_is_checked_before_any_kernel_starts(sandbox, capsys, notebook, values, rule):
    argv = ["run", notebook] + [x for k, v in values.items() for x in ("-p", k, v)]
    assert cli.main(argv) == 2
    assert f"break the rule {rule}" in one_error_line(capsys)
    assert not (sandbox / "runs").exists() and not (sandbox / "build").exists()


def test_a_scenario_breaking_a_rule_is_refused_with_its_file_and_key(sandbox):
    (sandbox / "scenarios" / "odd.yaml").write_text("notebooks:\n  01:\n    benchmark_low: 0.5\n    benchmark_high: 0.4\n")
    with pytest.raises(ParameterError, match=r"^scenarios/odd.yaml: notebooks.01-reconstruct-response-remission: "
                                             r"benchmark_low = 0.5, benchmark_high = 0.4 break the rule"):
        scenarios.load("odd")


def test_the_schema_ranges_exclude_what_the_notebooks_cannot_do():
    with pytest.raises(ParameterError, match="'target_width' must be a number from 0.1 to 0.6"):
        params.validate("08", {"target_width": "0.05"})
    with pytest.raises(ParameterError, match="'baseline_min' must be a whole number from 1 to 27"):
        params.validate("05", {"baseline_min": "28"})


def test_a_rule_that_the_defaults_break_or_that_names_no_parameter_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    (tmp_path / "77-test-rules.ipynb").write_text("{}")
    schema = tmp_path / "77-test-rules.params.yaml"
    entry = "a:\n  type: int\n  default: 1\n  help: a\nb:\n  type: int\n  default: 2\n  help: b\n"
    for rule, message in (("a > b", "the defaults break rule"), ("a < c", "unknown parameter 'c'"),
                          ("__import__('os')", "not a valid check")):
        schema.write_text(entry + f"rules:\n  - check: {rule!r}\n    help: x\n")
        with pytest.raises(ParameterError, match=message):
            params.validate("77", {"a": 0})


def test_the_cross_definition_rules_refuse_exactly_the_benchmarks_counted_under_another_definition():
    """Notebooks 07 and 08 refuse, in their kernels, a comparison across outcome definitions unless
    cross_definition is set; their schemas' rules must refuse exactly those choices before a kernel starts."""
    from reappraise.evidence import definitions

    D = definitions.load()
    kvam = {D.of("kvam.response.post"), D.of("kvam.remission.post")}
    rule07 = params.load_rules("07")[0]
    for name in params.load_schema("07")["benchmark"].choices:
        allowed = rule07.holds({"cross_definition": False, "benchmark": name})
        assert allowed == any(not own.differences(D.benchmark(name).definition) for own in kvam), name
    drugs = {"kvam-open-label": D.of("kvam.response.post"), "undurraga-drug": D.benchmark("undurraga-drug").definition}
    rule08 = params.load_rules("08")[0]
    for name in params.load_schema("08")["placebo_benchmark"].choices:
        allowed = rule08.holds({"cross_definition": False, "placebo_benchmark": name})
        assert allowed == all(not d.differences(D.benchmark(name).definition) for d in drugs.values()), name


# --- 5. interruption ----------------------------------------------------------------------------------

def project_root(tmp_path: Path, notebooks: str) -> tuple[Path, dict]:
    """A project root whose scenarios/ holds one scenario touching ``notebooks``; data and notebooks linked."""
    root = tmp_path / "project"
    (root / "scenarios").mkdir(parents=True)
    for name in ("data", "notebooks"):
        (root / name).symlink_to(paths.ROOT / name)
    (root / "scenarios" / "two.yaml").write_text("notebooks:\n" + "".join(f"  {n}:\n    confidence: 0.9\n"
                                                                           for n in notebooks.split()))
    env = {**os.environ, "REAPPRAISE_ROOT": str(root), "PYTHONUNBUFFERED": "1"}
    return root, env


#: `python -m reappraise` with Ctrl-C delivered, as from a terminal. A process started in the background of a
#: non-interactive shell inherits SIGINT ignored, and Python keeps it ignored: run so, these tests would time out.
FROM_A_TERMINAL = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                   "runpy.run_module('reappraise', run_name='__main__', alter_sys=True)")


def start_scenario(root: Path, env: dict):
    """Start `scenario two -j 1` in its own process group (as a terminal would) and wait for a kernel."""
    import psutil

    with open(root / "stderr.txt", "w") as err:  # a file, not a pipe: a pipe stays open while any child lives
        proc = subprocess.Popen([sys.executable, "-c", FROM_A_TERMINAL, "scenario", "two", "-j", "1"], cwd=root, env=env,
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        family = psutil.Process(proc.pid).children(recursive=True)
        if any("ipykernel" in " ".join(p.cmdline()) for p in family if p.is_running()):
            return proc, family
        time.sleep(0.2)
    proc.kill()
    pytest.fail("no kernel started within 120 s")


def all_gone(processes, timeout: float) -> list:
    import psutil

    deadline = time.monotonic() + timeout
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.2)
    return alive


@pytest.mark.slow
def test_ctrl_c_cancels_the_queue_stops_workers_and_kernels_and_says_so_in_one_line(tmp_path):
    root, env = project_root(tmp_path, "01 02")
    proc, family = start_scenario(root, env)
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    err = (root / "stderr.txt").read_text()
    assert "Traceback" not in err, err
    assert err.strip().splitlines()[-1].startswith("interrupted: scenario two: 0 of 2 notebook(s) finished")
    assert all_gone(family, 10) == [], "no worker or kernel outlives the command"
    manifest = json.loads((root / "runs" / "two" / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert {e["status"] for e in manifest["notebooks"].values()} == {"cancelled"}
    assert not list((root / "build").glob("run-*")), "no scratch folder is left behind"


@pytest.mark.slow
def test_killing_the_parent_leaves_no_worker_or_kernel_running(tmp_path):
    root, env = project_root(tmp_path, "01 02")
    proc, family = start_scenario(root, env)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert all_gone(family, 15) == [], "workers notice their parent is gone and stop (and their kernels with them)"
    manifest = json.loads((root / "runs" / "two" / "manifest.json").read_text())
    assert manifest["complete"] is False, "a killed run is never mistaken for a complete one"
    before = tree(root / "runs")
    time.sleep(2)
    assert tree(root / "runs") == before, "nothing keeps writing"


def test_scratch_folders_of_processes_that_no_longer_run_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = tmp_path / f"run-{NB01}-{pid}-abc_12"
    mine = tmp_path / f"run-{NB01}-{os.getpid()}-xyz"
    for folder in (stale, mine):
        (folder / "figures").mkdir(parents=True)
    assert files.clean_scratch(tmp_path) == [stale]
    assert mine.exists() and not stale.exists()


# --- 6. the loader ----------------------------------------------------------------------------------

def damaged(tmp_path, name: str, make) -> Path:
    text = paths.LEDGER.read_text(encoding="utf-8")
    path = tmp_path / f"{name}.csv"
    data = make(text)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _lines(text):
    return text.splitlines(keepends=True)


@pytest.mark.parametrize("name, make, line, rule", [
    ("extra-field", lambda t: _lines(t)[0] + _lines(t)[1].rstrip("\n") + ",extra\n" + "".join(_lines(t)[2:]), 2, "fields"),
    ("cut-in-quotes", lambda t: t[: t.index('"', 2000) + 5], None, "complete"),
    ("cut-in-quotes-newline", lambda t: t[: t.index('"', 2000) + 5] + "\n", None, "csv"),
    ("empty", lambda t: "", 1, "empty"),
    ("header-only", lambda t: _lines(t)[0], 2, "rows"),
    ("latin-1", lambda t: (_lines(t)[0] + _lines(t)[1].replace("abstract", "abstr\xe9ct")).encode("latin-1")
     + "".join(_lines(t)[2:]).encode("utf-8"), 2, "encoding"),
    ("last-row-cut", lambda t: "".join(_lines(t)[:-1]) + _lines(t)[-1][:20], None, "complete"),
    ("last-row-short", lambda t: "".join(_lines(t)[:-1]) + ",".join(_lines(t)[-1].split(",")[:5]) + "\n", None, "fields"),
    ("blank-line", lambda t: "".join(_lines(t)[:5]) + "\n" + "".join(_lines(t)[5:]), 6, "fields"),
])
def test_a_damaged_ledger_is_one_line_naming_the_file_the_line_and_the_rule(tmp_path, name, make, line, rule):
    path = damaged(tmp_path, name, make)
    with pytest.raises(LedgerError) as caught:
        ledger.load(path)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path} line {line if line else ''}"), message
    assert f"breaks rule '{rule}'" in message


def test_a_row_breaking_a_rule_is_named_with_its_file_and_line(tmp_path):
    path = damaged(tmp_path, "bad-source", lambda t: t.replace(",abstract,", ",,", 1))
    with pytest.raises(LedgerError, match=rf"^{path} line \d+: ledger row '.+' breaks rule 'provenance'"):
        ledger.load(path)


def test_a_truncated_claims_file_is_one_line_naming_the_file_the_line_and_the_rule(tmp_path):
    text = paths.CLAIMS.read_text(encoding="utf-8")
    path = tmp_path / "claims.csv"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match=rf"^{path} line \d+: breaks rule 'complete'"):
        claims.load(path, L=ledger.load())


def _loaders():
    from reappraise.evidence import concerns, definitions, studies, trials

    return [
        ("studies.csv", lambda path: studies.load(studies=path)),
        ("study_roles.csv", lambda path: studies.load(roles=path)),
        ("definitions.csv", lambda path: definitions.load(path=path)),
        ("definition_links.csv", lambda path: definitions.load(links=path)),
        ("concerns.csv", lambda path: concerns.load(path)),
        ("metapsy-ptsd-mdmactr.csv", lambda path: trials.load_extraction(path)),
        ("trials.csv", lambda path: trials.load_trials(path)),
        ("sources.csv", lambda path: ledger.load_sources(path)),
    ]


@pytest.mark.parametrize("file, load", _loaders(), ids=[f for f, _ in _loaders()])
@pytest.mark.parametrize("damage, rule", [(lambda t: t[: len(t) // 2].rstrip("\n"), "complete"), (lambda t: "", "empty"),
                                          (lambda t: t.splitlines(keepends=True)[0], "rows")])
def test_every_data_file_is_read_strictly_one_line_naming_file_line_and_rule(tmp_path, file, load, damage, rule):
    path = tmp_path / file
    path.write_text(damage((paths.DATA / file).read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ReappraiseError) as caught:
        load(path)
    assert len(str(caught.value).splitlines()) == 1
    assert str(caught.value).startswith(f"{path} line ") and f"breaks rule '{rule}'" in str(caught.value)


def test_make_all_validates_every_data_file_before_executing_any_notebook():
    out = subprocess.run(["make", "-n", "-W", "data/ledger.csv", "notebooks"], cwd=paths.ROOT, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    check = next(i for i, l in enumerate(out) if "reappraise check-data" in l)
    publish = [i for i, l in enumerate(out) if "reappraise publish" in l]
    assert publish and check < min(publish)


def test_check_data_passes_on_the_committed_data(capsys):
    assert cli.main(["check-data"]) == 0
    assert "pass every rule" in capsys.readouterr().err


# --- 7. bounded library inputs ---------------------------------------------------------------------

def bounded(seconds: float):
    """Fail a call that runs longer than ``seconds`` (SIGALRM; the library's loops are interruptible)."""
    def alarm(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    class Guard:
        def __enter__(self):
            signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)

        def __exit__(self, *exc):
            signal.setitimer(signal.ITIMER_REAL, 0)
    return Guard()


@pytest.mark.parametrize("call, limit", [
    (lambda: proportions.fragility_index(10**8, 10**9, 0, 10**9), "proportions.MAX_FRAGILITY_N"),
    (lambda: reconstruct.sprite("3.5", "1.2", 10**9, 1, 7), "reconstruct.MAX_N"),
    (lambda: reconstruct.sprite("3.5", "1.2", 10, 1, 10**9), "reconstruct.MAX_SCALE"),
    (lambda: reconstruct.sprite("3.5", "1.2", 10, 1, 7, n_samples=10**9), "reconstruct.MAX_SAMPLES"),
    (lambda: consistency.signed_rank_null(3000), "consistency.MAX_SIGNED_RANK_N"),
    (lambda: consistency.signed_rank_null(10**9), "consistency.MAX_SIGNED_RANK_N"),
    (lambda: missing.tipping_grid(100, 300, 300, 50, 300, 300), "missing.MAX_TIPPING_CELLS"),
    (lambda: design.simulate_rct_proportions(0.5, 0.3, 10**9, 10**9, np.random.default_rng(0)), "design.MAX_PER_ARM"),
    (lambda: design.simulate_rct_means(5, 8, 20, 10**9, np.random.default_rng(0)), "design.MAX_TRIALS"),
    (lambda: design.n_two_proportions(0.5, 0.5000000001), "design.MAX_PER_ARM"),
    (lambda: design.n_two_means(1e-300, 1), "design.MAX_PER_ARM"),
    (lambda: consistency.mean_totals("3.5", 10**9), "consistency.MAX_TOTALS"),
])
def test_an_input_beyond_a_documented_limit_is_refused_at_once_naming_the_limit(call, limit):
    with bounded(5), pytest.raises(ReappraiseError, match=rf"is above the limit of [\d,]+ \({limit}\)|{limit}"):
        call()


def test_a_generator_axis_of_a_sweep_is_read_once_and_every_point_evaluated():
    from reappraise.pipeline import sweep

    table = sweep.sweep(lambda x, y: x * y, {"x": (i for i in range(3)), "y": iter([1, 10])}, progress=False)
    assert sorted(table["result"]) == [0, 0, 1, 2, 10, 20]


def test_grim_decides_for_any_n_without_listing_totals():
    with bounded(1):
        verdict = consistency.grim("3.5", 10**9)
    assert verdict and not verdict.informative
    totals = verdict.values["totals"]
    assert isinstance(totals, range) and abs(len(totals) - (10**8 + 1)) <= 4, "3.45e9 to 3.55e9, give or take the tolerance"
    assert consistency.grim("29.6", 12).values["totals"] == [355]
    assert not consistency.grim("5.19", 28)


@pytest.mark.parametrize("call", [
    lambda: design.simulate_rct_proportions(0.75, 0.4, 20, 10, rng=0),
    lambda: design.simulate_rct_means(5, 8, 20, 10, rng=0),
])
def test_a_seed_where_a_generator_is_expected_is_a_value_error_not_an_attribute_error(call):
    with pytest.raises(ReappraiseError, match="rng must be a NumPy Generator"):
        call()


def test_undefined_or_unreachable_quantities_are_errors_and_reachable_ones_numbers_never_nan():
    assert effect_sizes.minimum_detectable_dz(2) == pytest.approx(11.55, abs=0.01)
    assert effect_sizes.minimum_detectable_dz(12) == pytest.approx(0.889, abs=1e-3)
    assert design.n_two_means(10**6, 8) == 2.0, "a huge difference needs the smallest t-test"
    with pytest.raises(ReappraiseError, match="must exceed alpha"):
        effect_sizes.minimum_detectable_dz(12, power=0.01)
    with pytest.raises(ReappraiseError, match="above the limit"):
        effect_sizes.noncentral_t_interval(1e6, 10)


def _has_nan(value) -> bool:
    import pandas as pd

    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (tuple, list)):
        return any(_has_nan(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nan(v) for v in value.values())
    if isinstance(value, pd.DataFrame):
        return bool(value.select_dtypes("number").isna().to_numpy().any())
    return False


#: sweep.sweep passes n_jobs on to joblib, which refuses a huge one itself (with a ValueError of its own).
OWNED_ELSEWHERE = {"sweep.sweep"}
#: Results that are NaN by documented design (ratios with no events in either arm are "not estimable").
NAN_BY_DESIGN = {"proportions.ratio_estimates", "proportions.compare_proportions"}


def _huge_cases():
    import test_bad_input as table

    cases = []
    for row in table.TABLE:
        name = table._name(row.func)
        if name in OWNED_ELSEWHERE:
            continue
        for arg, value in row.valid().items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            for bad in ([10**9] if isinstance(value, int) else [1e300, -1e300, 1e-300]):
                cases.append(pytest.param(row, arg, bad, id=f"{name}-{arg}={bad!r}"))
    return cases


@pytest.mark.parametrize("row, arg, bad", _huge_cases())
def test_every_numeric_argument_set_huge_or_tiny_is_refused_or_answered_quickly_never_nan(row, arg, bad):
    import warnings

    from test_bad_input import _name

    with bounded(10), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = row.func(**{**row.valid(), arg: bad})
        except ReappraiseError:
            return
    assert _name(row.func) in NAN_BY_DESIGN or not _has_nan(result), f"NaN from {arg} = {bad!r}"


# --- 8. deterministic runs -------------------------------------------------------------------------

def test_the_injected_parameters_cell_gets_a_fixed_id():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 2", metadata={"tags": [runner.INJECTED]})]
    runner.strip_volatile(nb)
    assert nb.cells[0]["id"] == runner.INJECTED


@pytest.mark.slow
def test_rerunning_the_same_run_leaves_its_folder_byte_identical(sandbox, capsys):
    argv = ["run", "01", "-p", "confidence", "0.9", "--name", "twice"]
    assert cli.main(argv) == 0
    folder = sandbox / "runs" / "twice"
    first = tree(folder)
    assert cli.main(argv) == 0
    assert tree(folder) == first
    nb = nbformat.read(folder / f"{NB01}.ipynb", as_version=4)
    assert [c["id"] for c in nb.cells if runner.INJECTED in c.metadata.get("tags", [])] == [runner.INJECTED]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["complete"] and manifest["notebooks"][NB01] == {"status": "done", "parameters": {"confidence": 0.9}}
    assert not list((sandbox / "build").glob("run-*"))
