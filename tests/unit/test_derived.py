from pathlib import Path
from types import MappingProxyType

import derived_fixtures as fx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts import paths
from scoring.derived import ENTRY_COLUMNS, compute_derived, load_derived_schema
from scoring.lists import load_lists
from scoring.package import Package, load_package
from scoring.params import load_params

RANKING_TYPES = {"edition": "string", "rank": "Int64", "region_code": "string", "printed_name": "string",
                 "printed_province_first": "boolean", "printed_rank_change": "string"}
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
        rows += [(f"county_industrial-{year}", rank, code, code, False, None)
                 for rank, code in zip(ranks, places, strict=True)]
    frame = pd.DataFrame(rows, columns=list(RANKING_TYPES))
    return frame.astype(RANKING_TYPES)


def test_compute_derived_returns_every_schema_table_in_schema_column_order():
    tables = compute_derived(_package(fx.rankings()), fx.PARAMS, fx.LISTS)
    schema = load_derived_schema()
    for resource in schema["resources"]:
        if resource["name"] in tables:
            assert list(tables[resource["name"]].columns) == [f["name"] for f in resource["schema"]["fields"]]
    expected = {"entries", "movements", "province_counts", "bloc_counts", "kind_counts", "rank_bands",
                "province_leaders", "persistence", "cross_list", "prefecture_groups", "claim_verdicts"}
    assert set(tables) == expected
    assert list(tables["entries"].columns) == list(ENTRY_COLUMNS)
    assert len(tables["entries"]) == len(fx.rankings())


def test_compute_derived_does_not_mutate_package_tables():
    rankings = fx.rankings()
    package = _package(rankings)
    compute_derived(package, fx.PARAMS, fx.LISTS)
    pd.testing.assert_frame_equal(package.tables["rankings"], fx.rankings())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rankings=rankings_strategy(), seed=st.integers(0, 10_000))
def test_compute_derived_invariants_and_row_order_independence(rankings, seed):
    tables = compute_derived(_package(rankings), fx.PARAMS, fx.LISTS)
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
    again = compute_derived(_package(shuffled), fx.PARAMS, fx.LISTS)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_load_derived_schema_declares_primary_key_for_every_resource():
    schema = load_derived_schema()
    for resource in schema["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["primaryKey"], resource["name"]
        assert set(resource["schema"]["primaryKey"]) <= set(names)
        assert set(resource.get("sortKey", [])) <= set(names)


# ---------------------------------------------------------------------------------------------------------
# Hand-checked against the reports (/work/shared/seeds). Expected values are transcribed from the reports'
# tables and text, never from the data package. Where the text disagrees with a table, the table wins.
# ---------------------------------------------------------------------------------------------------------

PROVINCE_CODES = {
    "河北": "130000", "山西": "140000", "内蒙古": "150000", "辽宁": "210000",
    "江苏": "320000", "浙江": "330000", "安徽": "340000", "福建": "350000",
    "江西": "360000", "山东": "370000", "河南": "410000", "湖北": "420000",
    "湖南": "430000", "广东": "440000", "广西": "450000", "四川": "510000",
    "贵州": "520000", "云南": "530000", "陕西": "610000", "甘肃": "620000",
    "宁夏": "640000", "新疆": "650000",
}

# 001 (2019 report) 表3 2019年中国工业百强县（市）各省位次分布, lines 373-389, empty cell = 0.
TABLE_3_2019_COUNTY = """江苏	6	3	4	4	1	1	2	2		2
山东		2	2		3	2	4	2	4
浙江	1	2		4	1	3	3		3	1
河南				2	1	1	1	1	1	1
福建	1		2		1	1		1		1
内蒙古		1	1		2
湖南	1	2
河北			1					1		1
湖北									1	2
陕西	1							1
安徽								1	1
广东								1		1
贵州					1
宁夏						1
江西						1
新疆										1"""

# 001 (2019 report) 表10 2019 年工业百强区各省位次分布, lines 996-1012.
TABLE_10_2019_DISTRICT = """广东	6	3	4	2	1	1	1	2		1
江苏	3	2	3	4	6		2	1	2	1
山东	1		1	2		2	1	1	3	1
浙江		3	2	2		1			1	2
福建							2	1	2	1
四川		1				1		1		2
湖南		1			1		1	1
湖北					1	2
内蒙古						2	1
陕西							2			1
辽宁								1
广西					1				1
河北								1	1
安徽								1
江西						1
贵州										1"""


def _codes(by_name):
    return {PROVINCE_CODES[name]: value for name, value in by_name.items()}


def _parse_band_table(text):
    table = {}
    for line in text.splitlines():
        cells = line.split("\t")
        counts = [int(c) if c.strip() else 0 for c in cells[1:]]
        table[PROVINCE_CODES[cells[0]]] = counts + [0] * (10 - len(counts))
    return table


@pytest.fixture(scope="module")
def real():
    package = load_package(paths.DATAPACKAGE)
    return compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))


def _bands(real, edition):
    bands = real["rank_bands"]
    bands = bands[bands["edition"] == edition].sort_values(["province_code", "band_start"])
    return {code: list(group["count"]) for code, group in bands.groupby("province_code")}


@pytest.mark.parametrize(("edition", "table"), [
    ("county_industrial-2019", TABLE_3_2019_COUNTY),
    ("district_industrial-2019", TABLE_10_2019_DISTRICT),
])
def test_rank_bands_reproduce_the_2019_report_tables(real, edition, table):
    assert _bands(real, edition) == _parse_band_table(table)


def test_province_counts_2019_county_match_row_totals_of_table_3(real):
    counts = real["province_counts"]
    got = counts[counts["edition"] == "county_industrial-2019"].set_index("province_code")
    expected = {code: sum(row) for code, row in _parse_band_table(TABLE_3_2019_COUNTY).items()}
    assert got["count"].to_dict() == expected
    assert got.loc["320000", "share_pct"] == 25.0  # 江苏 25 of 100


def test_province_counts_2024_county_match_report_text(real):
    # 002 line 466: 浙江 25, 江苏 23, 山东 10, 福建 8, 湖北 5, 湖南 4, 河南、内蒙古、安徽、河北、新疆各 3,
    # 陕西、江西、广东各 2, 贵州、宁夏、辽宁、云南各 1.
    text = {
        "浙江": 25, "江苏": 23, "山东": 10, "福建": 8,
        "湖北": 5, "湖南": 4, "河南": 3, "内蒙古": 3,
        "安徽": 3, "河北": 3, "新疆": 3, "陕西": 2,
        "江西": 2, "广东": 2, "贵州": 1, "宁夏": 1,
        "辽宁": 1, "云南": 1,
    }
    counts = real["province_counts"]
    got = counts[counts["edition"] == "county_industrial-2024"].set_index("province_code")["count"].to_dict()
    assert got == _codes(text)


def _tier_provinces(real, edition, tier):
    entries = real["entries"]
    members = entries[(entries["edition"] == edition) & (entries["tier"] == tier)]
    return members["province_code"].value_counts().to_dict()


def test_tiers_2024_county_match_report_text(real):
    # 002 line 455 (图 9): tiers 1-8, 9-30, 31-86, 87-100.
    entries = real["entries"]
    e24 = entries[entries["edition"] == "county_industrial-2024"]
    assert e24["tier"].value_counts().sort_index().to_dict() == {1: 8, 2: 22, 3: 56, 4: 14}
    first = e24[e24["tier"] == 1].sort_values("rank")["name"].tolist()
    assert first == ["昆山市", "江阴市", "晋江市", "张家港市", "慈溪市", "常熟市", "宜兴市", "长沙县"]
    assert (e24[e24["tier"] == 1]["tier_name"] == "第一梯队").all()
    tier2 = {
        "江苏": 7, "浙江": 6, "福建": 3, "内蒙古": 2,
        "陕西": 1, "湖南": 1, "贵州": 1, "山东": 1,
    }
    assert _tier_provinces(real, "county_industrial-2024", 2) == _codes(tier2)
    tier3 = {
        "浙江": 16, "江苏": 9, "山东": 5, "福建": 4,
        "湖北": 4, "河南": 3, "安徽": 3, "河北": 2,
        "新疆": 2, "湖南": 1, "陕西": 1, "江西": 1,
        "内蒙古": 1, "辽宁": 1, "宁夏": 1, "云南": 1,
        "广东": 1,
    }
    assert _tier_provinces(real, "county_industrial-2024", 3) == _codes(tier3)
    tier4 = e24[e24["tier"] == 4]["bloc"].value_counts().to_dict()
    assert tier4 == {"东部": 10, "中部": 3, "西部": 1}


def test_tiers_2021_county_match_report_text(real):
    # 000 line 327 (图 5): tiers 1-6, 7-27, 28-59, 60-100.
    entries = real["entries"]
    e21 = entries[entries["edition"] == "county_industrial-2021"]
    assert e21["tier"].value_counts().sort_index().to_dict() == {1: 6, 2: 21, 3: 32, 4: 41}
    tier2 = {
        "江苏": 5, "浙江": 3, "福建": 3, "湖南": 3,
        "山东": 2, "贵州": 1, "陕西": 1, "内蒙古": 1,
        "河北": 1, "新疆": 1,
    }
    assert _tier_provinces(real, "county_industrial-2021", 2) == _codes(tier2)
    tier3 = {
        "浙江": 12, "江苏": 7, "河南": 3, "内蒙古": 3,
        "安徽": 2, "福建": 1, "山东": 1, "江西": 1,
        "宁夏": 1, "陕西": 1,
    }
    assert _tier_provinces(real, "county_industrial-2021", 3) == _codes(tier3)
    tier4 = e21[e21["tier"] == 4]["bloc"].value_counts().to_dict()
    assert tier4 == {"东部": 25, "中部": 14, "西部": 1, "东北": 1}


def test_tiers_2019_county_sizes_match_report_text(real):
    # 001 lines 396 and 417: tiers 1-6, 7-30, 31-57, 58-100; tier 2 by province.
    entries = real["entries"]
    e19 = entries[entries["edition"] == "county_industrial-2019"]
    assert e19["tier"].value_counts().sort_index().to_dict() == {1: 6, 2: 24, 3: 27, 4: 43}
    tier2 = {
        "江苏": 9, "山东": 4, "湖南": 3, "浙江": 2,
        "福建": 2, "内蒙古": 2, "陕西": 1, "河北": 1,
    }
    assert _tier_provinces(real, "county_industrial-2019", 2) == _codes(tier2)


def _leaders(real, edition):
    leaders = real["province_leaders"].merge(real["entries"][["edition", "region_code", "name"]],
                                             on=["edition", "region_code"], validate="one_to_one")
    leaders = leaders[leaders["edition"] == edition]
    return {code: (name, rank) for code, name, rank in zip(
        leaders["province_code"], leaders["name"], leaders["rank"], strict=True)}


def test_province_leaders_2019_county_match_report_text(real):
    # 001 line 369.
    text = {
        "江苏": ("江阴市", 1), "福建": ("晋江市", 5), "浙江": ("慈溪市", 6), "湖南": ("长沙县", 8),
        "陕西": ("神木市", 9), "山东": ("龙口市", 12), "内蒙古": ("准格尔旗", 15), "河北": ("迁安市", 26),
        "河南": ("新郑市", 32), "贵州": ("仁怀市", 42), "江西": ("南昌县", 51), "宁夏": ("灵武市", 59),
        "安徽": ("肥西县", 75), "广东": ("博罗县", 77), "湖北": ("仙桃市", 84), "新疆": ("库尔勒市", 93),
    }
    assert _leaders(real, "county_industrial-2019") == _codes(text)


def test_province_leaders_2021_county_match_table_where_text_disagrees(real):
    # 000 line 368 lists each province's top county; it names 湖北仙桃市（74）, but 表1 (line 252) prints
    # 宜都市★ (湖北) at rank 72, above 仙桃市 at 74: the table wins.
    text = {
        "江苏": ("江阴市", 1), "福建": ("晋江市", 3), "浙江": ("慈溪市", 5), "湖南": ("长沙县", 7),
        "陕西": ("神木市", 8), "贵州": ("仁怀市", 12), "山东": ("龙口市", 19), "新疆": ("库尔勒市", 21),
        "内蒙古": ("准格尔旗", 24), "河北": ("迁安市", 26), "江西": ("南昌县", 36), "河南": ("巩义市", 42),
        "宁夏": ("灵武市", 53), "安徽": ("肥西县", 54), "辽宁": ("瓦房店市", 64), "湖北": ("宜都市", 72),
        "广东": ("四会市", 83), "云南": ("安宁市", 84),
    }
    assert _leaders(real, "county_industrial-2021") == _codes(text)
    leaders = real["province_leaders"]
    assert leaders[leaders["edition"] == "county_industrial-2021"]["has_printed_mark"].all()


def test_movement_2024_county_compares_with_2021_not_invented_editions(real):
    movements = real["movements"]
    previous = movements.groupby("edition")["previous_edition"].unique().map(list).to_dict()
    assert previous["county_industrial-2024"] == ["county_industrial-2021"]
    assert previous["county_industrial-2021"] == ["county_industrial-2019"]
    assert "city_manufacturing-2023" not in previous
    # Each compared edition: ranked rows = 100 and rows leaving = rows arriving.
    for edition, group in movements.groupby("edition"):
        kinds = group["movement"].value_counts()
        assert (~group["movement"].isin(["dropped", "moved_out", "reclassified"])).sum() == 100, edition
        leaving = kinds.get("dropped", 0) + kinds.get("moved_out", 0) + kinds.get("reclassified", 0)
        assert leaving == kinds.get("new", 0) + kinds.get("returned", 0) + kinds.get("moved_in", 0), edition


def test_movement_county_that_became_district_moved_between_lists_issue_16(real):
    """海门市 (county list 2019, 14th) became 海门区 (district list 2021, 40th): a move, not a drop-out."""
    movements = real["movements"].set_index(["edition", "region_code"])
    out = movements.loc[("county_industrial-2021", "320614")]
    assert (out["movement"], out["transfer_edition"], out["transfer_rank"]) == (
        "moved_out", "district_industrial-2021", 40)
    # No district list ranks innovation: leaving the innovation county list is no move (issue 16).
    innovation = movements.loc[("county_innovation-2021", "320614")]
    assert (innovation["movement"], pd.isna(innovation["transfer_edition"])) == ("reclassified", True)
    arrived = movements.loc[("district_industrial-2021", "320614")]
    assert (arrived["movement"], arrived["transfer_edition"], arrived["transfer_rank"]) == (
        "moved_in", "county_industrial-2019", 14)
    # 龙海市 -> 龙海区 the same way; a county leaving one county list while on the other is dropped.
    assert movements.loc[("county_industrial-2021", "350604"), "movement"] == "moved_out"
    assert set(movements["movement"]) >= {"dropped", "moved_out", "moved_in"}
    entries = real["entries"].set_index(["edition", "region_code"])
    assert entries.loc[("district_industrial-2021", "320614"), "movement"] == "moved_in"


def test_movement_county_that_became_a_district_off_every_list_is_reclassified_issue_16(real):
    """蓬莱市 (撤市设区 2020-06) and 茌平县 (撤县设区 2019-08) left the 2021 county list as districts."""
    movements = real["movements"].set_index(["edition", "region_code"])
    for code in ("370614", "371503"):
        row = movements.loc[("county_industrial-2021", code)]
        assert row["movement"] == "reclassified" and pd.isna(row["transfer_edition"]), code
    assert "reclassified" not in set(movements.loc["district_industrial-2021", "movement"])
    # A county list's true drop-out stays dropped (no change of kind).
    assert (movements["movement"] == "dropped").sum() > 0


def test_province_leaders_printed_marks_on_real_data(real):
    leaders = real["province_leaders"].set_index(["edition", "region_code"])["has_printed_mark"]
    # 001 表2 (county_innovation-2019) prints no ★ at all; 003 表3 prints region ranks (苏1) instead.
    assert leaders.loc["county_innovation-2019"].isna().all()
    assert leaders.loc["city_manufacturing-2023"].isna().all()
    # 001 表7: 铁西区 (辽宁, 72) and 花溪区 (贵州, 100) are their provinces' only entries but carry no ★.
    assert not leaders.loc[("district_industrial-2019", "210106")]
    assert not leaders.loc[("district_industrial-2019", "520111")]


def test_entries_apply_the_recorded_rank_correction_of_2019_county_list(real):
    # 001 表1 lines 219-223: 85 寿光市, 85 新昌县, 87 荥阳市 (86 missing): 新昌县 ranks 86, printed 85.
    entries = real["entries"]
    e19 = entries[entries["edition"] == "county_industrial-2019"].set_index("region_code")
    assert (e19.loc["330624", "rank"], e19.loc["330624", "printed_rank"]) == (86, 85)
    assert (e19.loc["370783", "rank"], e19.loc["370783", "printed_rank"]) == (85, 85)
    assert sorted(e19["rank"]) == list(range(1, 101))
    assert (entries["rank"] == entries["printed_rank"]).sum() == len(entries) - 1
