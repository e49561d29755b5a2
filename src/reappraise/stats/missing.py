"""Participants randomised but not analysed: named imputation scenarios and a tipping-point grid.

A trial that analyses ``n`` of ``n + m`` randomised participants per arm leaves ``m``
outcomes unknown. Intention to treat asks what the comparison would be had they been
counted. :func:`impute` fills them in under a named scenario; :func:`tipping_grid`
tries every split (``i`` events among arm 1's missing, ``j`` among arm 2's) and
:func:`tipping_points` reads off where significance is lost. Imputed outcomes are
assumptions, not trial data.
"""

from __future__ import annotations

import math

import pandas as pd

from reappraise.stats.validate import whole_number, within_limit
from reappraise.errors import ReappraiseError

#: Most cells of a :func:`tipping_grid`, (m1 + 1)·(m2 + 1): each is a full two-arm comparison
#: with a Fisher test (a few milliseconds), so 2,500 cells take seconds, not minutes.
MAX_TIPPING_CELLS = 2_500
#: Largest arm (analysed plus missing) of a tipping grid: a Fisher test's cost grows with the counts.
MAX_ARM = 1_000_000
from reappraise.stats.proportions import check_alpha, check_counts, compare_proportions

#: Named scenarios for the missing outcomes ("event" means the outcome counted, e.g. response).
SCENARIOS = {
    "complete-case": "missing participants left out (the analysis as published)",
    "missing-failure": "every missing participant counted as a non-event in both arms",
    "worst-case": "missing in arm 1 all non-events, missing in arm 2 all events (against arm 1)",
    "best-case": "missing in arm 1 all events, missing in arm 2 all non-events (for arm 1)",
    "same-rate": "missing participants have their own arm's observed rate (rounded to whole people)",
}


def _arms(k1, n1, m1, k2, n2, m2) -> tuple[int, int, int, int, int, int]:
    """Validate observed counts k/n and missing counts m for both arms."""
    k1, n1 = check_counts(k1, n1, "k1", "n1")
    k2, n2 = check_counts(k2, n2, "k2", "n2")
    return k1, n1, whole_number(m1, "m1"), k2, n2, whole_number(m2, "m2")


def impute(k1: int, n1: int, m1: int, k2: int, n2: int, m2: int, scenario: str,
           higher_is_better: bool = True) -> tuple[int, int, int, int]:
    """Return (events 1, total 1, events 2, total 2) under a scenario of :data:`SCENARIOS`.

    k/n are the observed events and analysed participants of each arm, m the randomised
    but unanalysed. Totals are n + m except for 'complete-case'. When an event is bad
    (``higher_is_better=False``) worst and best case swap, so 'worst-case' always works
    against arm 1. 'same-rate' rounds m·k/n half up.
    Example: impute(28, 42, 4, 12, 37, 7, 'worst-case') -> (28, 46, 19, 44).
    """
    k1, n1, m1, k2, n2, m2 = _arms(k1, n1, m1, k2, n2, m2)
    if not isinstance(scenario, str) or scenario not in SCENARIOS:
        raise ReappraiseError(f"scenario must be one of {list(SCENARIOS)}, got {scenario!r}")
    if scenario == "complete-case":
        return k1, n1, k2, n2
    if scenario in ("worst-case", "best-case") and not higher_is_better:
        scenario = "best-case" if scenario == "worst-case" else "worst-case"
    i, j = {
        "missing-failure": (0, 0),
        "worst-case": (0, m2),
        "best-case": (m1, 0),
        "same-rate": (math.floor(m1 * k1 / n1 + 0.5), math.floor(m2 * k2 / n2 + 0.5)),
    }[scenario]
    return k1 + i, n1 + m1, k2 + j, n2 + m2


def tipping_grid(k1: int, n1: int, m1: int, k2: int, n2: int, m2: int,
                 confidence: float = 0.95) -> pd.DataFrame:
    """Return one row per split of the missing outcomes, (m1 + 1)·(m2 + 1) rows.

    Columns: i, j (events imputed among arm 1's and arm 2's missing), k1, n1, k2, n2
    (the completed counts), rd, rd_low, rd_high (Newcombe interval) and p (Fisher exact).
    At most :data:`MAX_TIPPING_CELLS` rows, arms of at most :data:`MAX_ARM`.
    """
    k1, n1, m1, k2, n2, m2 = _arms(k1, n1, m1, k2, n2, m2)
    within_limit((m1 + 1) * (m2 + 1), MAX_TIPPING_CELLS, "(m1 + 1)·(m2 + 1), the cells of the grid",
                 "missing.MAX_TIPPING_CELLS")
    within_limit(n1 + m1, MAX_ARM, "n1 + m1", "missing.MAX_ARM")
    within_limit(n2 + m2, MAX_ARM, "n2 + m2", "missing.MAX_ARM")
    rows = []
    for i in range(m1 + 1):
        for j in range(m2 + 1):
            c = compare_proportions(k1 + i, n1 + m1, k2 + j, n2 + m2, confidence)
            rows.append({"i": i, "j": j, "k1": c.k1, "n1": c.n1, "k2": c.k2, "n2": c.n2,
                         "rd": c.risk_difference, "rd_low": c.rd_ci[0], "rd_high": c.rd_ci[1], "p": c.fisher_p})
    return pd.DataFrame(rows)


def tipping_points(grid: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """For each i, the fewest events j among arm 2's missing that make p >= ``alpha``.

    Returns columns i and j_tip (<NA> when no split with that i loses significance), the
    usual way to read a tipping-point analysis: "significance holds unless at least
    j_tip of the missing controls had the outcome".
    """
    alpha = check_alpha(alpha)
    rows = []
    for i, part in grid.groupby("i", sort=True):
        lost = part.loc[part["p"] >= alpha, "j"]
        rows.append({"i": int(i), "j_tip": int(lost.min()) if len(lost) else pd.NA})
    return pd.DataFrame(rows).astype({"j_tip": "Int64"})


def plot_tipping_grid(ax, grid: pd.DataFrame, alpha: float = 0.05, marks: dict | None = None):
    """Draw the grid on ``ax`` as a heat map of Fisher p (log scale); return the image.

    Each cell is labelled with the risk difference in percentage points; cells with
    p >= ``alpha`` are hatched. ``marks`` maps a label to an (i, j) cell to outline
    (e.g. the named scenarios). Rows are j (arm 2), columns i (arm 1).
    """
    import numpy as np
    from matplotlib.colors import LogNorm
    from matplotlib.patches import Rectangle

    alpha = check_alpha(alpha)
    p = grid.pivot(index="j", columns="i", values="p").sort_index()
    rd = grid.pivot(index="j", columns="i", values="rd").sort_index()
    norm = LogNorm(vmin=min(1e-4, float(p.min().min())), vmax=1.0)
    image = ax.imshow(p.to_numpy(), origin="lower", cmap="cividis", norm=norm, aspect="auto")
    for (row, col), value in np.ndenumerate(p.to_numpy()):
        colour = "black" if norm(value) > 0.6 else "white"
        ax.text(col, row, f"{100 * rd.iat[row, col]:+.0f}", ha="center", va="center", fontsize=8, color=colour)
        if value >= alpha:
            ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#444444", linewidth=0))
    for label, (i, j) in (marks or {}).items():
        ax.add_patch(Rectangle((i - 0.5, j - 0.5), 1, 1, fill=False, edgecolor="#D55E00", linewidth=2.2))
        ax.text(i - 0.46, j + 0.44, label, ha="left", va="top", fontsize=6.5, color="#D55E00", fontweight="bold",
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
    ax.set_xticks(range(p.shape[1]), p.columns)
    ax.set_yticks(range(p.shape[0]), p.index)
    ax.grid(False)
    return image
