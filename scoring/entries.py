"""Score stage: one enriched row per ranked entry, the base of every derived table.

Inputs: the validated `rankings`, `editions` and `regions` tables and `Params`. Output: the entry
frame (one row per edition and region) with list, year, edition size, registry name, level, kind,
province, prefecture, bloc and the list percentile. Later steps add tiers, province ranks, leaders
and movement.
"""

from __future__ import annotations

import pandas as pd

from scoring.errors import CheckError
from scoring.params import Params
from scoring.territory import select_identity_changes

BASE_COLUMNS = (
    "edition", "list", "year", "size", "rank", "printed_rank", "region_code", "printed_name",
    "printed_province_first", "printed_rank_change", "name", "level", "kind", "province_code",
    "province_name", "prefecture_code", "prefecture_name", "bloc",
)
EDITION_COLUMNS = ("edition", "list", "year", "size")
SORT_KEYS = ["list", "year", "edition", "rank", "region_code"]
# Generic suffixes of county-level names and the kind each shows, compound suffixes first. The
# registry's curation tool classifies names with the same table.
COUNTY_KINDS = (
    ("自治旗", "自治旗"), ("自治县", "自治县"), ("林区", "林区"), ("特区", "特区"),
    ("区", "市辖区"), ("市", "县级市"), ("旗", "旗"), ("县", "县"),
)


def apply_rank_corrections(rankings: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """Replace misprinted ranks by their recorded corrections, keeping the printed rank.

    Only `corrections` rows with field "rank" apply (e.g. a rank printed twice while the next rank
    is missing). The analytics rank the corrected list; `printed_rank` keeps what the report printed.

    Returns:
        A copy of `rankings` with `rank` corrected and a new `printed_rank` (Int64) column.

    Raises:
        CheckError: A rank correction names no ranking row, or its printed_value is not the printed rank.
    """
    fixes = corrections.loc[corrections["field"] == "rank", ["edition", "region_code", "printed_value",
                                                               "corrected_value", "correction_id"]]
    keyed = rankings[["edition", "region_code", "rank"]].merge(
        fixes, on=["edition", "region_code"], how="right", validate="one_to_one"
    )
    bad = keyed[(keyed["rank"].astype("string") != keyed["printed_value"]).fillna(True)]
    if len(bad):
        raise CheckError([
            f'corrections {row.correction_id}: edition "{row.edition}", region {row.region_code} has no '
            f"ranking row printed with rank {row.printed_value}. Fix the correction."
            for row in bad.itertuples()
        ])
    corrected = rankings.merge(
        fixes[["edition", "region_code", "corrected_value"]], on=["edition", "region_code"], how="left",
        validate="one_to_one",
    )
    fixed = pd.to_numeric(corrected["corrected_value"]).astype("Int64")
    out = rankings.assign(printed_rank=rankings["rank"])
    out["rank"] = fixed.set_axis(rankings.index).fillna(rankings["rank"]).astype("Int64")
    return out


def compute_base_entries(
    rankings: pd.DataFrame, editions: pd.DataFrame, regions: pd.DataFrame, params: Params
) -> pd.DataFrame:
    """Join each ranking row with its edition and its region's registry entry.

    Args:
        rankings: The `rankings` table (edition, rank, region_code, printed_name, printed_province_first …),
            with `printed_rank` when corrections were applied (else it equals rank).
        editions: The `editions` table (edition, list, year, size …).
        regions: The `regions` registry (code, name, level, kind, province_code, prefecture_code).
        params: Supplies the bloc of each province.

    Returns:
        One row per (edition, region_code), columns `BASE_COLUMNS`, sorted by list, year, rank and
        region_code. `province_name`/`prefecture_name` are the registry names of the parents;
        `prefecture_code` is NA for places without a prefecture; `bloc` is NA for a province in no bloc.
        Classification (level, kind, parents) is the place's current registry entry.
    """
    places = regions[["code", "name", "level", "kind", "province_code", "prefecture_code"]].rename(
        columns={"code": "region_code"}, errors="raise"
    )
    names = regions[["code", "name"]]
    if "printed_rank" not in rankings.columns:
        rankings = rankings.assign(printed_rank=rankings["rank"])
    frame = (
        rankings[["edition", "rank", "printed_rank", "region_code", "printed_name", "printed_province_first",
                  "printed_rank_change"]]
        .merge(editions[list(EDITION_COLUMNS)], on="edition", how="left", validate="many_to_one")
        .merge(places, on="region_code", how="left", validate="many_to_one")
        .merge(
            names.rename(columns={"code": "province_code", "name": "province_name"}, errors="raise"),
            on="province_code", how="left", validate="many_to_one",
        )
        .merge(
            names.rename(columns={"code": "prefecture_code", "name": "prefecture_name"}, errors="raise"),
            on="prefecture_code", how="left", validate="many_to_one",
        )
    )
    frame["bloc"] = frame["province_code"].map(params.bloc_of, na_action="ignore").astype("string")
    return frame[list(BASE_COLUMNS)].sort_values(SORT_KEYS, kind="stable", ignore_index=True)


def add_list_percentile(entries: pd.DataFrame) -> pd.DataFrame:
    """Add `list_percentile_pct`, the entry's position in its list as a percentage.

    Defined as ``100 * (size - rank) / (size - 1)`` where `size` is the edition's stated number of
    entries: 100.00 for rank 1, 0.00 for the last rank, linear in between (for a list of 100, rank 11
    is 89.90). A one-entry list gives 100. Rounded to two decimals.

    Returns:
        A copy of `entries` with the new Float64 column.
    """
    size = entries["size"].astype("Float64")
    rank = entries["rank"].astype("Float64")
    pct = (100 * (size - rank) / (size - 1).where(size > 1)).mask(size == 1, 100.0)
    return entries.assign(list_percentile_pct=pct.round(2).astype("Float64"))


def add_edition_kind(entries: pd.DataFrame, region_changes: pd.DataFrame) -> pd.DataFrame:
    """Add `edition_kind`, the kind the place had in the edition, as its printed name shows.

    A place printed under a recorded former name (region_changes.old_name of its code) counts as
    the kind that name shows: 海门市 in a 2019 county list is a 县级市 there, although the registry
    entry is now 海门区 (市辖区). Any other entry keeps its current registry kind, so a misprinted
    name (昌乐市 for 昌乐县) does not change the kind.

    Returns:
        A copy of `entries` with the new string column.
    """
    identity = select_identity_changes(region_changes)
    former = set(zip(identity["new_code"], identity["old_name"], strict=True))
    kinds = [
        _kind_of_name(printed, kind) if (code, printed) in former else kind
        for code, printed, kind in zip(
            entries["region_code"], entries["printed_name"], entries["kind"], strict=True
        )
    ]
    return entries.assign(edition_kind=pd.array(kinds, dtype="string"))


def _kind_of_name(name: str, fallback: str) -> str:
    return next((kind for suffix, kind in COUNTY_KINDS if name.endswith(suffix)), fallback)
