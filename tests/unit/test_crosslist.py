import derived_fixtures as fx
import pandas as pd

from scoring.crosslist import compute_cross_list, compute_prefecture_groups
from scoring.entries import compute_base_entries


def _entries():
    return compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)


def test_compute_cross_list_pairs_ranks_of_same_year():
    got = compute_cross_list(_entries())
    expected = pd.DataFrame({
        "year": pd.array([2019, 2019, 2019], dtype="Int64"),
        "region_code": pd.array(["320281", "320583", "330282"], dtype="string"),
        "industrial_rank": pd.array([1, 2, 4], dtype="Int64"),
        "innovation_rank": pd.array([2, 1, 2], dtype="Int64"),
    })
    pd.testing.assert_frame_equal(got, expected)


def test_compute_prefecture_groups_attaches_city_rank_of_newest_city_edition():
    groups = compute_prefecture_groups(_entries(), fx.LISTS)
    assert not groups["edition"].str.startswith("city_manufacturing").any()
    got = groups[groups["edition"] == "county_industrial-2021"].set_index("region_code")
    assert got.loc["320582", "prefecture_code"] == "320500"
    assert got.loc["320582", "city_rank"] == 1  # 苏州 is 1st on the city list
    assert pd.isna(got.loc["410181", "city_rank"])  # 郑州 is not on the fixture city list
    assert (groups["city_edition"] == "city_manufacturing-2023").all()
    assert len(groups) == 5 + 5 + 5 + 3


def test_compute_prefecture_groups_without_city_edition_gives_na():
    entries = _entries()
    groups = compute_prefecture_groups(entries[entries["list"] != "city_manufacturing"], fx.LISTS)
    assert groups["city_rank"].isna().all() and groups["city_edition"].isna().all()
