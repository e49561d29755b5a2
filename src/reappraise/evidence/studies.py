"""Single-arm studies: which ledger rows each notebook needs, found by *role*.

The single-arm notebooks (01, 02, 04, 05, 06, 07) ask the same questions of any small
open-label trial. They do not name ledger ids; they ask a :class:`Study` for a *role*
(``enrolled.n``, ``response.count``, ``baseline.mean``, ...) and the study answers with its
ledger row. Two files in ``data/`` say which row plays which role:

- ``studies.csv``: one row per study (``study``, ``title``, ``short``, ``label``,
  ``treatment``, ``drug``, ``scale``, ``timepoint``, ``note``).
- ``study_roles.csv``: ``study``, ``role``, ``ledger_id``, ``note``; one row per role whose
  ledger id is not the default. A role without a row is read from the ledger id
  ``<study>.<role>`` (``smith2024.response.count``), so a new study entered with
  ``python -m reappraise new-study NAME`` needs no mapping at all. The Norwegian trial's
  rows keep their original ids (``kvam.response.post``) through mappings, so the published
  notebooks read exactly the rows they always read.

:data:`ROLES` lists every role: what kind of row it needs and what it means.
:data:`NEEDS` lists, per notebook, the roles it *requires* (without them it cannot run:
the runner refuses before any kernel starts, one line per missing row) and the roles it
can *use* (without them a section is skipped with a visible note).

A role is *available* when its row exists and holds what the role needs: a count needs
numerator and denominator, a value a number; a ``gap`` row is not available. Roles of
kind ``definition`` and ``record`` are available as soon as the row exists, gap or not:
a gap row there *is* the information (the definition is not public).

Definitions and scales: ``response.definition`` and ``remission.definition`` are ledger
rows of statistic ``definition`` (a gap row when the trial does not say); ``scale.max``
is the scale's highest total (its lowest is 0), a ``scale_max`` row; the scale's name is
the ``scale`` column of ``studies.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reappraise import paths
from reappraise.errors import LedgerError, ReappraiseError
from reappraise.evidence import csvfile

STUDY_COLUMNS = ("study", "title", "short", "label", "treatment", "drug", "scale", "timepoint", "note")
ROLE_COLUMNS = ("study", "role", "ledger_id", "note")
KINDS = ("n", "count", "value", "definition", "record")


class StudyError(ReappraiseError):
    """A study is unknown, or lacks a row a notebook needs (one line per missing row)."""


@dataclass(frozen=True)
class Role:
    """One role a ledger row can play for a single-arm study."""

    name: str
    kind: str          # n, count, value, definition, record
    statistic: str     # the ledger statistic a new row of this role gets
    outcome: str       # the ledger outcome a new row gets ('scale' = the study's scale)
    timepoint: str     # the ledger timepoint a new row gets
    meaning: str

    def needs(self) -> str:
        """What the role needs from its row, in words."""
        return {"n": "a sample size (an n row, or a denominator)", "count": "a numerator and a denominator",
                "value": "a number", "definition": "a row (a gap row is enough)",
                "record": "a row (a gap row is enough)"}[self.kind]


def _role(name, kind, statistic, outcome, timepoint, meaning):
    return name, Role(name, kind, statistic, outcome, timepoint, meaning)


#: Every role, in the order new-study writes them.
ROLES: dict[str, Role] = dict([
    _role("enrolled.n", "n", "n", "participants", "baseline", "participants enrolled and treated; the denominator of every rate"),
    _role("response.count", "count", "count", "response", "post-treatment", "responders at the primary time point, of those enrolled"),
    _role("remission.count", "count", "count", "remission", "post-treatment", "remitters at the primary time point"),
    _role("nonresponse.count", "count", "count", "response", "post-treatment", "non-responders at the primary time point"),
    _role("response.definition", "definition", "definition", "response", "post-treatment", "the trial's definition of response (a gap row if not public; the note says what is known)"),
    _role("remission.definition", "definition", "definition", "remission", "post-treatment", "the trial's definition of remission (a gap row if not public)"),
    _role("scale.max", "value", "scale_max", "scale", "", "highest possible total of the outcome scale (its lowest is 0)"),
    _role("baseline.mean", "value", "mean", "scale", "baseline", "mean score at baseline"),
    _role("baseline.sd", "value", "sd", "scale", "baseline", "SD of the scores at baseline"),
    _role("change.mean", "value", "mean_change", "scale", "post-treatment", "mean change from baseline to the primary time point (negative = better)"),
    _role("change.se", "value", "se", "scale", "post-treatment", "standard error of that mean change"),
    _role("change.ci_low", "value", "ci_low", "scale", "post-treatment", "lower limit of its printed interval"),
    _role("change.ci_high", "value", "ci_high", "scale", "post-treatment", "upper limit of its printed interval"),
    _role("change.p", "value", "p_value", "scale", "post-treatment", "p-value of the change (an upper bound for 'P < x')"),
    _role("effect_size.post", "value", "effect_size", "scale", "post-treatment", "within-group effect size at the primary time point, as printed"),
    _role("effect_size.followup", "value", "effect_size", "scale", "follow-up", "within-group effect size at the last follow-up, as printed"),
    _role("post.timing", "definition", "definition", "response", "post-treatment", "whether the counts and the change score refer to the same visit (a gap row if the sources do not say)"),
    _role("followup.attended", "count", "count", "retention", "follow-up", "participants assessed at the follow-up visit, of those enrolled"),
    _role("followup.months_after_treatment", "value", "duration", "follow-up", "follow-up", "months from the end of treatment to the follow-up visit"),
    _role("response.maintained", "count", "count", "response", "follow-up", "responders still responding at follow-up, of the responders"),
    _role("remission.maintained", "count", "count", "remission", "follow-up", "remitters still remitting at follow-up, of the remitters"),
    _role("remission.relapsed", "count", "count", "remission", "follow-up", "remitters who relapsed by follow-up, of the remitters"),
    _role("nonresponse.improved", "count", "count", "response", "follow-up", "initial non-responders responding at follow-up, of the non-responders"),
    _role("followup.mean", "value", "mean", "scale", "follow-up", "mean score at the follow-up visit"),
    _role("individual.data", "record", "individual", "scale", "post-treatment", "individual participant scores (a gap row if not public)"),
    _role("eligibility.min", "definition", "definition", "eligibility", "baseline", "the lowest score that allowed entry (a gap row if not public)"),
    _role("therapy.sessions", "value", "count_total", "therapy", "", "number of therapy or support sessions per participant"),
    _role("headline.count", "count", "count", "response", "post-treatment", "the headline count as a secondary report (press) prints it"),
    _role("headline.percent", "value", "percent", "response", "post-treatment", "the headline percentage as printed"),
    _role("secondary.change.mean", "value", "mean_change", "secondary outcome", "post-treatment", "mean change of a second outcome scale"),
    _role("secondary.change.se", "value", "se", "secondary outcome", "post-treatment", "its standard error"),
    _role("secondary.change.ci_low", "value", "ci_low", "secondary outcome", "post-treatment", "its interval's lower limit"),
    _role("secondary.change.ci_high", "value", "ci_high", "secondary outcome", "post-treatment", "its interval's upper limit"),
    _role("secondary.change.p", "value", "p_value", "secondary outcome", "post-treatment", "its p-value"),
])


@dataclass(frozen=True)
class Needs:
    """The roles a notebook requires (it cannot run without them) and those it can use."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


_CHANGE = ("change.mean", "change.se", "change.ci_low", "change.ci_high", "change.p")
_SECONDARY = tuple(f"secondary.{r}" for r in _CHANGE)

#: Per single-arm notebook (by its two-digit number): the roles it requires and can use.
NEEDS: dict[str, Needs] = {
    "01": Needs(("enrolled.n", "response.count"),
                ("remission.count", "nonresponse.count", "response.definition", "remission.definition",
                 "headline.count", "headline.percent", "baseline.mean", "followup.attended", "therapy.sessions")),
    "02": Needs(("enrolled.n", "response.count"),
                ("remission.count", "nonresponse.count", "followup.attended", "followup.months_after_treatment",
                 "response.maintained", "remission.maintained", "remission.relapsed", "nonresponse.improved",
                 "followup.mean", "baseline.mean", "baseline.sd", "change.mean", "change.se", "scale.max",
                 "individual.data", "effect_size.post", "effect_size.followup", "therapy.sessions")),
    "04": Needs(("enrolled.n",),
                _CHANGE + ("baseline.mean", "response.count", "effect_size.post") + _SECONDARY),
    "05": Needs(("enrolled.n", "scale.max", "baseline.mean", "baseline.sd", "change.mean", "change.se",
                 "response.count", "remission.count"),
                ("change.p", "response.definition", "remission.definition", "individual.data", "eligibility.min")),
    "06": Needs(("enrolled.n", "baseline.mean", "baseline.sd", "change.mean", "response.count"),
                ("change.se", "remission.count", "nonresponse.count", "therapy.sessions", "scale.max")),
    "07": Needs(("response.count",),
                ("enrolled.n", "remission.count", "baseline.mean", "baseline.sd", "change.mean", "change.se",
                 "effect_size.post", "response.definition", "remission.definition", "therapy.sessions")),
}

DEFAULT_STUDY = "kvam2025"


def notebook_key(notebook: str) -> str | None:
    """Return the two-digit key of ``notebook`` ('05-reconstruct-...' -> '05') if it is single-arm."""
    key = str(notebook).split("-", 1)[0]
    return key if key in NEEDS else None


@dataclass(frozen=True)
class Study:
    """One study's roles, read through the ledger. ``meta`` is its row of ``studies.csv``."""

    name: str
    meta: dict
    mapping: dict
    ledger: object

    def __getattr__(self, item):  # title, short, label, treatment, drug, scale, timepoint, note
        if item in STUDY_COLUMNS:
            return self.meta[item]
        raise AttributeError(item)

    def id(self, role: str) -> str:
        """Return the ledger id that plays ``role`` ('response.count' -> 'kvam.response.post')."""
        if role not in ROLES:
            raise StudyError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
        return self.mapping.get(role, f"{self.name}.{role}")

    def status(self, role: str) -> str:
        """'available', 'gap' (the row is a gap or lacks what the role needs) or 'missing' (no row)."""
        rid = self.id(role)
        table = self.ledger.table
        if rid not in table.index:
            return "missing"
        row, kind = table.loc[rid], ROLES[role].kind
        if kind in ("definition", "record"):
            return "available"
        if row["status"] == "gap":
            return "gap"
        if kind == "count":
            ok = not (pd.isna(row["numerator"]) or pd.isna(row["denominator"]))
        elif kind == "n":
            ok = not pd.isna(row["value"] if row["statistic"] == "n" else row["denominator"])
        else:
            ok = not pd.isna(row["value"])
        return "available" if ok else "gap"

    def has(self, *roles: str) -> bool:
        """True if every role in ``roles`` is available."""
        return all(self.status(r) == "available" for r in roles)

    def lacking(self, *roles: str) -> list[str]:
        """The roles among ``roles`` that are not available, in order."""
        return [r for r in roles if self.status(r) != "available"]

    def problem(self, role: str) -> str:
        """One line saying why ``role`` is not available ('' if it is)."""
        state, rid, spec = self.status(role), self.id(role), ROLES[role]
        if state == "available":
            return ""
        if state == "missing":
            return f"role {role} ({spec.meaning}): no ledger row {rid!r}"
        return f"role {role} needs {spec.needs()}, but ledger row {rid!r} is a gap" if self.ledger.row(rid)["status"] == "gap" \
            else f"role {role} needs {spec.needs()}, which ledger row {rid!r} lacks"

    def count(self, role: str) -> tuple[int, int]:
        return self.ledger.count(self.id(role))

    def value(self, role: str) -> float:
        return self.ledger.value(self.id(role))

    def n(self, role: str = "enrolled.n") -> int:
        return self.ledger.n(self.id(role))

    def printed(self, role: str) -> str:
        return self.ledger.printed(self.id(role))

    def cite(self, role: str) -> str:
        return self.ledger.cite(self.id(role))

    def row(self, role: str) -> pd.Series:
        return self.ledger.row(self.id(role))

    def ledger_studies(self) -> set[str]:
        """The ledger ``study`` keys of this study's rows (its own key and those of its mapped rows)."""
        table = self.ledger.table
        return {self.name} | {table.loc[self.id(r), "study"] for r in ROLES if self.id(r) in table.index}

    def ids(self, *roles: str, present: bool = True) -> list[str]:
        """Ledger ids of ``roles`` (only those with a row, unless ``present`` is False)."""
        return [self.id(r) for r in roles if not present or self.status(r) != "missing"]

    def missing_required(self, notebook: str) -> list[str]:
        """One line per required role of ``notebook`` that this study lacks (empty: it can run)."""
        key = notebook_key(notebook)
        if key is None:
            return []
        return [f"study {self.name!r} cannot run notebook {key}: {self.problem(r)}"
                for r in NEEDS[key].required if self.status(r) != "available"]

    def missing_optional(self, notebook: str) -> list[str]:
        """The optional roles of ``notebook`` this study lacks (their sections are skipped)."""
        key = notebook_key(notebook)
        return [] if key is None else self.lacking(*NEEDS[key].optional)


@dataclass(frozen=True)
class Studies:
    """Every study of ``studies.csv`` with its role mappings."""

    table: pd.DataFrame
    roles: pd.DataFrame
    ledger: object

    def names(self) -> list[str]:
        return list(self.table.index)

    def get(self, name: str) -> Study:
        """Return study ``name``; raise StudyError naming the known studies if there is none."""
        if name not in self.table.index:
            raise StudyError(f"unknown study {name!r}; studies are: {', '.join(self.names())} "
                             f"(add one with `python -m reappraise new-study NAME`)")
        mapping = dict(self.roles.loc[self.roles["study"] == name, ["role", "ledger_id"]].itertuples(index=False))
        return Study(name, self.table.loc[name].to_dict(), mapping, self.ledger)


def load(ledger=None, studies: Path | str = paths.STUDIES, roles: Path | str = paths.STUDY_ROLES) -> Studies:
    """Read and check ``studies.csv`` and ``study_roles.csv`` against ``ledger`` (loaded if None).

    Rules: ``columns``; ``id`` (study names unique); ``role`` (every mapped role is in
    :data:`ROLES`, at most once per study, for a study of ``studies.csv``); ``ledger_id``
    (every mapped id is a ledger row). Raises LedgerError naming the file, row and rule.
    """
    if ledger is None:
        from reappraise.evidence import ledger as ledger_module
        ledger = ledger_module.load()
    table = csvfile.read(Path(studies), LedgerError, columns=STUDY_COLUMNS)
    dup = table["study"][table["study"].duplicated()].tolist()
    if dup:
        raise LedgerError(f"studies.csv breaks rule 'id': duplicate studies {dup}")
    mapping = csvfile.read(Path(roles), LedgerError, columns=ROLE_COLUMNS)
    for line, row in enumerate(mapping.to_dict("records"), start=2):
        where = f"study_roles.csv line {line} ({row['study']}, {row['role']})"
        if row["study"] not in set(table["study"]):
            raise LedgerError(f"{where} breaks rule 'role': study {row['study']!r} is not in studies.csv")
        if row["role"] not in ROLES:
            raise LedgerError(f"{where} breaks rule 'role': {row['role']!r} is not a role; roles are: {', '.join(ROLES)}")
        if row["ledger_id"] not in ledger.table.index:
            raise LedgerError(f"{where} breaks rule 'ledger_id': no ledger row {row['ledger_id']!r}")
    dup = mapping[mapping.duplicated(["study", "role"])]
    if len(dup):
        first = dup.iloc[0]
        raise LedgerError(f"study_roles.csv breaks rule 'role': {first['study']} maps {first['role']} more than once")
    return Studies(table.set_index("study", drop=False), mapping, ledger)


def preflight(notebook: str, study: str) -> list[str]:
    """One line per problem with running ``notebook`` for ``study`` (empty: it can run).

    The rule :func:`reappraise.pipeline.params.validate` applies to a ``study`` parameter
    before any kernel starts: an unknown study, or one line per required row it lacks.
    """
    try:
        return load().get(study).missing_required(notebook)
    except ReappraiseError as exc:
        return str(exc).splitlines()


def template_rows(name: str, roles: list[str] | None = None, source: str | None = None) -> pd.DataFrame:
    """Ledger rows (all ``gap``) a new study ``name`` needs, one per role, in ledger columns.

    Every single-arm role by default. Fill in each row you can source (numbers, printed
    text, locator, status ``reported``) and leave the others as gaps.
    """
    if not isinstance(name, str) or not name or not name.replace("_", "").isalnum() or name != name.lower():
        raise StudyError(f"study name must be lower-case letters, digits and '_' (e.g. smith2024), got {name!r}")
    source = source or f"ref:{name}"
    rows = []
    for role in roles or list(ROLES):
        spec = ROLES[role]
        rows.append({"id": f"{name}.{role}", "study": name, "outcome": "scale" if spec.outcome == "scale" else spec.outcome,
                     "statistic": spec.statistic, "timepoint": spec.timepoint, "arm": "", "numerator": "", "denominator": "",
                     "value": "", "unit": "", "printed": "", "source": source, "locator": "not yet entered",
                     "status": "gap", "note": f"To fill: {spec.meaning}; it needs {spec.needs()}."})
    return pd.DataFrame(rows, columns=["id", "study", "outcome", "statistic", "timepoint", "arm", "numerator",
                                       "denominator", "value", "unit", "printed", "source", "locator", "status", "note"])
