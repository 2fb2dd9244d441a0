"""Page contexts built from the valid-minimal fixture package (renamed place, tie, prefecture,
province-administered county) and small inline tables."""

import dataclasses

import pandas as pd
import pytest
from minimal_package import LISTS, VALID

from build_scripts import paths
from build_scripts.contexts import (
    build_edition_context,
    build_home_context,
    build_list_context,
    build_notes_context,
    build_province_context,
    build_province_index_context,
    build_redirect_contexts,
    build_region_context,
    build_region_rows,
    build_site_data,
    compute_page_provinces,
    compute_page_regions,
)
from build_scripts.contexts.notes import build_claim_tally, build_region_notes
from build_scripts.contexts.sitedata import ChartFiles, relative
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params


@pytest.fixture(scope="module")
def package():
    return load_package(VALID)


@pytest.fixture(scope="module")
def derived(package):
    return compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))


@pytest.fixture(scope="module")
def data(package, derived):
    return build_site_data(package.tables, derived, "https://example.org/site", None, LISTS)


def test_site_data_normalises_site_url_and_release(data):
    assert data.site_url == "https://example.org/site/"
    assert data.release == "2023-12"


def test_compute_page_regions_includes_prefectures_of_ranked_places(data):
    regions = compute_page_regions(data)
    assert "320600" in regions  # 南通市: not ranked itself, has the ranked 海门区
    assert "320000" not in regions  # provinces get province pages
    assert compute_page_provinces(data) == ("320000", "420000", "430000")


def test_region_context_is_frozen(data):
    context = build_region_context(data, "320583")
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.name = "x"


def test_region_context_renamed_place_keeps_one_identity(data):
    context = build_region_context(data, "320614")
    assert context.name == "海门区"
    assert [s.list_code for s in context.standings] == ["county_industrial", "district_industrial"]
    county = context.standings[0]
    assert (county.latest_year, county.rank, county.newest_year) == (2019, 3, 2021)
    history = [(p.year, p.rank, p.printed_name) for p in county.history]
    assert history == [(2019, 3, "海门市"), (2021, None, None)]
    changes = [(c.old_code, c.old_name, c.effective) for c in context.changes]
    assert changes == [("320684", "海门市", "2020-10")]
    assert context.prefecture.text == "南通市"


def test_region_context_tie_keeps_printed_ranks(data):
    changshu = build_region_context(data, "320581").standings[0]
    zhangjiagang = build_region_context(data, "320582").standings[0]
    assert changshu.rank == zhangjiagang.rank == 2
    assert changshu.movement == "unchanged" and changshu.previous_year == 2019
    assert zhangjiagang.movement == "new"
    assert (zhangjiagang.editions_in, zhangjiagang.editions_held) == (1, 2)


def test_region_context_province_administered_county_has_no_prefecture(data):
    context = build_region_context(data, "429004")
    assert context.prefecture is None
    assert context.siblings == ()
    standing = context.standings[0]
    assert (standing.rank, standing.movement, standing.rank_change) == (5, "down", -1)
    assert standing.is_province_leader and standing.province_rank == 1


def test_region_context_prefecture_lists_children_and_own_city_rank(data):
    context = build_region_context(data, "320500")
    assert [c.link.text for c in context.children] == ["吴中区", "常熟市", "张家港市", "昆山市"]
    city = {s.list_code: s for s in context.standings}["city_manufacturing"]
    assert city.rank == 1
    assert context.child_lists == ("工业百强县（市）", "工业百强区")


def test_region_context_links_are_relative_to_the_page(data):
    context = build_region_context(data, "320614")
    assert context.path == "district/320614-haimen/index.md"
    assert context.province.href == "../../province/320000-jiangsu/index.md"
    assert context.citation.url == "https://example.org/site/district/320614-haimen/"
    assert context.downloads[0].href == "rankings.csv"


def test_region_context_numbers_match_entries_for_every_page(data, derived):
    entries = derived["entries"]
    for code in compute_page_regions(data):
        for standing in build_region_context(data, code).standings:
            rows = entries.loc[(entries["region_code"] == code) & (entries["list"] == standing.list_code)]
            latest = rows.sort_values("year").iloc[-1]
            assert standing.rank == int(latest["rank"])
            assert standing.province_rank == int(latest["province_rank"])


def test_region_rows_are_the_places_entries(data):
    rows = build_region_rows(data, "320614")
    ranks = [(r["edition"], r["rank"]) for r in rows]
    assert ranks == [("county_industrial-2019", 3), ("district_industrial-2021", 2)]


def test_region_context_facts_grouped_by_source_newest_first(package, derived):
    facts = pd.DataFrame({
        "region_code": ["320583", "320583", "320583"],
        "source": ["2019 报告", "2023 报告", "2023 报告"],
        "metric": ["m1", "m2", "m1"],
        "value": [1.5, None, 3.0],
        "unit": ["亿元", "", "亿元"],
        "qualifier": [">", "named-in", "="],
        "reference_year": [2018, 2022, 2022],
        "quote": ["q1", "q2", "q3"],
        "source_section": ["s1", "s2", "s3"],
        "source_line": [10, 20, 30],
    })
    metrics = pd.DataFrame({"metric": ["m1", "m2"], "label_zh": ["指标一", "指标二"]})
    data = build_site_data({**package.tables, "facts": facts, "metrics": metrics}, derived, "https://e.org/",
                           None, LISTS)
    context = build_region_context(data, "320583")
    assert context.has_facts_resource
    # Topics are the report sections (the metrics have no topic), in the report's order.
    assert [(g.source, g.topic) for g in context.facts] == [("2023 报告", "s2"), ("2023 报告", "s3"),
                                                           ("2019 报告", "s1")]
    assert [r.metric_name for g in context.facts for r in g.rows] == ["指标二", "指标一", "指标一"]
    assert context.facts[2].rows[0].location == "第 10 行"
    assert context.facts[0].rows[0].metric_page.href == "../../facts/m2/index.md"
    assert build_region_context(data, "320581").facts == ()


def test_edition_context_rows_movement_and_links(data):
    context = build_edition_context(data, "county_industrial-2021")
    assert [r.rank for r in context.rows] == [1, 2, 2, 4, 5]
    assert context.previous.text == "2019 年" and context.following is None
    assert context.rows[0].place.href == "../../../county/320583-kunshan/index.md"
    # 海门市 became 海门区 and is ranked in the district list of 2021: a move, not a drop-out (issue 16).
    assert [d.place.text for d in context.dropped] == []
    assert [(d.place.text, d.note) for d in context.moved_out] == [("海门区", "转入工业百强区（第 2 名）")]
    # The package's first district edition has no movement at all, so nothing arrives there.
    assert build_edition_context(data, "district_industrial-2021").moved_in == ()
    haimen = build_region_context(data, "320614")
    county = next(s for s in haimen.standings if s.list_code == "county_industrial")
    assert county.moved_to == "转入工业百强区（第 2 名）" and county.history[1].transfer == county.moved_to
    assert not context.has_tiers
    assert build_edition_context(data, "county_industrial-2019").has_tiers


def test_list_context_orders_places_by_best_rank(data):
    context = build_list_context(data, "county_industrial")
    assert context.years == (2019, 2021)
    assert context.places[0].place.text == "昆山市" and context.places[0].ranks == ("1", "1")


def test_province_contexts_count_places(data):
    context = build_province_context(data, "320000")
    county = context.lists[0]
    assert county.counts == (3, 3)
    # Each edition it has places in names its report and links it from the province page.
    assert [s.edition.href for s in context.sources][:1] == ["../../lists/county_industrial/2019/index.md"]
    titles = {s.source.report_title for s in context.sources}
    assert "中国工业百强县（市）、百强区发展报告（2019年）" in titles
    index = build_province_index_context(data)
    assert [p.province.text for p in index.provinces] == ["江苏省", "湖北省", "湖南省"]


def test_home_and_notes_contexts(data, package):
    home = build_home_context(data)
    assert home.newest[0].top[0].text == "昆山市"
    notes = build_notes_context(data, package.descriptor)
    assert notes.has_verdicts == ("claim_verdicts" in data.tables)
    (correction,) = notes.corrections
    # Fields by their Chinese title, editions by year and list name: no internal id or field name.
    shown = (correction.field, correction.printed_value, correction.corrected_value)
    assert shown == ("印刷名称", "常熟县", "常熟市")
    assert correction.edition.text == "2019 年工业百强县（市）"
    # The report first (with its date and table); the seed line only as the transcription location.
    assert correction.source.startswith(
        "《中国工业百强县（市）、百强区发展报告（2019年）》（2019 年 11 月发布）")
    assert correction.source.endswith("（转录位置：001_4407d7522e96988f.txt 第 128 行）")


CLAIMS = pd.DataFrame({
    "claim_id": ["K2021-001", "K2021-002", "K2021-003", "K2021-004", "K2021-005"],
    "edition": ["county_industrial-2021"] * 5,
    "statement": ["江苏 5 个县（市）中占比超过 60%", "山东省 11 湖南省 1", "昆山市位列第一",
                  "进步最快的城市有昆山市", "江苏 5 个县（市）中占比超过 60%"],
    "check": ["share_of_stated_total", "count_in_province", "rank_of", "printed_change_mark",
              "count_in_province"],
    "params": ['{"province_code": "32", "denominator": 5, "op": "gt", "value": 60}',
               '{"province_code": "43", "rank_from": 1, "rank_to": 2, "value": 1}',
               '{"rank": 1, "region_code": "320583", "reading": "“位列第一”指全榜第 1 名"}',
               '{"mark": "↑", "region_code": "320583"}',
               '{"province_code": "32", "value": 3}'],
    "expected": ["超过 60%", "1", "1", "进步", "3"],
    "source_file": ["000_9e9d2714e45a3c02.txt"] * 5,
    "source_line": [360, 420, 421, 422, 360],
    "source_section": ["第一篇 三（三）", "图 20 各省位次分布", "第一篇 三（四）", "第一篇 三（四）",
                       "第一篇 三（三）"],
})
VERDICTS = pd.DataFrame({
    "claim_id": ["K2021-001", "K2021-002", "K2021-003", "K2021-004", "K2021-005"],
    "verdict": ["disagrees", "disagrees", "agrees", "depends_on_reading", "agrees"],
    "expected": ["超过 60%", "1", "1", "进步", "3"], "found": ["60.0", "0", "1", "新增", "3"],
    "explanation": ["榜单中全榜江苏省有 3 个，3/5 = 60.0%，文中称 >60%，与文中不符",
                    "榜单中第 1-2 名湖南省的数量为 0 个，文中称 1 个，与文中不符",
                    "榜单中昆山市排名为 1，文中称第 1 名",
                    "读法一（只算 ↑）：标记为「新增」，文意对应「↑」；"
                    "读法二（新增也算）：标记为「新增」，文意对应「↑」或「新增」",
                    "榜单中全榜江苏省有 3 个，文中称 3 个，与文中一致"],
})


@pytest.fixture(scope="module")
def checked(package, derived):
    tables = {**package.tables, "claims": CLAIMS.astype({"source_line": "Int64"})}
    return build_site_data(tables, {**derived, "claim_verdicts": VERDICTS}, "https://e.org/", None, LISTS)


def test_notes_context_groups_problems_by_report_and_kind(checked, package):
    notes = build_notes_context(checked, package.descriptor)
    # Four statements, five checks: the line-360 sentence is checked twice and shown once.
    tally, checks = notes.tally, notes.checks
    assert (tally.checked, tally.agrees, tally.disagrees, tally.depends) == (4, 1, 2, 1)
    assert (checks.checked, checks.agrees, checks.disagrees, checks.depends) == (5, 2, 2, 1)
    (report,) = notes.reports
    assert report.anchor == "report-2021" and report.short_name == "2021 年报告"
    assert [g.kind_name for g in report.groups] == ["图表中的单元格", "占比", "名次、首位与排名变化"]
    (agreeing,) = report.agreeing
    assert [c.anchor for c in agreeing.checks] == ["k2021-003"]
    assert agreeing.checks[0].assumption == "“位列第一”指全榜第 1 名"
    share = report.groups[1].problems[0]
    assert (share.verdict_word, share.mark, share.line) == ("不一致", "✗", 360)
    assert [(c.anchor, c.verdict) for c in share.checks] == [
        ("k2021-001", "disagrees"), ("k2021-005", "agrees")]
    assert share.checks[0].finding.startswith("榜单中全榜江苏省有 3 个，3/5 = 60.0%")
    assert [link.text for link in share.links] == ["2021 年工业百强县（市）", "江苏省"]
    (cell,) = report.groups[0].problems[0].checks
    # The row prints two provinces; the claim's province names the cell.
    assert cell.cell == "图 20，湖南省，第 1–2 名：报告图中印 1，按榜单计为 0"
    (reading,) = report.groups[2].problems[0].checks
    assert reading.finding == ""
    assert [r.label for r in reading.readings] == ["只算 ↑", "新增也算"]


def test_region_notes_and_claim_tally_link_the_notes_page(checked):
    path = "county/320583-kunshan/index.md"
    notes = build_region_notes(checked, path, "320583")
    assert [(n.verdict_word, n.link.href) for n in notes] == [
        ("取决于读法", "../../notes/index.md#k2021-004"), ("一致", "../../notes/index.md#k2021-003")]
    assert notes[0].link.text == "“进步最快的城市有昆山市”"
    # A quoted table cell is named by its table, row and column, not by the bare printed row.
    (cell,) = build_region_notes(checked, "province/430000-hunan/index.md", "430000", province=True)
    assert cell.link.text == "图 20，湖南省，第 1–2 名"
    # One sentence checked twice about 江苏 is listed once, by its check that disagrees.
    (jiangsu,) = build_region_notes(checked, "province/320000-jiangsu/index.md", "320000", province=True)
    assert (jiangsu.verdict_word, jiangsu.link.href) == ("不一致", "../../notes/index.md#k2021-001")
    tally = build_claim_tally(checked, "lists/county_industrial/2021/index.md", "county_industrial-2021")
    assert (tally.tally.checked, tally.tally.agrees, tally.edition_tally.checked) == (4, 1, 4)
    assert tally.report.href == "../../../notes/index.md#report-2021"
    assert build_claim_tally(checked, "lists/x/index.md", "county_industrial-2019") is None


def test_redirect_context_points_old_url_to_current_page(data):
    (redirect,) = build_redirect_contexts(data)
    assert redirect.path == "county/320684-haimen/index.html"
    assert redirect.target == "../../district/320614-haimen/"
    assert redirect.canonical == "https://example.org/site/district/320614-haimen/"


def test_charts_are_linked_only_when_written(package, derived):
    stem = "charts/region/region-320583"
    files = ChartFiles(name="region-320583", title="t", description="d", svg=f"{stem}.svg",
                       spec=f"{stem}.vl.json", data=f"{stem}.csv")
    data = build_site_data(package.tables, derived, "https://e.org/", {"region-320583": files}, LISTS)
    chart = build_region_context(data, "320583").history_chart
    assert chart.svg == "../../charts/region/region-320583.svg"
    assert build_region_context(data, "320581").history_chart is None


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("county/a/index.md", "county/b/index.md", "../b/index.md"),
    ("index.md", "lists/x/2019/index.md", "lists/x/2019/index.md"),
    ("lists/x/2019/index.md", "lists/x/index.md", "../index.md"),
    ("methodology/x.md", "lists/a/2019/index.md", "../lists/a/2019/index.md"),
])
def test_relative_matches_posix_relpath(source, target, expected):
    assert relative(source, target) == expected


def test_edition_context_shows_printed_marks_only_where_printed(data):
    city = build_edition_context(data, "city_manufacturing-2023")
    county = build_edition_context(data, "county_industrial-2021")
    assert not county.has_printed_marks
    assert all(r.printed_region_rank is None for r in county.rows)
    printed = [r for r in data.tables["rankings"] if r["edition"] == "city_manufacturing-2023"]
    assert city.has_printed_marks == any(r["printed_region_rank"] for r in printed)
    assert [r.printed_region_rank for r in city.rows] == [r["printed_region_rank"] for r in
                                                          sorted(printed, key=lambda r: r["rank"])]
