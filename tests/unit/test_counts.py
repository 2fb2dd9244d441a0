import derived_fixtures as fx
import pandas as pd

from scoring.counts import (
    compute_band_label,
    compute_bloc_counts,
    compute_kind_counts,
    compute_province_counts,
    compute_rank_bands,
)
from scoring.entries import compute_base_entries
from scoring.params import build_params


def _entries():
    return compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)


def test_compute_province_counts_counts_and_shares_of_edition_size():
    counts = compute_province_counts(_entries())
    got = counts[counts["edition"] == "county_industrial-2021"].reset_index(drop=True)
    expected = fx.frame("""edition,province_code,province_name,count,share_pct
county_industrial-2021,320000,江苏省,3,60.0
county_industrial-2021,350000,福建省,1,20.0
county_industrial-2021,410000,河南省,1,20.0
""")
    expected["count"] = expected["count"].astype("Int64")
    expected["share_pct"] = expected["share_pct"].astype("Float64")
    pd.testing.assert_frame_equal(got, expected)


def test_compute_province_counts_share_uses_stated_size_with_two_decimals():
    counts = compute_province_counts(_entries())
    city = counts[counts["edition"] == "city_manufacturing-2023"].set_index("province_code")["share_pct"]
    assert city["320000"] == 66.67 and city["330000"] == 33.33


def test_compute_bloc_counts_lists_every_bloc_with_zeros_in_params_order():
    counts = compute_bloc_counts(_entries(), fx.PARAMS)
    got = counts[counts["edition"] == "county_industrial-2021"]
    assert list(got["bloc"]) == ["东部", "中部", "西部", "东北"]
    assert list(got["count"]) == [4, 1, 0, 0]


def test_compute_kind_counts_uses_current_registry_kind():
    counts = compute_kind_counts(_entries())
    got = counts[counts["edition"] == "county_industrial-2019"].set_index("kind")["count"].to_dict()
    # 海门 was printed as 海门市 in 2019 but is now a district: it counts as 市辖区.
    assert got == {"县级市": 4, "市辖区": 1}


def test_compute_band_label():
    assert compute_band_label(1, 10) == "1-10"
    assert compute_band_label(91, 10) == "91-100"


def test_compute_rank_bands_is_a_complete_matrix_summing_to_entries():
    entries = _entries()
    bands = compute_rank_bands(entries, fx.PARAMS)
    got = bands[bands["edition"] == "county_industrial-2019"]
    # size 5, width 2 -> bands 1-2, 3-4, 5-6 for each of the 3 provinces.
    assert len(got) == 9
    jiangsu = got[got["province_code"] == "320000"]
    assert list(jiangsu["band"]) == ["1-2", "3-4", "5-6"]
    assert list(jiangsu["count"]) == [2, 1, 0]
    totals = bands.groupby("edition")["count"].sum()
    assert totals.to_dict() == entries.groupby("edition").size().to_dict()


def test_compute_rank_bands_city_list_of_50_has_five_bands():
    entries = pd.DataFrame({
        "edition": pd.array(["city-2023"] * 2, dtype="string"),
        "rank": pd.array([1, 50], dtype="Int64"),
        "size": pd.array([50, 50], dtype="Int64"),
        "province_code": pd.array(["320000", "320000"], dtype="string"),
    })
    params = build_params({"blocs": {}, "rank_band_width": 10, "streak_thresholds": [10]})
    bands = compute_rank_bands(entries, params)
    assert list(bands["band"]) == ["1-10", "11-20", "21-30", "31-40", "41-50"]
    assert list(bands["count"]) == [1, 0, 0, 0, 1]


def test_compute_bloc_counts_counts_provinces_outside_every_bloc_under_na():
    params = build_params({"blocs": {"东部": ["32", "33", "35"]}, "rank_band_width": 10,
                           "streak_thresholds": [10]})
    entries = compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), params)
    counts = compute_bloc_counts(entries, params)
    got = counts[counts["edition"] == "county_industrial-2021"]
    assert got["bloc"].tolist()[0] == "东部" and got["count"].tolist() == [4, 1]
    assert pd.isna(got["bloc"].tolist()[1])
