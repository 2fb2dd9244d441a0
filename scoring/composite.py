"""Score stage (index engine): weighted composite scores, competition ranks, and the whole pipeline.

Inputs: the indicator table, the weights table and optional pairwise comparisons (see
`scoring.indicators` for their format). Output: an `IndexResult` holding, per place and year, the
composite score (Σ global weight × normalised value), its competition rank and tier, the dimension
scores, the resolved weights with their consistency diagnostics, and the report of missing values
(every gap in the indicator data is either refused or handled by an explicit policy and reported).

Results do not depend on row order: places and indicators are put in code order before any sum, and
ranks and tiers use the score rounded to `SCORE_DECIMALS`, the value that is published.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.ahp import MAX_CONSISTENCY_RATIO, compute_weights
from scoring.clustering import MAX_TIERS, MIN_TIERS, add_tiers
from scoring.errors import CheckError
from scoring.indicators import check_indicator_codes, check_weights_table, compute_normalised

SCORE_DECIMALS = 6
MISSING_POLICIES = ("fail", "drop", "mean", "worst")
MISSING_COLUMNS = ("region_code", "year", "indicator", "cause", "action", "imputed_value")
_ACTIONS = {"drop": "dropped_place", "mean": "imputed_mean", "worst": "imputed_worst"}
SCORE_COLUMNS = ("region_code", "year", "score", "rank", "tier", "tier_count", "place_count")
DIMENSION_SCORE_COLUMNS = ("region_code", "year", "dimension", "dimension_score", "dimension_rank")


@dataclass(frozen=True)
class IndexResult:
    """Everything one run of the index engine produces.

    Attributes:
        scores: One row per place and year, columns `SCORE_COLUMNS`, sorted by year then rank then
            region_code.
        dimension_scores: One row per place, year and dimension, columns `DIMENSION_SCORE_COLUMNS`.
        weights: Global indicator weights (see `scoring.ahp.compute_global_weights`).
        consistency: One row per weight group (see `scoring.ahp.compute_weights`).
        missing: One row per missing value and the action taken (see
            `compute_complete_values`).
        normalised: The normalised values (index: year, region_code; columns: indicator codes).
    """

    scores: pd.DataFrame
    dimension_scores: pd.DataFrame
    weights: pd.DataFrame
    consistency: pd.DataFrame
    missing: pd.DataFrame
    normalised: pd.DataFrame


def compute_complete_values(
    indicators: pd.DataFrame, directions: pd.Series, *, missing: str = "fail"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pivot the long indicator table to one complete row per place and year, handling gaps explicitly.

    A place takes part in a year when it has at least one row that year. A value is missing when its
    row has an empty value (`empty_value`) or when the place has no row for that indicator and year
    (`no_row`). Policies: `fail` raises; `drop` leaves the place out of that year; `mean` uses the
    indicator's mean over the places that have it that year; `worst` uses the worst value observed
    that year (the minimum of a positive indicator, the maximum of a negative one).

    Args:
        indicators: The long table (region_code, year, indicator, value), one row per key.
        directions: `positive`/`negative` per indicator code; its index fixes the columns.
        missing: One of `MISSING_POLICIES`.

    Returns:
        The values (index: year, region_code, sorted; columns: indicator codes, sorted) and the
        report, one row per missing value with `MISSING_COLUMNS`.

    Raises:
        CheckError: A value is infinite; or the policy is `fail` and something is missing (every gap
            is listed); or no value of an indicator exists in a year to impute from; or dropping
            leaves a year with no place.
    """
    if missing not in MISSING_POLICIES:
        raise CheckError(f"missing policy {missing!r} is unknown. Use one of: {', '.join(MISSING_POLICIES)}.")
    codes = sorted(directions.index)
    table = indicators.astype({"year": "int64", "value": "float64"})
    _check_finite(table)
    wide = table.pivot(index=["year", "region_code"], columns="indicator", values="value")
    wide = wide.reindex(columns=codes).sort_index(kind="stable").rename_axis(columns="indicator")
    has_row = table.assign(has_row=1.0).pivot(
        index=["year", "region_code"], columns="indicator", values="has_row"
    )
    has_row = has_row.reindex(index=wide.index, columns=codes)
    gaps = wide.isna().stack().rename("gap").reset_index()
    gaps = gaps[gaps["gap"]].drop(columns="gap")
    if gaps.empty:
        return wide, _empty_report()
    gaps["cause"] = ["empty_value" if has_row.at[(y, r), i] == 1.0 else "no_row"
                     for y, r, i in gaps[["year", "region_code", "indicator"]].itertuples(index=False)]
    if missing == "fail":
        raise CheckError([
            f"indicators: region_code {r}, year {y}, indicator {i}: missing ({c}). Supply the value or "
            "choose --missing drop|mean|worst." for y, r, i, c in gaps.itertuples(index=False)
        ])
    if missing == "drop":
        return _drop_places(wide, gaps)
    return _impute(wide, gaps, directions, missing)


def _check_finite(table: pd.DataFrame) -> None:
    infinite = table[np.isinf(table["value"])]
    if not infinite.empty:
        rows = infinite[["region_code", "year", "indicator", "value"]].itertuples(index=False)
        raise CheckError([f"indicators: region_code {r}, year {y}, indicator {i}: value {v} is not finite. "
                          "Give a number, or leave the cell empty if it is missing." for r, y, i, v in rows])


def _drop_places(wide: pd.DataFrame, gaps: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    dropped = pd.MultiIndex.from_frame(gaps[["year", "region_code"]].drop_duplicates())
    kept = wide.drop(index=dropped)
    empty_years = sorted(set(wide.index.get_level_values("year")) - set(kept.index.get_level_values("year")))
    if empty_years:
        raise CheckError(f"indicators: every place of year(s) {empty_years} misses a value; --missing drop "
                         "leaves nothing to score. Supply values or choose --missing mean|worst.")
    return kept, _report(gaps.assign(action="dropped_place", imputed_value=np.nan))


def _impute(wide, gaps, directions, policy) -> tuple[pd.DataFrame, pd.DataFrame]:
    by_year = wide.groupby(level="year")
    if policy == "mean":
        fill = by_year.mean()
    else:
        worst_is_min = (directions.reindex(wide.columns) == "positive").to_numpy()[np.newaxis, :]
        low, high = by_year.min(), by_year.max()
        fill = pd.DataFrame(np.where(worst_is_min, low, high), index=low.index, columns=low.columns)
    values = [fill.at[y, i] for y, i in gaps[["year", "indicator"]].itertuples(index=False)]
    gaps = gaps.assign(action=_ACTIONS[policy], imputed_value=values)
    hopeless = gaps[gaps["imputed_value"].isna()][["year", "indicator"]].drop_duplicates()
    if not hopeless.empty:
        listed = ", ".join(f"{i} in {y}" for y, i in hopeless.itertuples(index=False))
        raise CheckError(f"indicators: no place has a value of {listed}; nothing to impute from. "
                         "Supply values or remove the indicator.")
    filled = wide.fillna(fill.reindex(wide.index, level="year"))
    return filled, _report(gaps)


def _report(gaps: pd.DataFrame) -> pd.DataFrame:
    report = gaps[list(MISSING_COLUMNS)].sort_values(["year", "region_code", "indicator"], kind="stable")
    return report.astype({"region_code": "string", "year": "Int64", "indicator": "string", "cause": "string",
                          "action": "string", "imputed_value": "float64"}).reset_index(drop=True)


def _empty_report() -> pd.DataFrame:
    return _report(pd.DataFrame({c: pd.Series(dtype="object") for c in MISSING_COLUMNS}))


def compute_weighted_sum(normalised: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Return Σ weight × normalised value per row, summing the indicators in code order.

    A fixed order keeps the floating-point sum identical however the input rows were ordered, and a
    sum of monotone terms stays monotone: a place at least as good on every indicator never scores
    lower.

    Args:
        normalised: Normalised values, one column per indicator code.
        weights: Weight per indicator code (the indicators summed are the weights' index).

    Returns:
        One value per row of `normalised`, rounded to `SCORE_DECIMALS`.
    """
    codes = sorted(weights.index)
    columns = normalised[codes].to_numpy(dtype=float)
    factors = weights.loc[codes].to_numpy(dtype=float)
    total = np.zeros(len(normalised))
    for position, factor in enumerate(factors):
        total = total + factor * columns[:, position]
    return pd.Series(total, index=normalised.index).round(SCORE_DECIMALS)


def compute_competition_ranks(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Rank values within each group, highest first, ties sharing the best rank (1, 2, 2, 4).

    Args:
        values: The values to rank.
        groups: Group labels aligned with `values` (e.g. the year).

    Returns:
        Int64 ranks aligned with `values`: 1 + the number of values in the group strictly higher.
    """
    ranks = values.groupby(groups).rank(method="min", ascending=False)
    return ranks.astype("Int64")


def compute_scores(normalised: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Score and rank every place within its year.

    Args:
        normalised: Normalised values (index: year, region_code; columns: indicator codes).
        weights: Global weights with columns `indicator` and `weight`.

    Returns:
        Columns region_code, year, score, rank, place_count (rank and place_count Int64).
    """
    score = compute_weighted_sum(normalised, weights.set_index("indicator")["weight"])
    table = score.rename("score").reset_index()
    table["rank"] = compute_competition_ranks(table["score"], table["year"])
    table["place_count"] = table.groupby("year")["score"].transform("size").astype("Int64")
    return table[["region_code", "year", "score", "rank", "place_count"]]


def compute_dimension_scores(normalised: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Score every place on each dimension with the indicator weights within that dimension.

    Returns:
        Columns `DIMENSION_SCORE_COLUMNS`, sorted by year, dimension, rank, region_code.
    """
    frames = []
    for dimension, members in weights.groupby("dimension", sort=True):
        score = compute_weighted_sum(normalised, members.set_index("indicator")["local_weight"])
        frame = score.rename("dimension_score").reset_index().assign(dimension=dimension)
        frame["dimension_rank"] = compute_competition_ranks(frame["dimension_score"], frame["year"])
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)[list(DIMENSION_SCORE_COLUMNS)]
    table = table.astype({"region_code": "string", "year": "Int64", "dimension": "string"})
    order = ["year", "dimension", "dimension_rank", "region_code"]
    return table.sort_values(order, kind="stable", ignore_index=True)


def compute_index(
    indicators: pd.DataFrame,
    weights: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    normalise: str = "minmax",
    missing: str = "fail",
    tiers: int | str = "auto",
    tier_rule: str = "log_gap",
    min_tiers: int = MIN_TIERS,
    max_tiers: int = MAX_TIERS,
    max_consistency_ratio: float = MAX_CONSISTENCY_RATIO,
) -> IndexResult:
    """Run the index engine: weights, missing values, normalisation, scores, ranks, tiers.

    Args:
        indicators: Long table region_code, year, indicator, value.
        weights: Weights table (node, level, dimension, node_name, direction, weight).
        comparisons: Pairwise judgments for the groups without expert weights, or None.
        normalise: `minmax` or `zscore`.
        missing: `fail`, `drop`, `mean` or `worst` (see `compute_complete_values`).
        tiers: A number of tiers or `auto`.
        tier_rule: How `auto` chooses the number (see `scoring.clustering.choose_tier_count`).
        min_tiers: Lower bound of `auto`.
        max_tiers: Upper bound of `auto`.
        max_consistency_ratio: Refuse a comparison matrix whose CR reaches this value.

    Returns:
        The `IndexResult`.

    Raises:
        CheckError: The weights table or comparisons break a rule, a CR is too high, the data and
            weights disagree on indicator codes, or a missing value cannot be handled by the policy.
    """
    check_weights_table(weights, comparisons)
    check_indicator_codes(indicators, weights)
    global_weights, consistency = compute_weights(
        weights, comparisons, max_consistency_ratio=max_consistency_ratio
    )
    directions = global_weights.set_index("indicator")["direction"]
    values, missing_report = compute_complete_values(indicators, directions, missing=missing)
    normalised = compute_normalised(values, directions, method=normalise)
    scores = compute_scores(normalised, global_weights)
    scores = add_tiers(scores, tiers, rule=tier_rule, min_tiers=min_tiers, max_tiers=max_tiers)
    scores = scores.astype({"region_code": "string", "year": "Int64"})[list(SCORE_COLUMNS)]
    scores = scores.sort_values(["year", "rank", "region_code"], kind="stable", ignore_index=True)
    return IndexResult(
        scores=scores,
        dimension_scores=compute_dimension_scores(normalised, global_weights),
        weights=global_weights,
        consistency=consistency,
        missing=missing_report,
        normalised=normalised,
    )
