"""Facts on the site: the city list page's report tables, the metric pages and their index, the
region pages' "报告中的数据" section, the qualifier words and the escaping of quotes.

Small inline facts and metrics frames on the valid-minimal fixture package (苏州市 and 长沙市 are
the city list's first and second, 昆山市 a ranked county).
"""

import dataclasses
import io
import re

import pandas as pd
import pytest
from minimal_package import LISTS, VALID

from build_scripts import formatting as f
from build_scripts import paths
from build_scripts.contexts import (
    build_edition_context,
    build_region_context,
    build_site_data,
    fact_pages,
    fact_tables,
)
from build_scripts.contexts.fact_pages import (
    build_facts_index_context,
    build_metric_context,
    build_metric_rows,
    compute_metric_pages,
)
from build_scripts.contexts.fact_tables import build_fact_tables, compute_fact_page_codes
from build_scripts.generate import write_fact_pages
from build_scripts.render import build_environment, render_page
from scoring.derived import compute_derived
from scoring.lists import load_lists
from scoring.package import load_package
from scoring.params import load_params

CITY_FILE = "003_056a35d9438bd0d3.txt"
CITY_REPORT = "2023 城市制造业高质量发展评价研究报告"
COUNTY_REPORT = "2019 中国工业百强县（市）、百强区发展报告"
CITY_PAGE = "lists/city_manufacturing/2023/index.md"
TABLE_9 = "表 9 50 强城市中专精特新小巨人及制造业单项冠军企业前 10 城市"
COLUMNS = ("fact_id", "region_code", "printed_name", "source", "metric", "value", "unit", "qualifier",
           "reference_year", "rank_in_source", "group_size", "quote", "source_file", "source_section",
           "source_line")
# Ten places of the fixture registry, for a complete named top-10 list.
TEN = ("320500", "430100", "320600", "320583", "320581", "320582", "320506", "320614", "429004", "430121")
METRICS_CSV = """metric,label_zh,label_en,unit,unit_zh,description
little_giants,专精特新“小巨人”企业数量,Little giants,count,家,Cumulative count.
city_index_green,绿色发展指数前10强,Green sub-index top 10,none,,Named in the top 10.
gdp,地区生产总值,GDP,cny,亿元,Gross domestic product.
unused_metric,未用指标,Unused,count,个,No fact states it.
"""


def _fact(fact_id, code, metric, value=None, unit=None, qualifier="=", rank=None, group=None,
          quote="q", source=CITY_REPORT, file=CITY_FILE, section=TABLE_9, line=477, year=None):
    return {"fact_id": fact_id, "region_code": code, "printed_name": code, "source": source,
            "metric": metric, "value": value, "unit": unit, "qualifier": qualifier, "reference_year": year,
            "rank_in_source": rank, "group_size": group, "quote": quote, "source_file": file,
            "source_section": section, "source_line": line}


def _frame(rows):
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("reference_year", "rank_in_source", "group_size", "source_line"):
        frame[column] = frame[column].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


FACTS = [
    # Table 9: printed ranks 2 and 1, a tie printed without rank (larger value first), a smaller tie.
    _fact("003-0478-01", "430100", "little_giants", 300, "家", rank=2, line=478, quote="2 长沙市 300"),
    _fact("003-0477-01", "320500", "little_giants", 751, "家", rank=1, line=477, quote="1 苏州市 751"),
    _fact("003-0480-01", "320506", "little_giants", 10, "家", line=480, quote="吴中区 10"),
    _fact("003-0479-01", "320600", "little_giants", 200, "家", line=479, quote="南通市 200"),
    # A complete named top-10 list in the running text (printed order kept, no ranks).
    *[_fact(f"003-0402-{i + 1:02d}", code, "city_index_green", qualifier="top-N", group=10,
            section="二（五）转型升级", line=402, year=2022, quote="2022年，绿色发展指数前10强城市为…")
      for i, code in enumerate(TEN)],
    # A partial group in the running text: not a table.
    _fact("003-0339-01", "320500", "gdp", 5000, "亿元", qualifier=">", group=10, section="二（三）规模",
          line=339, quote="苏州市等 10 个城市超五千亿"),
    # An older report about 昆山市, with characters Markdown and HTML would read.
    _fact("001-0200-01", "320583", "gdp", 4045.06, "亿元", source=COUNTY_REPORT,
          file="001_4407d7522e96988f.txt", section="第一篇 二（二）", line=200, year=2018,
          quote="昆山 | GDP *4045.06* <亿元> [注]"),
    _fact("003-0150-01", "320583", "little_giants", 12, "家", section="一（五）企业", line=150,
          quote="昆山市“小巨人”12 家"),
]


@pytest.fixture(scope="module")
def package():
    return load_package(VALID)


@pytest.fixture(scope="module")
def derived(package):
    return compute_derived(package, load_params(paths.PARAMS), load_lists(paths.LISTS))


@pytest.fixture(scope="module")
def data(package, derived):
    metrics = pd.read_csv(io.StringIO(METRICS_CSV), dtype="string")
    tables = {**package.tables, "facts": _frame(FACTS), "metrics": metrics}
    return build_site_data(tables, derived, "https://example.org/", None, LISTS)


@pytest.fixture(scope="module")
def pages(data):
    return compute_fact_page_codes(data)


def _cells(markdown_row):
    """Split a Markdown table row at its unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", markdown_row.strip())[1:-1]]


def _html_cells(row):
    """Return the cells of an HTML table row (the raw HTML blocks of the facts tables)."""
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


# -- the city list page -----------------------------------------------------------------------------


def test_build_fact_tables_orders_by_printed_rank_then_value(data, pages):
    sections = build_fact_tables(data, CITY_PAGE, "city_manufacturing-2023", pages)
    table9 = next(s for s in sections if s.title == TABLE_9)
    (table,) = table9.tables
    assert [r.place.name for r in table.rows] == ["苏州市", "长沙市", "南通市", "吴中区"]
    assert [r.rank_in_source for r in table.rows] == [1, 2, None, None]
    assert [r.list_rank for r in table.rows] == [1, 2, None, None]
    assert table.rows[0].place.link.href == "../../../prefecture/320500-suzhou/index.md"
    assert table.metric_page.href == "../../../facts/little_giants/index.md"
    assert table.metric_page.text == "专精特新“小巨人”企业数量"
    assert (table.has_ranks, table.has_values, table.quote) == (True, True, None)
    assert table.lines == "第 477–480 行"


def test_build_fact_tables_keeps_complete_named_lists_in_report_order(data, pages):
    sections = build_fact_tables(data, CITY_PAGE, "city_manufacturing-2023", pages)
    assert [s.title for s in sections] == ["二（五）转型升级", TABLE_9]  # by first source line
    (green,) = sections[0].tables
    assert [r.place.link.text for r in green.rows] == [data.region(c)["name"] for c in TEN]
    assert (green.has_ranks, green.has_values) == (False, False)
    assert green.quote == "2022年，绿色发展指数前10强城市为…"
    # "苏州市等 10 个城市超五千亿" names one of ten: a partial group, not a table.
    assert all(t.metric_page.text != "地区生产总值" for s in sections for t in s.tables)


def test_build_fact_tables_leaves_places_without_a_page_unlinked(data):
    sections = build_fact_tables(data, CITY_PAGE, "city_manufacturing-2023", {"320500"})
    rows = next(s for s in sections if s.title == TABLE_9).tables[0].rows
    assert [r.place.link is not None for r in rows] == [True, False, False, False]


def test_build_fact_tables_empty_for_a_report_with_several_lists(data, pages):
    facts = data.table("facts")
    assert any(x["source_file"] == CITY_FILE for x in facts)
    # The fixture's 000 file holds two editions; the county 2019 edition has no facts from 001 tables.
    assert build_fact_tables(data, "lists/district_industrial/2021/index.md", "district_industrial-2021",
                             pages) == ()
    assert build_fact_tables(data, "lists/county_industrial/2019/index.md", "county_industrial-2019",
                             pages) == ()


def test_build_fact_tables_without_facts_resource(package, derived, pages):
    bare = build_site_data(package.tables, derived, "https://example.org/", None, LISTS)
    assert build_fact_tables(bare, CITY_PAGE, "city_manufacturing-2023", pages) == ()


def test_city_list_page_renders_the_tables_with_links(data, pages):
    context = build_edition_context(data, "city_manufacturing-2023")
    text = render_page(build_environment(), "list.md.j2", context)
    assert "## 报告中的城市排行" in text
    assert f"### {f.escape_markdown(TABLE_9)}" in text
    row = next(line for line in text.splitlines() if "suzhou" in line and "751" in line)
    assert _cells(row) == ["1", "[苏州市](../../../prefecture/320500-suzhou/index.md)", "751 家", "1"]


# -- metric pages, downloads and the index ----------------------------------------------------------


def test_compute_metric_pages_lists_metrics_with_facts(data):
    assert compute_metric_pages(data) == ("city_index_green", "gdp", "little_giants")


def test_build_metric_context_newest_source_first_then_sections_then_rank(data, pages):
    context = build_metric_context(data, "little_giants", pages)
    assert context.path == "facts/little_giants/index.md"
    assert [r.fact_id for r in context.rows] == [
        "003-0150-01", "003-0477-01", "003-0478-01", "003-0479-01", "003-0480-01"]
    assert context.place_count == 5
    # Each page table also comes as an Excel CSV and XLSX, with a descriptor of its columns (issue 16).
    assert [d.href for d in context.downloads] == [
        "little_giants.csv", "little_giants-excel.csv", "little_giants.xlsx", "little_giants.json",
        "datapackage.json"]
    assert context.method.href == "../index.md#method"
    assert context.rows[1].location == f"{TABLE_9}，第 477 行"
    gdp = build_metric_context(data, "gdp", pages)
    assert [r.source for r in gdp.rows] == [CITY_REPORT, COUNTY_REPORT]


def test_build_metric_rows_are_the_metric_rows_in_schema_order(data):
    rows = build_metric_rows(data, "gdp", COLUMNS)
    assert [tuple(r) for r in rows] == [COLUMNS, COLUMNS]
    assert [r["fact_id"] for r in rows] == ["003-0339-01", "001-0200-01"]
    # Integral values are written as printed (5000, not 5000.0); others unchanged.
    assert [r["value"] for r in rows] == [5000, 4045.06]
    assert isinstance(rows[0]["value"], int)
    assert rows[0]["rank_in_source"] is None


def test_build_facts_index_context_counts_and_unlinked_unused_metrics(data):
    index = build_facts_index_context(data)
    assert index.fact_count == len(FACTS)
    assert index.place_count == len({x["region_code"] for x in FACTS})
    counts = [(m.metric, m.fact_count, m.place_count) for m in index.metrics]
    assert counts == [("city_index_green", 10, 10), ("little_giants", 5, 5), ("gdp", 2, 2),
                      ("unused_metric", 0, 0)]
    assert index.metrics[0].link.href == "city_index_green/index.md"
    assert index.metrics[0].csv.href == "city_index_green/city_index_green.csv"
    assert index.metrics[-1].csv is None
    assert [(s.source, s.fact_count) for s in index.sources] == [(CITY_REPORT, 16), (COUNTY_REPORT, 1)]
    assert ("<", "不足") in index.qualifiers and ("≤", "不超过") in index.qualifiers


def test_facts_index_page_has_the_method_anchor_and_unlinked_unused_metric(data):
    text = render_page(build_environment(), "facts_index.md.j2", build_facts_index_context(data))
    assert "## 转录说明 {#method}" in text
    assert "| 未用指标 |" in text
    assert "[专精特新“小巨人”企业数量](little_giants/index.md)" in text


# -- escaping of quotes -----------------------------------------------------------------------------


def test_metric_page_escapes_quotes_inside_the_table(data, pages):
    text = render_page(build_environment(), "facts_metric.md.j2", build_metric_context(data, "gdp", pages))
    row = next(line for line in text.splitlines() if "4045" in line)
    cells = _html_cells(row)  # a raw HTML block (mkdocs_plugin/raw_blocks.py): no Markdown inside
    assert len(cells) == 6
    assert cells[5] == "“昆山 | GDP *4045.06* &lt;亿元&gt; [注]”"
    assert cells[1] == "4,045.06 亿元"


def test_region_page_escapes_quotes_and_links_the_metric(data):
    context = build_region_context(data, "320583")
    text = render_page(build_environment(), "region.md.j2", context)
    row = next(line for line in text.splitlines() if "4045" in line)
    cells = _html_cells(row)
    assert len(cells) == 5
    assert cells[0] == '<a href="../../facts/gdp/">地区生产总值</a>'
    assert "| GDP *4045.06* &lt;亿元&gt; [注]" in cells[3]
    assert cells[2] == "2018"
    assert "[转录说明](../../facts/index.md#method)" in text


# -- the region page's groups -----------------------------------------------------------------------


def test_region_facts_grouped_by_report_and_section_newest_first(data):
    groups = build_region_context(data, "320583").facts
    # Sections of one report follow its printed order (line 150 before line 402).
    assert [(g.source, g.topic) for g in groups] == [(CITY_REPORT, "一（五）企业"),
                                                     (CITY_REPORT, "二（五）转型升级"),
                                                     (COUNTY_REPORT, "第一篇 二（二）")]
    assert groups[0].rows[0].metric_page.href == "../../facts/little_giants/index.md"
    assert groups[2].rows[0].location == "第 200 行"
    assert groups[0].methodology.href == "../../facts/index.md#method"


# -- qualifier words --------------------------------------------------------------------------------


@pytest.mark.parametrize(("qualifier", "value", "unit", "group", "words"), [
    ("=", 78, "家", None, "78 家"),
    (">", 5000, "亿元", None, "超过 5,000 亿元"),
    ("≥", 3, "位", 12, "不低于 3 位（共 12 个）"),
    ("<", 1, "亿元", None, "不足 1 亿元"),
    ("≤", 10, "%", None, "不超过 10%"),
    ("≈", 33.3, "%", None, "约 33.3%"),
    ("top-N", None, None, 10, "位列前 10"),
    ("top-N", None, None, None, "位列前列"),
    ("named-in", None, None, 15, "名列其中（共 15 个）"),
    ("named-in", None, None, None, "名列其中"),
    ("=", None, None, None, "—"),
])
def test_format_fact_value_in_words(qualifier, value, unit, group, words):
    assert f.format_fact_value(qualifier, value, unit, group) == words


def test_format_qualifier_knows_every_qualifier_of_the_vocabulary():
    assert [f.format_qualifier(q) for q in ("<", "≤", "top-N")] == ["不足", "不超过", "位列前列"]
    assert f.FILTERS["fact_value"] is f.format_fact_value


def test_fact_contexts_are_frozen_dataclasses():
    for module in (fact_pages, fact_tables):
        classes = [c for c in vars(module).values()
                   if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == module.__name__]
        assert classes
        assert all(c.__dataclass_params__.frozen for c in classes)


# -- writing ----------------------------------------------------------------------------------------


def test_write_fact_pages_writes_pages_downloads_and_index(data, package, tmp_path):
    descriptor = {"resources": [{"name": "facts", "schema": {"fields": [{"name": c} for c in COLUMNS]}}]}
    count = write_fact_pages(build_environment(), data, descriptor, tmp_path)
    assert count == 4
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert "facts/index.md" in written
    assert {"facts/gdp/index.md", "facts/gdp/gdp.csv", "facts/gdp/gdp.json"} <= set(written)
    csv = pd.read_csv(tmp_path / "facts" / "gdp" / "gdp.csv")
    assert list(csv.columns) == list(COLUMNS)
    assert list(csv["fact_id"]) == ["003-0339-01", "001-0200-01"]


def test_write_fact_pages_without_facts_writes_only_the_index(package, derived, tmp_path):
    bare = build_site_data(package.tables, derived, "https://example.org/", None, LISTS)
    assert write_fact_pages(build_environment(), bare, package.descriptor, tmp_path) == 1
    assert [p.name for p in (tmp_path / "facts").iterdir()] == ["index.md"]
