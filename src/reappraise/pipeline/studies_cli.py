"""Commands for single-arm studies: ``new-study``, ``check-study``, ``study`` and ``compare-studies``.

- ``new-study NAME`` writes the ledger rows a new study needs, all ``gap``, with the
  columns to fill, to ``runs/new-study/NAME/`` (code never writes to ``data/``) and prints
  where to paste them.
- ``check-study NAME`` prints, one line per single-arm notebook, whether it can run for the
  study and what is missing (required) or will be skipped (optional).
- ``study NAME`` runs every single-arm notebook that can run for the study into
  ``runs/study-NAME/`` (a scenario whose only value is ``study``).
- ``publish-study NAME`` does the same into ``build/studies/NAME/``, which the site publishes.
- ``compare-studies A B ...`` puts the single-arm notebooks' key results side by side.

:func:`reappraise.evidence.studies.preflight` is the rule :func:`reappraise.pipeline.params.validate`
applies to a ``study`` parameter before any kernel starts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reappraise import paths
from reappraise.errors import ParameterError
from reappraise.pipeline.commands import JOBS, arg, command

NEW_STUDY = paths.RUNS / "new-study"


def preflight(notebook: str, study: str) -> list[str]:
    """What ``study`` lacks for ``notebook``, one line per missing row (:func:`reappraise.evidence.studies.preflight`)."""
    from reappraise.evidence import studies

    return studies.preflight(notebook, study)


def single_arm_notebooks() -> list[str]:
    """The notebooks with a ``study`` parameter, in reading order."""
    from reappraise.evidence import studies
    from reappraise.pipeline import params

    return [n for n in params.notebook_names() if studies.notebook_key(n) and "study" in params.load_schema(n)]


def check_lines(name: str) -> list[str]:
    """One line per single-arm notebook: can it run for study ``name``, and what is missing."""
    from reappraise.evidence import ledger, studies
    from reappraise.pipeline import params

    study = studies.load(ledger.load()).get(name)

    lines = []
    for notebook in params.notebook_names():
        key = studies.notebook_key(notebook)
        if key is None:
            continue
        need = studies.NEEDS[key]
        missing = [f"{r} ({_state(study, r)})" for r in need.required if study.status(r) != "available"]
        skipped = [f"{r} ({_state(study, r)})" for r in need.optional if study.status(r) != "available"]
        if missing:
            lines.append(f"{notebook}: cannot run; missing {', '.join(missing)}")
        elif skipped:
            lines.append(f"{notebook}: can run; skips what needs {', '.join(skipped)}")
        else:
            lines.append(f"{notebook}: can run; every section")
    return lines


def _state(study, role: str) -> str:
    state = study.status(role)
    return f"no row {study.id(role)}" if state == "missing" else f"gap {study.id(role)}"


def new_study(name: str, out: Path | None = None) -> tuple[Path, str]:
    """Write the gap rows, source and study row a new study needs; return (folder, instructions)."""
    import pandas as pd

    from reappraise.evidence import ledger, studies

    known = studies.load(ledger.load())
    if name in known.names():
        raise ParameterError(f"study {name!r} already exists in data/studies.csv; check it with "
                             f"`python -m reappraise check-study {name}`")
    rows = studies.template_rows(name)
    taken = [rid for rid in rows["id"] if rid in known.ledger.table.index]
    if taken:
        raise ParameterError(f"ledger ids {', '.join(taken)} already exist; choose another study name")
    folder = Path(out or NEW_STUDY / name)
    folder.mkdir(parents=True, exist_ok=True)
    rows.to_csv(folder / "ledger.csv", index=False, header=False, lineterminator="\n")
    pd.DataFrame([{"source": f"ref:{name}", "short": "FILL IN (e.g. Smith 2024)", "citation": "FILL IN: full reference",
                   "doi": "", "kind": "primary", "note": "FILL IN: what was available (abstract only, full text)"}]
                 ).to_csv(folder / "sources.csv", index=False, header=False, lineterminator="\n")
    pd.DataFrame([{c: "" for c in studies.STUDY_COLUMNS} | {"study": name, "title": "FILL IN: one-line title",
                                                             "short": "FILL IN (e.g. Smith 2024)", "label": "FILL IN (e.g. Open-label ketamine trial)", "treatment": "FILL IN",
                                                             "drug": "FILL IN (e.g. ketamine)",
                                                             "scale": "FILL IN (e.g. MADRS)",
                                                             "timepoint": "FILL IN (the primary time point)"}]
                 ).to_csv(folder / "studies.csv", index=False, header=False, lineterminator="\n")
    definitions, links = definition_rows(rows, name)
    definitions.to_csv(folder / "definitions.csv", index=False, header=False, lineterminator="\n")
    links.to_csv(folder / "definition_links.csv", index=False, header=False, lineterminator="\n")
    shown = paths.display(folder)
    text = "\n".join([
        f"New study {name!r}: {len(rows)} ledger rows, one per role, all gaps, written to {shown}/.",
        "To enter it (code never writes to data/, so you paste by hand):",
        f"  1. append {shown}/sources.csv to data/sources.csv and fill in the citation (or use an existing source key);",
        f"  2. append {shown}/studies.csv to data/studies.csv and fill in title, short, label, treatment, drug, scale, timepoint;",
        f"  3. append {shown}/ledger.csv to data/ledger.csv; for each number the study reports, fill in",
        "     numerator/denominator (counts) or value, unit, printed (the text as printed), source, locator",
        "     (where it is printed) and set status to 'reported'; leave what it does not report as a gap",
        "     (say so in the note). Rename an id to the project's style if you like and map the role in",
        "     data/study_roles.csv (study,role,ledger_id,note); an unmapped role is read from <study>.<role>;",
        f"  4. append {shown}/definitions.csv and definition_links.csv to the files of the same name in data/:",
        "     every response or remission count needs its definition (scale, rule, threshold; a gap until known);",
        f"  5. run `python -m reappraise check-study {name}` to see which notebooks can run.",
        "Roles (id: what to fill in):",
        *[f"  {rid}: {note.removeprefix('To fill: ')}" for rid, note in zip(rows["id"], rows["note"])],
    ])
    return folder, text


#: Template rows that count meeting or not meeting a definition (data/definition_links.csv, column counts).
_NOT_MEETING = {"nonresponse.count", "remission.relapsed"}


def definition_rows(rows: pd.DataFrame, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gap definitions of response and remission for a new study, and the links its count rows need."""
    import pandas as pd

    from reappraise.evidence import definitions

    counted = rows[rows["outcome"].isin(definitions.COUNTED_OUTCOMES) & rows["statistic"].isin(["count", "percent"])]
    defs = pd.DataFrame([{"definition": f"{name}.{outcome}", "study": name, "outcome": outcome, "scale": "FILL IN (e.g. MADRS)",
                          "rule": "unknown", "threshold": "", "timing": "primary endpoint",
                          "timepoint": "FILL IN (the primary time point)", "status": "gap", "source": f"ref:{name}",
                          "locator": "not yet entered",
                          "note": f"To fill: the trial's definition of {outcome} (rule relative-fall, absolute-fall or "
                                  "score-at-most, with its threshold), or leave a gap and say what is conventional."}
                         for outcome in sorted(set(counted["outcome"]))], columns=list(definitions.COLUMNS))
    links = pd.DataFrame([{"ledger_id": rid, "definition": f"{name}.{outcome}",
                           "counts": "not meeting" if rid.split(".", 1)[1] in _NOT_MEETING else "meeting"}
                          for rid, outcome in zip(counted["id"], counted["outcome"])],
                         columns=list(definitions.LINK_COLUMNS))
    return defs, links


def run_study(name: str, jobs: int | None = None, out: Path | None = None, root: Path | None = None) -> Path:
    """Run every single-arm notebook that can run for ``name`` into ``runs/study-NAME/`` (or ``out``).

    Also writes ``check-study.txt`` there (the lines of :func:`check_lines`). Returns the folder.
    """
    from reappraise.evidence import ledger, studies
    from reappraise.pipeline import files, scenarios

    study = studies.load(ledger.load()).get(name)
    runnable = [n for n in single_arm_notebooks() if not study.missing_required(n)]
    if not runnable:
        raise ParameterError(f"study {name!r} lacks rows every single-arm notebook requires; "
                             f"see `python -m reappraise check-study {name}`")
    scenario = scenarios.Scenario(f"study-{name}", f"single-arm notebooks for study {name}",
                                  {n: {"study": name} for n in runnable})
    folder = scenarios.run(scenario, jobs=jobs, out=out, root=root)
    files.write_if_changed(folder / "check-study.txt", ("\n".join(check_lines(name)) + "\n").encode("utf-8"))
    return folder


def publish_study(name: str, jobs: int | None = None) -> Path:
    """Run the single-arm notebooks for ``name`` into ``build/studies/NAME/`` for the site."""
    from reappraise.pipeline import files

    root = paths.BUILD / "studies"
    return run_study(name, jobs=jobs, out=root / files.check_name(name, "study name"), root=root)


def study_results(name: str) -> dict[str, dict]:
    """{notebook: results} of study ``name``: its runs, or the published notebooks for the default study."""
    from reappraise.evidence import studies
    from reappraise.pipeline import compare

    folder = paths.RUNS / f"study-{name}"
    found = {}
    for notebook in single_arm_notebooks() or [n for n in _all_notebooks() if studies.notebook_key(n)]:
        path = folder / f"{notebook}.results.json"
        if path.is_file():
            found[notebook] = json.loads(path.read_text())
        elif name == studies.DEFAULT_STUDY:
            found[notebook] = compare.published_results(notebook)
    return found


def _all_notebooks() -> list[str]:
    from reappraise.pipeline import params

    return params.notebook_names()


def compare_table(names: list[str]) -> pd.DataFrame:
    """Key results of the single-arm notebooks (rows) for several studies (columns); blank = not run."""
    import pandas as pd

    from reappraise.evidence import ledger, studies

    if not isinstance(names, (list, tuple)) or len(names) < 2:
        raise ParameterError("compare-studies needs at least two study names, e.g. `compare-studies kvam2025 carhart2016`")
    known = studies.load(ledger.load())
    for name in names:
        known.get(name)
    per = {}
    for name in names:
        per[name] = study_results(name)
        if not per[name]:
            raise ParameterError(f"study {name!r} has not been run; run `python -m reappraise study {name}` first")
    rows = []
    notebooks = sorted({nb for found in per.values() for nb in found})
    for notebook in notebooks:
        keys = sorted({k for found in per.values() for k in found.get(notebook, {})})
        for key in keys:
            rows.append({"notebook": notebook[:2], "result": key,
                         **{name: per[name].get(notebook, {}).get(key) for name in names}})
    return pd.DataFrame(rows).set_index(["notebook", "result"])


# ---------------------------------------------------------------- command line

def cmd_new_study(args) -> int:
    folder, text = new_study(args.name)
    print(text)
    print(f"\n--- {paths.display(folder)}/ledger.csv ---")
    print((folder / "ledger.csv").read_text(encoding="utf-8"), end="")
    return 0


def cmd_check_study(args) -> int:
    for line in check_lines(args.name):
        print(line)
    return 0


def cmd_study(args) -> int:
    from reappraise.evidence import studies

    folder = run_study(args.name, jobs=args.jobs)
    print(f"done: {paths.display(folder)}/ (compare with `python -m reappraise compare-studies "
          f"{studies.DEFAULT_STUDY} {args.name}`)", file=sys.stderr)
    return 0


def cmd_publish_study(args) -> int:
    folder = publish_study(args.name, jobs=args.jobs)
    print(f"done: {paths.display(folder)}/ (the site lists it on studies.html)", file=sys.stderr)
    return 0


def cmd_compare_studies(args) -> int:
    from reappraise.pipeline import compare
    from reappraise.pipeline.files import write_if_changed

    df = compare_table(args.names)
    shown = df.map(compare._fmt).reset_index()
    folder = paths.RUNS / ("compare-studies-" + "-".join(args.names))
    write_if_changed(folder / "comparison.csv", df.to_csv().encode("utf-8"))
    write_if_changed(folder / "comparison.md", (shown.to_markdown(index=False) + "\n").encode("utf-8"))
    print(shown.to_markdown(index=False))
    print(f"\nwritten: {paths.display(folder)}/comparison.csv, comparison.md", file=sys.stderr)
    return 0


def register(sub) -> None:
    """Add the study sub-commands to the top-level argparse sub-parsers ``sub``."""
    study = arg("name", help="study key in data/studies.csv, e.g. carhart2016")
    command(sub, "new-study", cmd_new_study, "write the ledger rows a new single-arm study needs (as gaps) to runs/new-study/",
            arg("name", help="study key, lower case, e.g. smith2024"))
    command(sub, "check-study", cmd_check_study, "which single-arm notebooks can run for a study, and what is missing", study)
    command(sub, "study", cmd_study, "run every single-arm notebook a study can run into runs/study-NAME/", study, JOBS)
    command(sub, "publish-study", cmd_publish_study, "run a study's single-arm notebooks into build/studies/NAME/ for the site",
            study, JOBS)
    command(sub, "compare-studies", cmd_compare_studies, "key results of the single-arm notebooks for several studies side by side",
            arg("names", nargs="+", help="study keys, e.g. kvam2025 carhart2016"))
