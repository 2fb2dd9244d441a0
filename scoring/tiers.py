"""Score stage: tiers (梯队) of each edition from the boundaries the report states.

Input: `editions.tier_boundaries` ("1-10;11-30;31-60;61-100", empty where the report gives none) and
the entry frame. Output: the entry frame with `tier` (1..k) and `tier_name` (第一梯队 …).
"""

from __future__ import annotations

import pandas as pd

from scoring.errors import CheckError

_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def compute_tier_name(tier: int) -> str:
    """Return the Chinese name of tier `tier` (1 -> 第一梯队), for tiers 1..10."""
    return f"第{_NUMERALS[tier - 1]}梯队"


def compute_tier_ranges(boundaries: str) -> tuple[tuple[int, int], ...]:
    """Parse a `tier_boundaries` value into (first rank, last rank) pairs, tier 1 first.

    Raises:
        CheckError: A range is malformed, reversed, or does not start right after the previous one.
    """
    ranges = []
    for part in boundaries.split(";"):
        first, _, last = part.partition("-")
        if not (first.strip().isdigit() and last.strip().isdigit()):
            raise CheckError(f'editions.tier_boundaries "{boundaries}": "{part}" is not a range like 1-10.')
        ranges.append((int(first), int(last)))
    expected_first = 1
    for first, last in ranges:
        if first != expected_first or last < first:
            raise CheckError(
                f'editions.tier_boundaries "{boundaries}": ranges must run 1-a;(a+1)-b;… '
                "without gaps or overlaps."
            )
        expected_first = last + 1
    if len(ranges) > len(_NUMERALS):
        raise CheckError(f'editions.tier_boundaries "{boundaries}": more than {len(_NUMERALS)} tiers.')
    return tuple(ranges)


def compute_tier_table(editions: pd.DataFrame) -> pd.DataFrame:
    """Expand the editions' tier boundaries into one row per edition and tier.

    Returns:
        Columns edition, tier (Int64), tier_name, first_rank, last_rank; editions without
        boundaries have no rows. Sorted by edition and tier.
    """
    rows = []
    stated = editions.dropna(subset=["tier_boundaries"])
    for edition, boundaries in zip(stated["edition"], stated["tier_boundaries"], strict=True):
        for tier, (first, last) in enumerate(compute_tier_ranges(str(boundaries)), start=1):
            rows.append((edition, tier, compute_tier_name(tier), first, last))
    table = pd.DataFrame(rows, columns=["edition", "tier", "tier_name", "first_rank", "last_rank"])
    table = table.astype({"edition": "string", "tier": "Int64", "tier_name": "string",
                          "first_rank": "Int64", "last_rank": "Int64"})
    return table.sort_values(["edition", "tier"], kind="stable", ignore_index=True)


def add_tiers(entries: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Add `tier` and `tier_name` to each entry from its edition's stated boundaries.

    Args:
        entries: Frame with edition and rank.
        editions: The `editions` table with `tier_boundaries`.

    Returns:
        A copy of `entries` with `tier` (Int64) and `tier_name` (string); both NA where the edition
        states no tiers or the rank lies outside every stated range.
    """
    tiers = compute_tier_table(editions)
    keyed = entries[["edition", "rank"]].reset_index(drop=True).reset_index(names="_row").merge(
        tiers, on="edition", how="inner", validate="many_to_many"
    )
    inside = keyed[(keyed["rank"] >= keyed["first_rank"]) & (keyed["rank"] <= keyed["last_rank"])]
    found = inside.set_index("_row").reindex(range(len(entries))).set_axis(entries.index)
    return entries.assign(tier=found["tier"].astype("Int64"), tier_name=found["tier_name"].astype("string"))
