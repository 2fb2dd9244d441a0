import derived_fixtures as fx
import pandas as pd
import pytest

from scoring.entries import compute_base_entries
from scoring.errors import CheckError
from scoring.tiers import add_tiers, compute_tier_name, compute_tier_ranges, compute_tier_table


def _base():
    return compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)


def test_compute_tier_ranges_parses_report_boundaries():
    assert compute_tier_ranges("1-6;7-27;28-59;60-100") == ((1, 6), (7, 27), (28, 59), (60, 100))


@pytest.mark.parametrize("bad", ["1-6;8-20", "2-10", "1-6;7-5", "1-6;x-9", "1-6;6-10"])
def test_compute_tier_ranges_rejects_gaps_overlaps_and_garbage(bad):
    with pytest.raises(CheckError, match="tier_boundaries"):
        compute_tier_ranges(bad)


def test_compute_tier_name_uses_chinese_numerals():
    assert [compute_tier_name(t) for t in (1, 2, 3, 4)] == ["第一梯队", "第二梯队", "第三梯队", "第四梯队"]


def test_compute_tier_table_skips_editions_without_boundaries():
    table = compute_tier_table(fx.editions())
    assert sorted(table["edition"].unique()) == ["county_industrial-2019", "county_industrial-2024"]
    row = table[(table["edition"] == "county_industrial-2024") & (table["tier"] == 2)].iloc[0]
    assert (row["first_rank"], row["last_rank"], row["tier_name"]) == (2, 5, "第二梯队")


def test_add_tiers_assigns_tier_by_rank_and_na_without_boundaries():
    base = _base()
    tiers = add_tiers(base, fx.editions())
    got = tiers.set_index(["edition", "rank", "region_code"])["tier"]
    assert got[("county_industrial-2019", 2, "320583")] == 1
    assert got[("county_industrial-2019", 3, "320684")] == 2
    assert got[("county_industrial-2024", 1, "320583")] == 1
    assert got[("county_industrial-2024", 2, "320281")] == 2
    no_tiers = tiers[tiers["edition"].isin(["county_industrial-2021", "city_manufacturing-2023"])]
    assert no_tiers["tier"].isna().all() and no_tiers["tier_name"].isna().all()
    assert str(tiers["tier"].dtype) == "Int64"


def test_add_tiers_keeps_index_and_does_not_mutate_input():
    base = _base().iloc[::-1]
    before = base.copy()
    tiers = add_tiers(base, fx.editions())
    pd.testing.assert_frame_equal(base, before)
    assert list(tiers.index) == list(base.index)
    assert tiers.loc[tiers["region_code"].eq("350582") & tiers["edition"].eq("county_industrial-2019"),
                     "tier_name"].item() == "第二梯队"
