"""Outcome definitions (``data/definitions.csv``) and which ledger count uses which (``data/definition_links.csv``).

Every response, remission and loss-of-diagnosis count in the ledger is linked to the
definition it was counted under: the scale, the threshold rule and the time point, each
from a named source and locator. :func:`load` reads both files and checks every rule
below, raising :class:`DefinitionsError` naming the row and the rule; the result turns a
ledger row into a :class:`~reappraise.stats.outcomes.Rate` that carries its definition, so
the comparison functions of :mod:`reappraise.stats` can refuse apples-to-oranges.

Rules
-----
- ``columns``: every column of :data:`COLUMNS` (definitions) and :data:`LINK_COLUMNS` (links).
- ``id``: definition ids are lower case ``[a-z0-9_.-]`` and unique.
- ``vocabulary``: ``rule``, ``timing`` and ``status`` come from
  :data:`~reappraise.stats.outcomes.RULES`, ``TIMINGS`` and ``STATUSES``.
- ``threshold``: a number where the rule needs one (a fraction of baseline for
  ``relative-fall``), empty otherwise.
- ``one-scale``: a definition with a threshold in points names exactly one scale.
- ``gap``: status ``gap`` if and only if rule ``unknown``; a gap, an assumption or a
  secondary report says why in ``note``.
- ``provenance``: ``study``, ``source`` and ``locator`` are filled in and the source is
  listed in ``data/sources.csv``.
- ``links``: each link names an existing ledger row and definition, ``counts`` is
  ``meeting`` or ``not meeting``, and a ledger row is linked once.
- ``outcome``: a linked ledger row and its definition name the same outcome.
- ``coverage``: every ``count`` or ``percent`` row whose outcome is in
  :data:`COUNTED_OUTCOMES` is linked to a definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reappraise import paths
from reappraise.evidence import csvfile
from reappraise.errors import ReappraiseError
from reappraise.evidence.ledger import Ledger, load as load_ledger
from reappraise.stats.bias import BENCHMARKS, benchmark_rate
from reappraise.stats.outcomes import Definition, Rate, THRESHOLD_RULES

COLUMNS = ("definition", "study", "outcome", "scale", "rule", "threshold", "timing", "timepoint", "status",
           "source", "locator", "note")
LINK_COLUMNS = ("ledger_id", "definition", "counts")
COUNTS = ("meeting", "not meeting")
#: Ledger outcomes whose counts must carry a definition.
COUNTED_OUTCOMES = frozenset({"response", "remission", "no longer met PTSD criteria"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: Rules whose threshold is in points: the scale must be one scale.
_POINTS = THRESHOLD_RULES - {"relative-fall"}


class DefinitionsError(ReappraiseError):
    """A row of data/definitions.csv or data/definition_links.csv breaks a rule (named in the message)."""


def _fail(kind: str, row_id: str, rule: str, detail: str) -> DefinitionsError:
    return DefinitionsError(f"{kind} {row_id!r} breaks rule '{rule}': {detail}")


def _definition(row: dict, sources: set[str]) -> Definition:
    """Check one row of definitions.csv and return its Definition."""
    name = row["definition"].strip()
    for column in ("study", "source", "locator"):
        if not row[column].strip():
            raise _fail("definition", name, "provenance", f"{column} is empty; every definition names its source and where")
    if row["source"] not in sources:
        raise _fail("definition", name, "provenance", f"source {row['source']!r} is not listed in data/sources.csv")
    text = row["threshold"].strip()
    try:
        threshold = float(text) if text else None
    except ValueError:
        raise _fail("definition", name, "threshold", f"threshold must be a number or empty, got {text!r}") from None
    scales = tuple(s.strip() for s in row["scale"].split(" or "))
    if row["rule"] in _POINTS and len(scales) != 1:
        raise _fail("definition", name, "one-scale", f"a threshold in points needs one scale, got {row['scale']!r}")
    if row["status"] in ("gap", "assumed", "secondary") and not row["note"].strip():
        raise _fail("definition", name, "gap", f"a {row['status']} definition needs a note saying why")
    try:
        return Definition(name, row["outcome"].strip(), scales, row["rule"].strip(), threshold, row["timing"].strip(),
                          row["timepoint"].strip(), row["status"].strip(), row["source"])
    except ReappraiseError as error:
        rule = ("threshold" if "threshold" in str(error) else "gap" if "gap" in str(error) else "vocabulary")
        raise _fail("definition", name, rule, str(error)) from None


def load(path: Path | str = paths.DEFINITIONS, links: Path | str = paths.DEFINITION_LINKS,
         ledger: Ledger | None = None) -> "Definitions":
    """Read and validate the definitions and their links to ``ledger`` (default: the ledger, loaded).

    Raises :class:`DefinitionsError` naming the row and the rule it breaks (module doc).
    """
    L = ledger if ledger is not None else load_ledger()
    sources = set(L.sources.index)
    table = csvfile.read(Path(path), DefinitionsError, columns=COLUMNS)
    found: dict[str, Definition] = {}
    for row in table.to_dict("records"):
        name = row["definition"].strip()
        if not _ID.match(name):
            raise _fail("definition", name, "id", "ids are lower case letters, digits, '.', '_' or '-'")
        if name in found:
            raise _fail("definition", name, "id", "the id is used by more than one row")
        found[name] = _definition(row, sources)
    link_table = csvfile.read(Path(links), DefinitionsError, columns=LINK_COLUMNS)
    linked: dict[str, tuple[str, str]] = {}
    for row in link_table.to_dict("records"):
        rid, name, counts = row["ledger_id"].strip(), row["definition"].strip(), row["counts"].strip()
        if rid not in L.table.index:
            raise _fail("link", rid, "links", "no ledger row with that id")
        if name not in found:
            raise _fail("link", rid, "links", f"no definition {name!r} in data/definitions.csv")
        if counts not in COUNTS:
            raise _fail("link", rid, "links", f"counts must be one of {COUNTS}, got {counts!r}")
        if rid in linked:
            raise _fail("link", rid, "links", "the ledger row is linked more than once")
        if L.row(rid)["outcome"] != found[name].outcome:
            raise _fail("link", rid, "outcome", f"ledger outcome {L.row(rid)['outcome']!r} differs from "
                                                f"definition {name!r} outcome {found[name].outcome!r}")
        linked[rid] = (name, counts)
    counted = L.table[L.table["outcome"].isin(COUNTED_OUTCOMES) & L.table["statistic"].isin(["count", "percent"])]
    unlinked = [rid for rid in counted.index if rid not in linked]
    if unlinked:
        raise _fail("ledger row", unlinked[0], "coverage",
                    f"a {L.row(unlinked[0])['outcome']} count needs a definition in data/definition_links.csv "
                    f"({len(unlinked)} unlinked: {', '.join(unlinked[:5])})")
    return Definitions(found, linked, table.set_index("definition", drop=False), L)


@dataclass(frozen=True)
class Definitions:
    """The validated definitions: ``by_name`` (name -> Definition), ``links`` (ledger id -> (name, counts))."""

    by_name: dict
    links: dict
    table: pd.DataFrame
    ledger: Ledger

    def get(self, name: str) -> Definition:
        """Return the definition called ``name`` (e.g. 'furukawa2016.response')."""
        if name not in self.by_name:
            raise DefinitionsError(f"no definition called {name!r}; known: {', '.join(sorted(self.by_name))}")
        return self.by_name[name]

    def of(self, row_id: str) -> Definition:
        """Return the definition a ledger count was counted under (e.g. 'kvam.response.post')."""
        self.ledger.row(row_id)
        if row_id not in self.links:
            raise DefinitionsError(f"ledger row {row_id!r} has no definition in data/definition_links.csv")
        return self.by_name[self.links[row_id][0]]

    def rate(self, row_id: str, label: str = "") -> Rate:
        """Return a ledger count or percentage as a Rate with its definition (counts before percentages)."""
        return Rate(benchmark_rate(self.ledger, row_id), self.of(row_id), label or row_id)

    def benchmark(self, name: str) -> Rate:
        """Return the named benchmark of :data:`reappraise.stats.bias.BENCHMARKS` as a Rate labelled ``name``."""
        if name not in BENCHMARKS:
            raise DefinitionsError(f"benchmark must be one of {sorted(BENCHMARKS)}, got {name!r}")
        return self.rate(BENCHMARKS[name], name)

    def benchmarks(self, definition: Definition, names=None) -> pd.DataFrame:
        """Return one row per benchmark: rate, its definition, and whether it is the same as ``definition``.

        Columns: ``rate``, ``definition`` (name), ``defined as`` (in words), ``status``,
        ``same definition`` (bool), ``differs in`` (what differs, '' if nothing), ``source``.
        """
        rows = []
        for name in names if names is not None else BENCHMARKS:
            rate = self.benchmark(name)
            differs = definition.differences(rate.definition)
            rows.append({"benchmark": name, "rate": rate.value, "definition": rate.definition.name,
                         "defined as": rate.definition.describe(), "status": rate.definition.status,
                         "same definition": not differs, "differs in": ", ".join(differs),
                         "source": self.ledger.cite(BENCHMARKS[name])})
        return pd.DataFrame(rows).set_index("benchmark")

    def show(self, names=None) -> pd.DataFrame:
        """Return definitions for display: in words, with status, source and locator."""
        names = list(names) if names is not None else list(self.by_name)
        rows = [{"definition": n, "defined as": self.get(n).describe(), "timepoint": self.get(n).timepoint,
                 "status": self.get(n).status,
                 "source": f"{self.ledger.sources.loc[self.table.loc[n, 'source'], 'short']}, {self.table.loc[n, 'locator']}"}
                for n in names]
        return pd.DataFrame(rows).set_index("definition")
