"""Visible reconstruction checks: does what we computed reproduce what the source printed?

A notebook collects its checks in a :class:`Checks` list and ends with ``checks.show()``,
which displays one row per check (what, reported, reconstructed, verdict) and raises
:class:`~reappraise.errors.CheckFailed` if any check fails, so a failing reconstruction
stops the notebook (and ``make all``) instead of being published.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from reappraise.stats.printed import decimals_of, rounds_to
from reappraise.errors import CheckFailed


@dataclass
class Checks:
    """An ordered list of named checks, each with the reported and the reconstructed value."""

    rows: list[dict] = field(default_factory=list)

    def _add(self, what: str, reported, reconstructed, ok: bool, rule: str) -> bool:
        self.rows.append({"check": what, "reported": str(reported), "reconstructed": str(reconstructed),
                          "rule": rule, "verdict": "pass" if ok else "FAIL"})
        return ok

    def percent(self, what: str, k: int, n: int, printed: str) -> bool:
        """Check that k/n, as a percentage, rounds to the ``printed`` text (e.g. 9, 12, '75%')."""
        exact = 100.0 * k / n
        text = str(printed).replace("%", "").replace("~", "").strip()
        ok = rounds_to(exact, float(text.replace("−", "-")), decimals_of(text))
        return self._add(what, printed, f"{k}/{n} = {exact:.2f}%", ok, f"rounds to {decimals_of(text)} dp")

    def equal(self, what: str, reported, reconstructed, tol: float = 0.0) -> bool:
        """Check two numbers agree within ``tol`` (exactly for counts, the default)."""
        ok = math.isclose(float(reported), float(reconstructed), rel_tol=0.0, abs_tol=tol)
        return self._add(what, reported, reconstructed, ok, "equal" if tol == 0 else f"within {tol:g}")

    def rounds(self, what: str, printed: str, exact: float) -> bool:
        """Check that an exact recomputation rounds to the printed number ('29.6', 29.58 -> pass)."""
        text = str(printed).replace("−", "-")
        ok = rounds_to(exact, float(text), decimals_of(text))
        return self._add(what, printed, f"{exact:.4g}", ok, f"rounds to {decimals_of(text)} dp")

    def true(self, what: str, condition: bool, reported="", reconstructed="") -> bool:
        """Check a condition stated in words (e.g. 'maintained <= responders')."""
        return self._add(what, reported, reconstructed, bool(condition), "holds")

    def table(self) -> pd.DataFrame:
        """Return the checks as a DataFrame (one row per check)."""
        return pd.DataFrame(self.rows, columns=["check", "reported", "reconstructed", "rule", "verdict"])

    def show(self) -> pd.DataFrame:
        """Return the table for display; raise CheckFailed listing every failed check."""
        table = self.table()
        failed = table[table["verdict"] == "FAIL"]
        if len(failed):
            raise CheckFailed("reconstruction does not reproduce the source: "
                              + "; ".join(f"{r.check} (reported {r.reported}, got {r.reconstructed})"
                                          for r in failed.itertuples()))
        return table.set_index("check")
