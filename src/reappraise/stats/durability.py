"""Durability of a response: status at two time points, and what the aggregates allow.

Three kinds of helper, all working from reported counts only:

- **Transitions** (:func:`transitions`, :func:`durability`, :func:`relapse_posterior`,
  :func:`attrition_scenarios`): from "r of n responded after treatment, k of those r still
  responded later, l non-responders responded later" build the table kept / relapsed /
  stayed non-responder / late responder, the proportions with intervals, and the relapse
  rate as a Beta posterior; :func:`relapse_against` sets it beside relapse rates from other
  studies.
- **Individual tables consistent with the aggregates** (:func:`consistent_tables` and
  friends). A participant's *profile* is (response_post, response_7m, remission_post,
  remission_7m), each 0 or 1: 16 possible profiles. Participants are exchangeable (nothing
  else is known about them), so a *table* is a multiset of profiles: 16 counts summing to
  n. A table stands for n! / prod(count!) labelled assignments to named participants.
  Every constraint is a *rule*, one row of data: "the number of participants whose profile
  matches ``pattern`` equals ``count``". Logical constraints (remission implies response)
  are rules with count 0, so a reader can drop any rule and see how the set grows.
- **What "no significant change" can mean** (:func:`detectable_change`): the smallest
  mean change a paired t-test on n participants detects with a given power, in SD units
  (pingouin) and in scale points under stated SDs of change.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from reappraise.stats import bayes, effect_sizes
from reappraise.stats.validate import positive, whole_number
from reappraise.errors import ReappraiseError

#: Most tables :func:`consistent_tables` may be asked to list (``limit``); each is kept in memory.
MAX_TABLES = 1_000_000
#: Most hypothetical dropouts :func:`attrition_sweep` steps through.
MAX_DROPOUTS = 1_000
from reappraise.stats.proportions import check_counts, proportion_ci

# --- Transitions between two time points ------------------------------------------------


def check_status_counts(n: int, responders: int, kept: int, late: int = 0) -> tuple[int, int, int, int]:
    """Return (n, responders, kept, late) as ints if they can coexist, else raise one clear error.

    They can when 0 <= responders <= n, 0 <= kept <= responders and
    0 <= late <= n - responders (late responders come from the non-responders).
    """
    responders, n = check_counts(responders, n, "responders", "n")
    kept = whole_number(kept, "kept")
    if kept > responders:
        raise ReappraiseError(f"kept must be between 0 and responders = {responders}, got kept = {kept}")
    late = whole_number(late, "late")
    if late > n - responders:
        raise ReappraiseError(f"late must be between 0 and the non-responders n - responders = {n - responders}, "
                              f"got late = {late}")
    return n, responders, kept, late


def transitions(n: int, responders: int, kept: int, late: int = 0, noun: str = "responder") -> pd.DataFrame:
    """Return the transition table: one row each for kept, relapsed, stayed non-, late.

    In: n participants with a status at both times, ``responders`` after treatment,
    ``kept`` of them still responders later, ``late`` non-responders who became responders.
    Out: columns after_treatment, at_follow_up, count, share (of n); counts sum to n.
    Example: transitions(12, 9, 8, 0).count -> kept 8, relapsed 1, stayed non-responder 3, late 0.
    """
    n, responders, kept, late = check_status_counts(n, responders, kept, late)
    rows = [("kept", noun, noun, kept), ("relapsed", noun, f"non-{noun}", responders - kept),
            (f"stayed non-{noun}", f"non-{noun}", f"non-{noun}", n - responders - late),
            (f"late {noun}", f"non-{noun}", noun, late)]
    table = pd.DataFrame(rows, columns=["transition", "after_treatment", "at_follow_up", "count"])
    table["share"] = table["count"] / n
    return table.set_index("transition")


def durability(n: int, responders: int, kept: int, late: int = 0, method: str = "wilson",
               confidence: float = 0.95) -> pd.DataFrame:
    """Return the three proportions that describe durability, each with a confidence interval.

    Rows: responders after treatment (responders/n), maintained among responders
    (kept/responders), responders at follow-up ((kept + late)/n). Columns: k, of, estimate,
    low, high (interval from :func:`reappraise.stats.proportions.proportion_ci`).
    Example: durability(12, 9, 8).loc["maintained among responders", "estimate"] -> 0.889.
    """
    n, responders, kept, late = check_status_counts(n, responders, kept, late)
    if responders == 0:
        raise ReappraiseError("responders must be at least 1 for a maintained proportion, got 0")
    rows = []
    for label, k, of in [("responders after treatment", responders, n),
                         ("maintained among responders", kept, responders),
                         ("responders at follow-up", kept + late, n)]:
        low, high = proportion_ci(k, of, method, confidence)
        rows.append({"proportion": label, "k": k, "of": of, "estimate": k / of, "low": low, "high": high})
    return pd.DataFrame(rows).set_index("proportion")


def relapse_posterior(relapsed: int, at_risk: int, prior="flat", level: float = 0.95) -> dict:
    """Return the Beta posterior of the relapse rate after ``relapsed`` of ``at_risk`` relapsed.

    ``prior`` is a name from :data:`reappraise.stats.bayes.PRIORS` or a pair (a, b). Out: a dict
    with prior, a, b (posterior shapes), mean, low, high (equal-tailed interval at ``level``).
    Example: relapse_posterior(1, 9, "flat") -> Beta(2, 9), mean 2/11 = 0.182.
    """
    relapsed, at_risk = check_counts(relapsed, at_risk, "relapsed", "at_risk")
    posterior = bayes.beta_posterior(relapsed, at_risk, prior)
    low, high = bayes.credible_interval(relapsed, at_risk, prior, level)
    a, b = posterior.args
    return {"prior": prior if isinstance(prior, str) else f"Beta{tuple(prior)}", "a": a, "b": b,
            "mean": float(posterior.mean()), "low": low, "high": high}


def relapse_against(relapsed: int, at_risk: int, rates: dict[str, float], confidence: float = 0.95) -> pd.DataFrame:
    """Set an observed relapse count against benchmark relapse rates from other studies.

    ``rates`` maps a benchmark name to a relapse proportion (0 < rate < 1). Per benchmark:
    ``rate``; ``expected`` relapses among ``at_risk`` at that rate; ``p_at_most`` = the exact
    binomial probability of ``relapsed`` or fewer relapses if the true rate were the benchmark
    (one-sided: small values say relapse was rarer than the benchmark); and the observed
    share with its Wilson interval at ``confidence`` (``observed``, ``low``, ``high``). A benchmark
    rate is a number from other trials with their own relapse definition and follow-up time,
    so the comparison is a yardstick, not a test of the same outcome.
    Example: 1 of 9 against 41% -> expected 3.7, P(X <= 1) = 0.063.
    """
    from scipy import stats

    relapsed, at_risk = check_counts(relapsed, at_risk, "relapsed", "at_risk")
    if not rates:
        raise ReappraiseError("rates must name at least one benchmark, e.g. {'placebo': 0.41}")
    low, high = proportion_ci(relapsed, at_risk, "wilson", confidence)
    rows = []
    for name, rate in rates.items():
        if not isinstance(rate, (int, float)) or not 0 < rate < 1:
            raise ReappraiseError(f"rates[{name!r}] must be a proportion between 0 and 1, got {rate!r}")
        rows.append({"benchmark": name, "rate": float(rate), "expected": at_risk * rate,
                     "p_at_most": float(stats.binom.cdf(relapsed, at_risk, rate)),
                     "observed": relapsed / at_risk, "low": low, "high": high})
    return pd.DataFrame(rows).set_index("benchmark")


def attrition_scenarios(kept: int, observed: int, dropouts: int, method: str = "wilson",
                        confidence: float = 0.95) -> pd.DataFrame:
    """Return the maintained proportion if ``dropouts`` more responders had missed follow-up.

    ``kept`` of ``observed`` responders were seen to keep their response; ``dropouts``
    others (hypothetical) have no follow-up status. Rows: worst case (every dropout counted
    as relapsed: kept/(observed+dropouts)), best case (every dropout counted as kept),
    same rate (dropouts assumed like completers: the completers' kept/observed and interval,
    since under that assumption the dropouts add no information). Columns: k, of, estimate,
    low, high. With dropouts = 0 the three rows agree.
    """
    kept, observed = check_counts(kept, observed, "kept", "observed")
    dropouts = whole_number(dropouts, "dropouts")
    total = observed + dropouts
    rows = []
    for label, k, of in [("worst case: dropouts relapsed", kept, total),
                         ("best case: dropouts kept response", kept + dropouts, total),
                         ("same rate: dropouts like completers", kept, observed)]:
        low, high = proportion_ci(k, of, method, confidence)
        rows.append({"handling": label, "k": k, "of": of, "estimate": k / of, "low": low, "high": high})
    return pd.DataFrame(rows).set_index("handling")


# --- Individual tables consistent with the aggregates ------------------------------------

#: The four statuses of a participant, in profile order.
FIELDS = ("response_post", "response_7m", "remission_post", "remission_7m")
#: All 16 profiles, (1, 1, 1, 1) first.
PROFILES = tuple(itertools.product((1, 0), repeat=len(FIELDS)))
_COURSE = {(1, 1): "kept", (1, 0): "lost", (0, 1): "late", (0, 0): "never"}

#: The rules for the Norwegian trial, as data. ``ledger`` names the row whose numerator is
#: the count; rules without a ledger row require a count of 0 (nobody has that profile).
KVAM_RULES = (
    {"rule": "responders after treatment", "kind": "reported", "pattern": "response_post",
     "ledger": "kvam.response.post"},
    {"rule": "responders who kept response at 7 months", "kind": "reported",
     "pattern": "response_post & response_7m", "ledger": "kvam.response.maintained_7m"},
    {"rule": "remitters after treatment", "kind": "reported", "pattern": "remission_post",
     "ledger": "kvam.remission.post"},
    {"rule": "remitters still in remission at 7 months", "kind": "reported",
     "pattern": "remission_post & remission_7m", "ledger": "kvam.remission.maintained_7m"},
    {"rule": "remitters who relapsed", "kind": "reported", "pattern": "remission_post & not remission_7m",
     "ledger": "kvam.remission.relapsed_7m"},
    {"rule": "non-responders after treatment", "kind": "reported", "pattern": "not response_post",
     "ledger": "kvam.nonresponse.post"},
    {"rule": "non-responders who responded at 7 months", "kind": "reported",
     "pattern": "not response_post & response_7m", "ledger": "kvam.nonresponse.improved_7m"},
    {"rule": "remission without response after treatment", "kind": "logical",
     "pattern": "remission_post & not response_post", "ledger": ""},
    {"rule": "remission without response at 7 months", "kind": "logical",
     "pattern": "remission_7m & not response_7m", "ledger": ""},
    {"rule": "non-responders in remission at 7 months", "kind": "interpretation",
     "pattern": "not response_post & remission_7m", "ledger": ""},
)


def profile_label(profile: tuple) -> str:
    """Name a profile by the course of each outcome: (1, 1, 1, 0) -> 'resp kept · rem lost'."""
    return f"resp {_COURSE[tuple(profile[:2])]} · rem {_COURSE[tuple(profile[2:])]}"


def parse_pattern(pattern: str) -> dict[str, int]:
    """Return {field: 0 or 1} for a pattern such as 'remission_post & not remission_7m'.

    Terms are joined by '&'; each is a field of :data:`FIELDS`, optionally preceded by 'not'.
    """
    wanted: dict[str, int] = {}
    for term in str(pattern).split("&"):
        words = term.split()
        negated = len(words) == 2 and words[0] == "not"
        field = words[-1] if len(words) == 1 or negated else None
        if field not in FIELDS or field in wanted:
            raise ReappraiseError(f"pattern must join terms like 'response_post' or 'not remission_7m' "
                                  f"(fields {', '.join(FIELDS)}) with '&', got {pattern!r}")
        wanted[field] = 0 if negated else 1
    return wanted


def matches(profile: tuple, pattern: str) -> bool:
    """True if ``profile`` (four 0/1 statuses in :data:`FIELDS` order) matches ``pattern``."""
    return all(profile[FIELDS.index(f)] == v for f, v in parse_pattern(pattern).items())


def rules_table(ledger, specs=KVAM_RULES) -> pd.DataFrame:
    """Return the rules as a table (rule, kind, pattern, count, ledger), counts read from ``ledger``.

    A spec with a ledger id takes that row's numerator as its count; one without takes 0.
    """
    rows = []
    for spec in specs:
        count = ledger.count(spec["ledger"])[0] if spec["ledger"] else 0
        rows.append({"rule": spec["rule"], "kind": spec["kind"], "pattern": spec["pattern"],
                     "count": count, "ledger": spec["ledger"] or "-"})
    return pd.DataFrame(rows).set_index("rule")


def _rule_matrix(rules: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (membership matrix rules x profiles, targets) after checking every rule."""
    if not {"pattern", "count"} <= set(rules.columns):
        raise ReappraiseError("rules must be a table with columns 'pattern' and 'count'")
    member = np.array([[matches(p, pattern) for p in PROFILES] for pattern in rules["pattern"]], dtype=bool)
    member = member.reshape(len(rules), len(PROFILES))
    targets = np.array([whole_number(c, f"count of rule {name!r}") for name, c in rules["count"].items()], dtype=int)
    for name, target in zip(rules.index, targets):
        if target > n:
            raise ReappraiseError(f"count of rule {name!r} must be between 0 and n = {n}, got {target}")
    return member, targets


def consistent_tables(rules: pd.DataFrame, n: int, limit: int = 100_000) -> pd.DataFrame:
    """Return every table of ``n`` participants that satisfies every rule in ``rules``.

    In: a rules table (columns ``pattern`` and ``count``, see :func:`rules_table`).
    Out: one row per table ("table 1", ...), one column per profile (:func:`profile_label`)
    holding how many participants have it, and ``labelled``: the number of assignments to
    named participants the table stands for, n! / prod(count!).
    Raises ReappraiseError if no table satisfies the rules (the counts cannot coexist) or if
    more than ``limit`` do (drop fewer rules, or raise the limit).
    """
    n = whole_number(n, "n", minimum=1)
    limit = whole_number(limit, "limit", maximum=MAX_TABLES, limit="durability.MAX_TABLES")
    member, targets = _rule_matrix(rules, n)
    later = np.flip(np.cumsum(np.flip(member, axis=1), axis=1), axis=1) > 0  # rule can still grow from here
    last, found, counts = len(PROFILES) - 1, [], [0] * len(PROFILES)

    def walk(i: int, left: int, sums: np.ndarray) -> None:
        for c in ([left] if i == last else range(left + 1)):
            new = sums + c * member[:, i]
            if (new > targets).any():
                break
            if i == last:
                if (new == targets).all():
                    found.append(tuple(counts[:last]) + (c,))
                    if len(found) > limit:
                        raise ReappraiseError(f"more than limit = {limit} tables satisfy these rules; "
                                              "keep more rules or raise limit")
            elif not ((new + (left - c) * later[:, i + 1]) < targets).any():
                counts[i] = c
                walk(i + 1, left - c, new)
        counts[i] = 0

    walk(0, n, np.zeros(len(targets), dtype=int))
    if not found:
        raise ReappraiseError(f"no table of n = {n} participants satisfies every rule: the counts cannot coexist")
    table = pd.DataFrame(found, columns=[profile_label(p) for p in PROFILES],
                         index=[f"table {i}" for i in range(1, len(found) + 1)])
    table["labelled"] = [math.factorial(n) // math.prod(math.factorial(c) for c in row) for row in found]
    return table


def _profile_counts(tables: pd.DataFrame) -> pd.DataFrame:
    """The 16 profile-count columns of a :func:`consistent_tables` result."""
    return tables[[profile_label(p) for p in PROFILES]]


def profile_ranges(tables: pd.DataFrame) -> pd.DataFrame:
    """Return, for each profile some table uses, its fewest and most participants across tables.

    ``fixed`` is True where every table agrees: that part of the reconstruction is forced.
    """
    counts = _profile_counts(tables)
    counts = counts.loc[:, counts.any()]
    out = pd.DataFrame({"fewest": counts.min(), "most": counts.max()})
    out["fixed"] = out["fewest"] == out["most"]
    out.index.name = "profile"
    return out


def pattern_counts(tables: pd.DataFrame, pattern: str) -> pd.Series:
    """Return, per table, how many participants match ``pattern`` (see :func:`parse_pattern`)."""
    counts = _profile_counts(tables)
    chosen = [profile_label(p) for p in PROFILES if matches(p, pattern)]
    return counts[chosen].sum(axis=1).rename(pattern)


def share_of_tables(tables: pd.DataFrame, pattern: str, count: int) -> float:
    """Return the fraction of tables in which exactly ``count`` participants match ``pattern``.

    Example: the share of tables where the one response relapser is also the remission
    relapser is share_of_tables(t, "response_post & not response_7m & remission_post & not remission_7m", 1).
    """
    count = whole_number(count, "count")
    return float((pattern_counts(tables, pattern) == count).mean())


def recount(tables: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Return the count of every rule recomputed from every table (tables x rules), for checks."""
    return pd.DataFrame({rule: pattern_counts(tables, pattern) for rule, pattern in rules["pattern"].items()})


def rule_growth(rules: pd.DataFrame, n: int, limit: int = 100_000) -> pd.DataFrame:
    """Return how many tables (and labelled assignments) remain when each rule alone is dropped.

    First row: all rules kept. Columns: kind, tables, labelled.
    """
    rows = []
    for name in [None, *rules.index]:
        tables = consistent_tables(rules if name is None else rules.drop(index=name), n, limit)
        rows.append({"dropped": "(none)" if name is None else name,
                     "kind": "" if name is None else rules.loc[name, "kind"],
                     "tables": len(tables), "labelled": int(tables["labelled"].sum())})
    return pd.DataFrame(rows).set_index("dropped")


def participants(tables: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return one row per participant of ``table``: P01, P02, ... with the four statuses.

    Rows are labelled 'reconstructed - not trial data': the order and names are arbitrary.
    """
    if table not in tables.index:
        raise ReappraiseError(f"table must be one of {list(tables.index)[:5]}..., got {table!r}")
    rows = []
    for profile in PROFILES:
        rows += [dict(zip(FIELDS, profile))] * int(tables.loc[table, profile_label(profile)])
    out = pd.DataFrame(rows, columns=list(FIELDS))
    out.index = [f"P{i:02d}" for i in range(1, len(out) + 1)]
    out["source"] = "reconstructed - not trial data"
    return out


# --- What "no significant change" can mean -----------------------------------------------


def detectable_change(n: int, sd_changes: dict[str, float], power: float = 0.8, alpha: float = 0.05) -> pd.DataFrame:
    """Return the smallest mean change a paired t-test detects, standardised and in points.

    In: n pairs; ``sd_changes`` maps an assumption (in words) to an assumed SD of the
    individual changes; power and two-sided alpha. The standardised change dz comes from
    pingouin's ``power_ttest(contrast="paired")`` and does not depend on the SD; the change
    in points is dz times each assumed SD. Columns: sd_change, dz, points.
    """
    dz = effect_sizes.minimum_detectable_dz(n, power, alpha)
    if not isinstance(sd_changes, dict):
        raise ReappraiseError(f"sd_changes must be a dict of assumption -> SD of change, got {sd_changes!r}")
    sds = {name: positive(sd, f"sd_changes[{name!r}]") for name, sd in sd_changes.items()}
    rows = [{"assumption": name, "sd_change": sd, "dz": dz, "points": dz * sd} for name, sd in sds.items()]
    return pd.DataFrame(rows).set_index("assumption")


def tables_by_kind(rules: pd.DataFrame, n: int, limit: int = 100_000) -> pd.DataFrame:
    """Return how many tables remain as each kind of rule is added, in the order kinds appear.

    Rows: 'reported', 'reported + logical', ...; columns: rules (how many), tables, labelled.
    """
    rows, kinds = [], list(dict.fromkeys(rules["kind"]))
    for i in range(1, len(kinds) + 1):
        chosen = rules[rules["kind"].isin(kinds[:i])]
        tables = consistent_tables(chosen, n, limit)
        rows.append({"rules kept": " + ".join(kinds[:i]), "rules": len(chosen), "tables": len(tables),
                     "labelled": int(tables["labelled"].sum())})
    return pd.DataFrame(rows).set_index("rules kept")


def attrition_sweep(kept: int, observed: int, max_dropouts: int | None = None, method: str = "wilson",
                    confidence: float = 0.95) -> pd.DataFrame:
    """Return :func:`attrition_scenarios` for 0, 1, ..., ``max_dropouts`` hypothetical dropouts.

    ``max_dropouts`` defaults to half the observed responders and is at most
    :data:`MAX_DROPOUTS`. Long format: columns
    dropouts, handling, k, of, estimate, low, high.
    """
    kept, observed = check_counts(kept, observed, "kept", "observed")
    top = whole_number(observed // 2 if max_dropouts is None else max_dropouts, "max_dropouts",
                       maximum=MAX_DROPOUTS, limit="durability.MAX_DROPOUTS")
    parts = [attrition_scenarios(kept, observed, k, method, confidence).reset_index().assign(dropouts=k)
             for k in range(top + 1)]
    return pd.concat(parts, ignore_index=True)[["dropouts", "handling", "k", "of", "estimate", "low", "high"]]


# --- Figures -----------------------------------------------------------------------------


def _band(ax, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float], color: str) -> None:
    """Fill a smooth band from the span y0 at x0 to the span y1 at x1 (smoothstep curve)."""
    x = np.linspace(x0, x1, 60)
    s = (x - x0) / (x1 - x0)
    s = s * s * (3 - 2 * s)
    ax.fill_between(x, y0[0] + (y1[0] - y0[0]) * s, y0[1] + (y1[1] - y0[1]) * s, color=color, alpha=0.7, lw=0)


def plot_flow(ax, n: int, responders: int, kept: int, late: int = 0, noun: str = "responder",
              labels=("baseline", "after treatment", "at follow-up")) -> None:
    """Draw the flow enrolled -> after treatment -> follow-up as an alluvial diagram on ``ax``.

    Band heights are numbers of participants; colours: kept (green), relapsed (vermillion),
    late (sky blue), stayed non- (grey), from :data:`reappraise.report.figures.OKABE_ITO`.
    """
    from matplotlib.patches import Rectangle

    from reappraise.style import OKABE_ITO as C

    n, responders, kept, late = check_status_counts(n, responders, kept, late)
    w, gap, x = 0.06, 0.04 * n, (0.0, 1.0, 2.0)
    still_non = n - responders - late
    # Nodes, stacked from the top (y = n + gap): (column, name, size).
    nodes = {(0, "enrolled"): n, (1, noun): responders, (1, f"non-{noun}"): n - responders,
             (2, noun): kept + late, (2, f"non-{noun}"): n - kept - late}
    top = {0: n + gap, 1: n + gap, 2: n + gap}
    span = {}
    for (col, name), size in nodes.items():
        span[(col, name)] = [top[col] - size, top[col]]
        top[col] -= size + (gap if size else 0)
    flows = [((0, "enrolled"), (1, noun), responders, C["blue"], ""),
             ((0, "enrolled"), (1, f"non-{noun}"), n - responders, C["grey"], ""),
             ((1, noun), (2, noun), kept, C["green"], f"kept {kept}"),
             ((1, f"non-{noun}"), (2, noun), late, C["sky"], f"late {late}"),
             ((1, noun), (2, f"non-{noun}"), responders - kept, C["vermillion"], f"relapsed {responders - kept}"),
             ((1, f"non-{noun}"), (2, f"non-{noun}"), still_non, C["grey"], f"stayed non-{noun} {still_non}")]
    out = {key: value[1] for key, value in span.items()}
    into = dict(out)
    for source, target, size, color, text in flows:
        if size == 0:
            continue
        y0, y1 = (out[source] - size, out[source]), (into[target] - size, into[target])
        _band(ax, x[source[0]] + w / 2, x[target[0]] - w / 2, y0, y1, color)
        out[source], into[target] = y0[0], y1[0]
        if text:
            middle = (y0[0] + y0[1] + y1[0] + y1[1]) / 4
            ax.text((x[source[0]] + x[target[0]]) / 2, middle, text, ha="center", va="center", fontsize=9)
    for (col, name), (low, high) in span.items():
        if high > low:
            ax.add_patch(Rectangle((x[col] - w / 2, low), w, high - low, color=C["black"]))
            side = -1 if col == 1 else 1
            ax.text(x[col] + side * w, (low + high) / 2, f"{name}s\n{high - low:g}" if col else f"{name}\n{n}",
                    ha="right" if side < 0 else "left", va="center", fontsize=10, fontweight="bold")
    ax.set(xlim=(-0.1, 2.45), ylim=(-0.5, n + gap * 1.5), xticks=x, xticklabels=labels, yticks=[],
           xlabel="assessment", ylabel="participants (band height = number)")
    ax.grid(False)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)


def plot_proportions(ax, table: pd.DataFrame, color: str) -> None:
    """Draw each row of a :func:`durability` table as a dot with its interval, labelled k/of."""
    for y, (label, row) in enumerate(table.iloc[::-1].iterrows()):
        ax.errorbar(row["estimate"], y, xerr=[[row["estimate"] - row["low"]], [row["high"] - row["estimate"]]],
                    fmt="o", color=color, capsize=5, markersize=8)
        ax.text(min(max(row["estimate"], 0.3), 0.7), y + 0.22,
                f"{int(row['k'])}/{int(row['of'])} = {row['estimate']:.0%} ({row['low']:.0%} to {row['high']:.0%})",
                ha="center", va="bottom", fontsize=9)
    ax.set(yticks=range(len(table)), yticklabels=list(table.index[::-1]), xlim=(0, 1),
           ylim=(-0.6, len(table) - 0.3))
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")


def plot_attrition(ax, sweep: pd.DataFrame, chosen: int = 0) -> None:
    """Draw an :func:`attrition_sweep`: estimate and interval per handling against dropouts.

    ``chosen`` (the notebook's what-if) is marked with a vertical line.
    """
    from reappraise.style import OKABE_ITO as C

    colors = [C["vermillion"], C["green"], C["blue"]]
    offsets = [-0.12, 0.12, 0.0]
    for (handling, part), color, shift in zip(sweep.groupby("handling", sort=False), colors, offsets):
        x = part["dropouts"] + shift
        ax.errorbar(x, part["estimate"], yerr=[part["estimate"] - part["low"], part["high"] - part["estimate"]],
                    fmt="o-", color=color, capsize=3, markersize=5, label=handling)
    ax.axvline(chosen, color=C["grey"], ls=":", lw=1.5)
    ax.set(xticks=sorted(sweep["dropouts"].unique()), ylim=(0, 1.05),
           xlabel="hypothetical responders lost before follow-up", ylabel="maintained proportion")
    ax.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.legend(loc="lower left", frameon=False, fontsize=9)
