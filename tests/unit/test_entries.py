import derived_fixtures as fx
import pandas as pd

from scoring.entries import BASE_COLUMNS, add_list_percentile, compute_base_entries


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
