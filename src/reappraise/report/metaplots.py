"""Figures of a meta-analysis: forest plot (studies, pooled diamond, prediction interval) and funnel plot.

Both take numbers already computed by :mod:`reappraise.stats.pooling`; ``transform`` turns the
analysis scale into the plotted one (``math.exp`` for risk ratios on a log axis).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from reappraise.report.figures import COLORS


def forest(ax, labels, yi, vi, pooled, xlabel: str, transform=None, log: bool = False, null: float = 0.0,
           favours: tuple[str, str] = ("", "")) -> None:
    """Draw one row per study (square sized by its random-effects weight, with its interval),
    the pooled diamond and, as a bar under it, the prediction interval."""
    f = transform or (lambda x: x)
    z = stats.norm.ppf(0.5 + pooled.confidence / 2)
    k = len(labels)
    ys = np.arange(k, 0, -1) + 1.0
    weights = np.asarray(pooled.weights) if pooled.weights else np.full(k, 1 / k)
    for y, label, est, v, w in zip(ys, labels, yi, vi, weights):
        se = math.sqrt(v)
        ax.plot([f(est - z * se), f(est + z * se)], [y, y], color=COLORS["reported"],
                linewidth=1.2)
        ax.plot(f(est), y, marker="s", markersize=4 + 14 * math.sqrt(w), color=COLORS["mdma"], linestyle="none")
    b, low, high = pooled.estimate, pooled.ci_low, pooled.ci_high
    ax.fill([f(low), f(b), f(high), f(b)], [1, 1.3, 1, 0.7], color=COLORS["highlight"], zorder=3)
    ax.plot([f(pooled.pi_low), f(pooled.pi_high)], [0.3, 0.3], color=COLORS["highlight"], linewidth=3, solid_capstyle="butt")
    ax.axvline(null, color="#999999", linewidth=1, linestyle="--")
    if log:
        ax.set_xscale("log")
    ax.set_yticks([*ys, 1, 0.3], [*labels, f"pooled ({pooled.method}, {pooled.ci_method})", "prediction interval"])
    ax.set_ylim(-0.2, k + 1.8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    left, right = favours
    if left or right:
        ax.text(0.02, 0.99, left, transform=ax.transAxes, ha="left", va="top", fontsize=9, color="#555555")
        ax.text(0.98, 0.99, right, transform=ax.transAxes, ha="right", va="top", fontsize=9, color="#555555")


def funnel(ax, labels, yi, vi, pooled, xlabel: str) -> None:
    """Effect against its standard error (axis inverted), with the pseudo-95% funnel around the
    pooled estimate: the shape Egger's test checks for asymmetry."""
    se = np.sqrt(np.asarray(vi, float))
    top = se.max() * 1.1
    grid = np.linspace(0, top, 50)
    ax.plot(pooled.estimate - 1.96 * grid, grid, color="#999999", linewidth=1)
    ax.plot(pooled.estimate + 1.96 * grid, grid, color="#999999", linewidth=1)
    ax.axvline(pooled.estimate, color=COLORS["highlight"], linewidth=1.2)
    ax.scatter(yi, se, color=COLORS["mdma"], zorder=3)
    for label, x, y in zip(labels, yi, se):
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(5, 3), fontsize=8)
    ax.set_ylim(top, 0)
    ax.set(xlabel=xlabel, ylabel="standard error")
