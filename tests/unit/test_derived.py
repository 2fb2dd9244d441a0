from pathlib import Path
from types import MappingProxyType

import derived_fixtures as fx
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.derived import ENTRY_COLUMNS, compute_derived, load_derived_schema
from scoring.package import Package

RANKING_TYPES = {"edition": "string", "rank": "Int64", "region_code": "string", "printed_name": "string",
                 "printed_province_first": "boolean"}
COUNTIES = ["320281", "320583", "320582", "320684", "330282", "350582", "410181"]


def _package(rankings, editions=None, regions=None):
    tables = {"rankings": rankings, "editions": editions if editions is not None else fx.editions(),
              "regions": regions if regions is not None else fx.regions()}
    return Package(root=Path("."), descriptor={}, tables=MappingProxyType(tables))


@st.composite
def rankings_strategy(draw):
    """Random county_industrial editions 2019/2021/2024 of size 5 over the fixture counties, ties allowed."""
    rows = []
    for year in (2019, 2021, 2024):
        places = draw(st.lists(st.sampled_from(COUNTIES), min_size=1, max_size=5, unique=True))
        ranks = sorted(draw(st.lists(st.integers(1, 5), min_size=len(places), max_size=len(places))))
        rows += [(f"county_industrial-{year}", rank, code, code, False)
                 for rank, code in zip(ranks, places, strict=True)]
    frame = pd.DataFrame(rows, columns=list(RANKING_TYPES))
    return frame.astype(RANKING_TYPES)


def test_compute_derived_returns_every_schema_table_in_schema_column_order():
    tables = compute_derived(_package(fx.rankings()), fx.PARAMS)
    schema = load_derived_schema()
    for resource in schema["resources"]:
        if resource["name"] in tables:
            assert list(tables[resource["name"]].columns) == [f["name"] for f in resource["schema"]["fields"]]
    expected = {"entries", "movements", "province_counts", "bloc_counts", "kind_counts", "rank_bands",
                "province_leaders", "persistence", "cross_list", "prefecture_groups"}
    assert set(tables) == expected
    assert list(tables["entries"].columns) == list(ENTRY_COLUMNS)
    assert len(tables["entries"]) == len(fx.rankings())


def test_compute_derived_does_not_mutate_package_tables():
    rankings = fx.rankings()
    package = _package(rankings)
    compute_derived(package, fx.PARAMS)
    pd.testing.assert_frame_equal(package.tables["rankings"], fx.rankings())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rankings=rankings_strategy(), seed=st.integers(0, 10_000))
def test_compute_derived_invariants_and_row_order_independence(rankings, seed):
    tables = compute_derived(_package(rankings), fx.PARAMS)
    entries = tables["entries"]
    province_size = entries.groupby(["edition", "province_code"])["rank"].transform("size")
    assert (entries["province_rank"] >= 1).all()
    assert (entries["province_rank"] <= province_size).all()
    assert entries["list_percentile_pct"].between(0, 100).all()
    # Equal ranks get equal percentiles and, within a province, equal province ranks.
    assert (entries.groupby(["edition", "rank"])["list_percentile_pct"].nunique() == 1).all()
    assert (entries.groupby(["edition", "province_code", "rank"])["province_rank"].nunique() == 1).all()
    assert tables["province_counts"]["share_pct"].between(0, 100).all()
    leaders = tables["province_leaders"]
    led = set(zip(leaders["edition"], leaders["province_code"], strict=True))
    assert led == set(zip(entries["edition"], entries["province_code"], strict=True))
    moved = tables["movements"]
    assert (moved["places_moved"].dropna() >= 0).all()
    shuffled = rankings.sample(frac=1, random_state=seed).reset_index(drop=True)
    again = compute_derived(_package(shuffled), fx.PARAMS)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_load_derived_schema_declares_primary_key_for_every_resource():
    schema = load_derived_schema()
    for resource in schema["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["primaryKey"], resource["name"]
        assert set(resource["schema"]["primaryKey"]) <= set(names)
        assert set(resource.get("sortKey", [])) <= set(names)
