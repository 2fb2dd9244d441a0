import derived_fixtures as fx
import pandas as pd

from scoring.entries import compute_base_entries
from scoring.movement import add_movement, compute_movements, compute_previous_editions


def _entries():
    return compute_base_entries(fx.rankings(), fx.editions(), fx.regions(), fx.PARAMS)


def test_compute_previous_editions_chains_held_editions_only():
    chain = compute_previous_editions(fx.editions()).set_index("edition")["previous_edition"]
    assert chain["county_industrial-2021"] == "county_industrial-2019"
    # No 2022 or 2023 edition is held: 2024 compares with 2021.
    assert chain["county_industrial-2024"] == "county_industrial-2021"
    assert pd.isna(chain["county_industrial-2019"])
    assert pd.isna(chain["county_innovation-2019"])
    assert pd.isna(chain["city_manufacturing-2023"])


def test_compute_movements_classifies_each_place():
    movements = compute_movements(_entries(), fx.editions(), fx.LISTS)
    columns = ["rank", "previous_rank", "movement", "places_moved"]
    got = movements.set_index(["edition", "region_code"])[columns]
    e21, e24 = "county_industrial-2021", "county_industrial-2024"
    assert tuple(got.loc[(e21, "320583")]) == (1, 2, "up", 1)
    assert tuple(got.loc[(e21, "320281")]) == (2, 1, "down", 1)
    assert tuple(got.loc[(e21, "350582")]) == (3, 5, "up", 2)
    assert got.loc[(e21, "410181"), "movement"] == "new"
    assert got.loc[(e21, "330282"), "movement"] == "dropped"
    assert pd.isna(got.loc[(e21, "330282"), "rank"])
    assert got.loc[(e21, "330282"), "previous_rank"] == 4
    assert tuple(got.loc[(e24, "320583")]) == (1, 1, "unchanged", 0)
    # 慈溪 was in 2019, not 2021, back in 2024.
    assert got.loc[(e24, "330282"), "movement"] == "returned"
    assert pd.isna(got.loc[(e24, "330282"), "places_moved"])
    assert got.loc[(e24, "410181"), "movement"] == "dropped"


def test_compute_movements_follows_a_county_that_became_a_district_by_current_code():
    # 海门市 (2019, printed as a county) and 海门区 (2024) share the current code 320684.
    movements = compute_movements(_entries(), fx.editions(), fx.LISTS)
    haimen = movements[movements["region_code"] == "320684"].set_index("edition")["movement"]
    assert haimen.to_dict() == {"county_industrial-2021": "dropped", "county_industrial-2024": "returned"}


def test_compute_movements_stays_within_one_list():
    # 昆山 is on county_innovation-2019, but county_innovation has a single held edition: no rows;
    # and its county_industrial movement ignores the innovation list.
    movements = compute_movements(_entries(), fx.editions(), fx.LISTS)
    assert not movements["edition"].str.startswith("county_innovation").any()
    assert not movements["edition"].str.startswith("city_manufacturing").any()
    assert set(movements["previous_edition"]) == {"county_industrial-2019", "county_industrial-2021"}


def test_compute_movements_has_one_row_per_place_in_either_edition():
    movements = compute_movements(_entries(), fx.editions(), fx.LISTS)
    assert not movements.duplicated(["edition", "region_code"]).any()
    assert (movements.groupby("edition").size() == 7).all()


def test_add_movement_adds_signed_rank_change_and_na_for_first_edition():
    entries = _entries()
    movements = compute_movements(entries, fx.editions(), fx.LISTS)
    out = add_movement(entries, fx.editions(), movements)
    assert list(out.index) == list(entries.index)
    got = out.set_index(["edition", "region_code"])
    assert got.loc[("county_industrial-2021", "350582"), "rank_change"] == 2
    assert got.loc[("county_industrial-2021", "320281"), "rank_change"] == -1
    assert pd.isna(got.loc[("county_industrial-2021", "410181"), "rank_change"])
    first = out[out["edition"] == "county_industrial-2019"]
    assert first[["previous_edition", "previous_rank", "movement", "rank_change"]].isna().all().all()
    assert got.loc[("county_industrial-2024", "320281"), "previous_edition"] == "county_industrial-2021"
