"""Score stage (index engine): tiers (梯队) by hierarchical clustering of composite scores (系统聚类法).

Input: one score per place (per year). Output: a tier per place, 1 = highest scores, from Ward's
minimum-variance agglomerative clustering (`scipy.cluster.hierarchy.linkage(method="ward")`) of the
one-dimensional scores, cut into k clusters. The number of tiers is either given or chosen from the
jumps in the dendrogram's merge heights (by default the largest gap in log merge height).

On a line, Ward's method only merges neighbouring groups: for groups A < B < C with sizes a, b, c
and mean gaps x (A to B) and y (B to C), the cost of merging A and C, ac/(a+c)·(x+y)², exceeds
min(a·x², c·y²), which bounds the cost of one of the neighbouring merges. So every tier is an
unbroken run of scores; `compute_tiers` still checks this, and equal scores always share a tier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cut_tree, linkage

from scoring.errors import CheckError

MIN_TIERS = 2
MAX_TIERS = 6
TIER_RULES = ("log_gap", "largest_gap", "mojena")
MOJENA_C = 1.25


def compute_linkage(scores: np.ndarray) -> np.ndarray:
    """Return the Ward linkage matrix of one-dimensional scores (scipy's format, n − 1 rows).

    Column 2 holds the merge heights, which never decrease for Ward's method.
    """
    return linkage(np.asarray(scores, dtype=float).reshape(-1, 1), method="ward")


def choose_tier_count(
    scores: np.ndarray,
    *,
    rule: str = "log_gap",
    min_tiers: int = MIN_TIERS,
    max_tiers: int = MAX_TIERS,
) -> int:
    """Choose the number of tiers from the jumps in the Ward merge heights h_1 ≤ … ≤ h_{n−1}.

    Cutting the tree into k clusters keeps merges 1 … n−k and undoes merges n−k+1 … n−1, so the
    cut for k lies between h_{n−k} and h_{n−k+1}.

    Rules:
        `log_gap` (default): the largest gap in log merge height, i.e. the k maximising
            h_{n−k+1} / h_{n−k}, over k below the number of distinct scores (so h_{n−k} > 0). Ward
            heights grow with cluster size, so a relative jump marks well-separated groups better
            than a raw difference.
        `largest_gap`: the k maximising h_{n−k+1} − h_{n−k} (with h_0 = 0). It nearly always
            returns `min_tiers`, because the last merges of Ward's method are the highest.
        `mojena`: Mojena's upper-tail rule (R. Mojena, The Computer Journal 20(4), 1977): undo the
            merges higher than mean(h) + 1.25·sd(h) (c = 1.25 after Milligan & Cooper,
            Psychometrika 50(2), 1985), so k = 1 + their count.

    Whatever the rule, k is kept within [`min_tiers`, `max_tiers`], at most the number of distinct
    scores and at most n/2 (but at least 2 when two distinct scores exist); ties between candidate
    k go to the smaller k.

    Args:
        scores: One score per place.
        rule: One of `TIER_RULES`.
        min_tiers: Smallest number of tiers returned when that many distinct scores exist.
        max_tiers: Largest number of tiers returned.

    Returns:
        The number of tiers (1 when all scores are equal).

    Raises:
        CheckError: Unknown rule.
    """
    if rule not in TIER_RULES:
        raise CheckError(f"tiers: rule {rule!r} is unknown. Use one of: {', '.join(TIER_RULES)}.")
    scores = np.asarray(scores, dtype=float)
    # At most n/2 tiers: a tier is a group (two places on average), and the lowest merges of small
    # samples are near-ties whose height ratios say nothing about tiers.
    upper = min(max_tiers, len(np.unique(scores)), max(2, len(scores) // 2))
    if upper <= 1:
        return 1
    lower = min(max(min_tiers, 2), upper)
    if lower == upper:
        return upper
    heights = np.concatenate([[0.0], compute_linkage(scores)[:, 2]])  # heights[j] = h_j, h_0 = 0
    n = len(scores)
    if rule == "mojena":
        k = 1 + int((heights[1:] > heights[1:].mean() + MOJENA_C * heights[1:].std(ddof=1)).sum())
        return int(min(max(k, lower), upper))
    candidates = range(lower, upper + 1)
    if rule == "log_gap":
        candidates = [k for k in candidates if heights[n - k] > 0]
        if not candidates:
            return lower
        jumps = {k: heights[n - k + 1] / heights[n - k] for k in candidates}
    else:
        jumps = {k: heights[n - k + 1] - heights[n - k] for k in candidates}
    return max(jumps, key=lambda k: (jumps[k], -k))


def compute_tiers(scores: np.ndarray, tier_count: int) -> np.ndarray:
    """Cluster scores into tiers with Ward linkage; tier 1 holds the highest scores.

    Args:
        scores: One score per place (any order).
        tier_count: Number of tiers wanted; capped at the number of distinct scores, so equal
            scores are never split.

    Returns:
        An integer array aligned with `scores`, values 1..k with k = min(tier_count, distinct scores).

    Raises:
        CheckError: `tier_count` is below 1.
    """
    scores = np.asarray(scores, dtype=float)
    if tier_count < 1:
        raise CheckError(f"tiers: {tier_count} tiers requested; ask for at least 1.")
    k = min(tier_count, len(np.unique(scores)))
    if k <= 1:
        return np.ones(len(scores), dtype=int)
    clusters = cut_tree(compute_linkage(scores), n_clusters=k).ravel()
    means = pd.Series(scores).groupby(clusters).mean()
    order = means.sort_values(ascending=False, kind="stable").index
    tiers = pd.Series(np.arange(1, k + 1), index=order).loc[clusters].to_numpy()
    _check_contiguous(scores, tiers)
    return tiers


def _check_contiguous(scores: np.ndarray, tiers: np.ndarray) -> None:
    # Sorted by descending score, tiers must never go back up; a failure here is a bug, not bad data.
    by_score = tiers[np.argsort(-scores, kind="stable")]
    if np.any(np.diff(by_score) < 0):
        raise RuntimeError(f"Ward tiers are not contiguous in score: {by_score.tolist()}")


def add_tiers(
    scores: pd.DataFrame,
    tiers: int | str = "auto",
    *,
    rule: str = "log_gap",
    min_tiers: int = MIN_TIERS,
    max_tiers: int = MAX_TIERS,
) -> pd.DataFrame:
    """Add `tier` and `tier_count` to a score table, clustering each year separately.

    Args:
        scores: Columns `year` and `score` (one row per place and year).
        tiers: A number of tiers, or `auto` for `choose_tier_count`.
        rule: The `choose_tier_count` rule used by `auto`.
        min_tiers: Lower bound for `auto`.
        max_tiers: Upper bound for `auto`.

    Returns:
        A copy of `scores` with `tier` (1 = best) and `tier_count` (Int64).

    Raises:
        CheckError: `tiers` is neither `auto` nor a positive integer.
    """
    if tiers != "auto" and not (isinstance(tiers, int) and tiers >= 1):
        raise CheckError(f"tiers: {tiers!r} is neither auto nor a positive whole number.")
    out = scores.copy()
    out["tier"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["tier_count"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    for _, group in out.groupby("year", sort=True):
        values = group["score"].to_numpy(dtype=float)
        k = (
            choose_tier_count(values, rule=rule, min_tiers=min_tiers, max_tiers=max_tiers)
            if tiers == "auto" else tiers
        )
        labels = compute_tiers(values, k)
        out.loc[group.index, "tier"] = labels
        out.loc[group.index, "tier_count"] = int(labels.max())
    return out
