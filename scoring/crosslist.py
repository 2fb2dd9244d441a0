"""Score stage: places ranked on two lists, and counties/districts grouped by their prefecture.

Input: the entry frame. Outputs: `cross_list` (places on both county_industrial and county_innovation
of the same year) and `prefecture_groups` (each ranked county or district with its prefecture's rank in
the newest city_manufacturing edition held).
"""

from __future__ import annotations

import pandas as pd

INDUSTRIAL = "county_industrial"
INNOVATION = "county_innovation"
CITY = "city_manufacturing"


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


def compute_prefecture_groups(entries: pd.DataFrame) -> pd.DataFrame:
    """Attach to every ranked county or district its prefecture and that prefecture's city rank.

    Covers every entry of the county and district lists (not the city list). `city_rank` is the
    prefecture's rank in the newest city_manufacturing edition held (`city_edition`), NA when the
    prefecture is not on it or the place has no prefecture (county-level units under a province).

    Returns:
        Columns edition, prefecture_code, region_code, rank, city_edition, city_rank; one row per
        edition and region; sorted by edition, rank, region_code.
    """
    cities = entries[entries["list"] == CITY]
    places = entries[entries["list"] != CITY][["edition", "prefecture_code", "region_code", "rank"]]
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
