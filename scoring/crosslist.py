"""Score stage: places ranked on two lists, and counties/districts grouped by their prefecture.

Input: the entry frame (and the configured lists). Outputs: `cross_list` (places on both
county_industrial and county_innovation of the same year: the pair the reports compare) and
`prefecture_groups` (each ranked county or district with its prefecture's rank in the newest edition
held of the first city-level list in site order).
"""

from __future__ import annotations

import pandas as pd

from scoring.lists import Lists

# The two county lists whose overlap the reports discuss (2019 and 2021 reports); absent lists give
# an empty table.
INDUSTRIAL = "county_industrial"
INNOVATION = "county_innovation"


def compute_cross_list(entries: pd.DataFrame) -> pd.DataFrame:
    """Pair the county_industrial and county_innovation ranks of places on both lists in one year.

    Returns:
        Columns year, region_code, industrial_rank, innovation_rank; one row per year and place;
        sorted by year, industrial_rank, region_code.
    """
    def ranks(list_name: str, column: str) -> pd.DataFrame:
        part = entries[entries["list"] == list_name][["year", "region_code", "rank"]]
        return part.rename(columns={"rank": column}, errors="raise")

    pairs = ranks(INDUSTRIAL, "industrial_rank").merge(
        ranks(INNOVATION, "innovation_rank"), on=["year", "region_code"], how="inner", validate="one_to_one"
    )
    pairs = pairs.astype({"year": "Int64", "region_code": "string", "industrial_rank": "Int64",
                          "innovation_rank": "Int64"})
    return pairs.sort_values(["year", "industrial_rank", "region_code"], kind="stable", ignore_index=True)


def compute_prefecture_groups(entries: pd.DataFrame, lists: Lists) -> pd.DataFrame:
    """Attach to every ranked county or district its prefecture and that prefecture's city rank.

    Covers every entry of the county and district lists (level county or district in `lists`).
    `city_rank` is the prefecture's rank in the newest edition held of the first city-level list
    (`city_edition`), NA when the prefecture is not on it, the place has no prefecture (county-level
    units under a province) or no city list is configured.

    Returns:
        Columns edition, prefecture_code, region_code, rank, city_edition, city_rank; one row per
        edition and region; sorted by edition, rank, region_code.
    """
    city_lists = [spec.code for spec in lists.specs if spec.level == "city"]
    place_lists = [spec.code for spec in lists.specs if spec.level != "city"]
    cities = entries[entries["list"] == (city_lists[0] if city_lists else None)]
    places = entries[entries["list"].isin(place_lists)][["edition", "prefecture_code", "region_code", "rank"]]
    ordered = cities.sort_values(["year", "edition"], kind="stable")["edition"]
    newest = ordered.iloc[-1] if len(ordered) else pd.NA
    city_ranks = cities[cities["edition"] == newest][["region_code", "rank"]].rename(
        columns={"region_code": "prefecture_code", "rank": "city_rank"}, errors="raise"
    )
    groups = places.merge(city_ranks, on="prefecture_code", how="left", validate="many_to_one")
    groups["city_edition"] = pd.Series(newest, index=groups.index, dtype="string")
    groups = groups.astype({"edition": "string", "prefecture_code": "string", "region_code": "string",
                            "rank": "Int64", "city_rank": "Int64"})
    groups = groups.sort_values(["edition", "rank", "region_code"], kind="stable", ignore_index=True)
    return groups[["edition", "prefecture_code", "region_code", "rank", "city_edition", "city_rank"]]
