"""Tests of the region registry, region changes and corrections (curation)."""

import csv

import pytest

from build_scripts.paths import DATAPACKAGE
from build_scripts.paths import LISTS as LISTS_PATH
from curation import corrections, region_changes, registry
from curation.codes import load_code_history, load_current_codes
from curation.consistency import check_printed_places
from curation.csvio import load_csv, load_field_names, render_csv
from curation.names import (
    compute_kind,
    compute_level,
    compute_pinyin,
    compute_short_name,
    load_pinyin_overrides,
)
from curation.resolve import CHANGES
from scoring.lists import load_lists

DATA = DATAPACKAGE / "data"


@pytest.fixture(scope="module")
def regions():
    return {row["code"]: row for row in load_csv(DATA / "regions.csv")}


@pytest.fixture(scope="module")
def rankings():
    return load_csv(DATA / "rankings.csv")


def test_registry_rebuild_equals_committed_regions_csv():
    rows = registry.build_regions(
        registry.load_referred_codes(DATA), load_current_codes(), load_pinyin_overrides()
    )
    expected = (DATA / "regions.csv").read_text(encoding="utf-8")
    assert render_csv(rows, load_field_names(DATAPACKAGE, "regions")) == expected


def test_every_ranked_code_and_its_parents_are_registered(regions, rankings):
    for row in rankings:
        region = regions[row["region_code"]]
        assert region["province_code"] in regions
        if region["prefecture_code"]:
            assert regions[region["prefecture_code"]]["level"] == "prefecture"
    assert {row["region_code"] for row in rankings} <= set(regions)


def test_registry_levels_match_the_lists(regions, rankings):
    """County lists hold counties, plus places that became districts later (海门市 -> 海门区)."""
    became_districts = {row["new_code"] for row in load_csv(DATA / "region_changes.csv")}
    # A list's level (config/lists.yml) names the places it ranks: county, district or prefecture.
    levels = {spec.code: {"county": "county", "district": "district", "city": "prefecture"}[spec.level]
              for spec in load_lists(LISTS_PATH).specs}
    for row in rankings:
        level = regions[row["region_code"]]["level"]
        expected = {levels[row["edition"].rsplit("-", 1)[0]]}
        if row["region_code"] in became_districts:
            expected = expected | {"district"}
        assert level in expected, row
    assert regions["320614"]["level"] == "district"


def test_slugs_are_unique_and_built_from_code_and_pinyin(regions):
    slugs = [row["slug"] for row in regions.values()]
    assert len(slugs) == len(set(slugs))
    assert all(row["slug"] == f"{row['code']}-{row['pinyin']}" for row in regions.values())


def test_province_administered_units_have_no_prefecture(regions):
    for code in ("429004", "419001", "429005", "429006", "659001"):
        assert regions[code]["prefecture_code"] == ""
        assert regions[code]["level"] == "county"


@pytest.mark.parametrize(
    ("code", "short_name", "pinyin"),
    [
        ("320583", "昆山", "kunshan"),
        ("320281", "江阴", "jiangyin"),
        ("320582", "张家港", "zhangjiagang"),
        ("150622", "准格尔", "zhungeer"),
        ("330382", "乐清", "yueqing"),
        ("440113", "番禺", "panyu"),
        ("430121", "长沙县", "changshaxian"),
        ("411082", "长葛", "changge"),
        ("341181", "天长", "tianchang"),
        ("652801", "库尔勒", "kuerle"),
        ("610000", "陕西", "shaanxi"),
        ("150000", "内蒙古", "neimenggu"),
        ("652800", "巴音郭楞", "bayinguoleng"),
    ],
)
def test_registry_short_names_and_pinyin(regions, code, short_name, pinyin):
    assert (regions[code]["short_name"], regions[code]["pinyin"]) == (short_name, pinyin)


def test_compute_short_name_rules():
    assert compute_short_name("准格尔旗") == "准格尔"
    assert compute_short_name("沛县") == "沛县"
    assert compute_short_name("长沙县", "长沙") == "长沙县"
    assert compute_short_name("克拉玛依区", "克拉玛依") == "克拉玛依区"
    assert compute_short_name("巴音郭楞蒙古自治州") == "巴音郭楞"
    assert compute_short_name("新疆维吾尔自治区") == "新疆"
    assert compute_short_name("内蒙古自治区") == "内蒙古"


def test_compute_kind_and_level_from_code_and_suffix():
    assert compute_kind("320281", "江阴市") == "县级市"
    assert compute_kind("150622", "准格尔旗") == "旗"
    assert compute_kind("440307", "龙岗区") == "市辖区"
    assert compute_kind("652800", "巴音郭楞蒙古自治州") == "自治州"
    assert compute_kind("450000", "广西壮族自治区") == "自治区"
    assert compute_kind("429021", "神农架林区") == "林区"
    assert compute_level("440307", "龙岗区") == "district"
    assert compute_level("320281", "江阴市") == "county"
    with pytest.raises(ValueError):
        compute_kind("320281", "江阴")


def test_compute_pinyin_uses_overrides_and_writes_u_umlaut_as_v():
    assert compute_pinyin("长丰", {"长丰": "changfeng"}) == "changfeng"
    assert compute_pinyin("绿春", {}) == "lvchun"


def test_one_place_under_several_printed_names_has_one_code(rankings):
    haimen = {
        row["printed_name"]: row["region_code"] for row in rankings if row["printed_name"].startswith("海门")
    }
    assert haimen == {"海门市": "320614", "海门区": "320614"}
    chiping = {
        row["edition"]: row["region_code"] for row in rankings if row["printed_name"].startswith("茌平")
    }
    assert set(chiping.values()) == {"371503"}


def test_region_changes_agree_with_the_code_lists_and_cover_every_rename(rankings):
    changes = load_csv(CHANGES)
    # A change recorded by import-edition (--change) for an edition the seeds do not hold counts too.
    curated = {(r["old_code"], r["new_code"]) for r in changes}
    imported = [r for r in load_csv(DATA / "region_changes.csv")
                if (r["old_code"], r["new_code"]) not in curated]
    current = load_current_codes()
    history = load_code_history()
    assert region_changes.check_changes(changes, current, history) == []
    ranked = {row["region_code"] for row in rankings}
    assert region_changes.compute_unrecorded(ranked, changes + imported, current, history["201904"]) == []
    assert region_changes.compute_unrecorded({"320684"}, [], {"320684": "海门市"}, {}) == ["320684"]
    committed = {(r["old_code"], r["new_code"]) for r in load_csv(DATA / "region_changes.csv")}
    assert {
        ("320684", "320614"),
        ("371523", "371503"),
        ("350681", "350604"),
        ("340225", "340281"),
    } <= committed


def test_check_changes_reports_a_still_current_old_code():
    change = {"old_code": "320281", "old_name": "江阴市", "new_code": "320281", "new_name": "江阴市"}
    problems = region_changes.check_changes([change], {"320281": "江阴市"}, {"201904": {"320281": "江阴市"}})
    assert len(problems) == 1 and "still current" in problems[0]


def test_corrections_rebuild_equals_committed_corrections_csv(tmp_path):
    for name in ("rankings.csv", "regions.csv", "editions.csv", "corrections.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    corrections.write_corrections(tmp_path)
    assert (tmp_path / "corrections.csv").read_bytes() == (DATA / "corrections.csv").read_bytes()


def test_corrections_record_the_known_misprints():
    rows = {(r["edition"], r["region_code"], r["field"]): r for r in load_csv(DATA / "corrections.csv")}
    shuyang = rows[("county_industrial-2021", "321322", "printed_name")]
    assert (shuyang["printed_value"], shuyang["corrected_value"], shuyang["source_line"]) == (
        "沐阳县",
        "沭阳县",
        "247",
    )
    assert rows[("district_industrial-2019", "210106", "printed_province_first")]["corrected_value"] == "true"
    assert rows[("county_industrial-2019", "330624", "rank")]["corrected_value"] == "86"


MARKS = """edition,rank,region_code,printed_province_first
e-1,1,320281,true
e-1,2,320583,true
e-1,3,330282,false
e-1,4,330283,false
"""


def test_compute_mark_corrections_flags_wrong_and_missing_stars():
    rankings = list(csv.DictReader(MARKS.splitlines()))
    for row in rankings:
        row["source_line"] = "1"
    regions = {
        code: {"province_code": code[:2] + "0000", "name": code}
        for code in ("320281", "320583", "330282", "330283")
    }
    regions.update({"320000": {"name": "江苏省"}, "330000": {"name": "浙江省"}})
    found = corrections.compute_mark_corrections(rankings, regions, {})
    assert sorted((r["region_code"], r["corrected_value"]) for r in found) == [
        ("320583", "false"),
        ("330282", "true"),
    ]
    moved = corrections.compute_mark_corrections(rankings, regions, {("e-1", "330282"): 5})
    assert ("330283", "true") in {(r["region_code"], r["corrected_value"]) for r in moved}


def test_check_printed_places_finds_exactly_the_corrected_places(regions, rankings):
    problems = check_printed_places(rankings, regions, set())
    assert len(problems) == 2
    assert "'仙桃市'" in problems[0] and "'广西省'" in problems[1]
    keys = {(r["edition"], r["region_code"], r["field"]) for r in load_csv(DATA / "corrections.csv")}
    assert check_printed_places(rankings, regions, keys) == []


def test_check_printed_places_checks_city_region_ranks(regions):
    rows = [
        {
            "edition": "c-1",
            "rank": "1",
            "source_line": "1",
            "region_code": "320500",
            "printed_province": "江苏",
            "printed_prefecture": "",
            "printed_region_rank": "苏1",
        },
        {
            "edition": "c-1",
            "rank": "2",
            "source_line": "1",
            "region_code": "320200",
            "printed_province": "江苏",
            "printed_prefecture": "",
            "printed_region_rank": "苏 3",
        },
    ]
    problems = check_printed_places(rows, regions, set())
    assert len(problems) == 1 and "printed_region_rank '苏 3'" in problems[0]
