import derived_fixtures as fx
import pandas as pd

from scoring.entries import compute_base_entries
from scoring.leaders import add_province_rank, compute_province_leaders


def _entries(text):
    return fx.frame(text)


def test_add_province_rank_uses_competition_ranking_within_province_and_edition():
    entries = _entries("""edition,rank,region_code,province_code,printed_province_first
e-1,1,320281,320000,true
e-1,2,330282,330000,true
e-1,3,320583,320000,false
e-1,3,320582,320000,false
e-1,5,320684,320000,false
e-2,1,320684,320000,true
""")
    ranked = add_province_rank(entries)
    assert list(ranked["province_rank"]) == [1, 1, 2, 2, 4, 1]
    assert list(ranked["is_province_leader"]) == [True, True, False, False, False, True]
    assert str(ranked["province_rank"].dtype) == "Int64"


def test_compute_province_leaders_lists_tied_leaders_and_printed_mark():
    entries = _entries("""edition,rank,region_code,province_code,printed_province_first
e-1,2,320583,320000,true
e-1,2,320281,320000,false
e-1,1,330282,330000,true
e-1,4,320684,320000,false
""")
    leaders = compute_province_leaders(add_province_rank(entries))
    expected = fx.frame("""edition,province_code,region_code,rank,has_printed_mark
e-1,330000,330282,1,true
e-1,320000,320281,2,false
e-1,320000,320583,2,true
""")
    pd.testing.assert_frame_equal(leaders, expected)


def test_compute_province_leaders_on_fixture_editions():
    entries = add_province_rank(compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS))
    leaders = compute_province_leaders(entries)
    got = leaders[leaders["edition"] == "county_industrial-2019"].set_index("province_code")
    assert got["region_code"].to_dict() == {"320000": "320281", "330000": "330282", "350000": "350582"}
    # 晋江 leads 福建 in the data but carries no printed ★ in this fixture.
    assert not got.loc["350000", "has_printed_mark"]


def test_add_province_rank_does_not_mutate_input():
    entries = compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)
    before = entries.copy()
    add_province_rank(entries)
    pd.testing.assert_frame_equal(entries, before)


def test_compute_province_leaders_mark_is_na_in_editions_printing_no_marks():
    entries = _entries("""edition,rank,region_code,province_code,printed_province_first
e-1,1,320281,320000,false
e-1,2,330282,330000,false
e-2,1,320281,320000,true
e-2,2,330282,330000,false
""")
    leaders = compute_province_leaders(add_province_rank(entries)).set_index(["edition", "region_code"])
    assert leaders["has_printed_mark"].isna().sum() == 2
    assert leaders.loc[("e-2", "320281"), "has_printed_mark"]
    assert not leaders.loc[("e-2", "330282"), "has_printed_mark"]
