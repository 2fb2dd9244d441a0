import derived_fixtures as fx
import pandas as pd

from scoring.entries import compute_base_entries
from scoring.persistence import compute_persistence


def _persistence():
    entries = compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)
    return compute_persistence(entries, fx.editions(), fx.PARAMS).set_index(["list", "region_code"])


def test_compute_persistence_summarises_a_place_in_every_edition():
    row = _persistence().loc[("county_industrial", "320583")]  # 昆山: 2, 1, 1
    assert row["editions_held"] == 3 and row["editions_in"] == 3
    assert row["editions"] == "2019;2021;2024"
    assert (row["best_rank"], row["best_edition"]) == (1, "county_industrial-2021")
    assert (row["latest_rank"], row["latest_edition"]) == (1, "county_industrial-2024")
    assert row["in_every_edition"]
    assert row["streak_top_n"] == 2  # thresholds 1, 2, 3: worst rank 2


def test_compute_persistence_best_edition_is_earliest_reaching_best_rank():
    row = _persistence().loc[("county_industrial", "320281")]  # 江阴: 1, 2, 2
    assert (row["best_rank"], row["best_edition"]) == (1, "county_industrial-2019")


def test_compute_persistence_gap_gives_no_streak_and_latest_from_newest_edition_in():
    table = _persistence()
    cixi = table.loc[("county_industrial", "330282")]  # 慈溪: 4, -, 4
    assert cixi["editions"] == "2019;2024" and cixi["editions_in"] == 2
    assert not cixi["in_every_edition"]
    assert pd.isna(cixi["streak_top_n"])
    gongyi = table.loc[("county_industrial", "410181")]  # 巩义: only 2021
    assert gongyi["latest_edition"] == "county_industrial-2021"


def test_compute_persistence_no_threshold_reached_gives_na():
    jinjiang = _persistence().loc[("county_industrial", "350582")]  # 晋江: 5, 3, 3 > every threshold 3
    assert jinjiang["in_every_edition"]
    assert pd.isna(jinjiang["streak_top_n"])


def test_compute_persistence_one_row_per_list_and_place():
    table = _persistence()
    assert table.index.is_unique
    assert len(table) == 7 + 3 + 3
