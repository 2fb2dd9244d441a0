"""Tests of the facts and metrics resources (datapackage/data/facts.csv, metrics.csv).

The row counts per source section are compared with tests/data/facts_inventory.csv, which was
counted by reading the sources; quotes are checked against the seed lines they cite.
"""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from seedtext import cited_text

from build_scripts.paths import DATAPACKAGE, SEEDS
from scoring.package import load_package

INVENTORY = Path(__file__).resolve().parents[1] / "data" / "facts_inventory.csv"
VALUED = {"=", ">", "≥", "<", "≤", "≈"}
# Printed unit -> kind of unit (metrics.unit); a metric's facts may vary the scale, never the kind.
UNIT_KIND = {
    "亿元": "cny", "万元": "cny", "元": "cny", "亿美元": "usd", "万元/人": "cny_per_person",
    "家": "count", "万家": "count", "个": "count", "件": "count", "万件": "count", "项": "count",
    "场": "count", "%": "percent", "位": "rank", "倍": "ratio", "年": "year", "万人": "persons",
    "万人次": "persons",
}
# Places the region pages feature: each must have facts.
FEATURED = {
    "440300": "深圳市", "330200": "宁波市", "320583": "昆山市", "320281": "江阴市", "430181": "浏阳市",
}
# One-character province abbreviations the reports print (苏、豫、皖、冀四省).
PROVINCE_ABBR = {"苏": "320000", "豫": "410000", "皖": "340000", "冀": "130000", "鲁": "370000",
                 "鄂": "420000", "湘": "430000", "陕": "610000"}
NAME_WINDOW = 8  # a continued sentence names its place at most this many lines above the quote


@pytest.fixture(scope="module")
def package():
    return load_package(DATAPACKAGE)


@pytest.fixture(scope="module")
def facts(package):
    return package["facts"]


@pytest.fixture(scope="module")
def metrics(package):
    return package["metrics"]


def _norm(text):
    return re.sub(r"\s+", " ", text).strip()


def _seed_lines(name):
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")


def _fact(facts, fact_id):
    rows = facts[facts["fact_id"] == fact_id]
    assert len(rows) == 1, fact_id
    return rows.iloc[0]


def test_facts_rows_per_section_equal_the_hand_counted_inventory(facts):
    with INVENTORY.open(encoding="utf-8", newline="") as handle:
        expected = {(row["source_file"], row["source_section"]): int(row["rows"])
                    for row in csv.DictReader(handle)}
    found = facts.groupby(["source_file", "source_section"]).size().to_dict()
    mismatches = {key: (expected.get(key), found.get(key)) for key in expected.keys() | found.keys()
                  if expected.get(key) != found.get(key)}
    assert mismatches == {}
    assert sum(expected.values()) == len(facts) == 825


def test_facts_cover_all_five_sources(facts):
    assert facts["source_file"].str[:3].value_counts().to_dict() == {
        "003": 326, "001": 216, "000": 124, "002": 126, "004": 33}


def test_facts_units_and_qualifiers_come_from_the_schema_vocabulary(package, facts):
    fields = {field["name"]: field for field in package.schema("facts")["fields"]}
    units = set(fields["unit"]["constraints"]["enum"])
    qualifiers = set(fields["qualifier"]["constraints"]["enum"])
    assert set(facts["unit"].dropna()) <= units
    assert set(facts["qualifier"]) <= qualifiers
    assert {"=", ">", "≈", "top-N", "named-in"} <= set(facts["qualifier"])
    assert set(UNIT_KIND) == units


def test_facts_unit_kind_matches_the_metric(facts, metrics):
    kinds = metrics.set_index("metric")["unit"]
    valued = facts.dropna(subset=["unit"])
    wrong = valued[valued["unit"].map(UNIT_KIND) != valued["metric"].map(kinds)]
    assert wrong[["fact_id", "metric", "unit"]].to_dict("records") == []


def test_facts_value_presence_follows_the_qualifier(facts):
    has_value = facts["value"].notna()
    is_valued = facts["qualifier"].isin(VALUED)
    assert (has_value == is_valued).all()
    assert (facts["unit"].notna() == has_value).all()
    top = facts[facts["qualifier"] == "top-N"]
    assert (top["rank_in_source"].notna() | top["group_size"].notna()).all()


def test_membership_metrics_only_hold_membership_facts(facts, metrics):
    membership = set(metrics.loc[metrics["unit"] == "none", "metric"])
    rows = facts[facts["metric"].isin(membership)]
    assert set(rows["qualifier"]) <= {"named-in", "top-N"}
    assert rows["value"].isna().all()


def test_facts_foreign_keys_resolve(package, facts, metrics):
    assert set(facts["region_code"]) <= set(package["regions"]["code"])
    assert set(facts["metric"]) <= set(metrics["metric"])


def test_every_metric_is_used(facts, metrics):
    assert set(metrics["metric"]) == set(facts["metric"])


def test_fact_ids_name_the_seed_file_and_a_line_of_the_quote(facts):
    assert (facts["fact_id"].str[:3] == facts["source_file"].str[:3]).all()
    line = facts["fact_id"].str[4:8].astype(int)
    last = facts["source_line_end"].fillna(facts["source_line"])
    assert ((facts["source_line"] <= line) & (line <= last)).all()
    runs_on = facts["source_line_end"].notna()
    assert (facts.loc[runs_on, "source_line_end"] > facts.loc[runs_on, "source_line"]).all()


def test_quotes_are_verbatim_passages_of_the_cited_lines(facts):
    if not SEEDS.is_dir():  # without the seeds, at least the quotes must be present and single-spaced
        assert (facts["quote"].map(_norm) == facts["quote"]).all()
        return
    missing = [row.fact_id for row in facts.itertuples() if row.quote not in cited_text(row)]
    assert missing == []


def test_printed_names_appear_in_or_just_above_the_cited_lines(facts):
    if not SEEDS.is_dir():
        # Without the seeds, check what the committed file alone can show: each printed name is a
        # bare Chinese name (no stray spaces, marks or punctuation picked up in transcription).
        assert facts["printed_name"].str.fullmatch(r"[\u4e00-\u9fff]+").all()
        return
    lines = {name: _seed_lines(name) for name in facts["source_file"].unique()}
    missing = []
    for row in facts.itertuples():
        last = row.source_line if pd.isna(row.source_line_end) else row.source_line_end
        window = " ".join(lines[row.source_file][max(0, row.source_line - NAME_WINDOW):last])
        if row.printed_name.rstrip("市县区旗") not in window:
            missing.append(row.fact_id)
    assert missing == []


def test_printed_names_match_the_registry_entry(package, facts):
    regions = package["regions"].set_index("code")
    former = package["region_changes"].groupby("new_code")["old_name"].apply(set)
    wrong = []
    for row in facts.itertuples():
        region = regions.loc[row.region_code]
        names = {region["name"], region["short_name"]} | former.get(row.region_code, set())
        if PROVINCE_ABBR.get(row.printed_name) == row.region_code:
            continue
        if not any(row.printed_name == name or row.printed_name == name.rstrip("市") for name in names):
            wrong.append((row.fact_id, row.printed_name, region["name"]))
    assert wrong == []


def test_city_report_facts_are_about_prefecture_cities_or_provinces(package, facts):
    levels = package["regions"].set_index("code")["level"]
    city = facts[facts["source_file"].str.startswith("003")]
    by_level = city.groupby(city["region_code"].map(levels))["printed_name"].apply(set).to_dict()
    assert set(by_level) == {"prefecture", "province"}
    assert by_level["province"] == {"江苏", "浙江", "贵州"}


def test_province_metrics_hold_only_provinces_and_the_rest_no_provinces(package, facts):
    levels = facts["region_code"].map(package["regions"].set_index("code")["level"])
    province_metrics = {"county_units_count", "provincial_smart_factories", "north_south_parks"}
    assert set(levels[facts["metric"].isin(province_metrics)]) == {"province"}
    district_metrics = {"patent_applications", "listed_companies_100bn"}
    assert set(levels[facts["metric"].isin(district_metrics)]) == {"district"}


def test_province_smart_factory_figures_as_printed(facts):
    jiangsu = facts[(facts["region_code"] == "320000") & facts["metric"].str.startswith("provincial_smart")]
    assert jiangsu.set_index("metric")["value"].to_dict() == {
        "provincial_smart_factories": 387.0, "provincial_smart_factories_in_counties": 122.0,
        "provincial_smart_factories_county_share": 31.5}
    abbreviated = facts[(facts["metric"] == "county_little_giants") & (facts["qualifier"] == "≥")]
    assert sorted(abbreviated["region_code"]) == ["130000", "320000", "340000", "410000"]


def test_featured_places_have_facts(facts):
    counts = facts["region_code"].value_counts()
    assert {code: int(counts.get(code, 0)) > 0 for code in FEATURED} == dict.fromkeys(FEATURED, True)


def test_ningbo_little_giants_and_single_champions_as_printed(facts):
    ningbo = facts[(facts["region_code"] == "330200") & (facts["source_line"] == 195)]
    assert ningbo.set_index("metric")["value"].to_dict() == {"little_giants": 283.0, "single_champions": 83.0}
    assert _fact(facts, "003-0195-02")["rank_in_source"] == 1
    # 表 9 prints a different count for the same city (351); both are kept as printed.
    table9 = facts[(facts["region_code"] == "330200") & (facts["metric"] == "little_giants")
                   & (facts["source_line"] == 479)]
    assert table9["value"].tolist() == [351.0]


def test_city_tables_spot_checks(facts):
    shenzhen = _fact(facts, "003-0407-01")
    assert (shenzhen["region_code"], shenzhen["metric"], shenzhen["value"], shenzhen["rank_in_source"]) == (
        "440300", "green_factories", 78.0, 1)
    tie = facts[(facts["source_line"] == 420) & (facts["source_file"].str.startswith("003"))].iloc[0]
    assert (tie["printed_name"], tie["value"], pd.isna(tie["rank_in_source"])) == ("温州市", 10.0, True)
    chengdu = facts[(facts["metric"] == "industrial_primacy") & (facts["region_code"] == "510100")]
    assert chengdu["value"].tolist() == [30.9]


def test_newspaper_figures_as_printed(facts):
    paper = facts[facts["source_file"].str.startswith("004")]
    values = {(row.printed_name, row.metric, row.value) for row in paper.itertuples()}
    assert {
        ("江阴", "market_leading_enterprises_top3", 204.0),
        ("江阴", "market_leading_enterprises_first", 96.0),
        ("慈溪", "single_champions", 13.0),
        ("浏阳", "fireworks_output", 505.8),
        ("福清市", "glass_industry_output", 88.0),
        ("靖江", "gdp_per_capita_ratio_jiangyin_jingjiang", 1.35),
        ("江阴", "gdp_per_capita_ratio_jiangyin_jingjiang", 2.99),
    } <= values
    assert set(paper["region_code"]) == {"320281", "330282", "350181", "430181", "321282", "320000"}


def test_group_statements_keep_the_group_size_and_name_only_named_places(facts):
    exports = facts[(facts["source_file"].str.startswith("000")) & (facts["metric"] == "exports_usd")
                    & (facts["value"] == 100)]
    named = ["昆山市", "海宁市", "义乌市", "胶州市", "桐乡市", "张家港市"]
    assert sorted(exports["printed_name"]) == sorted(named)
    assert set(exports["group_size"]) == {15}
    assert set(exports["qualifier"]) == {">"}


def test_streak_table_holds_one_fact_per_star(facts):
    streak = facts[facts["source_section"] == "表 4 2019 年第二梯队县（市）历年排名情况"]
    per_place = streak.groupby("printed_name").size().to_dict()
    assert per_place["太仓市"] == 5 and per_place["海门市"] == 2 and "福清市" not in per_place
    haimen = set(streak.loc[streak["printed_name"] == "海门市", "metric"])
    assert haimen == {"county_industrial_top30_3y", "county_industrial_top20_3y"}
    assert set(streak.loc[streak["printed_name"] == "海门市", "region_code"]) == {"320614"}
