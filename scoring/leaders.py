"""Score stage: each entry's rank within its province, and each province's leader per edition.

Input: the entry frame (edition, rank, region_code, province_code, printed_province_first). Outputs:
`province_rank` and `is_province_leader` on the entries, and the province leaders table, which also
records whether the leader carries the printed ★ (省内第一) mark.
"""

from __future__ import annotations

import pandas as pd


def add_province_rank(entries: pd.DataFrame) -> pd.DataFrame:
    """Add `province_rank`: the entry's rank among its province's entries in the same edition.

    Competition ranking ("1224"): entries sharing a printed rank share the province rank and the next
    one skips. Entries without a province get NA.

    Returns:
        A copy of `entries` with `province_rank` (Int64) and `is_province_leader` (boolean,
        province_rank == 1; ties make several leaders).
    """
    rank = entries["rank"].astype("Float64")
    groups = rank.groupby([entries["edition"], entries["province_code"]], dropna=True)
    province_rank = groups.rank(method="min").reindex(entries.index).round().astype("Int64")
    is_leader = (province_rank == 1).astype("boolean")
    return entries.assign(province_rank=province_rank, is_province_leader=is_leader)


def compute_province_leaders(entries: pd.DataFrame) -> pd.DataFrame:
    """List each province's best-ranked entry (lowest rank) in each edition; ties list every one.

    Args:
        entries: Frame with `is_province_leader` (from `add_province_rank`) and `printed_province_first`.

    Returns:
        Columns edition, province_code, region_code, rank, has_printed_mark (boolean, the entry carries
        the printed ★ mark; NA in an edition that prints no ★ at all), sorted by edition, rank,
        region_code. One row per edition and leader.
    """
    marked = entries["printed_province_first"].astype("boolean")
    # Some tables print no ★ at all (county_innovation-2019; the city list prints 苏1-style region
    # ranks instead): there the mark is not applicable, not missing.
    uses_marks = marked.fillna(False).groupby(entries["edition"]).transform("any").astype(bool)
    flagged = entries.assign(has_printed_mark=marked.where(uses_marks))
    leaders = flagged[flagged["is_province_leader"].fillna(False).astype(bool)]
    leaders = leaders.sort_values(["edition", "rank", "region_code"], kind="stable", ignore_index=True)
    return leaders[["edition", "province_code", "region_code", "rank", "has_printed_mark"]]
