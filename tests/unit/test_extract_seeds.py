"""Tests of the seed extraction (curation.extract_seeds, tables, resolve)."""

import csv
import shutil
from collections import Counter

import pytest

from build_scripts.paths import DATAPACKAGE, SEEDS
from curation import extract_seeds
from curation.codes import load_current_codes
from curation.resolve import Resolver, load_resolver
from curation.tables import clean_title, parse_table
from scoring.errors import PipelineError

DATA = DATAPACKAGE / "data"
SIZES = {
    "county_industrial-2019": 100,
    "county_innovation-2019": 100,
    "district_industrial-2019": 100,
    "county_industrial-2021": 100,
    "district_industrial-2021": 100,
    "county_innovation-2021": 100,
    "county_industrial-2024": 100,
    "county_innovation-2024": 100,
    "district_industrial-2024": 100,
    "city_manufacturing-2023": 50,
}


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _seed_lines(name: str) -> list[str]:
    """The committed file's header and the rows of the seeds' editions (import-edition adds others)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[:1] + [line for line in lines[1:] if line.split(",", 1)[0] in SIZES]


@pytest.fixture(scope="module")
def rankings():
    """The ranking rows of the seeds' ten editions."""
    return [row for row in _rows("rankings.csv") if row["edition"] in SIZES]


@pytest.fixture(scope="module")
def resolver():
    return load_resolver(load_current_codes())


def test_extract_reproduces_committed_csvs_byte_for_byte(tmp_path):
    if SEEDS.is_dir():
        extract_seeds.write_extract(SEEDS, tmp_path)
        for name in ("rankings.csv", "editions.csv"):
            assert (tmp_path / name).read_text(encoding="utf-8") == "".join(_seed_lines(name)), name
    else:  # without the seeds the committed files must still be complete
        assert len(_seed_lines("rankings.csv")) == 1 + 950
        assert len(_seed_lines("editions.csv")) == 1 + 10
    raw = (DATA / "rankings.csv").read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")


def test_rankings_hold_950_rows_in_ten_editions(rankings):
    assert len(rankings) == 950
    assert Counter(row["edition"] for row in rankings) == SIZES
    editions = {row["edition"]: int(row["size"]) for row in _rows("editions.csv") if row["edition"] in SIZES}
    assert editions == SIZES


def test_ranks_cover_one_to_n_after_rank_corrections(rankings):
    fixes = {
        (row["edition"], row["region_code"]): int(row["corrected_value"])
        for row in _rows("corrections.csv")
        if row["field"] == "rank"
    }
    by_edition = {}
    for row in rankings:
        rank = fixes.get((row["edition"], row["region_code"]), int(row["rank"]))
        by_edition.setdefault(row["edition"], []).append(rank)
    for edition, ranks in by_edition.items():
        assert sorted(ranks) == list(range(1, SIZES[edition] + 1)), edition


def test_rankings_spot_checks_against_the_seeds(rankings):
    first = next(r for r in rankings if r["edition"] == "county_industrial-2021" and r["rank"] == "1")
    assert (first["printed_name"], first["region_code"], first["printed_province_first"]) == (
        "江阴市",
        "320281",
        "true",
    )
    assert (first["printed_province"], first["printed_prefecture"], first["source_line"]) == (
        "江苏省",
        "无锡市",
        "172",
    )
    last_city = next(r for r in rankings if r["edition"] == "city_manufacturing-2023" and r["rank"] == "50")
    assert (last_city["printed_name"], last_city["region_code"]) == ("太原市", "140100")
    assert (last_city["printed_region_rank"], last_city["printed_rank_change"]) == ("晋 1", "新增")
    korla = next(r for r in rankings if r["edition"] == "county_industrial-2021" and r["rank"] == "21")
    assert (korla["printed_province"], korla["printed_prefecture"], korla["region_code"]) == (
        "新疆",
        "巴音郭楞",
        "652801",
    )
    jiyuan = next(r for r in rankings if r["edition"] == "county_industrial-2021" and r["rank"] == "68")
    assert (jiyuan["printed_prefecture"], jiyuan["region_code"]) == ("省直管", "419001")


def test_source_lines_point_at_the_printed_row(rankings):
    if not SEEDS.is_dir():
        assert all(int(row["source_line"]) > 0 for row in rankings)
        return
    editions = {row["edition"]: row["source_file"] for row in _rows("editions.csv")
                if row["edition"] in SIZES}
    lines = {name: (SEEDS / name).read_text(encoding="utf-8").split("\n") for name in set(editions.values())}
    for row in rankings:
        line = lines[editions[row["edition"]]][int(row["source_line"]) - 1]
        assert row["printed_name"] in line and row["rank"] in line.split("\t"), row


def test_editions_read_dates_and_tiers_from_the_reports():
    editions = {row["edition"]: row for row in _rows("editions.csv")}
    assert editions["county_industrial-2021"]["published"] == "2021-12"
    assert editions["county_industrial-2021"]["division_cutoff"] == "2021-07-31"
    assert editions["county_industrial-2019"]["division_cutoff"] == "2019-07-31"
    assert editions["city_manufacturing-2023"]["division_cutoff"] == ""
    assert editions["county_industrial-2019"]["tier_boundaries"] == "1-6;7-30;31-57;58-100"
    assert editions["county_industrial-2021"]["tier_boundaries"] == "1-6;7-27;28-59;60-100"
    assert editions["county_industrial-2024"]["tier_boundaries"] == "1-8;9-30;31-86;87-100"
    assert editions["county_industrial-2019"]["weighting_method"] == "专家打分法（Delphi 法）"
    assert all(row["publisher"] == "中国信息通信研究院" for row in editions.values())


TABLE = """目录
表 9 测试榜单（市）\t3

表 9 测试榜单（市）²

排名\t省（区、市）\t地级市\t县（市）
1\t江苏省\t无锡市\t江阴市★
2\t江苏省\t苏州市\t昆山市

²（1）报告中行政区划统计截至 2021 年 7 月 31 日。

排名\t省（区、市）\t地级市\t县（市）
3\t新疆\t巴音郭楞\t库尔勒市★
来源：中国信息通信研究院
4\t江苏省\t苏州市\t常熟市
"""


def test_parse_table_skips_contents_headers_and_footnotes():
    rows = parse_table(TABLE.split("\n"), "表 9 测试榜单（市）", "county")
    assert [(r["rank"], r["printed_name"], r["printed_province_first"], r["source_line"]) for r in rows] == [
        (1, "江阴市", True, 7),
        (2, "昆山市", False, 8),
        (3, "库尔勒市", True, 13),
    ]
    assert rows[2]["printed_prefecture"] == "巴音郭楞"


def test_parse_table_reads_two_city_entries_per_line():
    text = "表3 城市\n\n省份\t地市\n江苏\t苏州市\t1\t苏1\t—\t广东\t珠海市\t26\t粤4\t↓\n来源：x\n"
    rows = parse_table(text.split("\n"), "表3 城市", "city")
    assert [
        (r["rank"], r["printed_name"], r["printed_region_rank"], r["printed_rank_change"]) for r in rows
    ] == [
        (1, "苏州市", "苏1", "—"),
        (26, "珠海市", "粤4", "↓"),
    ]
    assert rows[0]["printed_prefecture"] is None


def test_parse_table_without_header_raises():
    with pytest.raises(PipelineError, match="no table titled"):
        parse_table(["表 1 无表头", "正文"], "表 1 无表头", "county")


def test_clean_title_drops_footnote_marks():
    assert clean_title("表 1 2019 年工业百强县（市）<sup>1</sup>") == "表 1 2019 年工业百强县（市）"
    assert clean_title("表5 2021年中国创新百强县（市）⁵") == "表5 2021年中国创新百强县（市）"


def test_resolver_uses_former_names_overrides_and_prefectures(resolver):
    assert resolver.resolve("江苏", "南通市", "海门市") == "320614"
    assert resolver.resolve("江苏省", "南通市", "海门区") == "320614"
    assert resolver.resolve("江苏省", "宿迁市", "沐阳县") == "321322"
    assert resolver.resolve("湖北省", "武汉市", "青山区") == "420107"
    assert resolver.resolve("内蒙古", "包头市", "青山区") == "150204"
    assert resolver.resolve("广西省", "柳州市", "柳南区") == "450204"
    assert resolver.resolve("山西", "", "太原市", city_level=True) == "140100"


def test_resolver_rejects_unknown_names():
    resolver = Resolver(current={"320000": "江苏省", "320281": "江阴市"}, former={}, overrides={})
    with pytest.raises(PipelineError, match="0 matching codes"):
        resolver.resolve("江苏", "无锡市", "江阳市")


def test_extract_main_reports_a_missing_seed_folder(tmp_path):
    assert extract_seeds.main(["--seeds", str(tmp_path / "none"), "--out", str(tmp_path)]) == 1
    assert not (tmp_path / "rankings.csv").exists()


def test_extraction_keeps_the_editions_the_seeds_do_not_hold_issue_13(tmp_path):
    """An edition added with import-edition survives a re-extraction of the seeds into the same folder."""
    out = tmp_path / "data"
    shutil.copytree(DATAPACKAGE / "data", out)
    for name in ("editions", "rankings"):
        text = (out / f"{name}.csv").read_text(encoding="utf-8")
        added = [line.replace("county_industrial-2024", "county_industrial-2099", 1)
                 for line in text.splitlines() if line.startswith("county_industrial-2024,")]
        (out / f"{name}.csv").write_text(text + "\n".join(added) + "\n", encoding="utf-8")
    kept = {n: (out / f"{n}.csv").read_text(encoding="utf-8") for n in ("editions", "rankings")}

    extract_seeds.write_extract(SEEDS, out)

    for name in ("editions", "rankings"):
        text = (out / f"{name}.csv").read_text(encoding="utf-8")
        assert sorted(text.splitlines()) == sorted(kept[name].splitlines()), name
        committed = (DATAPACKAGE / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert [line for line in text.splitlines() if "county_industrial-2099" not in line] == committed
