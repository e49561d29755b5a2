"""Single-arm studies by role: a second worked study, the convention, and the study commands.

The psilocybin trial (Carhart-Harris et al. 2016, Lancet Psychiatry; six-month follow-up of
the extended cohort, Carhart-Harris et al. 2018, Psychopharmacology) is the second worked
example beside the Norwegian MDMA trial. Its numbers come from the abstracts; what they do
not print is a gap, and the notebooks that need those numbers say so before any kernel starts.
"""

import hashlib
import shutil

import pytest

from reappraise import paths
from reappraise.errors import LedgerError
from reappraise.evidence import definitions, ledger, studies
from reappraise.pipeline import cli, params, studies_cli
from reappraise.stats import consistency, proportions


@pytest.fixture(scope="module")
def L():
    return ledger.load()


@pytest.fixture(scope="module")
def S(L):
    return studies.load(L)


def _data_digest():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths.DATA.glob("*"))}


# ---------------------------------------------------------------- the psilocybin trial's numbers

def test_the_psilocybin_trial_reads_its_week_5_counts_through_roles(S):
    psilo = S.get("carhart2016")
    assert psilo.n() == 20                                  # "Twenty patients" (2018 abstract)
    assert psilo.count("response.count") == (9, 20)         # "nine ... met the criteria for response"
    assert psilo.count("remission.count") == (4, 20)        # "... and four ... remission at week 5"
    assert psilo.value("scale.max") == 27                   # QIDS-SR16 0-27
    assert psilo.scale == "QIDS-SR16" and psilo.timepoint == "week 5"
    assert [psilo.value(r) for r in ("effect_size.post", "effect_size.followup")] == [2.3, 1.4]


def test_the_2016_report_and_the_imaging_report_are_in_the_ledger_with_their_own_n(L):
    assert L.n("carhart.enrolled.n") == 12                  # the 2016 report: six men, six women
    assert L.count("carhart.enrolled.women") == (6, 12)
    assert L.count("carhart.safety.serious_ae") == (0, 12)
    assert L.n("carhart.mri.response.w5") == 19 and L.printed("carhart.mri.response.w5") == "47%"
    d = {t: L.value(f"carhart.fu.qids.d.{t}") for t in ("w1", "w5", "3m", "6m")}
    assert d == {"w1": 2.2, "w5": 2.3, "3m": 1.5, "6m": 1.4}  # Cohen's d, 2018 abstract


def test_what_the_abstracts_do_not_print_is_a_gap(L):
    for rid in ("carhart.fu.response.definition", "carhart.fu.remission.definition", "carhart.fu.qids.baseline.mean",
                "carhart.fu.qids.baseline.sd", "carhart.fu.qids.change.w5", "carhart.fu.response.6m",
                "carhart.fu.individual_data"):
        assert L.row(rid)["status"] == "gap", rid


def test_hand_computed_wilson_intervals_for_the_psilocybin_counts():
    # Wilson score interval (Newcombe 1998, method 3), z = 1.959964, z^2 = 3.841459:
    # centre = (p + z^2/2n) / (1 + z^2/n), half-width = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
    # 9/20: centre 0.546037/1.192073 = 0.458057, half 0.238245/1.192073 = 0.199858 -> 0.2582 to 0.6579.
    # 4/20: centre 0.296037/1.192073 = 0.248337, half 0.199887/1.192073 = 0.167680 -> 0.0807 to 0.4160.
    assert proportions.proportion_ci(9, 20, "wilson", 0.95) == pytest.approx((0.2582, 0.6579), abs=1e-4)
    assert proportions.proportion_ci(4, 20, "wilson", 0.95) == pytest.approx((0.0807, 0.4160), abs=1e-4)


def test_the_imaging_reports_47_percent_is_9_of_19_and_no_count_of_20():
    # GRIM for percentages: 9/19 = 47.37% rounds to 47%; out of 20 only 45% (9) or 50% (10) are possible.
    assert consistency.percent_numerators("47%", 19) == [9]
    assert consistency.percent_numerators("47%", 20) == []
    assert consistency.grim_percent("47%", 19).label == "consistent"


# ---------------------------------------------------------------- the convention

def test_the_norwegian_trial_keeps_its_ledger_ids_through_the_mapping(S):
    kvam = S.get("kvam2025")
    assert kvam.id("response.count") == "kvam.response.post"
    assert kvam.id("baseline.mean") == "kvam.madrs.baseline.mean"
    assert kvam.id("headline.percent") == "seed000.kvam.improved.percent"
    assert kvam.count("response.count") == (9, 12) and kvam.value("change.mean") == -19.3


def test_an_unmapped_role_is_read_from_study_dot_role(S):
    assert S.get("carhart2016").id("change.se") == "carhart2016.change.se"
    assert S.get("carhart2016").status("change.se") == "missing"


def test_a_gap_row_does_not_make_a_number_available_but_makes_a_definition_known(S):
    psilo = S.get("carhart2016")
    assert psilo.status("baseline.mean") == "gap"
    assert psilo.status("response.definition") == "available"


def test_every_single_arm_notebook_can_run_for_the_norwegian_trial(S):
    kvam = S.get("kvam2025")
    assert all(kvam.missing_required(nb) == [] for nb in studies.NEEDS)


def test_the_psilocybin_trial_runs_01_02_04_07_and_not_05_06(S):
    psilo = S.get("carhart2016")
    assert [nb for nb in studies.NEEDS if not psilo.missing_required(nb)] == ["01", "02", "04", "07"]
    assert psilo.missing_required("06-simulate-regression-to-the-mean") == [
        "study 'carhart2016' cannot run notebook 06: role baseline.mean needs a number, but ledger row "
        "'carhart.fu.qids.baseline.mean' is a gap",
        "study 'carhart2016' cannot run notebook 06: role baseline.sd needs a number, but ledger row "
        "'carhart.fu.qids.baseline.sd' is a gap",
        "study 'carhart2016' cannot run notebook 06: role change.mean needs a number, but ledger row "
        "'carhart.fu.qids.change.w5' is a gap",
    ]


def test_notebooks_that_are_not_single_arm_need_nothing(S):
    assert studies.notebook_key("03-compare-ptsd-phase3") is None
    assert S.get("carhart2016").missing_required("03-compare-ptsd-phase3") == []


def test_every_role_named_by_a_notebook_exists():
    for needs in studies.NEEDS.values():
        assert set(needs.required) | set(needs.optional) <= set(studies.ROLES)
        assert not set(needs.required) & set(needs.optional)


def _copy_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


@pytest.mark.parametrize("line, rule", [
    ("kvam2025,response.count,kvam.response.post,again", "'role'"),
    ("kvam2025,responders,kvam.response.post,", "'role'"),
    ("kvam2025,scale.max,kvam.no_such_row,", "'ledger_id'"),
    ("nobody2020,scale.max,kvam.madrs.scale_max,", "'role'"),
])
def test_a_mapping_that_breaks_a_rule_fails_naming_the_rule(tmp_path, L, line, rule):
    folder = _copy_data(tmp_path)
    with open(folder / "study_roles.csv", "a", encoding="utf-8") as f:
        f.write(line + "\n")
    with pytest.raises(LedgerError, match=rule):
        studies.load(L, folder / "studies.csv", folder / "study_roles.csv")


def test_unknown_study_names_the_known_ones(S):
    with pytest.raises(studies.StudyError, match="unknown study 'nobody'; studies are: kvam2025, carhart2016"):
        S.get("nobody")


# ---------------------------------------------------------------- pre-flight

def test_preflight_is_one_line_per_missing_row():
    lines = studies_cli.preflight("05-reconstruct-possible-participants", "carhart2016")
    assert [line.split(": role ")[1].split(" ")[0] for line in lines] == [
        "baseline.mean", "baseline.sd", "change.mean", "change.se"]
    assert studies_cli.preflight("05-reconstruct-possible-participants", "kvam2025") == []
    assert studies_cli.preflight("01-reconstruct-response-remission", "nobody") == [
        "unknown study 'nobody'; studies are: kvam2025, carhart2016 (add one with `python -m reappraise new-study NAME`)"]


def test_parameter_validation_applies_the_study_rule_to_the_whole_set_of_values():
    lines = params.cross_checks("06-simulate-regression-to-the-mean", {"study": "carhart2016", "seed": 0}, "command line")
    assert len(lines) == 3 and all(line.startswith("command line: study 'carhart2016' cannot run notebook 06") for line in lines)
    assert params.cross_checks("06-simulate-regression-to-the-mean", {"seed": 0}, "command line") == []


# ---------------------------------------------------------------- new-study and check-study

@pytest.fixture
def new_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(studies_cli, "NEW_STUDY", tmp_path / "runs" / "new-study")
    return tmp_path / "runs" / "new-study"


def test_new_study_writes_gap_rows_outside_data_and_says_where_to_paste_them(new_runs, capsys):
    before = _data_digest()
    assert cli.main(["new-study", "smith2024"]) == 0
    out = capsys.readouterr().out
    assert "append" in out and "data/ledger.csv" in out and "check-study smith2024" in out
    rows = (new_runs / "smith2024" / "ledger.csv").read_text().splitlines()
    assert len(rows) == len(studies.ROLES)
    assert rows[0].startswith("smith2024.enrolled.n,smith2024,participants,n,baseline,")
    assert all(",gap," in r and "To fill: " in r for r in rows)
    assert _data_digest() == before, "code never writes to data/"


def test_pasted_new_study_rows_load_and_check_study_lists_what_is_missing(tmp_path, new_runs):
    folder, _ = studies_cli.new_study("smith2024")
    data = _copy_data(tmp_path)
    for name in ("ledger.csv", "sources.csv", "studies.csv", "definitions.csv", "definition_links.csv"):
        with open(data / name, "a", encoding="utf-8") as f:
            f.write((folder / name).read_text(encoding="utf-8"))
    L2 = ledger.load(data / "ledger.csv", data / "sources.csv")
    D2 = definitions.load(data / "definitions.csv", data / "definition_links.csv", ledger=L2)   # every count linked
    assert D2.of("smith2024.response.count").status == "gap" and D2.links["smith2024.nonresponse.count"][1] == "not meeting"
    smith = studies.load(L2, data / "studies.csv", data / "study_roles.csv").get("smith2024")
    assert smith.missing_required("01")[0] == (
        "study 'smith2024' cannot run notebook 01: role enrolled.n needs a sample size (an n row, or a denominator), "
        "but ledger row 'smith2024.enrolled.n' is a gap")
    assert smith.status("response.definition") == "available"   # a gap definition row is the information


def test_new_study_refuses_an_existing_study(new_runs, capsys):
    assert cli.main(["new-study", "kvam2025"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_check_study_prints_one_line_per_single_arm_notebook(capsys):
    assert cli.main(["check-study", "carhart2016"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0][:2] for line in lines] == ["01", "02", "04", "05", "06", "07"]
    assert lines[3].startswith("05-reconstruct-possible-participants: cannot run; missing baseline.mean "
                               "(gap carhart.fu.qids.baseline.mean)")
    assert lines[0].startswith("01-reconstruct-response-remission: can run; skips what needs")


def test_check_study_of_an_unknown_study_is_one_line_and_exit_2(capsys):
    assert cli.main(["check-study", "nobody"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


# ---------------------------------------------------------------- skipped sections

def test_a_section_the_study_cannot_fill_is_skipped_with_a_visible_note(S, capsys):
    from reappraise.report import sections

    assert sections.skip(S.get("kvam2025"), ["baseline.mean", "baseline.sd"], "Section 4") is False
    text = sections.missing_text(S.get("carhart2016"), ["response.count", "baseline.mean", "change.se"])
    assert text.startswith("`baseline.mean` (ledger row `carhart.fu.qids.baseline.mean` is a gap: Baseline QIDS-SR16 mean")
    assert text.endswith("`change.se` (no ledger row `carhart2016.change.se`)")
    assert sections.skip(S.get("carhart2016"), ["baseline.mean"], "Section 4") is True


# ---------------------------------------------------------------- the site

def test_the_site_publishes_each_studys_notebooks_with_their_own_figures_and_what_cannot_run(tmp_path, monkeypatch):
    import nbformat
    from reappraise.pipeline import site

    runs = tmp_path / "studies"
    folder = runs / "carhart2016"
    folder.mkdir(parents=True)
    nb = nbformat.read(paths.notebook_path("01-reconstruct-response-remission"), as_version=4)
    nbformat.write(nb, folder / "01-reconstruct-response-remission.ipynb")
    (folder / "check-study.txt").write_text(
        "01-reconstruct-response-remission: can run; skips what needs x\n"
        "05-reconstruct-possible-participants: cannot run; missing baseline.mean (gap carhart.fu.qids.baseline.mean)\n")
    monkeypatch.setattr(site, "STUDY_RUNS", runs)
    found = site.study_runs()
    assert list(found) == ["carhart2016"]
    page = site.studies_page(found, {})
    assert "[01-reconstruct-response-remission](study-carhart2016-01-reconstruct-response-remission.ipynb)" in page
    assert "05-reconstruct-possible-participants: cannot run; missing baseline.mean" in page
    figures = {}
    name, prepared = site._study_page("carhart2016", folder / "01-reconstruct-response-remission.ipynb", "", figures)
    assert name == "study-carhart2016-01-reconstruct-response-remission"
    assert list(figures) == ["carhart2016-01-response-remission-interval"], "the study's figures never replace the published ones"
    text = "\n".join(c.source for c in prepared.cells if c.cell_type == "markdown")
    assert "figures/carhart2016-01-response-remission-interval.png" in text and "(asked of the open-label psilocybin trial" in text
    assert "rerun.md#rerun-01-reconstruct-response-remission" in text


# ---------------------------------------------------------------- the teaching exercises

def test_every_command_of_the_psilocybin_exercises_is_valid_and_05_is_refused_for_the_stated_reason():
    import re
    import shlex

    text = (paths.NOTEBOOKS / "TEACHING.md").read_text(encoding="utf-8")
    section = text.split("## Now you do it: the open-label psilocybin trial", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"`python -m reappraise (run [^`]+)`", section)
    assert len(commands) >= 5
    for command in commands:
        words = shlex.split(command)[1:]
        notebook, pairs = words[0], dict(zip(words[2::3], words[3::3]))
        assert words[1::3] == ["-p"] * len(pairs)
        if notebook == "05":
            with pytest.raises(params.ParameterError, match="baseline.mean"):
                params.validate(notebook, pairs)
        else:
            assert params.validate(notebook, pairs)["study"] == "carhart2016"
    assert re.search(r"`python -m reappraise check-study carhart2016`", section)
