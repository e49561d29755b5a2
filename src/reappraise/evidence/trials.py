"""The randomised MDMA-vs-control trials for PTSD: Metapsy's extraction, our trial table, the ledger.

``data/metapsy-ptsd-mdmactr.csv`` is the Metapsy living database's extraction, byte for byte
as published (semicolons, decimal commas; Open Data Commons Attribution License,
doi:10.5281/zenodo.18740439). ``data/trials.csv`` links each of its studies to the ledger's
study key, with phase and control type. Both are validated on every load: a bad row stops
with one line naming the file, the study and the field. :func:`comparisons` turns them into
one MDMA-vs-control row per study for an outcome and time point, ready for
:mod:`reappraise.stats.pooling`.
"""

from __future__ import annotations

import math

import pandas as pd

from reappraise import paths
from reappraise.errors import LedgerError, ReappraiseError
from reappraise.evidence import csvfile, ledger as ledger_module
from reappraise.stats.consistency import percent_numerators

OUTCOMES = {"caps": "CAPS total severity (clinician-rated), end-point mean and SD",
            "response": "response as each trial defines it (CAPS)",
            "remission": "remission as each trial defines it (CAPS)",
            "loss of diagnosis": "no longer meeting PTSD diagnostic criteria (phase 3 only; from the ledger)"}
TIMEPOINTS = ("primary", "week 4", "week 8", "week 18")
MULTI_ARM = {"combine": "all active-dose arms combined into one (Cochrane Handbook, section 23.3.4)",
             "highest-dose": "only the highest active dose (125 mg) against the control"}
_LOSS_ROWS = {"mapp1": ("mapp1.no_ptsd.w18.mdma", "mapp1.no_ptsd.w18.placebo"),
              "mapp2": ("mapp2.no_ptsd.w18.mdma.secondary", "mapp2.no_ptsd.w18.placebo.secondary")}


class ExtractionError(LedgerError):
    """A row of the trial data breaks a rule; the message names the file, the study and the field."""


def _fail(path, study: str, what: str, field: str, message: str) -> ExtractionError:
    return ExtractionError(f"{getattr(path, 'name', path)}: study {study!r} "
                           f"({what}): {field} {message}")


def _check_row(path, row: pd.Series) -> None:
    """Check the numbers one extraction row needs for its outcome type."""
    what = f"{row['outcome_type']} {row['instrument']}, {row['study_time_point']}"
    if row["outcome_type"] in ("msd", "change"):
        stem = "" if row["outcome_type"] == "msd" else "change_"
        for arm in ("arm1", "arm2"):
            n, mean, sd = (row[f"n_{stem}{arm}"], row[f"mean_{stem}{arm}"], row[f"sd_{stem}{arm}"])
            if not (isinstance(n, (int, float)) and math.isfinite(n) and n == int(n) and n >= 2):
                raise _fail(path, row["study"], what, f"n_{stem}{arm}", f"must be a whole number >= 2, got {n!r}")
            if not (isinstance(sd, float) and math.isfinite(sd) and sd > 0):
                raise _fail(path, row["study"], what, f"sd_{stem}{arm}", f"must be a number > 0, got {sd!r}")
            if not (isinstance(mean, float) and math.isfinite(mean)):
                raise _fail(path, row["study"], what, f"mean_{stem}{arm}", f"must be a finite number, got {mean!r}")
    elif row["outcome_type"] in ("response", "remission"):
        for arm in ("arm1", "arm2"):
            events, total = row[f"event_{arm}"], row[f"totaln_{arm}"]
            if not (math.isfinite(total) and total == int(total) and total >= 1):
                raise _fail(path, row["study"], what, f"totaln_{arm}", f"must be a whole number >= 1, got {total!r}")
            if not (math.isfinite(events) and events == int(events) and 0 <= events):
                raise _fail(path, row["study"], what, f"event_{arm}", f"must be a whole number >= 0, got {events!r}")
            if events > total:
                raise _fail(path, row["study"], what, f"event_{arm}", f"must be <= totaln_{arm} ({total:g}), got {events:g}")
    else:
        raise _fail(path, row["study"], what, "outcome_type", "must be one of msd, change, response, remission, "
                    f"got {row['outcome_type']!r}")


def load_extraction(path=paths.METAPSY) -> pd.DataFrame:
    """Read and validate Metapsy's extraction (one row per comparison, outcome and time point)."""
    csvfile.read(path, ExtractionError, sep=";")  # file, encoding, empty, cut off, fields: one line each
    table = pd.read_csv(path, sep=";", decimal=",")
    for column in ("study", "outcome_type", "instrument", "time_weeks", "primary_timepoint", ".g", ".g_se"):
        if column not in table.columns:
            raise ExtractionError(f"{path}: column {column!r} is missing")
    for _, row in table.iterrows():
        _check_row(path, row)
    return table


def load_trials(path=paths.TRIALS, extraction: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and validate ``data/trials.csv``: one row per trial, linked to the ledger and to Metapsy."""
    table = csvfile.read(path, ExtractionError)
    sources = set(ledger_module.load_sources().index)
    extraction = load_extraction() if extraction is None else extraction
    named = set(extraction["study"])
    for _, row in table.iterrows():
        if row["source"] not in sources:
            raise ExtractionError(f"{path}: study {row['study']!r}: source {row['source']!r} is not in data/sources.csv")
        if row["in_extraction"] == "yes" and row["metapsy_study"] not in named:
            raise ExtractionError(f"{path}: study {row['study']!r}: metapsy_study {row['metapsy_study']!r} "
                                  "is not a study of the extraction")
        if row["phase"] not in ("2", "3"):
            raise ExtractionError(f"{path}: study {row['study']!r}: phase must be 2 or 3, got {row['phase']!r}")
    return table.set_index("study")


def _arm_label(row: pd.Series, arm: str) -> str:
    dose = row[f"multi_arm{arm[-1]}"]
    return dose if isinstance(dose, str) else row[f"condition_{arm}"]


def _dose(label: str) -> float:
    """Dose in mg of an arm label ('125 mg'; 'pcb' is 0; 'mdma' without a dose counts as the active arm)."""
    return 0.0 if label == "pcb" else math.inf if label == "mdma" else float(label.split()[0])


def _combine_means(arms: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Combine (n, mean, sd) of several arms into one (Cochrane Handbook 6.5.2.10, Table 6.5.a)."""
    n, mean, sd = arms[0]
    for n2, mean2, sd2 in arms[1:]:
        total = n + n2
        sd = math.sqrt(((n - 1) * sd**2 + (n2 - 1) * sd2**2 + n * n2 / total * (mean - mean2) ** 2) / (total - 1))
        mean = (n * mean + n2 * mean2) / total
        n = total
    return n, mean, sd


def arms(extraction: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """One row per (study, time point, arm) of an outcome, read off Metapsy's comparison rows."""
    kind = {"caps": "msd", "response": "response", "remission": "remission"}[outcome]
    rows = extraction[(extraction["outcome_type"] == kind) & (extraction["primary_instrument"] == 1)
                      & (extraction["post_crossover"].fillna(0) == 0)]
    out = {}
    for _, row in rows.iterrows():
        for arm in ("arm1", "arm2"):
            label = _arm_label(row, arm)
            values = ((row[f"n_{arm}"], row[f"mean_{arm}"], row[f"sd_{arm}"]) if kind == "msd"
                      else (row[f"event_{arm}"], row[f"totaln_{arm}"]))
            key = (row["study"], float(row["time_weeks"]), label)
            if key in out and out[key]["values"] != values:
                raise ExtractionError(f"{paths.METAPSY}: study {row['study']!r}: arm {label!r} at week "
                                      f"{row['time_weeks']:g} has two different values, {out[key]['values']} and {values}")
            out[key] = {"metapsy_study": row["study"], "time_weeks": float(row["time_weeks"]), "arm": label,
                        "dose": _dose(label), "timepoint": row["study_time_point"],
                        "primary": int(row["primary_timepoint"]), "values": values}
    return pd.DataFrame(out.values())


def _pick_time(study_arms: pd.DataFrame, timepoint: str) -> pd.DataFrame | None:
    if timepoint == "primary":
        primary = study_arms[study_arms["primary"] == 1]
        chosen = primary if len(primary) else study_arms[study_arms["time_weeks"] == study_arms["time_weeks"].max()]
    else:
        chosen = study_arms[study_arms["time_weeks"] == float(timepoint.split()[1])]
    return chosen if len(chosen) else None


def comparisons(outcome: str = "caps", timepoint: str = "primary", multi_arm: str = "combine",
                extraction: pd.DataFrame | None = None, trials: pd.DataFrame | None = None, ledger=None) -> pd.DataFrame:
    """One MDMA-vs-control row per study: arm 1 is MDMA, arm 2 the control.

    Columns: study (ledger key), label, year, phase, control_type, retraction_affected,
    timepoint, primary (1 if it is the trial's primary time point), arms (which arms), and
    m1, sd1, n1, m2, sd2, n2 for ``caps`` or e1, n1, e2, n2 for the binary outcomes.
    ``timepoint``: ``primary`` (the trial's primary time point; where an outcome was not
    reported there, the latest randomised time point, flagged primary = 0) or ``week 4/8/18``
    (only trials that report that week). ``multi_arm``: see ``MULTI_ARM``.
    """
    if outcome not in OUTCOMES:
        raise ReappraiseError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    if timepoint not in TIMEPOINTS:
        raise ReappraiseError(f"timepoint must be one of {', '.join(TIMEPOINTS)}, got {timepoint!r}")
    if multi_arm not in MULTI_ARM:
        raise ReappraiseError(f"multi_arm must be one of {', '.join(MULTI_ARM)}, got {multi_arm!r}")
    extraction = load_extraction() if extraction is None else extraction
    trials = load_trials(extraction=extraction) if trials is None else trials
    if outcome == "loss of diagnosis":
        return _loss_of_diagnosis(trials, timepoint, ledger or ledger_module.load())
    by_name = {row["metapsy_study"]: key for key, row in trials.iterrows() if row["in_extraction"] == "yes"}
    rows = []
    table = arms(extraction, outcome)
    for name, study_arms in table.groupby("metapsy_study", sort=False):
        chosen = _pick_time(study_arms, timepoint)
        if chosen is None:
            continue
        control = chosen.loc[chosen["dose"].idxmin()]
        active = chosen[chosen["arm"] != control["arm"]].sort_values("dose", ascending=False)
        if multi_arm == "highest-dose":
            active = active.iloc[:1]
        key = by_name[name]
        trial = trials.loc[key]
        row = {"study": key, "label": name, "year": int(trial["year"]), "phase": int(trial["phase"]),
               "control_type": trial["control_type"], "retraction_affected": trial["retraction_affected"],
               "timepoint": control["timepoint"], "time_weeks": control["time_weeks"], "primary": int(control["primary"]),
               "arms": " + ".join(active["arm"]) + f" vs {control['arm']}"}
        if outcome == "caps":
            n1, m1, sd1 = _combine_means([tuple(v) for v in active["values"]])
            n2, m2, sd2 = control["values"]
            row.update(m1=m1, sd1=sd1, n1=int(n1), m2=m2, sd2=sd2, n2=int(n2))
        else:
            row.update(e1=int(sum(v[0] for v in active["values"])), n1=int(sum(v[1] for v in active["values"])),
                       e2=int(control["values"][0]), n2=int(control["values"][1]))
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["year", "study"]).reset_index(drop=True)


def _count(ledger, row_id: str) -> tuple[int, int]:
    """The one whole count out of the row's denominator that prints as its percentage."""
    row = ledger.row(row_id)
    n = int(row["denominator"])
    text = row["printed"].lstrip("~").rstrip("%")
    found = percent_numerators(text, n)
    if len(found) != 1:
        raise ExtractionError(f"data/ledger.csv: {row_id}: {row['printed']} of {n} allows {len(found)} whole counts")
    return found[0], n


def _loss_of_diagnosis(trials: pd.DataFrame, timepoint: str, ledger) -> pd.DataFrame:
    if timepoint not in ("primary", "week 18"):
        return pd.DataFrame()
    rows = []
    for key, (mdma, placebo) in _LOSS_ROWS.items():
        trial = trials.loc[key]
        (e1, n1), (e2, n2) = _count(ledger, mdma), _count(ledger, placebo)
        rows.append({"study": key, "label": trial["metapsy_study"], "year": int(trial["year"]), "phase": int(trial["phase"]),
                     "control_type": trial["control_type"], "retraction_affected": trial["retraction_affected"],
                     "timepoint": "Week 18", "time_weeks": 18.0, "primary": 1, "arms": "mdma vs pcb",
                     "e1": e1, "n1": n1, "e2": e2, "n2": n2, "ledger_rows": f"{mdma}; {placebo}"})
    return pd.DataFrame(rows)
