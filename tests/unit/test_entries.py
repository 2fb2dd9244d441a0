import derived_fixtures as fx
import pandas as pd
import pytest

from scoring.entries import BASE_COLUMNS, add_list_percentile, apply_rank_corrections, compute_base_entries
from scoring.errors import CheckError


def test_compute_base_entries_joins_edition_registry_parents_and_bloc():
    entries = compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)
    assert list(entries.columns) == list(BASE_COLUMNS)
    row = entries.set_index(["edition", "region_code"]).loc[("county_industrial-2019", "320684")]
    # Printed as 海门市 in 2019; the registry entry is the current 海门区.
    assert (row["printed_name"], row["name"], row["kind"]) == ("海门市", "海门区", "市辖区")
    assert (row["province_name"], row["prefecture_name"], row["bloc"]) == ("江苏省", "南通市", "东部")
    assert (row["list"], row["year"], row["size"]) == ("county_industrial", 2019, 5)
    city = entries[entries["list"] == "city_manufacturing"]
    assert city["prefecture_code"].isna().all()


def test_add_list_percentile_is_linear_from_100_to_0():
    entries = pd.DataFrame({"rank": pd.array([1, 11, 100, 1, 1, None], dtype="Int64"),
                            "size": pd.array([100, 100, 100, 50, 1, 100], dtype="Int64")})
    pct = add_list_percentile(entries)["list_percentile_pct"]
    assert pct.iloc[:5].tolist() == [100.0, 89.9, 0.0, 100.0, 100.0]
    assert pd.isna(pct.iloc[5])


CORRECTIONS = """correction_id,edition,region_code,field,printed_value,corrected_value
C001,county_industrial-2019,350582,rank,5,6
C002,county_industrial-2019,320281,printed_name,江阴,江阴市
"""


def test_apply_rank_corrections_replaces_rank_and_keeps_printed_rank():
    rankings = fx.rankings()
    out = apply_rank_corrections(rankings, fx.frame(CORRECTIONS))
    pd.testing.assert_frame_equal(rankings, fx.rankings())
    row = out.set_index(["edition", "region_code"]).loc[("county_industrial-2019", "350582")]
    assert (row["rank"], row["printed_rank"]) == (6, 5)
    unchanged = out[out["region_code"] != "350582"]
    assert (unchanged["rank"] == unchanged["printed_rank"]).all()
    assert str(out["rank"].dtype) == "Int64"


def test_apply_rank_corrections_rejects_a_correction_that_matches_no_printed_rank():
    bad = fx.frame(CORRECTIONS.replace("350582,rank,5,6", "350582,rank,4,6"))
    with pytest.raises(CheckError, match="corrections C001: .* no ranking row printed with rank 4"):
        apply_rank_corrections(fx.rankings(), bad)
    missing = fx.frame(CORRECTIONS.replace("county_industrial-2019,350582", "county_industrial-2021,320684"))
    with pytest.raises(CheckError, match="corrections C001"):
        apply_rank_corrections(fx.rankings(), missing)
