"""Blinding: how well participants guessed their arm, and how much bias would undo a result.

Two indices summarise a blinding survey in which each participant (or therapist, or rater)
guesses the arm: treatment, placebo or "don't know".

- :func:`bang_index`: Bang, Ni & Davis (2004, Control Clin Trials 25:143-156), one per
  arm: (correct - incorrect) / everyone asked, from -1 (all guess the other arm) through
  0 (guessing at random, or everyone says "don't know") to 1 (everyone knows). Bang et al.
  suggest |BI| <= 0.2 is consistent with blinding.
- :func:`james_index`: James, Bloch, Lee, Kraemer & Fuller (1996, Stat Med 15:1421-1434),
  one for the whole trial, from 0 (everyone correct) through 0.5 (random guessing) to 1
  (everyone says "don't know"); "don't know" answers count as blinded. Unblinding is claimed
  when the upper confidence limit is below 0.5.

The guess table has the layout of both papers (and of the R package BI, Schwartz & Mercaldo,
which was used to cross-check the numbers in the tests): rows are the guesses (treatment,
placebo, don't know), columns the arms (treatment, placebo).

A tipping point asks how large a bias would have to be to change a conclusion:
:func:`tipping_points` gives the bias (in outcome points, per affected participant) that
brings a between-arm difference to zero, to non-significance, or below a minimal important
difference; :func:`bias_curve` the difference and its interval over a grid of biases. A
tipping point is not an estimate of the bias: it says how much would matter, not how much
there was. :func:`smd_from_odds_ratio` converts a ratio of odds ratios (the unit of most
meta-epidemiological estimates of bias) to standardised units (Chinn 2000).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from reappraise.errors import ReappraiseError
from reappraise.stats.validate import finite, fraction, number_in, positive, whole_number

ARMS = ("treatment", "placebo")
GUESSES = ("treatment", "placebo", "don't know")
ALTERNATIVES = ("two-sided", "less", "greater")
#: James et al. 1996's weights: 0 for a correct guess, 0.5 for a wrong one, 1 for "don't know".
JAMES_WEIGHTS = ((0.0, 0.5), (0.5, 0.0), (1.0, 1.0))
#: Bang et al. 2004: an index within this distance of 0 is consistent with blinding.
BANG_BLINDED = 0.2
#: Chinn 2000 (Stat Med 19:3127-3131): d = ln(OR) * sqrt(3) / pi.
CHINN = math.sqrt(3) / math.pi


@dataclass(frozen=True)
class BlindingIndex:
    """An index with its standard error and confidence limits (``alternative`` says which sides)."""

    estimate: float
    se: float
    low: float
    high: float
    n: int
    confidence: float
    alternative: str


def guess_table(correct_t: int, wrong_t: int, dont_know_t: int,
                correct_p: int, wrong_p: int, dont_know_p: int) -> np.ndarray:
    """Return the 3 x 2 guess table from each arm's correct, wrong and "don't know" counts.

    Rows: guessed treatment, guessed placebo, don't know; columns: treatment arm, placebo arm.
    guess_table(82, 25, 170, 29, 27, 83) is the CRISP table of Bang et al. 2004.
    """
    names = ("correct_t", "wrong_t", "dont_know_t", "correct_p", "wrong_p", "dont_know_p")
    values = [whole_number(v, name) for v, name in zip((correct_t, wrong_t, dont_know_t, correct_p, wrong_p, dont_know_p), names)]
    ct, wt, dt, cp, wp, dp = values
    if ct + wt + dt == 0 or cp + wp + dp == 0:
        raise ReappraiseError("each arm needs at least one answer (correct, wrong or don't know)")
    return np.array([[ct, wp], [wt, cp], [dt, dp]], dtype=float)


def _check_table(table) -> np.ndarray:
    table = np.asarray(table, dtype=float)
    if table.shape != (3, 2) or not np.all(np.isfinite(table)) or np.any(table < 0) or np.any(table != np.round(table)):
        raise ReappraiseError("table must be a 3 x 2 array of whole counts (rows: guessed treatment, guessed placebo, "
                              f"don't know; columns: treatment arm, placebo arm), got {table.tolist()!r}")
    if np.any(table.sum(axis=0) == 0):
        raise ReappraiseError("table: each arm (column) needs at least one answer")
    return table


def _limits(estimate: float, se: float, confidence: float, alternative: str, lowest: float, highest: float):
    confidence = number_in(confidence, "confidence", 0.5, 0.9999)
    if alternative not in ALTERNATIVES:
        raise ReappraiseError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    if alternative == "two-sided":
        z = stats.norm.ppf(1 - (1 - confidence) / 2)
        return float(estimate - z * se), float(estimate + z * se)
    z = stats.norm.ppf(confidence)
    return (float(estimate - z * se), highest) if alternative == "greater" else (lowest, float(estimate + z * se))


def bang_index(correct: int, wrong: int, dont_know: int = 0, confidence: float = 0.95,
               alternative: str = "two-sided") -> BlindingIndex:
    """Return Bang's blinding index of one arm with its standard error and confidence limits.

    BI = (correct - wrong) / n with n = correct + wrong + don't know (Bang et al. 2004,
    eq. 2, written with the "don't know" answers in the denominator). Its variance is the
    multinomial one, [pc(1 - pc) + pw(1 - pw) + 2 pc pw] / n with pc = correct/n and
    pw = wrong/n. Bang et al. prefer one-sided limits (``alternative='greater'`` to claim
    unblinding when the lower limit is above 0). Example: bang_index(82, 25, 170).estimate
    -> 0.2058 (CRISP, treatment arm).
    """
    correct, wrong, dont_know = (whole_number(v, name) for v, name in
                                 ((correct, "correct"), (wrong, "wrong"), (dont_know, "dont_know")))
    n = correct + wrong + dont_know
    if n == 0:
        raise ReappraiseError("bang_index needs at least one answer (correct + wrong + dont_know > 0)")
    pc, pw = correct / n, wrong / n
    estimate = pc - pw
    se = math.sqrt((pc * (1 - pc) + pw * (1 - pw) + 2 * pc * pw) / n)
    low, high = _limits(estimate, se, confidence, alternative, -1.0, 1.0)
    return BlindingIndex(estimate, se, low, high, n, confidence, alternative)


def bang_indices(table, confidence: float = 0.95, alternative: str = "two-sided") -> dict[str, BlindingIndex]:
    """Return {'treatment': BI, 'placebo': BI} from a 3 x 2 guess table (see :func:`guess_table`)."""
    t = _check_table(table)
    return {"treatment": bang_index(int(t[0, 0]), int(t[1, 0]), int(t[2, 0]), confidence, alternative),
            "placebo": bang_index(int(t[1, 1]), int(t[0, 1]), int(t[2, 1]), confidence, alternative)}


def bang_index_from_shares(share_correct: float, n: int, share_dont_know: float = 0.0,
                           confidence: float = 0.95, alternative: str = "two-sided") -> BlindingIndex:
    """Return Bang's index of one arm from printed shares (fractions of everyone asked) and n.

    For a survey reported only as percentages: ``share_correct`` guessed their own arm,
    ``share_dont_know`` said "don't know", the rest guessed the other arm. The estimate needs
    no n; the standard error does, so ``n`` must be the number who answered. Example:
    bang_index_from_shares(0.9, 100).estimate -> 0.8 (no "don't know": 2 * 0.9 - 1).
    """
    share_correct = number_in(share_correct, "share_correct", 0, 1)
    share_dont_know = number_in(share_dont_know, "share_dont_know", 0, 1)
    if share_correct + share_dont_know > 1 + 1e-12:
        raise ReappraiseError(f"share_correct + share_dont_know must be at most 1, got {share_correct + share_dont_know!r}")
    n = whole_number(n, "n", minimum=1)
    pc, pw = share_correct, max(0.0, 1 - share_correct - share_dont_know)
    estimate = pc - pw
    se = math.sqrt((pc * (1 - pc) + pw * (1 - pw) + 2 * pc * pw) / n)
    low, high = _limits(estimate, se, confidence, alternative, -1.0, 1.0)
    return BlindingIndex(estimate, se, low, high, n, confidence, alternative)


def james_index(table, confidence: float = 0.95, weights=JAMES_WEIGHTS) -> BlindingIndex:
    """Return James' blinding index for the whole trial, with its standard error and two-sided limits.

    With P the table as proportions of everyone asked, Pdk the share answering "don't know",
    r_i the share guessing arm i and c_j the share in arm j who guessed (not "don't know"):
    observed disagreement Pdo = sum w_ij P_ij / (1 - Pdk), expected Pde = sum w_ij r_i c_j /
    (1 - Pdk)^2, kappa = (Pdo - Pde) / Pde and BI = (1 + Pdk + (1 - Pdk) kappa) / 2 (James et
    al. 1996, section 2). The variance is their large-sample formula (section 2.2). When
    everyone says "don't know" the index is 1 with standard error 0 (James et al., p. 1425).
    Example: james_index(guess_table(82, 25, 170, 29, 27, 83)).estimate -> 0.748 (CRISP).
    """
    t = _check_table(table)
    w = np.asarray(weights, dtype=float)
    if w.shape != (3, 2) or not np.all(np.isfinite(w)):
        raise ReappraiseError(f"weights must be a 3 x 2 array of numbers, got {weights!r}")
    n = int(t.sum())
    if t[:2].sum() == 0:
        return BlindingIndex(1.0, 0.0, *_limits(1.0, 0.0, confidence, "two-sided", 0, 1), n, confidence, "two-sided")
    p = t / n
    p_dk = p[2].sum()
    rows = p[:2].sum(axis=1)          # share guessing each arm
    cols = p[:2].sum(axis=0)          # share of each arm that guessed (total minus don't know)
    g = w[:2]
    expected_raw = float(np.sum(g * np.outer(rows, cols)))
    if expected_raw == 0:
        raise ReappraiseError("james_index is undefined for this table: the expected disagreement is 0")
    observed = float(np.sum(g * p[:2])) / (1 - p_dk)
    expected = expected_raw / (1 - p_dk) ** 2
    kappa = (observed - expected) / expected
    estimate = float((1 + p_dk + (1 - p_dk) * kappa) / 2)
    term = 0.0
    for i in range(2):
        for j in range(2):
            extra = sum(g[r, j] * rows[r] + g[i, r] * cols[r] for r in range(2))
            term += p[i, j] * (1 - p_dk) ** 2 * ((1 - p_dk) * g[i, j] - (1 + kappa) * extra) ** 2
    v1 = term / (4 * expected_raw ** 2)
    v2 = p_dk * (1 - p_dk) - (1 - p_dk) * (1 + kappa) * (p_dk + (1 - p_dk) * (1 + kappa) / 4)
    se = math.sqrt(max(v1 + v2, 0.0) / n)
    low, high = _limits(estimate, se, confidence, "two-sided", 0.0, 1.0)
    return BlindingIndex(estimate, se, low, high, n, confidence, "two-sided")


def table_from_shares(share_correct_t: float, n_t: int, share_correct_p: float, n_p: int) -> np.ndarray:
    """Return the guess table implied by each arm's share guessing correctly, with no "don't know".

    Counts are rounded to whole participants; use only when the source prints percentages,
    and say that the counts are reconstructed.
    """
    share_correct_t = number_in(share_correct_t, "share_correct_t", 0, 1)
    share_correct_p = number_in(share_correct_p, "share_correct_p", 0, 1)
    n_t, n_p = whole_number(n_t, "n_t", minimum=1), whole_number(n_p, "n_p", minimum=1)
    ct, cp = round(share_correct_t * n_t), round(share_correct_p * n_p)
    return guess_table(ct, n_t - ct, 0, cp, n_p - cp, 0)


def interpret_bang(index: BlindingIndex) -> str:
    """Describe a Bang index in words: consistent with blinding, unblinded, or opposite guessing."""
    if abs(index.estimate) <= BANG_BLINDED:
        return "consistent with blinding (|BI| <= 0.2)"
    return "more correct guesses than chance (unblinding)" if index.estimate > 0 else "opposite guessing"


# ---------------------------------------------------------------- tipping points

def se_from_ci(low: float, high: float, confidence: float = 0.95) -> float:
    """Return the standard error implied by a symmetric normal interval: (high - low) / (2 z)."""
    low, high = finite(low, "low"), finite(high, "high")
    if high <= low:
        raise ReappraiseError(f"high must be greater than low, got {low!r} and {high!r}")
    confidence = number_in(confidence, "confidence", 0.5, 0.9999)
    return (high - low) / (2 * stats.norm.ppf(1 - (1 - confidence) / 2))


def _critical(alpha: float, df: float | None) -> float:
    alpha = fraction(alpha, "alpha")
    if df is None:
        return float(stats.norm.ppf(1 - alpha / 2))
    return float(stats.t.ppf(1 - alpha / 2, positive(df, "df")))


def welch_df(sd1: float, n1: int, sd2: float, n2: int) -> float:
    """Return the Welch-Satterthwaite degrees of freedom of a difference of two means."""
    sd1, sd2 = positive(sd1, "sd1"), positive(sd2, "sd2")
    n1, n2 = whole_number(n1, "n1", minimum=2), whole_number(n2, "n2", minimum=2)
    try:
        a, b = sd1**2 / n1, sd2**2 / n2
        return (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
    except (OverflowError, ZeroDivisionError):  # extreme SDs: the same ratio on SDs scaled to at most 1
        scale = max(sd1, sd2)
        a, b = (sd1 / scale) ** 2 / n1, (sd2 / scale) ** 2 / n2
        return (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))


def two_sided_p(difference: float, se: float, df: float | None = None) -> float:
    """Return the two-sided p of a difference with standard error ``se`` (t with ``df``, normal if None)."""
    z = abs(finite(difference, "difference")) / positive(se, "se")
    dist = stats.norm if df is None else stats.t(positive(df, "df"))
    return float(2 * dist.sf(z))


def tipping_points(difference: float, se: float, mid: float, alpha: float = 0.05, df: float | None = None,
                   share: float = 1.0) -> dict[str, float]:
    """Return the bias per affected participant that would change each conclusion about a difference.

    ``difference`` is the observed between-arm difference in favour of treatment (> 0), with
    standard error ``se``; a bias ``b`` in a share ``share`` of one arm (for example an
    expectancy effect among MDMA participants who knew what they got, or disappointment among
    placebo participants) moves the difference by ``share * b`` and leaves its standard error
    alone. Keys: 'zero' (difference 0), 'non_significant' (the two-sided test at ``alpha``
    with ``df`` degrees of freedom, normal if None, no longer rejects), 'below_mid' (the
    difference falls below ``mid``). A value <= 0 means the conclusion already fails without
    any bias. This is how much bias would matter, not an estimate of how much there was.
    Example: tipping_points(10, 2, 5)['non_significant'] -> 10 - 1.96 * 2 = 6.08.
    """
    difference, se = positive(difference, "difference"), positive(se, "se")
    mid = number_in(mid, "mid", 0, math.inf)
    share = number_in(share, "share", 0, 1)
    if share == 0:
        raise ReappraiseError("share must be greater than 0: a bias that affects nobody cannot move the difference")
    crit = _critical(alpha, df)
    return {"zero": difference / share, "non_significant": (difference - crit * se) / share,
            "below_mid": (difference - mid) / share}


def bias_curve(difference: float, se: float, biases, confidence: float = 0.95, df: float | None = None,
               share: float = 1.0) -> dict[str, np.ndarray]:
    """Return the bias-corrected difference and its interval at each bias in ``biases``.

    Keys 'bias', 'difference', 'low', 'high' (arrays); the corrected difference is
    ``difference - share * bias`` and the interval keeps the width of the reported one.
    """
    difference, se = finite(difference, "difference"), positive(se, "se")
    share = number_in(share, "share", 0, 1)
    biases = np.asarray(biases, dtype=float)
    if biases.ndim != 1 or biases.size == 0 or not np.all(np.isfinite(biases)):
        raise ReappraiseError("biases must be a non-empty 1-D sequence of finite numbers")
    crit = _critical(1 - number_in(confidence, "confidence", 0.5, 0.9999), df)
    corrected = difference - share * biases
    return {"bias": biases, "difference": corrected, "low": corrected - crit * se, "high": corrected + crit * se}


def smd_from_odds_ratio(odds_ratio: float) -> float:
    """Return the standardised mean difference equivalent to an odds ratio: ln(OR) * sqrt(3) / pi.

    Chinn 2000 (Stat Med 19:3127-3131), from the logistic distribution's SD pi / sqrt(3).
    A ratio of odds ratios of 0.75 (non-blinded trials exaggerating effects) is an
    exaggeration of about 0.16 SD: smd_from_odds_ratio(0.75) -> -0.1586.
    """
    return math.log(positive(odds_ratio, "odds_ratio")) * CHINN
